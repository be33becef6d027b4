using System.Text.Encodings.Web;
using System.Text.Json;
using ToolGen;

namespace FetchUrlAssistant;

/// <summary>
/// What happened in one run, written as
/// <c>{"api":"assistants","events":[…],"final":{"status":…,"text":…}}</c>: a <c>run_status</c> event per status change
/// (spelled as the API spells it; <c>response_status</c> per response for the Responses API, <c>finish_reason</c> per
/// completion for Chat Completions) and a <c>tool_call</c> event per call with the exact argument and output strings.
/// </summary>
internal sealed class Transcript(string api)
{
    private readonly List<Action<Utf8JsonWriter>> _events = [];

    /// <summary>A status the API reported: <c>run_status</c> (Assistants), <c>response_status</c> (Responses) or
    /// <c>finish_reason</c> (Chat Completions).</summary>
    public void Status(string type, string status) => _events.Add(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("status", status);
        w.WriteEndObject();
    });

    public void ToolCall(ToolCall call, ToolResult result) => _events.Add(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "tool_call");
        w.WriteString("id", call.Id);
        w.WriteString("name", call.Name);
        w.WriteString("arguments", call.Arguments);
        w.WriteString("output", result.Output);
        w.WriteBoolean("is_error", result.IsError);
        w.WriteEndObject();
    });

    public async Task WriteAsync(string path, string status, string? text)
    {
        await using var file = File.Create(path);
        await using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("api", api);
        writer.WriteStartArray("events");
        foreach (var write in _events)
        {
            write(writer);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("final");
        writer.WriteString("status", status);
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
