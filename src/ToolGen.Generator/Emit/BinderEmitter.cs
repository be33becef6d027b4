using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Emit;

/// <summary>Writes a tool's <c>Invoke…</c> method: it reads the JSON arguments into locals with
/// <c>ToolArgumentReader</c> (a ref struct over <c>Utf8JsonReader</c>, so binding is synchronous and finishes before
/// anything is awaited), returns the first mistake as an error result, then calls the tool.</summary>
internal static class BinderEmitter
{
    public static void WriteInvoke(IndentedWriter w, ToolsetSpec toolset, ToolSpec tool, ToolsetContext context)
    {
        var arguments = tool.Parameters.Where(p => !p.IsCancellationToken).ToList();
        w.Line($"private {(tool.IsStatic ? "static " : "")}{Names.ValueTaskOfResult} Invoke{context.MethodSuffix(tool)}({Names.ToolCall} call, {Names.CancellationToken} cancellationToken)");
        using (w.Block())
        {
            w.Line($"var arguments = new {Names.ArgumentReader}(call);");
            foreach (var parameter in arguments)
            {
                var type = parameter.Type!;
                var localType = type.IsValueType || type.IsNullable ? type.DeclaredTypeName : type.TypeName + "?";
                var initial = parameter.HasDefault ? parameter.DefaultExpression : type.IsValueType && !type.IsNullable ? "default" : "null";
                w.Line($"{localType} {Local(parameter)} = {initial};");
                w.Line($"var {Seen(parameter)} = false;");
            }

            w.Line();
            w.Line("while (arguments.NextProperty())");
            using (w.Block())
            {
                var keyword = "if";
                foreach (var parameter in arguments)
                {
                    w.Line($"{keyword} (arguments.IsProperty({SymbolDisplay.FormatLiteral(parameter.Name, quote: true)}u8))");
                    using (w.Block())
                    {
                        // A null for an optional parameter keeps the declared default; for a nullable required one
                        // the local already holds null; anywhere else the read method reports it as wrong_type.
                        var condition = $"arguments.Claim(ref {Seen(parameter)})"
                            + (parameter.HasDefault || parameter.Type!.IsNullable ? " && !arguments.AcceptNull()" : "");
                        WriteRead(w, "if", parameter.Type!, condition, Local(parameter) + " = {0};", 0, context);
                    }

                    keyword = "else if";
                }

                if (arguments.Count > 0)
                {
                    w.Line("else");
                    using (w.Block())
                    {
                        WriteReject(w, arguments);
                    }
                }
                else
                {
                    WriteReject(w, arguments);
                }
            }

            w.Line();
            w.Line("if (arguments.Failed)");
            using (w.Block())
            {
                w.Line("return new(arguments.Failure());");
            }

            foreach (var parameter in arguments.Where(p => !p.HasDefault))
            {
                w.Line();
                w.Line($"if (!{Seen(parameter)})");
                using (w.Block())
                {
                    w.Line($"return new(arguments.Missing({SymbolDisplay.FormatLiteral(parameter.Name, quote: true)}, {SymbolDisplay.FormatLiteral(Expected(parameter.Type!, context), quote: true)}));");
                }
            }

            w.Line();
            var target = tool.IsStatic ? toolset.Owner.FullyQualifiedName : "_owner";
            var call = $"{target}.{Names.Identifier(tool.MethodName)}({string.Join(", ", tool.Parameters.Select(Argument))})";
            ResultEmitter.WriteReturn(w, tool, call, context);
        }
    }

    /// <summary>What a value of <paramref name="type"/> looks like in JSON Schema terms, for <c>expected</c>.</summary>
    public static string Expected(TypeSpec type, ToolsetContext context)
    {
        var text = type.Kind == ValueKind.Enum
            ? "one of " + string.Join(", ", type.EnumMembers.Select(m => "\"" + m.JsonName + "\""))
            : ScalarKinds.Get(type.Kind).JsonType;
        return type.IsNullable ? text + " or null" : text;
    }

    private static void WriteReject(IndentedWriter w, System.Collections.Generic.List<ParameterSpec> arguments)
    {
        var names = string.Join(", ", arguments.Select(p => p.Name));
        w.Line($"arguments.RejectUnknown({SymbolDisplay.FormatLiteral(names, quote: true)});");
    }

    private static void WriteRead(IndentedWriter w, string keyword, TypeSpec type, string condition, string assign, int depth, ToolsetContext context)
    {
        var prefix = condition.Length == 0 ? "" : condition + " && ";
        if (type.Kind == ValueKind.Array)
        {
            var items = depth == 0 ? "items" : "items" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var element = type.Element!;
            w.Line($"{keyword} ({prefix}arguments.TryStartArray())");
            using (w.Block())
            {
                w.Line($"var {items} = new {Names.List}<{element.DeclaredTypeName}>();");
                w.Line("while (arguments.NextItem())");
                using (w.Block())
                {
                    var add = items + ".Add({0});";
                    var itemKeyword = "if";
                    if (element.IsNullable)
                    {
                        w.Line("if (arguments.AcceptNull())");
                        using (w.Block())
                        {
                            w.Line(string.Format(add, "null"));
                        }

                        itemKeyword = "else if";
                    }

                    WriteRead(w, itemKeyword, element, "", add, depth + 1, context);
                }

                w.Line();
                w.Line(string.Format(assign, type.Collection == CollectionKind.Array ? items + ".ToArray()" : items));
            }

            return;
        }

        var value = depth switch { 0 => "value", 1 => "item", _ => "item" + (depth - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var read = type.Kind == ValueKind.Enum
            ? $"arguments.TryReadEnum({context.EnumPrefix(type)}Names, {context.EnumPrefix(type)}Values, out var {value})"
            : $"arguments.{ScalarKinds.Get(type.Kind).ReadMethod}(out var {value})";
        w.Line($"{keyword} ({prefix}{read})");
        using (w.Block())
        {
            w.Line(string.Format(assign, value));
        }
    }

    private static string Local(ParameterSpec parameter) => parameter.Name + "Argument";

    private static string Seen(ParameterSpec parameter) => parameter.Name + "Seen";

    private static string Argument(ParameterSpec parameter)
    {
        if (parameter.IsCancellationToken)
        {
            return "cancellationToken";
        }

        // Non-nullable references are bound into nullable locals (so a required one can start out empty); by now
        // the binder has assigned them, or the declared default (which a '#nullable disable' caller may make null).
        return parameter.Type!.IsValueType || parameter.Type.IsNullable ? Local(parameter) : Local(parameter) + "!";
    }
}
