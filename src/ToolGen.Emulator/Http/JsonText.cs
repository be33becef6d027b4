using System.Buffers;
using System.Text.Json;

namespace ToolGen.Emulator.Http;

/// <summary>JSON bodies every API shares: OpenAI's error body, list envelopes and deletion results; and the writers of
/// nullable values every API's wire format uses.</summary>
internal static class JsonText
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Error(Utf8JsonWriter w, ApiException error)
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", error.Message);
        w.WriteString("type", error.Type);
        WriteStringOrNull(w, "param", error.Param);
        WriteStringOrNull(w, "code", error.Code);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Deleted(Utf8JsonWriter w, string id, string objectName)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", objectName);
        w.WriteBoolean("deleted", true);
        w.WriteEndObject();
    }

    public static void List<T>(Utf8JsonWriter w, IReadOnlyList<T> page, bool hasMore, Func<T, string> id, Action<Utf8JsonWriter, T> item)
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        foreach (var entry in page)
        {
            item(w, entry);
        }

        w.WriteEndArray();
        WriteStringOrNull(w, "first_id", page.Count > 0 ? id(page[0]) : null);
        WriteStringOrNull(w, "last_id", page.Count > 0 ? id(page[^1]) : null);
        w.WriteBoolean("has_more", hasMore);
        w.WriteEndObject();
    }

    public static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    public static void WriteNumberOrNull(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } number)
        {
            w.WriteNumber(name, number);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } number)
        {
            w.WriteNumber(name, number);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Writes <c>"tool_calls":[{"id","type":"function","function":{"name","arguments"}}]</c>, the shape the
    /// Assistants API's <c>required_action</c> and a Chat Completions assistant message share.</summary>
    public static void FunctionToolCalls(Utf8JsonWriter w, IReadOnlyList<Assistants.PendingCall> calls)
    {
        w.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            w.WriteStartObject();
            w.WriteString("id", call.Id);
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", call.Name);
            w.WriteString("arguments", call.Arguments);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <paramref name="json"/>, already valid JSON text, as the value of <paramref name="name"/>.</summary>
    public static void Raw(Utf8JsonWriter w, string name, string json)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(json);
    }
}
