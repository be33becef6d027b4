using System.Reflection;

namespace ToolGen.Generator.Tests;

/// <summary>The generator records every tool definition in the assembly's metadata, for the build's tools file.</summary>
public class RecordedDefinitionsTests
{
    private const string Source = """
        using System.ComponentModel;
        using ToolGen;

        namespace Demo;

        public static partial class Outer
        {
            public partial class Notes
            {
                /// <summary>Saves a note: "quoted", back\slash, <c>&lt;tag&gt;</c> &amp; café 🎉
                /// on two lines.</summary>
                /// <param name="text">The note's text.</param>
                [AssistantTool]
                public string Save(string text) => text;

                [AssistantTool(Strict = false)]
                public int Count(int? limit = null) => limit ?? 0;
            }
        }

        public static partial class Clock
        {
            [AssistantTool("now", Description = "The time in UTC.")]
            public static string Now() => "12:00";
        }
        """;

    [Fact]
    public void Every_tool_is_recorded_with_the_values_of_its_generated_definition()
    {
        var assembly = LoadedTools.LoadAssembly(Source);
        var definitions = LoadedTools.ToolSets(assembly).Values.SelectMany(s => s.Definitions).ToDictionary(d => d.Name);

        var recorded = assembly.GetCustomAttributes<GeneratedToolDefinitionAttribute>().OrderBy(a => a.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(["count", "now", "save"], recorded.Select(a => a.Name));
        Assert.Equal(["Demo.Outer.Notes", "Demo.Clock", "Demo.Outer.Notes"], recorded.Select(a => a.ToolSet));
        foreach (var attribute in recorded)
        {
            var definition = definitions[attribute.Name];
            Assert.Equal(definition.Description, attribute.Description);
            Assert.Equal(definition.ParametersSchemaJson, attribute.ParametersSchema);
            Assert.Equal(definition.Strict, attribute.Strict);
        }

        Assert.Contains("café 🎉", recorded[2].Description);
        Assert.Null(recorded[0].Description);
        Assert.False(recorded[0].Strict);
    }

    [Fact]
    public void Each_class_records_its_tools_in_a_source_of_its_own()
    {
        var result = GeneratorHarness.Run(Source);

        Assert.Equal(["Demo.Clock.AssistantToolDefinitions.g.cs", "Demo.Outer.Notes.AssistantToolDefinitions.g.cs"],
            result.RecordedDefinitions.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(result.CompilerProblems);
        Snapshot.Match(result.RecordedDefinitions["Demo.Outer.Notes.AssistantToolDefinitions.g.cs"], "RecordedDefinitions");
    }

    [Fact]
    public void A_compilation_without_tools_records_nothing()
    {
        var result = GeneratorHarness.Run("namespace Demo; public static class NoTools { public static int Add(int a, int b) => a + b; }");

        Assert.Empty(result.RecordedDefinitions);
        Assert.Empty(result.Output.Assembly.GetAttributes());
    }
}
