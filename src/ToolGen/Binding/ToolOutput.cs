using System.Buffers;
using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ToolGen.Binding;

/// <summary>
/// Turns a tool's return value into its <see cref="ToolResult"/>, for generated dispatchers: a <c>string</c> verbatim,
/// other values as JSON, no value as <c>{"ok":true}</c>, <see langword="null"/> as <c>null</c>. Not meant to be
/// called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ToolOutput
{
    /// <summary>The output of a tool that returns nothing: <c>{"ok":true}</c>.</summary>
    public const string OkJson = """{"ok":true}""";

    /// <summary>The result of a tool that returns nothing.</summary>
    /// <param name="callId">The call's id.</param>
    /// <returns><c>{"ok":true}</c>.</returns>
    public static ToolResult Ok(string callId) => ToolResult.Success(callId, OkJson);

    /// <summary>The result of a tool that returns a string: the string verbatim, or <c>null</c>.</summary>
    /// <param name="callId">The call's id.</param>
    /// <param name="text">The returned string.</param>
    /// <returns>The result.</returns>
    public static ToolResult Text(string callId, string? text) => ToolResult.Success(callId, text ?? "null");

    /// <summary>The result of a tool that returns a value: the value written as JSON, or <c>null</c>.</summary>
    /// <typeparam name="T">The return type.</typeparam>
    /// <param name="callId">The call's id.</param>
    /// <param name="value">The returned value.</param>
    /// <param name="write">Writes a non-null value.</param>
    /// <returns>The result.</returns>
    public static ToolResult Json<T>(string callId, T value, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (value is null)
        {
            return ToolResult.Success(callId, "null");
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, ToolJson.WriterOptions))
        {
            write(writer, value);
        }

        return ToolResult.Success(callId, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Writes a <c>double</c> result. JSON has no NaN or infinities, and <see cref="Utf8JsonWriter"/> throws
    /// on them, which would turn a result into <c>tool_failed</c>; they are written as the strings <c>"NaN"</c>,
    /// <c>"Infinity"</c> and <c>"-Infinity"</c> instead, as System.Text.Json's named floating-point literals.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>Writes a <c>float</c> result; NaN and infinities as for <see cref="WriteNumber(Utf8JsonWriter, double)"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteNumber(writer, (double)value);
        }
    }

    /// <summary>Writes a <see cref="DateOnly"/> as System.Text.Json does: <c>"yyyy-MM-dd"</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter writer, DateOnly value)
        => JsonMetadataServices.DateOnlyConverter.Write(writer, value, ToolJson.ConverterOptions);

    /// <summary>Writes a <see cref="TimeOnly"/> as System.Text.Json does: <c>"HH:mm:ss[.fffffff]"</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter writer, TimeOnly value)
        => JsonMetadataServices.TimeOnlyConverter.Write(writer, value, ToolJson.ConverterOptions);

    /// <summary>Writes a <see cref="TimeSpan"/> as System.Text.Json does: <c>"[-][d.]hh:mm:ss[.fffffff]"</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter writer, TimeSpan value)
        => JsonMetadataServices.TimeSpanConverter.Write(writer, value, ToolJson.ConverterOptions);

    /// <summary>Writes a <see cref="char"/> as a one-character string.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter writer, char value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue([value]);
    }

    /// <summary>Writes a <see cref="Half"/>; NaN and infinities as for <see cref="WriteNumber(Utf8JsonWriter, double)"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter writer, Half value) => WriteNumber(writer, (double)value);

    /// <summary>Writes an <see cref="Int128"/> as a JSON number.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter writer, Int128 value)
        => JsonMetadataServices.Int128Converter.Write(writer, value, ToolJson.ConverterOptions);

    /// <summary>Writes a <see cref="UInt128"/> as a JSON number.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter writer, UInt128 value)
        => JsonMetadataServices.UInt128Converter.Write(writer, value, ToolJson.ConverterOptions);

    /// <summary>The JSON name of an enum member, looked up in the generated name table.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="names">The members' JSON names.</param>
    /// <param name="values">The members, in the order of <paramref name="names"/>.</param>
    /// <param name="value">The value to name.</param>
    /// <returns>The JSON name, or the value's own text when it is no named member.</returns>
    public static string EnumName<TEnum>(string[] names, TEnum[] values, TEnum value)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            if (EqualityComparer<TEnum>.Default.Equals(values[i], value))
            {
                return names[i];
            }
        }

        return value.ToString();
    }
}
