using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace FetchUrlAssistant;

/// <summary>
/// Keeps a model-driven fetch tool off everything but the public internet. A model can be talked into asking for
/// <c>http://169.254.169.254/…</c> or an intranet host (server-side request forgery), so every connection the handler
/// opens, for the first request and for every redirect hop, is checked when it is opened, on the addresses the host
/// name resolves to: an address in a special-purpose range (<see cref="SpecialPurposeAddresses"/>) or one of this
/// machine's own interface addresses is refused before any socket is created. The only way through is an exact origin
/// (scheme, host, port) on the allow-list, such as the sample's own demo page.
/// </summary>
public sealed class PublicAddressPolicy
{
    private readonly HashSet<string> _allowedOrigins;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly Func<IPAddress[], int, CancellationToken, ValueTask<Stream>> _connect;
    private readonly Func<IEnumerable<IPAddress>> _localAddresses;

    /// <summary>Creates a policy.</summary>
    /// <param name="allowedOrigins">Origins reachable whatever their address: absolute http(s) URLs whose scheme, host
    /// and port must match exactly (a path is ignored); <c>http://127.0.0.1:5000</c> does not allow
    /// <c>http://localhost:5000</c>.</param>
    /// <param name="resolve">Resolves a host name to addresses; default <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>.</param>
    /// <param name="connect">Opens the connection to the checked addresses and port; default a TCP socket. Tests
    /// replace it to prove that a refused destination is never connected to.</param>
    /// <param name="localAddresses">This machine's interface addresses; default every unicast address of every
    /// network interface, read at each connection.</param>
    /// <exception cref="ArgumentException">An origin is not an absolute http or https URL.</exception>
    public PublicAddressPolicy(
        IEnumerable<Uri> allowedOrigins,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null,
        Func<IPAddress[], int, CancellationToken, ValueTask<Stream>>? connect = null,
        Func<IEnumerable<IPAddress>>? localAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        _allowedOrigins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in allowedOrigins)
        {
            if (!origin.IsAbsoluteUri || (origin.Scheme != Uri.UriSchemeHttp && origin.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"An allowed origin must be an absolute http or https URL: '{origin}'.", nameof(allowedOrigins));
            }

            _allowedOrigins.Add(OriginOf(origin));
        }

        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        _connect = connect ?? ConnectSocketAsync;
        _localAddresses = localAddresses ?? InterfaceAddresses;
    }

    /// <summary>The allowed origins, as <c>scheme://host:port</c>.</summary>
    public IReadOnlyCollection<string> AllowedOrigins => _allowedOrigins;

    /// <summary>A handler that connects only where the policy allows. It never uses a proxy (a proxy, even one set in
    /// <c>HTTP_PROXY</c>, would be the only address checked), follows at most 5 redirects (each new connection is
    /// checked), and decompresses gzip, deflate and Brotli bodies (so a byte cap counts what the page expands to).</summary>
    /// <returns>A new handler; the caller owns it.</returns>
    public SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        Proxy = null,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectCallback = ConnectAsync,
    };

    /// <summary>Whether an address is on the public internet: in no special-purpose range.</summary>
    /// <param name="address">The address.</param>
    /// <returns><see langword="true"/> when <see cref="SpecialPurposeAddresses.Find"/> finds no range.</returns>
    public static bool IsPublic(IPAddress address) => SpecialPurposeAddresses.Find(address) is null;

    /// <summary>Why the policy refuses an address, or <see langword="null"/> when it may be connected to.</summary>
    /// <param name="address">The address a host name resolved to, or an address literal.</param>
    /// <returns>A sentence fragment such as <c>in 169.254.0.0/16 (Link Local, RFC 3927)</c>, or <see langword="null"/>.</returns>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (SpecialPurposeAddresses.Find(address) is { } range)
        {
            return range.Describe();
        }

        var plain = Plain(address);
        return _localAddresses().Any(local => Plain(local).Equals(plain)) ? "an address of this machine" : null;
    }

    /// <summary>Whether an address may be requested at all: the check the tool makes before sending, so an address
    /// literal that is refused never reaches the handler. Host names are checked at connect time only.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <returns>The refusal, or <see langword="null"/>.</returns>
    public DestinationRefusedException? Check(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (_allowedOrigins.Contains(OriginOf(url)) || !IPAddress.TryParse(url.DnsSafeHost, out var literal))
        {
            return null;
        }

        return Refusal(literal) is { } reason ? new DestinationRefusedException(url.DnsSafeHost, literal, reason) : null;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolve(host, cancellationToken);
        var request = context.InitialRequestMessage.RequestUri;
        var allowed = request is not null && request.Port == port && _allowedOrigins.Contains(OriginOf(request));
        if (!allowed)
        {
            // One blocked answer refuses the host: a name that resolves both outward and inward is an attack.
            foreach (var address in addresses)
            {
                if (Refusal(address) is { } reason)
                {
                    throw new DestinationRefusedException(host, address, reason);
                }
            }
        }

        if (addresses.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"{host} has no address.");
        }

        return await _connect(addresses, port, cancellationToken);
    }

    private static async ValueTask<Stream> ConnectSocketAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IEnumerable<IPAddress> InterfaceAddresses() => NetworkInterface.GetAllNetworkInterfaces()
        .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
        .Select(unicast => unicast.Address);

    private static IPAddress Plain(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;
    }

    private static string OriginOf(Uri url) =>
        $"{url.Scheme.ToLowerInvariant()}://{url.IdnHost.ToLowerInvariant()}:{url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>The fetch tool refused a destination: the host is, or resolves to, an address outside the public internet.
/// Its message is written for the model and says why and what to do instead.</summary>
public sealed class DestinationRefusedException : HttpRequestException
{
    /// <summary>Creates the refusal.</summary>
    /// <param name="host">The host as the URL names it.</param>
    /// <param name="address">The address that was refused.</param>
    /// <param name="reason">Why, e.g. <c>in 169.254.0.0/16 (Link Local, RFC 3927)</c>.</param>
    public DestinationRefusedException(string host, IPAddress address, string reason)
        : base(
            HttpRequestError.ConnectionError,
            $"Refused: {(host == address.ToString() ? host : $"{host} resolves to {address}, which")} is {reason}. " +
            "fetch_url reads only pages on the public internet; do not retry this address or another private one.")
    {
        Host = host;
        Address = address;
        Reason = reason;
    }

    /// <summary>The host as the URL names it.</summary>
    public string Host { get; }

    /// <summary>The refused address.</summary>
    public IPAddress Address { get; }

    /// <summary>Why it was refused.</summary>
    public string Reason { get; }
}
