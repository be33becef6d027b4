using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ToolGen;

/// <summary>
/// A structured error the model can act on. It is written as the tool output
/// <c>{"error":{"kind":"missing_required","tool":"fetch_url","path":"url","expected":"string","message":"…"}}</c>;
/// <c>path</c> and <c>expected</c> are left out when they do not apply.
/// </summary>
/// <param name="Kind">Why the call failed.</param>
/// <param name="Tool">The called function name.</param>
/// <param name="Message">A short sentence for the model; never .NET type names, stack traces or file paths.</param>
public sealed record ToolError(ToolErrorKind Kind, string Tool, string Message)
{
    /// <summary>Where in the arguments the problem is, in JSON names (<c>items[2].quantity</c>), or
    /// <see langword="null"/>.</summary>
    public string? Path { get; init; }

    /// <summary>What was expected there in JSON Schema terms (<c>string</c>, <c>integer</c>,
    /// <c>one of "a", "b"</c>), or <see langword="null"/>.</summary>
    public string? Expected { get; init; }

    /// <summary>The wire name of a kind: <see cref="ToolErrorKind.MissingRequired"/> → <c>missing_required</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The snake_case name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined kind.</exception>
    public static string KindName(ToolErrorKind kind) => kind switch
    {
        ToolErrorKind.InvalidJson => "invalid_json",
        ToolErrorKind.ArgumentsNotObject => "arguments_not_object",
        ToolErrorKind.MissingRequired => "missing_required",
        ToolErrorKind.UnknownArgument => "unknown_argument",
        ToolErrorKind.WrongType => "wrong_type",
        ToolErrorKind.OutOfRange => "out_of_range",
        ToolErrorKind.UnknownEnumValue => "unknown_enum_value",
        ToolErrorKind.DuplicateArgument => "duplicate_argument",
        ToolErrorKind.ConstraintViolation => "constraint_violation",
        ToolErrorKind.UnknownTool => "unknown_tool",
        ToolErrorKind.ToolFailed => "tool_failed",
        ToolErrorKind.ToolTimeout => "tool_timeout",
        ToolErrorKind.ArgumentsTooLarge => "arguments_too_large",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a tool error kind."),
    };

    /// <summary>The most characters <see cref="ToJson"/> writes, exclusive: an error must not flood the model's
    /// context, whatever a model echoed into it or a tool's exception message held.</summary>
    public const int MaxJsonLength = 1000;

    /// <summary>Writes the error object <c>{"error":{…}}</c> as compact JSON, shorter than <see cref="MaxJsonLength"/>
    /// characters: <c>tool</c> is cut to 64 characters, control characters in <c>tool</c> and <c>path</c> are left
    /// out, and when the whole would still be too long, <c>path</c>, <c>expected</c> and <c>message</c> are cut
    /// (ending in <c>…</c>).</summary>
    /// <returns>The JSON text, used verbatim as the tool output.</returns>
    public string ToJson()
    {
        var tool = ToolText.Echo(Tool);
        var json = Write(tool, Path is null ? null : ToolText.Echo(Path, int.MaxValue), Expected, Message);

        // Escaping can make a character six (a control character) or twelve (an emoji) long, so the fields are cut
        // until the written text fits, rather than by a count of characters.
        for (var room = 256; json.Length >= MaxJsonLength && room > 0; room /= 2)
        {
            json = Write(
                tool,
                Path is null ? null : ToolText.Echo(Path, room),
                Expected is null ? null : ToolText.Echo(Expected, room),
                ToolText.Echo(Message, room));
        }

        return json;
    }

    private string Write(string tool, string? path, string? expected, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ToolJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("kind", KindName(Kind));
            writer.WriteString("tool", tool);
            if (path is not null)
            {
                writer.WriteString("path", path);
            }

            if (expected is not null)
            {
                writer.WriteString("expected", expected);
            }

            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
