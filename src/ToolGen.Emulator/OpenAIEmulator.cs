using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ToolGen.Emulator.Assistants;
using ToolGen.Emulator.Chat;
using ToolGen.Emulator.Http;
using ToolGen.Emulator.Responses;

namespace ToolGen.Emulator;

/// <summary>
/// A local server speaking three OpenAI HTTP APIs on <c>127.0.0.1</c> (a free port), all backed by one deterministic
/// <see cref="IEmulatedModel"/>: Assistants v2 (<c>/v1/assistants</c>, <c>/v1/threads</c>), Chat Completions
/// (<c>POST /v1/chat/completions</c>) and Responses (<c>/v1/responses</c>). Point the official SDK at it with
/// <c>new AssistantClient(new ApiKeyCredential("test"), new AssistantClientOptions { Endpoint = emulator.Endpoint })</c>,
/// <c>new ChatClient("gpt-4o", new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = emulator.Endpoint })</c>
/// or <c>new ResponsesClient(new ApiKeyCredential("test"), new ResponsesClientOptions { Endpoint = emulator.Endpoint })</c>.
/// Runs advance on requests; chat completions and responses take one model step per request: see docs/emulator.md.
/// </summary>
public sealed class OpenAIEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private OpenAIEmulator(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The API base address, <c>http://127.0.0.1:PORT/v1</c> (no trailing slash), as the SDK's client options
    /// (<c>AssistantClientOptions.Endpoint</c>, <c>OpenAIClientOptions.Endpoint</c>, <c>ResponsesClientOptions.Endpoint</c>)
    /// take it.</summary>
    public Uri Endpoint { get; }

    /// <summary>Starts a server on <c>127.0.0.1</c> with a port the operating system picks.</summary>
    /// <param name="options">Model, clock, run expiry and logging; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop the server.</returns>
    /// <exception cref="ArgumentException"><see cref="EmulatorOptions.RunExpiresAfter"/> is not positive, or
    /// <see cref="EmulatorOptions.Model"/> or <see cref="EmulatorOptions.TimeProvider"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the server
    /// started; nothing is left running.</exception>
    public static async Task<OpenAIEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        if (options.Model is null)
        {
            throw new ArgumentException("EmulatorOptions.Model must not be null.", nameof(options));
        }

        if (options.TimeProvider is null)
        {
            throw new ArgumentException("EmulatorOptions.TimeProvider must not be null.", nameof(options));
        }

        if (options.RunExpiresAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException("EmulatorOptions.RunExpiresAfter must be positive.", nameof(options));
        }

        // The empty builder reads no configuration, environment variables or appsettings files and adds no logging
        // providers, so the emulator behaves the same on every machine and stays quiet unless asked.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(OpenAIEmulator).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(options.LoggerFactory ?? NullLoggerFactory.Instance);

        var app = builder.Build();
        var state = new AssistantsState(options.Model, options.TimeProvider, options.RunExpiresAfter);
        ApiPipeline.UseOpenAIErrors(app, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<OpenAIEmulator>(), options.Faults);
        AssistantsEndpoints.Map(app, state);
        ChatEndpoints.Map(app, new ChatCompletions(options.Model, options.TimeProvider));
        ResponsesEndpoints.Map(app, new ResponsesState(options.Model, options.TimeProvider));
        ApiPipeline.MapUnknownRoutes(app);

        try
        {
            // Inside the try: a start cancelled or failed half-way must still release Kestrel and the host.
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.First();
            var port = new Uri(address).Port;
            return new OpenAIEmulator(app, new Uri($"http://127.0.0.1:{port}/v1"));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server and drops every assistant, thread, run and stored response it held. Requests still in
    /// flight are not waited for: their connections are aborted and the <see cref="CancellationToken"/> passed to
    /// <see cref="IEmulatedModel.NextTurnAsync"/> is cancelled, so the client sees the connection fail. Calling it
    /// again does nothing.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // No graceful drain: a request still in flight (a model awaiting something that never comes, a client that
        // never reads) would hold the stop for the host's 30-second shutdown timeout. An already-cancelled token
        // makes Kestrel abort open connections at once, which cancels each request's RequestAborted token.
        await _app.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
