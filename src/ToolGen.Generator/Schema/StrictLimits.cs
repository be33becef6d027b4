using System.Collections.Generic;
using System.Globalization;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Schema;

/// <summary>OpenAI's size limits on a strict function schema (function-calling guide, "Supported schemas"), measured
/// on the schema <see cref="SchemaWriter"/> writes for a tool.</summary>
internal static class StrictLimits
{
    public const int MaxEnumValues = 1000;
    public const int MaxNesting = 10;
    public const int RecommendedNesting = 5;
    public const int MaxProperties = 5000;

    /// <summary>At most this many tools per assistant (and per request of the other APIs). The generator sees one
    /// class at a time, so it checks a class's tools against it.</summary>
    public const int MaxTools = 128;

    /// <summary>Every limit the strict schema of <paramref name="tool"/> breaks, as (what it has, what is allowed).</summary>
    public static IEnumerable<(string Has, string Allowed)> Exceeded(ToolSpec tool)
    {
        var size = SchemaWriter.Measure(tool);
        if (size.Properties > MaxProperties)
        {
            yield return (Count(size.Properties, "properties"), Count(MaxProperties, "properties"));
        }

        if (size.EnumValues > MaxEnumValues)
        {
            yield return (Count(size.EnumValues, "enum values"), Count(MaxEnumValues, "enum values"));
        }

        if (size.Nesting > MaxNesting)
        {
            yield return (Count(size.Nesting, "levels of nesting"), Count(MaxNesting, "levels of nesting"));
        }
    }

    /// <summary>How deep the schema of <paramref name="tool"/> nests: the root object's properties are level 1, and
    /// the items of an array (or the properties of an object) one level deeper.</summary>
    public static int Nesting(ToolSpec tool) => SchemaWriter.Measure(tool).Nesting;

    public static string Count(int count, string what) => count.ToString(CultureInfo.InvariantCulture) + " " + what;
}
