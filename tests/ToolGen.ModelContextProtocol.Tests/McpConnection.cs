using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ToolGen.ModelContextProtocol.Tests;

/// <summary>An MCP server built with <c>AddMcpServer().WithToolGenTools(…)</c> and the SDK's client, talking over a
/// pair of in-memory pipes (the stream transport the stdio transport is made of).</summary>
internal sealed class McpConnection : IAsyncDisposable
{
    /// <summary>How long a test waits for the other side before it gives up: a guard against a hang, not a measurement.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _stop;
    private readonly Task _server;

    private McpConnection(ServiceProvider services, CancellationTokenSource stop, Task server, McpClient client)
    {
        _services = services;
        _stop = stop;
        _server = server;
        Client = client;
    }

    public McpClient Client { get; }

    public static async Task<McpConnection> StartAsync(ToolSet tools, Action<IServiceCollection>? configure = null)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMcpServer()
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream())
            .WithToolGenTools(tools);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();

        var stop = new CancellationTokenSource();
        var server = provider.GetRequiredService<McpServer>().RunAsync(stop.Token);
        using var patience = new CancellationTokenSource(Patience);
        var client = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), NullLoggerFactory.Instance),
            new McpClientOptions { ClientInfo = new Implementation { Name = "toolgen-tests", Version = "1.0" } },
            NullLoggerFactory.Instance,
            patience.Token);
        return new McpConnection(provider, stop, server, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _stop.CancelAsync();
        try
        {
            await _server;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        await _services.DisposeAsync();
    }
}
