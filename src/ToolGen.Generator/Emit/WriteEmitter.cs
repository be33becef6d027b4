using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Emit;

/// <summary>Writes how return values become JSON with <c>Utf8JsonWriter</c>: one <c>Write…</c> method per collection,
/// dictionary, object and <c>[Flags]</c> enum type, and the statements writing one value, with the same names the
/// binder reads (camelCase members, enum JSON names).</summary>
internal static class WriteEmitter
{
    public static void WriteMethod(IndentedWriter w, TypeSpec type, ToolsetContext context)
    {
        w.Line();
        var discriminator = type.Shape == TypeShape.Object ? context.DiscriminatorOf(type) : null;
        w.Line($"private static void {context.WriteMethod(type)}({Names.JsonWriter} writer, {type.TypeName} value{(discriminator is null ? "" : ", string? discriminator")})");
        using (w.Block())
        {
            var names = new VariableNames();
            switch (type.Shape)
            {
                case TypeShape.Enum:
                    var prefix = context.EnumPrefix(type);
                    w.Line("writer.WriteStartArray();");
                    w.Line($"for (var i = 0; i < {prefix}Values.Length; i++)");
                    using (w.Block())
                    {
                        w.Line($"if ({prefix}Values[i] != 0 && (value & {prefix}Values[i]) == {prefix}Values[i])");
                        using (w.Block())
                        {
                            w.Line($"writer.WriteStringValue({prefix}Names[i]);");
                        }
                    }

                    w.Line("writer.WriteEndArray();");
                    break;
                case TypeShape.Collection:
                    w.Line("writer.WriteStartArray();");
                    w.Line("foreach (var item in value)");
                    using (w.Block())
                    {
                        WriteValue(w, type.Element!, "item", names, context);
                    }

                    w.Line("writer.WriteEndArray();");
                    break;
                case TypeShape.Dictionary:
                    w.Line("writer.WriteStartObject();");
                    w.Line("foreach (var pair in value)");
                    using (w.Block())
                    {
                        w.Line("writer.WritePropertyName(pair.Key);");
                        WriteValue(w, type.Element!, "pair.Value", names, context);
                    }

                    w.Line("writer.WriteEndObject();");
                    break;
                case TypeShape.Union:
                    w.Line("switch (value)");
                    using (w.Block())
                    {
                        foreach (var derived in type.Derived.OrderByDescending(d => d.Depth))
                        {
                            var derivedType = context.Graph[derived.Type];
                            w.Line($"case {derivedType.TypeName} item:");
                            w.Line($"    {context.WriteMethod(derivedType)}(writer, item, {SymbolDisplay.FormatLiteral(derived.Discriminator, quote: true)});");
                            w.Line("    break;");
                        }

                        w.Line("default:");
                        w.Line($"    throw new global::System.NotSupportedException(\"The value is of a type the tool's [JsonDerivedType] attributes do not list.\");");
                    }

                    break;
                case TypeShape.Object:
                    w.Line("writer.WriteStartObject();");
                    if (discriminator is not null)
                    {
                        w.Line("if (discriminator is not null)");
                        using (w.Block())
                        {
                            w.Line($"writer.WriteString({SymbolDisplay.FormatLiteral(discriminator, quote: true)}u8, discriminator);");
                        }
                    }

                    foreach (var member in type.Members.Where(m => m.CanRead))
                    {
                        w.Line($"writer.WritePropertyName({SymbolDisplay.FormatLiteral(member.JsonName, quote: true)}u8);");
                        WriteValue(w, member.Type, "value." + Names.Identifier(member.Name), names, context);
                    }

                    w.Line("writer.WriteEndObject();");
                    break;
            }
        }
    }

    /// <summary>Statements writing <paramref name="value"/> of the type <paramref name="id"/> to <c>writer</c>.</summary>
    public static void WriteValue(IndentedWriter w, string id, string value, VariableNames names, ToolsetContext context)
    {
        var type = context.Graph[id];
        if (type.IsNullable || (!type.IsValueType && !(type.Shape == TypeShape.Scalar && type.Scalar == ScalarKind.String)))
        {
            var inner = type.IsNullable ? context.Graph[type.Element!] : type;
            if (inner.Shape == TypeShape.Scalar && inner.Scalar == ScalarKind.String)
            {
                w.Line($"writer.WriteStringValue({value});");
                return;
            }

            var variable = names.Next();
            w.Line($"if ({value} is {{ }} {variable})");
            using (w.Block())
            {
                WriteNonNull(w, inner, variable, context);
            }

            w.Line("else");
            using (w.Block())
            {
                w.Line("writer.WriteNullValue();");
            }

            return;
        }

        WriteNonNull(w, type, value, context);
    }

    private static void WriteNonNull(IndentedWriter w, TypeSpec type, string value, ToolsetContext context)
    {
        switch (type.Shape)
        {
            case TypeShape.Scalar:
                w.Line(string.Format(CultureInfo.InvariantCulture, ScalarKinds.Get(type.Scalar).WriteCall, value) + ";");
                break;
            case TypeShape.Enum when !type.IsFlags:
                var prefix = context.EnumPrefix(type);
                w.Line($"writer.WriteStringValue({Names.ToolOutput}.EnumName({prefix}Names, {prefix}Values, {value}));");
                break;
            case TypeShape.Any:
                w.Line($"{value}.WriteTo(writer);");
                break;
            default:
                var untagged = type.Shape == TypeShape.Object && context.DiscriminatorOf(type) is not null ? ", null" : "";
                w.Line($"{context.WriteMethod(type)}(writer, {value}{untagged});");
                break;
        }
    }
}

/// <summary>Fresh local names (<c>v1</c>, <c>v2</c>, …) within one generated method.</summary>
internal sealed class VariableNames
{
    private int _count;

    public string Next() => "v" + (++_count).ToString(CultureInfo.InvariantCulture);
}
