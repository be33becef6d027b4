using ToolGen.Generator.Model;

namespace ToolGen.Generator.Emit;

/// <summary>Writes how a tool's return value becomes its output: a string verbatim, other values as JSON through
/// <c>Utf8JsonWriter</c>, no value as <c>{"ok":true}</c>; tasks are awaited in a small async helper, since the
/// invoke method holds a ref struct and cannot await.</summary>
internal static class ResultEmitter
{
    public static void WriteReturn(IndentedWriter w, ToolSpec tool, string call, ToolsetContext context)
    {
        var suffix = context.MethodSuffix(tool);
        if (tool.Return.Async != AsyncKind.None)
        {
            w.Line($"return Complete{suffix}(call.Id, {call});");
            return;
        }

        if (tool.Return.Value is null)
        {
            w.Line(call + ";");
            w.Line($"return new({Names.ToolOutput}.Ok(call.Id));");
        }
        else
        {
            w.Line($"return new({Output(tool, "call.Id", call, suffix)});");
        }
    }

    public static void WriteHelpers(IndentedWriter w, ToolSpec tool, ToolsetContext context)
    {
        var suffix = context.MethodSuffix(tool);
        if (tool.Return.Async != AsyncKind.None)
        {
            w.Line();
            w.Line($"private static async {Names.ValueTaskOfResult} Complete{suffix}(string callId, {tool.Return.TypeName} pending)");
            using (w.Block())
            {
                if (tool.Return.Value is null)
                {
                    w.Line("await pending.ConfigureAwait(false);");
                    w.Line($"return {Names.ToolOutput}.Ok(callId);");
                }
                else
                {
                    w.Line("var result = await pending.ConfigureAwait(false);");
                    w.Line($"return {Output(tool, "callId", "result", suffix)};");
                }
            }
        }

        var value = tool.Return.Value;
        if (value is not null && value.Kind != ValueKind.String)
        {
            w.Line();
            w.Line($"private static void Write{suffix}Result({Names.JsonWriter} writer, {value.DeclaredTypeName} value)");
            using (w.Block())
            {
                WriteValue(w, value, "value", 0, context);
            }
        }
    }

    private static string Output(ToolSpec tool, string callId, string result, string suffix)
        => tool.Return.Value!.Kind == ValueKind.String
            ? $"{Names.ToolOutput}.Text({callId}, {result})"
            : $"{Names.ToolOutput}.Json({callId}, {result}, Write{suffix}Result)";

    private static void WriteValue(IndentedWriter w, TypeSpec type, string value, int depth, ToolsetContext context)
    {
        if (type.IsNullable)
        {
            w.Line($"if ({value} is null)");
            using (w.Block())
            {
                w.Line("writer.WriteNullValue();");
            }

            w.Line("else");
            using (w.Block())
            {
                WriteValue(w, type with { IsNullable = false }, type.IsValueType ? value + ".Value" : value, depth, context);
            }

            return;
        }

        if (type.Kind == ValueKind.Array)
        {
            var item = depth == 0 ? "item" : "item" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w.Line("writer.WriteStartArray();");
            w.Line($"foreach (var {item} in {value})");
            using (w.Block())
            {
                WriteValue(w, type.Element!, item, depth + 1, context);
            }

            w.Line("writer.WriteEndArray();");
            return;
        }

        var written = type.Kind == ValueKind.Enum
            ? $"{Names.ToolOutput}.EnumName({context.EnumPrefix(type)}Names, {context.EnumPrefix(type)}Values, {value})"
            : value;
        w.Line(string.Format(ScalarKinds.Get(type.Kind).WriteCall, written) + ";");
    }
}
