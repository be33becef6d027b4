using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Emit;

/// <summary>Writes a tool's <c>Invoke…</c> method: it reads the JSON arguments into locals with
/// <c>ToolArgumentReader</c> (a ref struct over <c>Utf8JsonReader</c> and a stack buffer, so binding is synchronous and
/// finishes before anything is awaited), returns the first mistake as an error result, resolves the host's services, then calls the
/// tool.</summary>
internal static class BinderEmitter
{
    public static void WriteInvoke(IndentedWriter w, ToolsetSpec toolset, ToolSpec tool, ToolsetContext context)
    {
        var arguments = tool.Parameters.Where(p => p.IsArgument).ToList();
        w.Line($"private {(tool.IsStatic ? "static " : "")}{Names.ValueTaskOfResult} Invoke{context.MethodSuffix(tool)}({Names.ToolCall} call, global::System.IServiceProvider? services, {Names.CancellationToken} cancellationToken)");
        using (w.Block())
        {
            // The arguments are transcoded into a stack buffer (a pooled one when they are longer), which the reader
            // gives back once binding is over, before the tool runs. The buffer is a fixed-size local, not stackalloc:
            // the JIT compiles a method with stackalloc fully optimized on its first call, which slows a cold start.
            w.Line($"var argumentsBuffer = default({Names.ArgumentBuffer});");
            w.Line($"var arguments = new {Names.ArgumentReader}(call, argumentsBuffer);");
            var slots = new List<ReadEmitter.Slot>();
            foreach (var parameter in arguments)
            {
                var type = context.Graph[parameter.Type];
                var localType = type.IsValueType || type.IsNullable ? type.TypeName : type.TypeName + "?";
                var initial = parameter.HasDefault ? Literals.CSharp(parameter.DefaultValue, parameter.Type, context.Graph) : type.IsValueType ? "default" : "null";
                w.Line($"{localType} {Local(parameter)} = {initial};");
                w.Line($"var {Local(parameter)}Seen = false;");
                slots.Add(new ReadEmitter.Slot(parameter.Name, Local(parameter), parameter.Type, parameter.HasDefault, parameter.Constraints, null));
            }

            w.Line();
            w.Line("try");
            using (w.Block())
            {
                ReadEmitter.WriteProperties(w, slots, "value", context);
            }

            w.Line("finally");
            using (w.Block())
            {
                w.Line("arguments.Dispose();");
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
                w.Line($"if (!{Local(parameter)}Seen)");
                using (w.Block())
                {
                    w.Line($"return new(arguments.Missing({SymbolDisplay.FormatLiteral(parameter.Name, quote: true)}, {SymbolDisplay.FormatLiteral(context.Graph.Expected(parameter.Type), quote: true)}));");
                }
            }

            foreach (var parameter in tool.Parameters.Where(p => p.Source is ParameterSource.Service or ParameterSource.ServiceProvider))
            {
                WriteService(w, parameter);
            }

            var target = tool.IsStatic ? toolset.Owner.FullyQualifiedName : "_owner";
            if (!tool.IsStatic && toolset.OwnerServices is not null)
            {
                w.Line();
                w.Line("string? missing = null;");
                w.Line("var owner = _owner ?? CreateOwner(services, out missing);");
                w.Line("if (owner is null)");
                using (w.Block())
                {
                    w.Line($"return new({Names.Services}.Missing(call, missing!));");
                }

                target = "owner";
            }

            w.Line();
            var call = $"{target}.{Names.Identifier(tool.MethodName)}({string.Join(", ", tool.Parameters.Select(p => Argument(p, context)))})";
            ResultEmitter.WriteReturn(w, tool, call, context);
        }
    }

    // Services are resolved after binding: a model's mistake is reported as such even when the host lacks a service.
    private static void WriteService(IndentedWriter w, ParameterSpec parameter)
    {
        var local = Local(parameter);
        w.Line();
        if (parameter.Source == ParameterSource.ServiceProvider)
        {
            w.Line($"var {local} = services;");
        }
        else if (parameter.ServiceKey is { } key)
        {
            var keyText = key.Value switch
            {
                null => "null",
                string s => SymbolDisplay.FormatLiteral(s, quote: true),
                _ => System.Convert.ToString(key.Value, System.Globalization.CultureInfo.InvariantCulture),
            };
            w.Line($"var {local} = (services as global::Microsoft.Extensions.DependencyInjection.IKeyedServiceProvider)?.GetKeyedService(typeof({parameter.Type}), {keyText}) as {parameter.Type};");
        }
        else
        {
            w.Line($"var {local} = {Names.Services}.Get<{parameter.Type}>(services);");
        }

        if (!parameter.ServiceIsOptional)
        {
            w.Line($"if ({local} is null)");
            using (w.Block())
            {
                w.Line($"return new({Names.Services}.Missing(call, {SymbolDisplay.FormatLiteral(parameter.ServiceName ?? parameter.Type, quote: true)}));");
            }
        }
    }

    private static string Local(ParameterSpec parameter) => parameter.Name + (parameter.IsArgument ? "Argument" : "Service");

    private static string Argument(ParameterSpec parameter, ToolsetContext context)
    {
        switch (parameter.Source)
        {
            case ParameterSource.CancellationToken:
                return "cancellationToken";
            case ParameterSource.ServiceProvider or ParameterSource.Service:
                return parameter.ServiceIsOptional ? Local(parameter) : Local(parameter) + "!";
        }

        // Non-nullable references are bound into nullable locals (so a required one can start out empty); by now
        // the binder has assigned them, or the declared default (which a '#nullable disable' caller may make null).
        var type = context.Graph[parameter.Type];
        return type.IsValueType || type.IsNullable ? Local(parameter) : Local(parameter) + "!";
    }
}
