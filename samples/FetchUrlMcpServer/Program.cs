using System.CommandLine;
using FetchUrlAssistant;

namespace FetchUrlMcpServer;

/// <summary>Command line of the fetch-URL MCP server.</summary>
public static class Program
{
    /// <summary>Parses the command line and serves the fetch tool until the client disconnects (stdio) or the process is
    /// stopped (HTTP).</summary>
    public static Task<int> Main(string[] args)
    {
        var http = new Option<bool>("--http")
        {
            Description = "Serve over Streamable HTTP at http://127.0.0.1:PORT/mcp instead of stdio.",
        };
        var port = new Option<int>("--port")
        {
            Description = "The loopback port for --http (0 picks a free one).",
            DefaultValueFactory = _ => 3001,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be from 0 to 65535.");
            }
        });
        var allowOrigin = AllowOriginOption.Create("By default it reads only public pages (and the demo page with --demo-page).");
        var demoPage = new Option<bool>("--demo-page")
        {
            Description = "Also serve a demo page on 127.0.0.1 that the tool may fetch; the server's instructions give its address.",
        };

        var root = new RootCommand(
            "The fetch-URL tool as a Model Context Protocol server: fetch_url downloads a web page and returns its title and " +
            "readable text. Over stdio by default, for an MCP host that starts it; over Streamable HTTP with --http.")
        {
            http,
            port,
            allowOrigin,
            demoPage,
        };
        root.SetAction((parse, cancellationToken) => FetchUrlServer.RunAsync(
            new FetchUrlServerOptions(parse.GetValue(http), parse.GetValue(port), AllowOriginOption.Origins(parse.GetValue(allowOrigin)), parse.GetValue(demoPage)),
            cancellationToken));
        return root.Parse(args).InvokeAsync();
    }
}
