using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ToolGen.Build;

/// <summary>Writes tool definitions as the Assistants API's and Chat Completions' <c>tools</c> array, byte for byte as
/// the official OpenAI .NET SDK serializes its <c>FunctionToolDefinition</c> and <c>ChatTool</c>.</summary>
internal static class ToolsJson
{
    /// <summary>
    /// <c>[{"type":"function","function":{"description":…,"name":…,"parameters":…,"strict":…}},…]</c>: compact, the
    /// SDK's property order (description first, left out when there is none), the schema verbatim, and strings escaped
    /// as the SDK's writer escapes them (only what JSON requires, plus characters outside the encoder's allowed set).
    /// </summary>
    /// <exception cref="JsonException">A recorded parameters schema is not valid JSON.</exception>
    public static byte[] Write(IEnumerable<RecordedTool> tools)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var tool in tools)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                if (tool.Description is not null)
                {
                    writer.WriteString("description", tool.Description);
                }

                writer.WriteString("name", tool.Name);
                writer.WritePropertyName("parameters");
                writer.WriteRawValue(tool.ParametersSchema);
                writer.WriteBoolean("strict", tool.Strict);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return stream.ToArray();
    }
}
