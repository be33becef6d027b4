using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ToolGen;

namespace FetchUrlAssistant.Tests;

/// <summary>The connect-time guard. Every refused destination is proven refused before a connection: the policy's
/// connector records each connection it is asked to open, and for a refused destination it is never asked.</summary>
public class PublicAddressPolicyTests
{
    [Fact]
    public async Task A_loopback_page_is_refused_unless_its_exact_origin_is_allowed()
    {
        await using var pages = await LocalPages.StartAsync(app => app.MapGet("/p", () => LocalPages.Html("<p>Loopback page text.</p>")));
        var url = pages.Url("/p");
        var arguments = JsonSerializer.Serialize(new { url = url.AbsoluteUri });

        var refusing = new PublicAddressPolicy([]);
        using var guarded = new HttpClient(refusing.CreateHandler());
        var refused = await new WebPageTools(guarded, refusing).AssistantTools.WithExceptionMessages().InvokeAsync(new ToolCall("c1", "fetch_url", arguments));

        var allowing = new PublicAddressPolicy([pages.BaseAddress]);
        using var allowed = new HttpClient(allowing.CreateHandler());
        var fetched = await new WebPageTools(allowed, allowing).AssistantTools.InvokeAsync(new ToolCall("c2", "fetch_url", arguments));

        Assert.Equal(ToolErrorKind.ToolFailed, refused.ErrorKind);
        Assert.Contains("Refused: 127.0.0.1 is in 127.0.0.0/8 (Loopback, RFC 1122)", refused.Error!.Message);
        Assert.False(fetched.IsError, fetched.Output);
        Assert.Contains("Loopback page text.", fetched.Output);
    }

    [Fact]
    public async Task An_allowed_origin_is_exact_another_port_or_host_name_for_the_same_address_is_refused()
    {
        var connections = new Connections();
        var policy = new PublicAddressPolicy(
            [new Uri("http://127.0.0.1:8080/anything")],
            resolve: (host, _) => Task.FromResult(host == "localhost" ? new[] { IPAddress.Loopback } : []),
            connect: connections.Refuse);
        using var http = new HttpClient(policy.CreateHandler());

        foreach (var url in new[] { "http://127.0.0.1:8081/", "http://localhost:8080/", "https://127.0.0.1:8080/" })
        {
            var exception = await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(url));
            Assert.IsType<DestinationRefusedException>(exception.InnerException ?? exception);
        }

        Assert.Empty(connections.Opened);
        Assert.Equal(["http://127.0.0.1:8080"], policy.AllowedOrigins);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_blocked_address_is_refused_at_connect_time()
    {
        var connections = new Connections();
        var policy = new PublicAddressPolicy([], resolve: (_, _) => Task.FromResult(new[] { IPAddress.Parse("93.184.215.14"), IPAddress.Parse("169.254.169.254") }), connect: connections.Refuse);
        using var http = new HttpClient(policy.CreateHandler());

        var result = await new WebPageTools(http, policy).AssistantTools.WithExceptionMessages()
            .InvokeAsync(new ToolCall("c1", "fetch_url", """{"url":"http://rebinding.example/latest/meta-data/"}"""));

        Assert.True(result.IsError);
        Assert.Contains("Refused: rebinding.example resolves to 169.254.169.254, which is in 169.254.0.0/16 (Link Local, RFC 3927)", result.Error!.Message);
        Assert.Empty(connections.Opened);
    }

    [Fact]
    public async Task The_machines_own_interface_addresses_are_refused()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(u => u.Address).ToList();
        var policy = new PublicAddressPolicy([]);

        Assert.NotEmpty(own);
        Assert.All(own, address => Assert.NotNull(policy.Refusal(address)));

        // An interface address outside every special-purpose range is refused as this machine's, by name and at connect time.
        var connections = new Connections();
        var publicLooking = IPAddress.Parse("93.184.215.14");
        var withPublicInterface = new PublicAddressPolicy(
            [], resolve: (_, _) => Task.FromResult(new[] { publicLooking }), connect: connections.Refuse, localAddresses: () => [.. own, publicLooking]);
        using var http = new HttpClient(withPublicInterface.CreateHandler());
        var exception = await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("http://this-machine.example/"));

        Assert.Equal("an address of this machine", withPublicInterface.Refusal(publicLooking));
        Assert.Contains("which is an address of this machine", exception.Message);
        Assert.Empty(connections.Opened);
    }

    [Fact]
    public async Task Each_redirect_hop_is_checked_when_it_connects()
    {
        await using var other = await LocalPages.StartAsync(app => app.MapGet("/", () => LocalPages.Html("<p>other</p>")));
        await using var pages = await LocalPages.StartAsync(app =>
        {
            app.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
            app.MapGet("/to-v6-metadata", () => Results.Redirect("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/"));
            app.MapGet("/to-other", () => Results.Redirect(other.Url("/").AbsoluteUri));
        });
        var connections = new Connections();
        var policy = new PublicAddressPolicy([pages.BaseAddress], connect: connections.Open);
        using var http = new HttpClient(policy.CreateHandler());
        var tools = new WebPageTools(http, policy).AssistantTools.WithExceptionMessages();

        foreach (var path in new[] { "/to-metadata", "/to-v6-metadata", "/to-other" })
        {
            var result = await tools.InvokeAsync(new ToolCall("c", "fetch_url", JsonSerializer.Serialize(new { url = pages.Url(path).AbsoluteUri })));
            Assert.True(result.IsError, path);
            Assert.Contains("Refused:", result.Error!.Message);
        }

        Assert.All(connections.Opened, port => Assert.Equal(pages.BaseAddress.Port, port));
        Assert.NotEmpty(connections.Opened);
    }

    [Fact]
    public void The_handler_never_uses_a_proxy_and_decompresses()
    {
        using var handler = new PublicAddressPolicy([]).CreateHandler();

        Assert.False(handler.UseProxy);
        Assert.Null(handler.Proxy);
        Assert.Equal(DecompressionMethods.All, handler.AutomaticDecompression);
        Assert.NotNull(handler.ConnectCallback);
    }

    [Fact]
    public async Task An_address_literal_is_refused_by_the_tool_before_anything_is_sent()
    {
        var connections = new Connections();
        var policy = new PublicAddressPolicy([], connect: connections.Refuse);
        var sent = 0;
        using var http = new HttpClient(new CountingHandler(policy.CreateHandler(), () => sent++));

        var result = await new WebPageTools(http, policy).AssistantTools.WithExceptionMessages()
            .InvokeAsync(new ToolCall("c", "fetch_url", """{"url":"http://[::ffff:a9fe:a9fe]/latest/meta-data/"}"""));

        Assert.Contains("an IPv6 form of 169.254.169.254, which is in 169.254.0.0/16", result.Error!.Message);
        Assert.Equal(0, sent);
        Assert.Empty(connections.Opened);
    }

    /// <summary>Records the port of every connection the policy lets through.</summary>
    internal sealed class Connections
    {
        public ConcurrentQueue<int> Opened { get; } = new();

        public ValueTask<Stream> Refuse(IPAddress[] addresses, int port, CancellationToken cancellationToken)
        {
            Opened.Enqueue(port);
            throw new InvalidOperationException("The test allows no connection here.");
        }

        public async ValueTask<Stream> Open(IPAddress[] addresses, int port, CancellationToken cancellationToken)
        {
            Opened.Enqueue(port);
            Assert.All(addresses, a => Assert.Equal(IPAddress.Loopback, a));
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
    }

    private sealed class CountingHandler(HttpMessageHandler inner, Action onSend) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
