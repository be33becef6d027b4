using Microsoft.CodeAnalysis;

namespace ToolGen.Generator.Tests;

public class DiagnosticTests
{
    private static List<Diagnostic> Analyze(string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        return GeneratorHarness.AnalyzerDiagnostics(result.Output).OrderBy(d => d.Location.SourceSpan.Start).ToList();
    }

    [Fact]
    public void A_tool_in_a_class_that_is_not_partial_is_TG0001()
    {
        var diagnostic = Assert.Single(Analyze("""
            using ToolGen;
            namespace Demo;
            public class Plain
            {
                [ToolGen.AssistantTool] public static string Hello() => "hi";
            }
            """));
        Assert.Equal("TG0001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'Demo.Plain'", diagnostic.GetMessage());
        Assert.Contains("'Hello'", diagnostic.GetMessage());
    }

    [Fact]
    public void A_tool_nested_in_a_type_that_is_not_partial_is_TG0001_naming_that_type()
    {
        var diagnostic = Assert.Single(Analyze("""
            public class Outer
            {
                public partial class Inner
                {
                    [ToolGen.AssistantTool] public static string Hello() => "hi";
                }
            }
            """));
        Assert.Equal("TG0001", diagnostic.Id);
        Assert.Contains("'Outer'", diagnostic.GetMessage());
    }

    [Fact]
    public void A_tool_in_a_struct_is_TG0001()
        => Assert.Equal("TG0001", Assert.Single(Analyze("""
            public partial struct Values
            {
                [ToolGen.AssistantTool] public static string Hello() => "hi";
            }
            """)).Id);

