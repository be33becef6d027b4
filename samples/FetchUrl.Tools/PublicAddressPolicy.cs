using System.Net;
using System.Net.Sockets;

namespace FetchUrlAssistant;

/// <summary>
/// Keeps a model-driven fetch tool off private networks: a page the model asks for is fetched only from a public
/// address, or from an endpoint the host allowed (the sample's own demo page). A model can be talked into asking for
/// <c>http://169.254.169.254/…</c> or an intranet host (server-side request forgery), so the check runs on the
/// addresses the host name resolves to, when connecting, which also defeats DNS names that point inward.
/// </summary>
internal sealed class PublicAddressPolicy(IReadOnlyCollection<IPEndPoint> allowedEndpoints)
{
    /// <summary>A handler that connects only where the policy allows, following at most 5 redirects (each checked).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        ConnectCallback = ConnectAsync,
    };

    /// <summary>Whether an address is on the public internet: not loopback, private (RFC 1918, RFC 4193), link-local,
    /// shared (RFC 6598), unspecified, multicast or broadcast.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0
                || b[0] == 10
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || b[0] >= 224);
        }

        var bytes = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes[0] & 0xFE) == 0xFC);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => IsPublic(a) || allowedEndpoints.Contains(new IPEndPoint(a, context.DnsEndPoint.Port))).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"{host} is on a private network; this tool only fetches public pages.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
