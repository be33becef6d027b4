using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ToolGen.Generator.Model;
using ToolGen.Generator.Schema;

namespace ToolGen.Generator.Parsing;

/// <summary>A parameter's declared default value, as the C# expression the binder starts from and as JSON text for
/// the description (strict mode does not allow the <c>default</c> keyword).</summary>
internal static class DefaultValues
{
    public static (string Expression, string? Json) Describe(IParameterSymbol parameter, TypeSpec type)
    {
        var value = parameter.ExplicitDefaultValue;
        if (value is null)
        {
            return (type.IsValueType && !type.IsNullable ? "default" : "null", type.IsValueType && !type.IsNullable ? null : "null");
        }

        if (type.Kind == ValueKind.Enum)
        {
            var enumType = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                ? nullable.TypeArguments[0]
                : parameter.Type;
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value))
                {
                    var json = JsonText.String(type.EnumMembers[IndexOf(type, field.Name)].JsonName);
                    return ($"{type.TypeName}.{field.Name}", json);
                }
            }

            return ($"({type.TypeName})({Convert.ToString(value, CultureInfo.InvariantCulture)})", null);
        }

        return value switch
        {
            string s => (SymbolDisplay.FormatLiteral(s, quote: true), JsonText.String(s)),
            bool b => (b ? "true" : "false", b ? "true" : "false"),
            float f => Floating(f, "F", float.IsNaN(f), float.IsPositiveInfinity(f), float.IsNegativeInfinity(f), "float"),
            double d => Floating(d, "D", double.IsNaN(d), double.IsPositiveInfinity(d), double.IsNegativeInfinity(d), "double"),
            decimal m => (m.ToString(CultureInfo.InvariantCulture) + "M", m.ToString(CultureInfo.InvariantCulture)),
            uint or ulong or long => Integer(value, value switch { uint => "U", ulong => "UL", _ => "L" }),
            _ => Integer(value, ""),
        };
    }

    private static int IndexOf(TypeSpec type, string name)
    {
        for (var i = 0; i < type.EnumMembers.Count; i++)
        {
            if (type.EnumMembers[i].Name == name)
            {
                return i;
            }
        }

        return 0;
    }

    private static (string, string?) Integer(object value, string suffix)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        return (text + suffix, text);
    }

    private static (string, string?) Floating(IFormattable value, string suffix, bool isNaN, bool isPositiveInfinity, bool isNegativeInfinity, string keyword)
    {
        if (isNaN || isPositiveInfinity || isNegativeInfinity)
        {
            var name = isNaN ? "NaN" : isPositiveInfinity ? "PositiveInfinity" : "NegativeInfinity";
            return ($"{keyword}.{name}", null);
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return (text + suffix, text);
    }
}
