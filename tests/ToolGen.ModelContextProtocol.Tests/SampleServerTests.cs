using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FetchUrlAssistant;
using FetchUrlMcpServer;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ToolGen.Testing;

namespace ToolGen.ModelContextProtocol.Tests;

/// <summary>The FetchUrlMcpServer sample, as an MCP host uses it: started as a process over stdio, and over Streamable
/// HTTP on 127.0.0.1.</summary>
public sealed partial class SampleServerTests
{
    private static readonly IReadOnlyList<ToolDefinition> FetchDefinitions = new WebPageTools(new HttpClient()).AssistantTools.Definitions;

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/lighthouse")]
    private static partial Regex DemoPageAddress();

    /// <summary>The <c>dotnet</c> executable running the tests, to start the sample's assembly with.</summary>
    private static string DotnetHost()
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
            : "dotnet";

    /// <summary>The sample's assembly in its own build output (same configuration as the tests): the copy in the test
    /// output would load the test's dependency set, not the sample's.</summary>
    private static string SampleAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Name;
        var path = Path.Combine(Fixtures.Root, "..", "..", "samples", "FetchUrlMcpServer", "bin", configuration, output.Name, "FetchUrlMcpServer.dll");
        Assert.True(File.Exists(path), $"The sample is not built: {path}");
        return Path.GetFullPath(path);
    }

    private static Task<McpClient> StartStdioSampleAsync(CancellationToken cancellationToken, params string[] arguments)
        => McpClient.CreateAsync(
            new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = "fetch-url",
                    Command = DotnetHost(),
                    Arguments = [SampleAssembly(), .. arguments],
                },
                NullLoggerFactory.Instance),
            new McpClientOptions { ClientInfo = new Implementation { Name = "toolgen-tests", Version = "1.0" } },
            NullLoggerFactory.Instance,
            cancellationToken);

    private static Task<McpClient> ConnectOverHttpAsync(Uri endpoint, CancellationToken cancellationToken)
        => McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp }, NullLoggerFactory.Instance),
            new McpClientOptions { ClientInfo = new Implementation { Name = "toolgen-tests", Version = "1.0" } },
            NullLoggerFactory.Instance,
            cancellationToken);

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    private static void AssertListsFetchUrl(IList<McpClientTool> tools)
    {
        var tool = Assert.Single(tools);
        var definition = Assert.Single(FetchDefinitions);
        Assert.Equal(definition.Name, tool.Name);
        Assert.Equal(definition.Description, tool.Description);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(definition.ParametersSchemaJson), JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText())));
    }

    [Fact]
    public async Task The_stdio_sample_started_by_the_client_lists_fetch_url_and_fetches_the_demo_page()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var client = await StartStdioSampleAsync(patience.Token, "--demo-page");

        AssertListsFetchUrl(await client.ListToolsAsync(cancellationToken: patience.Token));
        Assert.Equal(FetchUrlServer.Info.Name, client.ServerInfo?.Name);
        var page = DemoPageAddress().Match(client.ServerInstructions ?? string.Empty);
        Assert.True(page.Success, client.ServerInstructions);

        var result = await client.CallToolAsync("fetch_url", new Dictionary<string, object?> { ["url"] = page.Value }, cancellationToken: patience.Token);

        Assert.NotEqual(true, result.IsError);
        // The page comes back in the fetch tool's untrusted-content envelope: provenance fields, then the page's words.
        using var envelope = JsonDocument.Parse(Text(result));
        Assert.Equal(page.Value, envelope.RootElement.GetProperty("url").GetString());
        Assert.Equal("Gannet Rock Lighthouse", envelope.RootElement.GetProperty("title").GetString());
        Assert.Contains(DemoSite.DistinctiveSentence, envelope.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_stdio_sample_refuses_a_loopback_address_other_than_the_demo_page_as_an_error_result()
    {
        // A listener on loopback that the sample must not reach: were the guard gone, the call would succeed.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await using var client = await StartStdioSampleAsync(patience.Token);
            var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/admin";

            var result = await client.CallToolAsync("fetch_url", new Dictionary<string, object?> { ["url"] = url }, cancellationToken: patience.Token);

            Assert.True(result.IsError);
            var text = Text(result);
            Assert.Contains("\"kind\":\"tool_failed\"", text);
            Assert.Contains("Refused: 127.0.0.1 is in 127.0.0.0/8", text);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task The_sample_started_with_http_serves_on_loopback_and_says_where()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var start = new System.Diagnostics.ProcessStartInfo(DotnetHost()) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { SampleAssembly(), "--http", "--port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        using var server = System.Diagnostics.Process.Start(start)!;
        try
        {
            var announcement = await server.StandardError.ReadLineAsync(patience.Token) ?? string.Empty;
            var at = announcement.IndexOf("http://", StringComparison.Ordinal);
            Assert.True(at >= 0, announcement);
            var endpoint = new Uri(announcement[at..]);
            Assert.Equal(IPAddress.Loopback.ToString(), endpoint.Host);
            Assert.Equal("/mcp", endpoint.AbsolutePath);

            await using var client = await ConnectOverHttpAsync(endpoint, patience.Token);

            AssertListsFetchUrl(await client.ListToolsAsync(cancellationToken: patience.Token));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_http_sample_serves_fetch_url_over_streamable_http_on_loopback()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var site = await DemoSite.StartAsync(patience.Token);
        var policy = new PublicAddressPolicy([site.Origin]);
        using var http = FetchHttpClient.Create(policy, "ToolGen-Tests/1.0");
        var tools = new WebPageTools(http, policy).AssistantTools.WithExceptionMessages();
        await using var app = await FetchUrlServer.StartHttpAsync(tools, FetchUrlServer.Instructions(site), 0, patience.Token);
        var endpoint = FetchUrlServer.McpEndpoint(app);
        Assert.Equal(IPAddress.Loopback.ToString(), endpoint.Host);

        await using var client = await ConnectOverHttpAsync(endpoint, patience.Token);

        AssertListsFetchUrl(await client.ListToolsAsync(cancellationToken: patience.Token));
        var result = await client.CallToolAsync("fetch_url", new Dictionary<string, object?> { ["url"] = site.PageUrl.AbsoluteUri }, cancellationToken: patience.Token);
        Assert.NotEqual(true, result.IsError);
        Assert.Contains(DemoSite.DistinctiveSentence, Text(result));

        var mistake = await client.CallToolAsync("fetch_url", new Dictionary<string, object?>(), cancellationToken: patience.Token);
        Assert.True(mistake.IsError);
        Assert.Contains("\"kind\":\"missing_required\"", Text(mistake));
    }
}
