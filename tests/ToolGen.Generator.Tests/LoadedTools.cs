using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace ToolGen.Generator.Tests;

/// <summary>Compiles generated code to an in-memory assembly and hands out the tool sets it defines, so tests see
/// the real emitted constants and dispatchers.</summary>
internal static class LoadedTools
{
    public static IReadOnlyDictionary<string, ToolSet> Load(string source, DocumentationMode documentation = DocumentationMode.Parse)
        => ToolSets(LoadAssembly(source, documentation));

    public static Assembly LoadAssembly(string source, DocumentationMode documentation = DocumentationMode.Parse)
    {
        var result = GeneratorHarness.Run(source, documentation);
        Assert.Empty(result.CompilerProblems);
        using var stream = new MemoryStream();
        var emit = result.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext("generated", isCollectible: true).LoadFromStream(stream);
    }

    public static IReadOnlyDictionary<string, ToolSet> ToolSets(Assembly assembly)
    {
        var sets = new Dictionary<string, ToolSet>(StringComparer.Ordinal);
        foreach (var declared in assembly.GetTypes())
        {
            // Tools in generic classes are reached through the class closed over object.
            var type = declared.ContainsGenericParameters
                ? declared.MakeGenericType(declared.GetGenericArguments().Select(_ => typeof(object)).ToArray())
                : declared;
            var property = type.GetProperty("AssistantTools", BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            if (property is null || property.PropertyType != typeof(ToolSet))
            {
                continue;
            }

            // An abstract class's instance tools are reached through a concrete class deriving from it.
            var concrete = type.IsAbstract && !type.IsSealed ? assembly.GetTypes().First(t => !t.IsAbstract && type.IsAssignableFrom(t)) : type;
            var target = property.GetMethod!.IsStatic ? null : Create(concrete);
            sets.Add(type.Name, (ToolSet)property.GetValue(target)!);
        }

        return sets;
    }

    // Instances come from the first constructor, with "Ann" for every string parameter and defaults otherwise.
    private static object Create(Type type)
    {
        var constructor = type.GetConstructors().OrderBy(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters()
            .Select(p => p.ParameterType == typeof(string) ? "Ann" : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null)
            .ToArray();
        return constructor.Invoke(arguments);
    }

    public static ToolDefinition Definition(this IReadOnlyDictionary<string, ToolSet> sets, string toolName)
        => sets.Values.SelectMany(s => s.Definitions).Single(d => d.Name == toolName);
}
