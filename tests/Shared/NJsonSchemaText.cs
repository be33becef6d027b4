namespace ToolGen.Testing;

/// <summary>Schema text for NJsonSchema 11, which resolves references under draft-7 <c>definitions</c> but not under
/// draft 2020-12 <c>$defs</c> (the same keyword renamed); ToolGen writes <c>$defs</c>.</summary>
internal static class NJsonSchemaText
{
    /// <summary><paramref name="schema"/> with its <c>$defs</c> and the references into them renamed to
    /// <c>definitions</c>.</summary>
    public static string Of(string schema)
        => schema.Replace("\"$defs\":", "\"definitions\":", StringComparison.Ordinal).Replace("#/$defs/", "#/definitions/", StringComparison.Ordinal);
}
