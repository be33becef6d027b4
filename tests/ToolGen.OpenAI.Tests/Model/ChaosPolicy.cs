using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ToolGen.OpenAI.Tests.Model;

/// <summary>Sits in the SDK's pipeline inside its retry loop and misbehaves the way networks and servers do: it loses
/// responses after the server acted, shows a run's earlier state again, lists a call id twice, and cuts event streams.
/// It also records what the invariants need: every submission and the server's true view of each run.</summary>
internal sealed partial class ChaosPolicy(Random random, TimeProvider clock, double rate) : PipelinePolicy
{
    private readonly Dictionary<string, string> _lastRunBody = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _expiresAt = new(StringComparer.Ordinal);

    public List<string> Violations { get; } = [];

    public int Mischief { get; private set; }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        => throw new NotSupportedException("The loop only sends asynchronously.");

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        var request = message.Request;
        var path = request.Uri!.AbsolutePath;
        var body = BodyOf(request);
        if (SubmitPath().Match(path) is { Success: true } submit)
        {
            CheckSubmission(submit.Groups["run"].Value, body);
        }

        await ProcessNextAsync(message, pipeline, currentIndex);
        var response = message.Response!;
        if (response.Status == 400 && path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal))
        {
            var text = Read(response);
            if (text.Contains("Duplicate tool output", StringComparison.Ordinal) || text.Contains("Expected tool outputs", StringComparison.Ordinal))
            {
                Violations.Add("a submission did not answer exactly the requested ids: " + text);
            }
        }

        if (response.Status != 200)
        {
            return;
        }

        var streamed = response.Headers.TryGetValue("Content-Type", out var type) && type?.Contains("event-stream", StringComparison.Ordinal) == true;
        if (streamed)
        {
            var text = Read(response);
            Observe(text);
            if (Chance())
            {
                Replace(response, text[..random.Next(text.Length)]);
            }

            return;
        }

        if (request.Method == "GET" || path.EndsWith("/runs", StringComparison.Ordinal) || path.EndsWith("/submit_tool_outputs", StringComparison.Ordinal) || path.EndsWith("/cancel", StringComparison.Ordinal))
        {
            var text = Read(response);
            if (JsonNode.Parse(text) is JsonObject run && (string?)run["object"] == "thread.run")
            {
                var id = (string)run["id"]!;
                Observe(run);
                if (request.Method == "GET" && _lastRunBody.TryGetValue(id, out var earlier) && Chance())
                {
                    // The server's earlier state again: a read that a cache or a replica served late.
                    Replace(response, earlier);
                }
                else if ((string?)run["status"] == "requires_action" && Chance())
                {
                    var calls = run["required_action"]!["submit_tool_outputs"]!["tool_calls"]!.AsArray();
                    calls.Add(calls[random.Next(calls.Count)]!.DeepClone());
                    Replace(response, run.ToJsonString());
                }

                _lastRunBody[id] = text;
            }
        }

        if (request.Method == "POST" && Chance())
        {
            // The server acted, but the answer never arrives.
            Mischief++;
            throw new IOException("The connection was reset (injected by the model-based test).");
        }
    }

    private bool Chance()
    {
        var yes = random.NextDouble() < rate;
        Mischief += yes ? 1 : 0;
        return yes;
    }

    private void CheckSubmission(string runId, string body)
    {
        var ids = JsonNode.Parse(body)!["tool_outputs"]!.AsArray().Select(o => (string)o!["tool_call_id"]!).ToArray();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length)
        {
            Violations.Add($"run {runId}: a call id was answered twice in one submission: {string.Join(", ", ids)}");
        }

        if (_expiresAt.TryGetValue(runId, out var expiresAt) && clock.GetUtcNow() >= expiresAt)
        {
            Violations.Add($"run {runId}: outputs submitted at {clock.GetUtcNow():O}, after expires_at {expiresAt:O}");
        }
    }

    private void Observe(string stream)
    {
        foreach (var line in stream.Split('\n'))
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal) && JsonNode.Parse(line[6..]) is JsonObject data && (string?)data["object"] == "thread.run")
            {
                Observe(data);
            }
        }
    }

    private void Observe(JsonObject run)
    {
        if (run["expires_at"] is JsonValue expires && expires.TryGetValue<long>(out var seconds))
        {
            _expiresAt[(string)run["id"]!] = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
    }

    private static string BodyOf(PipelineRequest request)
    {
        if (request.Content is not { } content)
        {
            return "";
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Read(PipelineResponse response)
    {
        if (response.ContentStream is not { } stream)
        {
            return "";
        }

        using var buffer = new MemoryStream();
        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        response.ContentStream = new MemoryStream(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private static void Replace(PipelineResponse response, string text) => response.ContentStream = new MemoryStream(Encoding.UTF8.GetBytes(text));

    [GeneratedRegex("^/v1/threads/[^/]+/runs/(?<run>[^/]+)/submit_tool_outputs$")]
    private static partial Regex SubmitPath();
}
