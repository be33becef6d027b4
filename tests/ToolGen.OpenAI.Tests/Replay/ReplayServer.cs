using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ToolGen.OpenAI.Tests.Replay;

/// <summary>
/// Serves a recorded OpenAI session (Entries[] of RequestMethod, RequestUri, StatusCode, ResponseBody) on 127.0.0.1.
/// A request is answered with the next recorded entry of the same method and path, searching forward from the entry
/// served last, so a client that polls less often than the recorded one skips the extra recorded polls. A client
/// that polls more often gets the last response served for that path again (unless started with
/// <c>repeatWhenExhausted: false</c>, as the chat and responses replays are: there every request must match a recorded
/// one, and an extra request gets a 404). Query strings are ignored. Every request body is kept for assertions.
/// </summary>
internal sealed class ReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RecordedEntry[] _entries;
    private readonly bool _repeatWhenExhausted;
    private readonly Dictionary<string, RecordedEntry> _lastServedByKey = new(StringComparer.Ordinal);
    private readonly List<ReceivedRequest> _received = [];
    private readonly Lock _gate = new();
    private int _cursor;

    private ReplayServer(WebApplication app, RecordedEntry[] entries, bool repeatWhenExhausted)
    {
        _app = app;
        _entries = entries;
        _repeatWhenExhausted = repeatWhenExhausted;
    }

    /// <summary>The base address to give the SDK: <c>http://127.0.0.1:port/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Received
    {
        get
        {
            lock (_gate)
            {
                return _received.ToArray();
            }
        }
    }

    public static Task<ReplayServer> StartAsync(string recordingPath, bool repeatWhenExhausted = true)
        => StartAsync(RecordedEntry.Load(recordingPath), repeatWhenExhausted);

    /// <summary>Serves <paramref name="entries"/> (recorded or written by a test) in order.</summary>
    public static async Task<ReplayServer> StartAsync(IReadOnlyList<RecordedEntry> entries, bool repeatWhenExhausted = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ReplayServer(app, entries.ToArray(), repeatWhenExhausted);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public IReadOnlyList<string> BodiesOf(string method, string path)
        => Received.Where(r => r.Method == method && r.Path == path).Select(r => r.Body).ToArray();

    public static string PathOf(string recordedUri) => new Uri(recordedUri).AbsolutePath;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "";
        var key = method + " " + path;
        RecordedEntry? entry;
        lock (_gate)
        {
            _received.Add(new ReceivedRequest(method, path, body));
            var index = Array.FindIndex(_entries, _cursor, e => e.Key == key);
            if (index >= 0)
            {
                entry = _entries[index];
                _cursor = index + 1;
                _lastServedByKey[key] = entry;
            }
            else if (_repeatWhenExhausted)
            {
                _lastServedByKey.TryGetValue(key, out entry);
            }
            else
            {
                entry = null;
            }
        }

        if (entry is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"The recording has no response for {key}.");
            return;
        }

        context.Response.StatusCode = entry.StatusCode;
        context.Response.ContentType = entry.IsEventStream ? "text/event-stream" : "application/json";
        await context.Response.WriteAsync(entry.ResponseBody);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed record ReceivedRequest(string Method, string Path, string Body);

    /// <summary>A recorded exchange. A streamed response is recorded as an array of its server-sent-event lines;
    /// <see cref="ResponseBody"/> is then those lines joined and <see cref="IsEventStream"/> is set.</summary>
    internal sealed record RecordedEntry(string Key, string? RequestBody, int StatusCode, string ResponseBody, bool IsEventStream = false)
    {
        public static RecordedEntry[] Load(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.GetProperty("Entries").EnumerateArray().Select(e => new RecordedEntry(
                e.GetProperty("RequestMethod").GetString() + " " + PathOf(e.GetProperty("RequestUri").GetString()!),
                e.GetProperty("RequestBody").ValueKind == JsonValueKind.Null ? null : e.GetProperty("RequestBody").GetRawText(),
                e.GetProperty("StatusCode").GetInt32(),
                e.GetProperty("ResponseBody") is { ValueKind: JsonValueKind.Array } lines
                    ? string.Concat(lines.EnumerateArray().Select(l => l.GetString()))
                    : e.GetProperty("ResponseBody").GetRawText(),
                e.GetProperty("ResponseBody").ValueKind == JsonValueKind.Array)).ToArray();
        }
    }
}
