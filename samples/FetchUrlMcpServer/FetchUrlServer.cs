using System.Net;
using FetchUrlAssistant;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ToolGen.ModelContextProtocol;

namespace FetchUrlMcpServer;

/// <summary>What the command line asked for.</summary>
/// <param name="Http">Serve over Streamable HTTP instead of stdio.</param>
/// <param name="Port">The loopback port for HTTP; 0 picks a free one.</param>
/// <param name="AllowedOrigins">Exact origins (<c>scheme://host:port</c>) the tool may read even on loopback, a private
/// network or another special-purpose range.</param>
/// <param name="DemoPage">Serve the demo page and allow the tool to fetch it.</param>
internal sealed record FetchUrlServerOptions(bool Http, int Port, IReadOnlyList<Uri> AllowedOrigins, bool DemoPage);

/// <summary>The fetch tool of <see cref="WebPageTools"/> served over MCP, with the assistant sample's address policy.</summary>
internal static class FetchUrlServer
{
    /// <summary>The server's name and version in the MCP <c>initialize</c> handshake.</summary>
    public static readonly Implementation Info = new() { Name = "fetch-url", Title = "Fetch URL (ToolGen sample)", Version = "1.0.0" };

    public static async Task<int> RunAsync(FetchUrlServerOptions options, CancellationToken cancellationToken)
    {
        await using var site = options.DemoPage ? await DemoSite.StartAsync(cancellationToken) : null;
        var policy = new PublicAddressPolicy(site is null ? options.AllowedOrigins : [site.Origin, .. options.AllowedOrigins]);
        using var http = FetchHttpClient.Create(policy, "ToolGen-FetchUrlMcpServer/1.0");
        var tools = new WebPageTools(http, policy).AssistantTools.WithExceptionMessages();
        var instructions = Instructions(site);

        if (options.Http)
        {
            await using var app = await StartHttpAsync(tools, instructions, options.Port, cancellationToken);
            await Console.Error.WriteLineAsync($"Serving MCP over Streamable HTTP at {McpEndpoint(app)}");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }

        // stdout is the protocol channel: the host writes no logs at all, and nothing else prints.
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        builder.Services.AddMcpServer(server => Configure(server, instructions))
            .WithStdioServerTransport()
            .WithToolGenTools(tools);
        await builder.Build().RunAsync(cancellationToken);
        return 0;
    }

    /// <summary>Starts the Streamable HTTP server on 127.0.0.1 at <paramref name="port"/>, MCP endpoint <c>/mcp</c>.</summary>
    public static async Task<WebApplication> StartHttpAsync(ToolGen.ToolSet tools, string instructions, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddMcpServer(server => Configure(server, instructions))
            .WithHttpTransport()
            .WithToolGenTools(tools);
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>The MCP endpoint of a server <see cref="StartHttpAsync"/> started.</summary>
    public static Uri McpEndpoint(WebApplication app) => new(new Uri(app.Urls.First()), "/mcp");

    /// <summary>What the server tells the client about itself; with the demo page, its address.</summary>
    public static string Instructions(DemoSite? site)
        => "fetch_url downloads a public web page and returns its title and readable text."
            + (site is null ? string.Empty : $" A demo page to try it on: {site.PageUrl}");

    private static void Configure(McpServerOptions server, string instructions)
    {
        server.ServerInfo = Info;
        server.ServerInstructions = instructions;
    }

}
