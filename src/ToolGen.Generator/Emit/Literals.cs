using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ToolGen.Generator.Model;
using ToolGen.Generator.Schema;

namespace ToolGen.Generator.Emit;

/// <summary>Raw values from the source (defaults, attribute arguments) as C# and JSON text.</summary>
internal static class Literals
{
    /// <summary>A value of the type <paramref name="type"/> as a C# expression.</summary>
    public static string CSharp(RawValue raw, string type, TypeGraph graph)
    {
        var declared = graph[type];
        var spec = graph.NonNullable(type);
        var value = raw.Value;
        if (value is null)
        {
            return declared.IsValueType && !declared.IsNullable ? "default" : "null";
        }

        if (spec.Shape == TypeShape.Enum)
        {
            var member = spec.EnumMembers.FirstOrDefault(m => Equals(m.Value.Value, value));
            return member is not null
                ? $"{spec.TypeName}.{Names.Identifier(member.Name)}"
                : $"({spec.TypeName})({Convert.ToString(value, CultureInfo.InvariantCulture)})";
        }

        return value switch
        {
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            bool b => b ? "true" : "false",
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            float f => Floating(f, float.IsNaN(f), float.IsPositiveInfinity(f), float.IsNegativeInfinity(f), "float", "F"),
            double d => Floating(d, double.IsNaN(d), double.IsPositiveInfinity(d), double.IsNegativeInfinity(d), "double", "D"),
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            uint or ulong or long => Convert.ToString(value, CultureInfo.InvariantCulture) + (value switch { uint => "U", ulong => "UL", _ => "L" }),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        };
    }

    /// <summary>A value of the type <paramref name="type"/> as JSON text, or <see langword="null"/> when it has none
    /// (a struct's <c>default</c>, NaN).</summary>
    public static string? Json(RawValue raw, string type, TypeGraph graph)
    {
        var declared = graph[type];
        var spec = graph.NonNullable(type);
        var value = raw.Value;
        if (value is null)
        {
            return declared.IsValueType && !declared.IsNullable ? null : "null";
        }

        if (spec.Shape == TypeShape.Enum && spec.IsFlags)
        {
            // A [Flags] value is the array of the names it combines, as the binder reads it.
            var bits = System.Convert.ToUInt64(value, CultureInfo.InvariantCulture);
            var names = spec.EnumMembers
                .Where(m => System.Convert.ToUInt64(m.Value.Value, CultureInfo.InvariantCulture) is var flag && flag != 0 && (bits & flag) == flag)
                .Select(m => JsonText.String(m.JsonName));
            return "[" + string.Join(",", names) + "]";
        }

        if (spec.Shape == TypeShape.Enum)
        {
            var member = spec.EnumMembers.FirstOrDefault(m => Equals(m.Value.Value, value));
            return member is null ? null : JsonText.String(member.JsonName);
        }

        return Json(value);
    }

    /// <summary>A constant as JSON text, or <see langword="null"/> for NaN and infinities.</summary>
    public static string? Json(object? value) => value switch
    {
        null => "null",
        string s => JsonText.String(s),
        char c => JsonText.String(c.ToString()),
        bool b => b ? "true" : "false",
        float f => float.IsNaN(f) || float.IsInfinity(f) ? null : f.ToString("R", CultureInfo.InvariantCulture),
        double d => double.IsNaN(d) || double.IsInfinity(d) ? null : d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A number (an <c>int</c> or <c>double</c> attribute argument) as JSON text.</summary>
    public static string Number(object? value) => Json(value) ?? "0";

    /// <summary>Compares two JSON numbers.</summary>
    public static int Compare(string left, string right)
        => double.Parse(left, CultureInfo.InvariantCulture).CompareTo(double.Parse(right, CultureInfo.InvariantCulture));

    private static string Floating(IFormattable value, bool isNaN, bool isPositiveInfinity, bool isNegativeInfinity, string keyword, string suffix)
    {
        if (isNaN || isPositiveInfinity || isNegativeInfinity)
        {
            return $"{keyword}.{(isNaN ? "NaN" : isPositiveInfinity ? "PositiveInfinity" : "NegativeInfinity")}";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + suffix;
    }
}
