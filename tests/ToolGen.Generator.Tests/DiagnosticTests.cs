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
    public void An_unsupported_parameter_type_is_TG0002_naming_the_type()
    {
        var diagnostics = Analyze("""
            using System.Collections.Generic;
            public partial class Tools
            {
                [ToolGen.AssistantTool] public static string Lookup(Dictionary<string, int> table, char letter) => "";
            }
            """);
        Assert.Equal(["TG0002", "TG0002"], diagnostics.Select(d => d.Id));
        Assert.Contains("'System.Collections.Generic.Dictionary<string, int>'", diagnostics[0].GetMessage());
        Assert.Contains("'table'", diagnostics[0].GetMessage());
        Assert.Contains("'char'", diagnostics[1].GetMessage());
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

    [Theory]
    [InlineData("[ToolGen.AssistantTool] public static string Generic<T>(string x) => x;", "generic")]
    [InlineData("[ToolGen.AssistantTool] public static string ByRef(ref int x) => \"\";", "'x'")]
    [InlineData("[ToolGen.AssistantTool] public static string Many(params int[] x) => \"\";", "'x'")]
    public void A_method_shape_that_cannot_be_a_tool_is_TG0006(string member, string mentions)
    {
        var diagnostic = Assert.Single(Analyze("public partial class Tools { " + member + " }"));
        Assert.Equal("TG0006", diagnostic.Id);
        Assert.Contains(mentions, diagnostic.GetMessage());
    }

    [Fact]
    public void Local_functions_and_lambdas_marked_as_tools_are_TG0006()
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
        Assert.Equal(["TG0006", "TG0006"], diagnostics.Select(d => d.Id));
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
            Assert.Contains(descriptor.Id + " |", unshipped);
            Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        }
    }
}
