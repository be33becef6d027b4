using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using ToolGen.Generator.CodeFixes;

namespace ToolGen.Generator.Tests;

/// <summary>The TG0001 code fix, applied through a workspace as an IDE applies it.</summary>
public class MakePartialCodeFixTests
{
    [Fact]
    public async Task The_fix_makes_the_tool_class_partial_and_TG0001_is_gone()
    {
        var fixedSources = await ApplyFixAsync("""
            using ToolGen;
            namespace Demo;
            public static class WeatherTools
            {
                [AssistantTool] public static string GetWeather(string city) => "sunny";
            }
            """);

        Assert.Equal("""
            using ToolGen;
            namespace Demo;
            public static partial class WeatherTools
            {
                [AssistantTool] public static string GetWeather(string city) => "sunny";
            }
            """, Assert.Single(fixedSources));
        AssertCompilesWithTools(fixedSources);
    }

    [Fact]
    public async Task The_fix_makes_every_containing_type_partial_too()
    {
        var fixedSources = await ApplyFixAsync("""
            namespace Demo;
            public class Outer
            {
                internal struct Middle
                {
                    public partial class Tools
                    {
                        [ToolGen.AssistantTool] public static string Hello() => "hi";
                    }
                }
            }
            """);

        Assert.Equal("""
            namespace Demo;
            public partial class Outer
            {
                internal partial struct Middle
                {
                    public partial class Tools
                    {
                        [ToolGen.AssistantTool] public static string Hello() => "hi";
                    }
                }
            }
            """, Assert.Single(fixedSources));
        AssertCompilesWithTools(fixedSources);
    }

    [Fact]
    public async Task Partial_goes_after_the_doc_comment_and_attributes_of_a_type_without_modifiers()
    {
        var fixedSources = await ApplyFixAsync("""
            /// <summary>Tools.</summary>
            [System.Obsolete]
            class Tools
            {
                [ToolGen.AssistantTool] public static string Hello() => "hi";
            }

            /// <summary>More tools.</summary>
            record RecordTools
            {
                [ToolGen.AssistantTool] public static string Bye() => "bye";
            }
            """);

        Assert.Equal("""
            /// <summary>Tools.</summary>
            [System.Obsolete]
            partial class Tools
            {
                [ToolGen.AssistantTool] public static string Hello() => "hi";
            }

            /// <summary>More tools.</summary>
            partial record RecordTools
            {
                [ToolGen.AssistantTool] public static string Bye() => "bye";
            }
            """, Assert.Single(fixedSources));
        AssertCompilesWithTools(fixedSources);
    }

    [Fact]
    public async Task A_record_and_a_class_declared_in_two_files_are_fixed_in_each_file()
    {
        var fixedSources = await ApplyFixAsync(
            """
            public record Outer
            {
                public partial class Tools
                {
                    [ToolGen.AssistantTool] public static string Hello() => "hi";
                }
            }
            """,
            """
            public partial class Other
            {
            }
            """);

        Assert.Equal("""
            public partial record Outer
            {
                public partial class Tools
                {
                    [ToolGen.AssistantTool] public static string Hello() => "hi";
                }
            }
            """, fixedSources[0]);
        AssertCompilesWithTools(fixedSources);
    }

    [Fact]
    public async Task Fixing_one_tool_fixes_every_tool_of_that_class()
    {
        var (fixedSources, fixes) = await ApplyFixesAsync("""
            public sealed class Tools
            {
                [ToolGen.AssistantTool] public static string Hello() => "hi";
                [ToolGen.AssistantTool] public static string Bye() => "bye";
            }
            """);

        Assert.Equal(1, fixes);
        Assert.Contains("public sealed partial class Tools", fixedSources[0]);
        AssertCompilesWithTools(fixedSources);
    }

    [Fact]
    public async Task No_fix_is_offered_for_a_tool_in_a_struct()
    {
        var (document, diagnostic) = await FirstTg0001Async(["""
            public partial struct Values
            {
                [ToolGen.AssistantTool] public static string Hello() => "hi";
            }
            """]);

        Assert.Empty(await FixesAsync(document, diagnostic));
    }

