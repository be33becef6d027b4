namespace ToolGen.Generator.Tests;

/// <summary>The places a tool can be declared: every kind of declaration the generator accepts must compile cleanly
/// and dispatch, and every kind it cannot accept must be a diagnostic, never a broken build or a silent gap.</summary>
public class DeclarationTests
{
    private static ToolSet Single(IReadOnlyDictionary<string, ToolSet> sets, string className) => sets.Single(s => s.Key == className).Value;

    [Fact]
    public async Task Keyword_named_namespaces_types_type_parameters_and_global_enums_are_generated()
    {
        var sets = LoadedTools.Load("""
            public enum @class { @event, Plain }

            namespace @namespace.@event
            {
                public static partial class @record
                {
                    public partial class @int<@in>
                    {
                        [ToolGen.AssistantTool] public static @class Echo(@class value) => value;
                    }
                }
            }
            """);
        var set = Single(sets, "int`1");
        Assert.Contains("\"enum\":[\"event\",\"Plain\"]", set.Definitions.Single().ParametersSchemaJson);
        Assert.Equal("\"event\"", (await set.InvokeAsync(new ToolCall("c", "echo", """{"value":"event"}"""))).Output);
    }

    [Fact]
    public async Task A_tool_class_deriving_from_another_hides_the_inherited_AssistantTools_and_keeps_its_own_tools()
    {
        var sets = LoadedTools.Load("""
            public partial class Base { [ToolGen.AssistantTool] public string A() => "a"; }
            public partial class Derived : Base { [ToolGen.AssistantTool] public string B() => "b"; }
            public partial class MoreDerived : Derived { [ToolGen.AssistantTool] public static string C() => "c"; }
            public class Unrelated { public int AssistantTools => 1; }
            public partial class FromUnrelated : Unrelated { [ToolGen.AssistantTool] public static string D() => "d"; }
            public class Private { private int AssistantTools => 1; public int Value => AssistantTools; }
            public partial class FromPrivate : Private { [ToolGen.AssistantTool] public static string E() => "e"; }
            """);
        Assert.Equal(["e"], Single(sets, "FromPrivate").Definitions.Select(d => d.Name));
        Assert.Equal(["a"], Single(sets, "Base").Definitions.Select(d => d.Name));
        Assert.Equal(["b"], Single(sets, "Derived").Definitions.Select(d => d.Name));
        Assert.Equal(["c"], Single(sets, "MoreDerived").Definitions.Select(d => d.Name));
        Assert.Equal("d", (await Single(sets, "FromUnrelated").InvokeAsync(new ToolCall("c", "d", ""))).Output);
    }

    [Fact]
    public void Obsolete_tools_classes_and_enum_members_compile_without_warnings()
    {
        var result = GeneratorHarness.Run("""
            #pragma warning disable CS0612, CS0618 // the user's own uses are theirs to silence
            public enum Size { Small, [System.Obsolete("Use Small.")] Tiny }
            [System.Obsolete("Use NewTools.")]
            public static partial class OldTools
            {
                [System.Obsolete] [ToolGen.AssistantTool] public static string Measure(Size size) => "";
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilerProblems);
    }

    [Fact]
    public async Task Overloads_given_their_own_tool_names_each_dispatch_to_their_overload()
    {
        var set = LoadedTools.Load("""
            public static partial class Lookup
            {
                [ToolGen.AssistantTool("by_name")] public static string Find(string name) => "name " + name;
                [ToolGen.AssistantTool("by_id")] public static string Find(int id) => "id " + id;
            }
            """).Values.Single();
        Assert.Equal("name x", (await set.InvokeAsync(new ToolCall("c", "by_name", """{"name":"x"}"""))).Output);
        Assert.Equal("id 7", (await set.InvokeAsync(new ToolCall("c", "by_id", """{"id":7}"""))).Output);
    }

    [Fact]
    public async Task Abstract_and_partial_methods_are_tools_and_an_abstract_one_calls_the_override()
    {
        var sets = LoadedTools.Load("""
            public abstract partial class Greeter
            {
                [ToolGen.AssistantTool] public abstract string Greet(string name);
                [ToolGen.AssistantTool] public partial string Shout(string name);
                public partial string Shout(string name) => name.ToUpperInvariant();
            }

            public sealed class Polite : Greeter
            {
                public override string Greet(string name) => "Good day, " + name;
            }
            """);
        var set = new Dictionary<string, ToolSet>(sets)["Greeter"];
        Assert.Equal("Good day, Ann", (await set.InvokeAsync(new ToolCall("c", "greet", """{"name":"Ann"}"""))).Output);
        Assert.Equal("ANN", (await set.InvokeAsync(new ToolCall("c", "shout", """{"name":"Ann"}"""))).Output);
    }

    [Fact]
    public async Task Tool_classes_nested_in_structs_records_interfaces_and_generic_types_are_generated()
    {
        var sets = LoadedTools.Load("""
            public readonly partial struct Money { public static partial class MoneyTools { [ToolGen.AssistantTool] public static string A() => "a"; } }
            public partial record struct Point(int X) { public static partial class PointTools { [ToolGen.AssistantTool] public static string B() => "b"; } }
            public partial record Person(string Name) { public partial class PersonTools { [ToolGen.AssistantTool] public string C() => "c"; } }
            public partial interface IShape { public static partial class ShapeTools { [ToolGen.AssistantTool] public static string D() => "d"; } }
            public partial class Box<T> where T : class { public static partial class BoxTools { [ToolGen.AssistantTool] public static string E() => "e"; } }
            """);
        var names = new List<string>();
        foreach (var set in sets.Values)
        {
            var definition = Assert.Single(set.Definitions);
            Assert.Equal(definition.Name, (await set.InvokeAsync(new ToolCall("c", definition.Name, ""))).Output);
            names.Add(definition.Name);
        }

        Assert.Equal(["a", "b", "c", "d", "e"], names.Order());
    }

    [Fact]
    public void Tools_of_one_class_declared_in_two_files_share_one_tool_set()
    {
        var result = GeneratorHarness.Run([
            "public static partial class Split { [ToolGen.AssistantTool] public static string A() => \"\"; }",
            "public static partial class Split { [ToolGen.AssistantTool] public static string B() => \"\"; }",
        ]);
        Assert.Empty(result.CompilerProblems);
        var generated = result.Single();
        Assert.Contains("case \"a\":", generated);
        Assert.Contains("case \"b\":", generated);
    }
}
