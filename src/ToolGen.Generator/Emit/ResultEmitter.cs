using ToolGen.Generator.Model;

namespace ToolGen.Generator.Emit;

/// <summary>Writes how a tool's return value becomes its output: a string verbatim, other values as JSON through
/// the generated write methods, no value as <c>{"ok":true}</c>; tasks are awaited in a small async helper, since the
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
            w.Line($"return new({Output(tool, "call.Id", call, suffix, context)});");
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
                    w.Line($"return {Output(tool, "callId", "result", suffix, context)};");
                }
            }
        }

        if (tool.Return.Value is { } value && !IsString(value, context))
        {
            w.Line();
            w.Line($"private static void Write{suffix}Result({Names.JsonWriter} writer, {context.Graph[value].TypeName} value)");
            using (w.Block())
            {
                WriteEmitter.WriteValue(w, value, "value", new VariableNames(), context);
            }
        }
    }

    private static bool IsString(string id, ToolsetContext context)
        => context.Graph.NonNullable(id) is { Shape: TypeShape.Scalar, Scalar: ScalarKind.String };

    private static string Output(ToolSpec tool, string callId, string result, string suffix, ToolsetContext context)
        => IsString(tool.Return.Value!, context)
            ? $"{Names.ToolOutput}.Text({callId}, {result})"
            : $"{Names.ToolOutput}.Json({callId}, {result}, Write{suffix}Result)";
}
