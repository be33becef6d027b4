namespace ToolGen.Generator.Model;

/// <summary>The single table of what each scalar kind is in JSON Schema, how the binder reads it and how a result of
/// the kind is written. Schema, binder and writer look kinds up here instead of switching over types themselves.</summary>
internal static class ScalarKinds
{
    public static ScalarKind Get(ValueKind kind) => kind switch
    {
        ValueKind.String => new("string", null, null, null, "TryReadString", "writer.WriteStringValue({0})"),
        ValueKind.Boolean => new("boolean", null, null, null, "TryReadBoolean", "writer.WriteBooleanValue({0})"),
        ValueKind.SByte => new("integer", null, "-128", "127", "TryReadSByte", "writer.WriteNumberValue({0})"),
        ValueKind.Byte => new("integer", null, "0", "255", "TryReadByte", "writer.WriteNumberValue({0})"),
        ValueKind.Int16 => new("integer", null, "-32768", "32767", "TryReadInt16", "writer.WriteNumberValue({0})"),
        ValueKind.UInt16 => new("integer", null, "0", "65535", "TryReadUInt16", "writer.WriteNumberValue({0})"),
        ValueKind.Int32 => new("integer", null, null, null, "TryReadInt32", "writer.WriteNumberValue({0})"),
        ValueKind.UInt32 => new("integer", null, "0", null, "TryReadUInt32", "writer.WriteNumberValue({0})"),
        ValueKind.Int64 => new("integer", null, null, null, "TryReadInt64", "writer.WriteNumberValue({0})"),
        ValueKind.UInt64 => new("integer", null, "0", null, "TryReadUInt64", "writer.WriteNumberValue({0})"),
        ValueKind.Single => new("number", null, null, null, "TryReadSingle", "global::ToolGen.Binding.ToolOutput.WriteNumber(writer, {0})"),
        ValueKind.Double => new("number", null, null, null, "TryReadDouble", "global::ToolGen.Binding.ToolOutput.WriteNumber(writer, {0})"),
        ValueKind.Decimal => new("number", null, null, null, "TryReadDecimal", "writer.WriteNumberValue({0})"),
        ValueKind.Guid => new("string", "uuid", null, null, "TryReadGuid", "writer.WriteStringValue({0})"),
        ValueKind.DateTime => new("string", "date-time", null, null, "TryReadDateTime", "writer.WriteStringValue({0})"),
        ValueKind.DateTimeOffset => new("string", "date-time", null, null, "TryReadDateTimeOffset", "writer.WriteStringValue({0})"),
        // Strict mode accepts no "uri" format, so it only appears in non-strict schemas.
        ValueKind.Uri => new("string", "uri", null, null, "TryReadUri", "writer.WriteStringValue({0}.OriginalString)") { FormatIsStrict = false },
        ValueKind.Enum => new("string", null, null, null, "TryReadEnum", "writer.WriteStringValue({0})"),
        ValueKind.Array => new("array", null, null, null, "TryStartArray", ""),
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>Facts about one kind.</summary>
/// <param name="JsonType">The JSON Schema <c>type</c>.</param>
/// <param name="Format">The JSON Schema <c>format</c>, or <see langword="null"/>.</param>
/// <param name="Minimum">The JSON Schema <c>minimum</c> as JSON text, or <see langword="null"/>.</param>
/// <param name="Maximum">The JSON Schema <c>maximum</c> as JSON text, or <see langword="null"/>.</param>
/// <param name="ReadMethod">The <c>ToolArgumentReader</c> method that reads a value of the kind.</param>
/// <param name="WriteCall">The call writing a value to <c>writer</c> (a <c>Utf8JsonWriter</c>); <c>{0}</c> is the value.</param>
internal sealed record ScalarKind(string JsonType, string? Format, string? Minimum, string? Maximum, string ReadMethod, string WriteCall)
{
    /// <summary>Whether OpenAI strict mode accepts <see cref="Format"/>.</summary>
    public bool FormatIsStrict { get; init; } = true;
}
