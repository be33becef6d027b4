namespace ToolGen.Generator.Model;

/// <summary>The single table of what each scalar is in JSON Schema, how the binder reads it and how an output writes
/// it. Schema, binder and writer look scalars up here instead of switching over types themselves.</summary>
internal static class ScalarKinds
{
    private const string Number = "writer.WriteNumberValue({0})";
    private const string Text = "writer.WriteStringValue({0})";
    private const string Value = "global::ToolGen.Binding.ToolOutput.WriteValue(writer, {0})";

    public static ScalarFacts Get(ScalarKind kind) => kind switch
    {
        ScalarKind.String => new("string", "TryReadString", Text),
        ScalarKind.Boolean => new("boolean", "TryReadBoolean", "writer.WriteBooleanValue({0})"),
        ScalarKind.SByte => new("integer", "TryReadSByte", Number) { Minimum = "-128", Maximum = "127" },
        ScalarKind.Byte => new("integer", "TryReadByte", Number) { Minimum = "0", Maximum = "255" },
        ScalarKind.Int16 => new("integer", "TryReadInt16", Number) { Minimum = "-32768", Maximum = "32767" },
        ScalarKind.UInt16 => new("integer", "TryReadUInt16", Number) { Minimum = "0", Maximum = "65535" },
        ScalarKind.Int32 => new("integer", "TryReadInt32", Number),
        ScalarKind.UInt32 => new("integer", "TryReadUInt32", Number) { Minimum = "0" },
        ScalarKind.Int64 => new("integer", "TryReadInt64", Number),
        ScalarKind.UInt64 => new("integer", "TryReadUInt64", Number) { Minimum = "0" },
        ScalarKind.Single => new("number", "TryReadSingle", "global::ToolGen.Binding.ToolOutput.WriteNumber(writer, {0})"),
        ScalarKind.Double => new("number", "TryReadDouble", "global::ToolGen.Binding.ToolOutput.WriteNumber(writer, {0})"),
        ScalarKind.Decimal => new("number", "TryReadDecimal", Number),
        ScalarKind.Guid => new("string", "TryReadGuid", Text) { Format = "uuid" },
        ScalarKind.DateTime => new("string", "TryReadDateTime", Text) { Format = "date-time" },
        ScalarKind.DateTimeOffset => new("string", "TryReadDateTimeOffset", Text) { Format = "date-time" },
        // Strict mode accepts no "uri" format, so it only appears in non-strict schemas.
        ScalarKind.Uri => new("string", "TryReadUri", "writer.WriteStringValue({0}.OriginalString)") { Format = "uri", FormatIsStrict = false },
        ScalarKind.DateOnly => new("string", "TryReadDateOnly", Value) { Format = "date" },
        ScalarKind.TimeOnly => new("string", "TryReadTimeOnly", Value) { Format = "time" },
        // Strict mode's "duration" is ISO 8601 (P1DT2H), which is not System.Text.Json's TimeSpan text: a pattern says
        // what is accepted instead.
        ScalarKind.TimeSpan => new("string", "TryReadTimeSpan", Value)
        {
            Pattern = @"^-?(\d+\.)?\d{1,2}:\d{2}:\d{2}(\.\d{1,7})?$",
            Note = "A duration as [-][d.]hh:mm:ss[.fffffff], e.g. 01:30:00.",
        },
        ScalarKind.Char => new("string", "TryReadChar", Value) { Note = "One character." },
        ScalarKind.Half => new("number", "TryReadHalf", Value) { Minimum = "-65504", Maximum = "65504" },
        ScalarKind.Int128 => new("integer", "TryReadInt128", Value),
        ScalarKind.UInt128 => new("integer", "TryReadUInt128", Value) { Minimum = "0" },
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>Facts about one scalar.</summary>
/// <param name="JsonType">The JSON Schema <c>type</c>.</param>
/// <param name="ReadMethod">The <c>ToolArgumentReader</c> method that reads a value.</param>
/// <param name="WriteCall">The call writing a value to <c>writer</c> (a <c>Utf8JsonWriter</c>); <c>{0}</c> is the value.</param>
internal sealed record ScalarFacts(string JsonType, string ReadMethod, string WriteCall)
{
    /// <summary>The JSON Schema <c>format</c>, or <see langword="null"/>.</summary>
    public string? Format { get; init; }

    /// <summary>Whether OpenAI strict mode accepts <see cref="Format"/>.</summary>
    public bool FormatIsStrict { get; init; } = true;

    /// <summary>The JSON Schema <c>minimum</c> as JSON text, or <see langword="null"/>.</summary>
    public string? Minimum { get; init; }

    /// <summary>The JSON Schema <c>maximum</c> as JSON text, or <see langword="null"/>.</summary>
    public string? Maximum { get; init; }

    /// <summary>A JSON Schema <c>pattern</c> the text form always matches, or <see langword="null"/>.</summary>
    public string? Pattern { get; init; }

    /// <summary>A sentence for the description saying what the text form is, or <see langword="null"/>.</summary>
    public string? Note { get; init; }
}