    [Fact]
    public void An_unsupported_parameter_type_is_TG0002_naming_the_type_and_the_path_to_it()
    {
        var diagnostics = Analyze("""
            using System.Collections.Generic;
            public sealed record Line(string Sku, System.IO.Stream Attachment);
            public sealed record Order(IReadOnlyList<Line> Items);
            public partial class Tools
            {
                [ToolGen.AssistantTool] public static string Place(Order request) => "";
                [ToolGen.AssistantTool] public static string Read(System.IO.Stream table) => "";
            }
            """);
        Assert.Equal(["TG0002", "TG0002"], diagnostics.Select(d => d.Id));
        Assert.Contains("'System.IO.Stream' at 'request.items[].attachment'", diagnostics[0].GetMessage());
        Assert.Contains("'request'", diagnostics[0].GetMessage());
        Assert.Contains("'System.IO.Stream' at 'table'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void An_unsupported_return_type_is_TG0003_naming_the_type()
    {
        var diagnostics = Analyze("""
            using System.Threading.Tasks;
            public partial class Tools
            {
                [ToolGen.AssistantTool] public static object Thing() => new();
                [ToolGen.AssistantTool] public static Task<System.IO.Stream> OpenAsync() => null!;
            }
            """);
        Assert.Equal(["TG0003", "TG0003"], diagnostics.Select(d => d.Id));
        Assert.Contains("'object'", diagnostics[0].GetMessage());
        Assert.Contains("'System.Threading.Tasks.Task<System.IO.Stream>'", diagnostics[1].GetMessage());
        Assert.Contains("'System.IO.Stream' at 'result'", diagnostics[1].GetMessage());
    }

    [Theory]
    [InlineData("[ToolGen.AssistantTool(\"has space\")] public static string A() => \"\";", "'has space'")]
    [InlineData("[ToolGen.AssistantTool] public static string Été() => \"\";", "'été'")]
    public void An_invalid_tool_name_is_TG0004(string member, string named)
    {
        var diagnostic = Assert.Single(Analyze("public partial class Tools { " + member + " }"));
        Assert.Equal("TG0004", diagnostic.Id);
        Assert.Contains(named, diagnostic.GetMessage());
    }

    [Fact]
    public void Two_tools_with_one_name_in_a_class_are_TG0005_and_the_first_is_still_generated()
    {
        var source = """
            public partial class Tools
            {
                [ToolGen.AssistantTool] public static string Search(string q) => q;
                [ToolGen.AssistantTool("search")] public static string Find(string q) => q;
            }
            """;
        var diagnostic = Assert.Single(Analyze(source));
        Assert.Equal("TG0005", diagnostic.Id);
        Assert.Contains("'search'", diagnostic.GetMessage());
        var generated = GeneratorHarness.Run(source);
        Assert.Empty(generated.CompilerProblems);
        Assert.Contains("Tools.Search(", generated.Single());
        Assert.DoesNotContain("Tools.Find(", generated.Single());
    }

    [Fact]
    public void A_generic_method_is_TG0006()
    {
        var diagnostic = Assert.Single(Analyze("public partial class Tools { [ToolGen.AssistantTool] public static string Generic<T>(string x) => x; }"));
        Assert.Equal("TG0006", diagnostic.Id);
        Assert.Contains("'Generic' is generic", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[ToolGen.AssistantTool] public static string ByRef(ref int x) => \"\";")]
    [InlineData("[ToolGen.AssistantTool] public static string Many(params int[] x) => \"\";")]
    public void A_ref_or_params_parameter_is_TG0011_naming_it(string member)
    {
        var diagnostic = Assert.Single(Analyze("public partial class Tools { " + member + " }"));
        Assert.Equal("TG0011", diagnostic.Id);
        Assert.Contains("Parameter 'x'", diagnostic.GetMessage());
    }

    [Fact]
    public void An_enum_parameter_whose_members_share_a_JSON_name_is_TG0010_but_names_differing_in_case_are_fine()
    {
        var diagnostic = Assert.Single(Analyze("""
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            public enum Size { Small, [JsonStringEnumMemberName("Small")] Tiny }
            public enum Casing { Up, UP }
            public static partial class Tools
            {
                [ToolGen.AssistantTool] public static string Measure(List<Size> sizes) => "";
                [ToolGen.AssistantTool] public static string Pick(Casing casing) => "";
                [ToolGen.AssistantTool] public static Size Largest() => Size.Small;
            }
            """));
        Assert.Equal("TG0010", diagnostic.Id);
        Assert.Contains("'sizes'", diagnostic.GetMessage());
        Assert.Contains("'Size'", diagnostic.GetMessage());
        Assert.Contains("'Small'", diagnostic.GetMessage());
    }

    [Fact]
    public void A_tool_in_a_file_local_class_is_TG0013()
    {
        var diagnostic = Assert.Single(Analyze("file static partial class Hidden { [ToolGen.AssistantTool] public static string Peek() => \"\"; }"));
        Assert.Equal("TG0013", diagnostic.Id);
        Assert.Contains("file-local", diagnostic.GetMessage());
    }

    [Fact]
    public void An_async_stream_result_is_TG0003_but_a_sequence_is_written_as_an_array()
    {
        var diagnostics = Analyze("""
            using System.Collections.Generic;
            public static partial class Tools
            {
                [ToolGen.AssistantTool] public static async IAsyncEnumerable<string> Stream() { await System.Threading.Tasks.Task.Yield(); yield return ""; }
                [ToolGen.AssistantTool] public static IEnumerable<string> Sequence() => [];
            }
            """);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("TG0003", diagnostic.Id);
        Assert.Contains("IAsyncEnumerable<string>", diagnostic.GetMessage());
    }

    [Fact]
    public void Local_functions_and_lambdas_marked_as_tools_are_TG0014()
    {
        var diagnostics = Analyze("""
            using System;
            public partial class Tools
            {
                public static void Run()
                {
                    [ToolGen.AssistantTool] static string Local(string x) => x;
                    Func<string, string> lambda = [ToolGen.AssistantTool] (string x) => x;
                    _ = Local("a") + lambda("b");
                }
            }
            """);
        Assert.Equal(["TG0014", "TG0014"], diagnostics.Select(d => d.Id));
        Assert.Contains("'Local'", diagnostics[0].GetMessage());
    }

    [Fact]
    public void A_broken_tool_is_never_dropped_silently_while_its_valid_neighbours_are_generated()
    {
        var source = """
            public partial class Tools
            {
                [ToolGen.AssistantTool] public static string Good(string x) => x;
                [ToolGen.AssistantTool] public static string Bad(System.IO.Stream s) => "";
            }
            """;
        Assert.Equal("TG0002", Assert.Single(Analyze(source)).Id);
        var generated = GeneratorHarness.Run(source).Single();
        Assert.Contains("\"good\"", generated);
        Assert.DoesNotContain("\"bad\"", generated);
    }

    [Fact]
    public void A_dictionary_or_JsonElement_in_a_strict_tool_is_TG0015_or_TG0016_and_fine_when_not_strict()
    {
        var diagnostics = Analyze("""
            using System.Collections.Generic;
            using System.Text.Json;
            public sealed record Form(IReadOnlyDictionary<string, string> Fields);
            public static partial class Tools
            {
                [ToolGen.AssistantTool] public static string Tag(Form form) => "";
                [ToolGen.AssistantTool] public static string Store(JsonElement payload) => "";
                [ToolGen.AssistantTool(Strict = false)] public static string Loose(Form form, JsonElement payload) => "";
            }
            """);
        Assert.Equal(["TG0015", "TG0016"], diagnostics.Select(d => d.Id));
        Assert.Contains("at 'form.fields'", diagnostics[0].GetMessage());
        Assert.Contains("Strict = false", diagnostics[0].GetMessage());
        Assert.Contains("at 'payload'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void An_argument_type_without_a_usable_constructor_is_TG0017_but_may_still_be_returned()
    {
        var diagnostics = Analyze("""
            public sealed class Query
            {
                public Query(string text, int limit) { }
                public Query(string text) { }
                public string Text => "";
            }
            public abstract class Shape { public int Sides { get; set; } }
            public static partial class Tools
            {
                [ToolGen.AssistantTool] public static string Find(Query query) => "";
                [ToolGen.AssistantTool] public static string Draw(Shape[] shapes) => "";
                [ToolGen.AssistantTool] public static Query Make() => new("a");
            }
            """);
        Assert.Equal(["TG0017", "TG0017"], diagnostics.Select(d => d.Id));
        Assert.Contains("'Query' at 'query'", diagnostics[0].GetMessage());
        Assert.Contains("'Shape' at 'shapes[]'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void Two_properties_with_one_JSON_name_are_TG0018_and_a_bad_pattern_is_TG0019()
    {
        var diagnostics = Analyze("""
            using System.ComponentModel.DataAnnotations;
            using System.Text.Json.Serialization;
            public sealed record Person(string Name, [property: JsonPropertyName("name")] string FullName);
            public static partial class Tools
            {
                [ToolGen.AssistantTool] public static string Greet(Person person) => "";
                [ToolGen.AssistantTool] public static string Find([RegularExpression("[a-z")] string code) => "";
            }
            """);
        Assert.Equal(["TG0018", "TG0019"], diagnostics.Select(d => d.Id));
        Assert.Contains("'name'", diagnostics[0].GetMessage());
        Assert.Contains("'[a-z' on 'code'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void Pragma_warning_disable_suppresses_a_diagnostic()
        => Assert.Empty(Analyze("""
            public partial class Tools
            {
            #pragma warning disable TG0002
                [ToolGen.AssistantTool] public static string Bad(System.IO.Stream s) => "";
            #pragma warning restore TG0002
            }
            """));

    [Fact]
    public void Every_diagnostic_has_a_docs_page_and_a_release_entry()
    {
        var repo = Repository.Root;
        var unshipped = File.ReadAllText(Path.Combine(repo, "src", "ToolGen.Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in new ToolGenAnalyzer().SupportedDiagnostics)
        {
            Assert.True(File.Exists(Path.Combine(repo, "docs", "diagnostics", descriptor.Id + ".md")), $"docs/diagnostics/{descriptor.Id}.md is missing");
            Assert.Contains($"{descriptor.Id} | ToolGen | {descriptor.DefaultSeverity} |", unshipped);
            Assert.Contains($"**Severity:** {descriptor.DefaultSeverity.ToString().ToLowerInvariant()}",
                File.ReadAllText(Path.Combine(repo, "docs", "diagnostics", descriptor.Id + ".md")));
        }
    }

    // The limits are checked by the analyzer alone, on a compilation without the generated code, which for thousands
    // of parameters would only slow the test down.
    private static List<Diagnostic> AnalyzeOnly(string source)
        => GeneratorHarness.AnalyzerDiagnostics(GeneratorHarness.Compile(source)).OrderBy(d => d.Location.SourceSpan.Start).ToList();

    private static string Enum(string name, int members)
        => $"public enum {name} {{ {string.Join(", ", Enumerable.Range(0, members).Select(i => "M" + i))} }}";

    [Fact]
    public void More_than_1000_enum_values_across_a_strict_schema_are_TG0007()
    {
        var diagnostics = AnalyzeOnly(Enum("Big", 600) + Enum("Small", 400) + """
            public static partial class Tools
            {
                [ToolGen.AssistantTool] public static string Exactly(Big big, Small small) => "";
                [ToolGen.AssistantTool] public static string WithNull(Big big, Small? small) => "";
                [ToolGen.AssistantTool] public static string Twice(Big first, Big second) => "";
                [ToolGen.AssistantTool(Strict = false)] public static string Loose(Big first, Big second) => "";
            }
            """);
        Assert.Equal(["TG0007", "TG0007"], diagnostics.Select(d => d.Id));
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        Assert.Contains("'with_null' has 1001 enum values", diagnostics[0].GetMessage());
        Assert.Contains("at most 1000 enum values", diagnostics[0].GetMessage());
        Assert.Contains("'twice' has 1200 enum values", diagnostics[1].GetMessage());
    }

    [Fact]
    public void Nesting_above_5_levels_is_TG0008_and_above_10_is_TG0007()
    {
        var diagnostics = AnalyzeOnly("""
            public static partial class Tools
            {
                [ToolGen.AssistantTool] public static string Five(int[][][][] cube) => "";
                [ToolGen.AssistantTool] public static string Six(int[][][][][] deep) => "";
                [ToolGen.AssistantTool] public static string Ten(string[][][][][][][][][]? deeper = null) => "";
                [ToolGen.AssistantTool] public static string Eleven(int[][][][][][][][][][] deepest) => "";
                [ToolGen.AssistantTool(Strict = false)] public static string Loose(int[][][][][][][][][][] deepest) => "";
            }
            """);
        Assert.Equal(["TG0008", "TG0008", "TG0007"], diagnostics.Select(d => d.Id));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[0].DefaultSeverity);
        Assert.Contains("'six' has 6 levels of nesting", diagnostics[0].GetMessage());
        Assert.Contains("'ten' has 10 levels of nesting", diagnostics[1].GetMessage());
        Assert.Contains("'eleven' has 11 levels of nesting, but OpenAI strict mode allows at most 10 levels of nesting", diagnostics[2].GetMessage());
    }

    [Fact]
    public void More_than_5000_properties_in_a_strict_schema_are_TG0007()
    {
        string Tool(string name, int count) => $"[ToolGen.AssistantTool] public static string {name}({string.Join(", ", Enumerable.Range(0, count).Select(i => "int p" + i))}, System.Threading.CancellationToken token) => \"\";";
        var diagnostic = Assert.Single(AnalyzeOnly("public static partial class Tools { " + Tool("Fits", 5000) + Tool("TooWide", 5001) + " }"));
        Assert.Equal("TG0007", diagnostic.Id);
        Assert.Contains("'too_wide' has 5001 properties", diagnostic.GetMessage());
    }

    [Fact]
    public void A_class_with_more_than_128_tools_is_TG0009()
    {
        string Class(string name, int tools) => $"public static partial class {name} {{ {string.Join(" ", Enumerable.Range(0, tools).Select(i => $"[ToolGen.AssistantTool] public static string T{i}() => \"\";"))} }}";
        var diagnostic = Assert.Single(AnalyzeOnly(Class("Fits", 128) + Class("Crowded", 129)));
        Assert.Equal("TG0009", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Contains("'Crowded' has 129 tools", diagnostic.GetMessage());
    }
}
