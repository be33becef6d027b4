using System.Text.Json;
using NJsonSchema;

namespace ToolGen.Generator.Tests;

public class EdgeCaseTests
{
    private const string Source = """
        using System.Collections.Generic;
        using ToolGen;

        namespace Edge
        {
            public enum Kind { A, B }
            public enum Empty { }

            public partial record Person(string Name)
            {
                [AssistantTool(Description = "Quotes \" \"\" \"\"\" backslash \\ newline \n line-separator \u2028 emoji 🎉 end\\")]
                public string Greet(string @class, int @event, string arguments, string call, string value, string items, string item) =>
                    $"{Name}:{@class}:{@event}:{arguments}:{call}:{value}:{items}:{item}";
            }

            public partial class Generic<T>
            {
                public partial class Inner
                {
                    [AssistantTool]
                    public static int Count(List<Kind> kinds, Other.Kind other, Empty? nothing = null) => kinds.Count;

                    [AssistantTool("core")]
                    public static string CoreAsync() => "core";

                    [AssistantTool]
                    public static string Async() => "async";
                }
            }
        }

        namespace Edge.Other
        {
            public enum Kind { X }
        }

        #nullable disable
        namespace Edge
        {
            public static partial class Oblivious
            {
                [AssistantTool]
                public static string Echo(string text, string[] words, string fallback = null) => text + (fallback ?? "-");
            }
        }
        """;

    [Fact]
    public void Records_generic_containers_keyword_names_and_oblivious_references_compile_cleanly()
    {
        var result = GeneratorHarness.Run(Source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilerProblems);
        Assert.Empty(GeneratorHarness.AnalyzerDiagnostics(result.Output));
        Assert.Equal(3, result.Generated.Count);
    }

    [Fact]
    public async Task Descriptions_with_quotes_and_line_separators_survive_into_valid_json()
    {
        var definition = LoadedTools.Load(Source).Definition("greet");
        Assert.Equal("Quotes \" \"\" \"\"\" backslash \\ newline \n line-separator \u2028 emoji 🎉 end\\", definition.Description);
        await JsonSchema.FromJsonAsync(definition.ParametersSchemaJson);
        using var schema = JsonDocument.Parse(definition.ParametersSchema);
        Assert.Equal(
            ["class", "event", "arguments", "call", "value", "items", "item"],
            schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_reference_in_a_nullable_disabled_context_is_non_nullable_and_required()
    {
        var schema = LoadedTools.Load(Source).Definition("echo").ParametersSchemaJson;
        Assert.Contains("\"text\":{\"type\":\"string\"}", schema);
        Assert.Contains("\"words\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", schema);
        Assert.Contains("\"fallback\":{\"type\":[\"string\",\"null\"],\"description\":\"Default: null.\"}", schema);
    }

    [Fact]
    public async Task Parameters_named_like_the_binders_own_locals_bind_correctly()
    {
        var sets = LoadedTools.Load(Source);
        var person = sets.Single(s => s.Key == "Person").Value;
        Assert.Null(person.GetType().GetConstructor(Type.EmptyTypes));
        var result = await person.InvokeAsync(new ToolCall("c", "greet",
            """{"class":"c","event":1,"arguments":"a","call":"k","value":"v","items":"i","item":"t"}"""));
        Assert.Equal("Ann:c:1:a:k:v:i:t", result.Output);
    }

    [Fact]
    public async Task Methods_named_like_the_tool_sets_own_members_still_dispatch()
    {
        var set = LoadedTools.Load(Source).Single(s => s.Key == "Inner").Value;
        Assert.Equal("core", (await set.InvokeAsync(new ToolCall("c", "core", ""))).Output);
        Assert.Equal("async", (await set.InvokeAsync(new ToolCall("c", "async", ""))).Output);
    }

    [Fact]
    public async Task Enums_with_the_same_simple_name_keep_their_own_members()
    {
        var set = LoadedTools.Load(Source).Single(s => s.Key == "Inner").Value;
        Assert.Contains("\"other\":{\"type\":\"string\",\"enum\":[\"X\"]}", set.Definitions.Single(d => d.Name == "count").ParametersSchemaJson);
        var result = await set.InvokeAsync(new ToolCall("c", "count", """{"kinds":["A","b"],"other":"x","nothing":null}"""));
        Assert.Equal("2", result.Output);
        var wrong = await set.InvokeAsync(new ToolCall("c", "count", """{"kinds":["X"],"other":"X","nothing":null}"""));
        Assert.Equal(ToolErrorKind.UnknownEnumValue, wrong.ErrorKind);
    }
}