    [Fact]
    public async Task Fix_all_makes_every_tool_class_of_the_project_partial_once()
    {
        var (document, diagnostic) = await FirstTg0001Async(["""
            public class First
            {
                [ToolGen.AssistantTool] public static string Hello() => "hi";
                [ToolGen.AssistantTool] public static string Bye() => "bye";
            }
            """, """
            public static class Outer
            {
                public class Second
                {
                    [ToolGen.AssistantTool] public static string Hello() => "hi";
                }
            }
            """]);
        var fix = new MakePartialCodeFix();
        var context = new FixAllContext(
            document,
            fix,
            FixAllScope.Project,
            MakePartialCodeFix.EquivalenceKey,
            fix.FixableDiagnosticIds,
            new AnalyzerDiagnostics(),
            CancellationToken.None);

        var action = await fix.GetFixAllProvider()!.GetFixAsync(context);
        var operations = await action!.GetOperationsAsync(CancellationToken.None);
        var project = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution.GetProject(document.Project.Id)!;

        Assert.DoesNotContain(await AnalyzeAsync(project), d => d.Id == "TG0001");
        var texts = new List<string>();
        foreach (var each in project.Documents.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            texts.Add((await each.GetTextAsync()).ToString());
        }

        Assert.StartsWith("public partial class First", texts[0]);
        Assert.StartsWith("public static partial class Outer", texts[1]);
        Assert.Contains("    public partial class Second", texts[1]);
        AssertCompilesWithTools(texts);
    }

    private sealed class AnalyzerDiagnostics : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => await AnalyzeAsync(project);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return (await AnalyzeAsync(document.Project)).Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => (await AnalyzeAsync(project)).Where(d => !d.Location.IsInSource);
    }

    // Applies the fix offered for the first TG0001 until none is left; returns every file's text.
    private static async Task<List<string>> ApplyFixAsync(params string[] sources)
        => (await ApplyFixesAsync(sources)).Sources;

    private static async Task<(List<string> Sources, int Fixes)> ApplyFixesAsync(params string[] sources)
    {
        var (first, firstDiagnostic) = await FirstTg0001Async(sources);
        Document? document = first;
        Diagnostic? diagnostic = firstDiagnostic;
        var project = first.Project;
        var fixes = 0;
        while (diagnostic is not null)
        {
            var action = Assert.Single(await FixesAsync(document!, diagnostic));
            Assert.Equal(MakePartialCodeFix.EquivalenceKey, action.EquivalenceKey);
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            project = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution.GetProject(project.Id)!;
            fixes++;
            Assert.True(fixes <= 10, "The fix does not remove TG0001.");
            diagnostic = (await AnalyzeAsync(project)).FirstOrDefault(d => d.Id == "TG0001");
            document = diagnostic is null ? null : project.GetDocument(diagnostic.Location.SourceTree);
        }

        var texts = new List<string>();
        foreach (var each in project.Documents.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            texts.Add((await each.GetTextAsync()).ToString());
        }

        return (texts, fixes);
    }

    private static async Task<List<CodeAction>> FixesAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new MakePartialCodeFix().RegisterCodeFixesAsync(context);
        return actions;
    }

    private static async Task<(Document Document, Diagnostic Diagnostic)> FirstTg0001Async(string[] sources)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Consumer",
            "Consumer",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: GeneratorHarness.ParseOptions,
            metadataReferences: [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(ToolSet).Assembly.Location)]));
        for (var i = 0; i < sources.Length; i++)
        {
            workspace.AddDocument(project.Id, $"Source{i}.cs", SourceText.From(sources[i]));
        }

        project = workspace.CurrentSolution.GetProject(project.Id)!;
        var diagnostic = (await AnalyzeAsync(project)).First(d => d.Id == "TG0001");
        return (project.GetDocument(diagnostic.Location.SourceTree)!, diagnostic);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
        => GeneratorHarness.AnalyzerDiagnostics((await project.GetCompilationAsync())!);

    // The fixed code builds with the generated tool sets, without errors or warnings.
    private static void AssertCompilesWithTools(List<string> sources)
    {
        var result = GeneratorHarness.Run([.. sources]);
        Assert.NotEmpty(result.Generated);
        Assert.Empty(result.CompilerProblems);
    }
}
