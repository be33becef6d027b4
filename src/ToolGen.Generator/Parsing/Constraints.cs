using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Parsing;

/// <summary>Reads the <c>System.ComponentModel.DataAnnotations</c> attributes ToolGen maps, keeping their arguments raw.</summary>
internal static class Constraints
{
    private const string Namespace = "System.ComponentModel.DataAnnotations";

    /// <summary>The rules on <paramref name="symbol"/> and, for a member bound by a constructor parameter, on the
    /// parameter too (a positional record's attributes land there).</summary>
    public static EquatableArray<ConstraintSpec> Read(ISymbol symbol, IParameterSymbol? parameter = null)
    {
        var rules = new List<ConstraintSpec>();
        var attributes = parameter is null ? symbol.GetAttributes() : symbol.GetAttributes().AddRange(parameter.GetAttributes());
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is not { } type || !TypeParser.IsNamespace(type.ContainingNamespace, Namespace))
            {
                continue;
            }

            var arguments = attribute.ConstructorArguments;
            switch (type.Name)
            {
                case "RangeAttribute" when arguments.Length == 2 && arguments[0].Value is int or double:
                    rules.Add(Rule(ConstraintKind.Range, arguments[0].Value, arguments[1].Value, Named(attribute, "MinimumIsExclusive") ?? false, Named(attribute, "MaximumIsExclusive") ?? false));
                    break;
                // [Range(typeof(decimal), "0.01", "100")]: the bounds are text, read as DataAnnotations does with
                // ParseLimitsInInvariantCulture (the only reading that does not depend on the build machine's culture).
                case "RangeAttribute" when arguments.Length == 3 && arguments[0].Value is ITypeSymbol { SpecialType: var special } && IsNumber(special)
                                           && Number(arguments[1].Value) is { } low && Number(arguments[2].Value) is { } high:
                    rules.Add(Rule(ConstraintKind.Range, low, high, Named(attribute, "MinimumIsExclusive") ?? false, Named(attribute, "MaximumIsExclusive") ?? false));
                    break;
                // [Range(typeof(TimeSpan), "00:15:00", "08:00:00")]: kept as the texts; no JSON Schema keyword bounds a string,
                // so the schema says it in words and the binder compares durations.
                case "RangeAttribute" when arguments.Length == 3 && arguments[0].Value is ITypeSymbol { Name: "TimeSpan", ContainingNamespace.Name: "System" }
                                           && Duration(arguments[1].Value) is { } shortest && Duration(arguments[2].Value) is { } longest:
                    rules.Add(Rule(ConstraintKind.Range, shortest, longest, Named(attribute, "MinimumIsExclusive") ?? false, Named(attribute, "MaximumIsExclusive") ?? false));
                    break;
                case "MinLengthAttribute" when arguments.Length == 1:
                    rules.Add(Rule(ConstraintKind.MinLength, arguments[0].Value));
                    break;
                case "MaxLengthAttribute" when arguments.Length == 1:
                    rules.Add(Rule(ConstraintKind.MaxLength, arguments[0].Value));
                    break;
                case "LengthAttribute" when arguments.Length == 2:
                    rules.Add(Rule(ConstraintKind.MinLength, arguments[0].Value));
                    rules.Add(Rule(ConstraintKind.MaxLength, arguments[1].Value));
                    break;
                case "StringLengthAttribute" when arguments.Length == 1:
                    if (attribute.NamedArguments.FirstOrDefault(a => a.Key == "MinimumLength").Value.Value is int minimum and > 0)
                    {
                        rules.Add(Rule(ConstraintKind.MinLength, minimum));
                    }

                    rules.Add(Rule(ConstraintKind.MaxLength, arguments[0].Value));
                    break;
                case "RegularExpressionAttribute" when arguments.Length == 1 && arguments[0].Value is string:
                    rules.Add(Rule(ConstraintKind.Pattern, arguments[0].Value));
                    break;
                case "EmailAddressAttribute":
                    rules.Add(Rule(ConstraintKind.Email));
                    break;
                case "UrlAttribute":
                    rules.Add(Rule(ConstraintKind.Url));
                    break;
                case "Base64StringAttribute":
                    rules.Add(Rule(ConstraintKind.Base64));
                    break;
                case "AllowedValuesAttribute" when arguments.Length == 1:
                    rules.Add(new ConstraintSpec(ConstraintKind.Allowed, Values(arguments[0])));
                    break;
                case "DeniedValuesAttribute" when arguments.Length == 1:
                    rules.Add(new ConstraintSpec(ConstraintKind.Denied, Values(arguments[0])));
                    break;
            }
        }

        return rules.ToEquatableArray();
    }

    private static bool IsNumber(SpecialType type) => type is SpecialType.System_SByte or SpecialType.System_Byte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
        or SpecialType.System_Decimal;

    private static double? Number(object? text)
        => text is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsInfinity(value) ? value : null;

    private static string? Duration(object? text)
        => text is string s && System.TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out _) ? s : null;

    private static ConstraintSpec Rule(ConstraintKind kind, params object?[] values)
        => new(kind, values.Select(v => new RawValue(v)).ToEquatableArray());

    private static EquatableArray<RawValue> Values(TypedConstant array)
        => array.Kind == TypedConstantKind.Array ? array.Values.Select(v => new RawValue(v.Value)).ToEquatableArray() : EquatableArray<RawValue>.Empty;

    private static bool? Named(AttributeData attribute, string name)
        => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as bool?;
}
