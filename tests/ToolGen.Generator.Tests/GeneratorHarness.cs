using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ToolGen.Generator;

namespace ToolGen.Generator.Tests;

/// <summary>Runs the generator and the analyzer over source text, the way the compiler does in a consuming project
/// (net10.0 reference assemblies, the ToolGen runtime, nullable on, C# 12).</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Parse);

    public static CSharpCompilation Compile(string source, DocumentationMode documentation = DocumentationMode.Parse)
        => Compile([source], documentation);

    public static CSharpCompilation Compile(string[] sources, DocumentationMode documentation = DocumentationMode.Parse)
    {
        var options = ParseOptions.WithDocumentationMode(documentation);
        return CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: $"Source{i}.cs")),
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(ToolSet).Assembly.Location)],
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                warningLevel: 9999));
    }

    public static GeneratorDriver CreateDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        [new ToolGenGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static Result Run(string source, DocumentationMode documentation = DocumentationMode.Parse)
        => Run([source], documentation);

    public static Result Run(string[] sources, DocumentationMode documentation = DocumentationMode.Parse)
    {
        var compilation = Compile(sources, documentation);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var all = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToList();
        var generated = all.Where(s => !IsRecordedDefinitions(s.HintName)).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        var recorded = all.Where(s => IsRecordedDefinitions(s.HintName)).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return new Result((CSharpCompilation)output, generated, recorded, generatorDiagnostics);
    }

    public static bool IsRecordedDefinitions(string hintName) => hintName.EndsWith(".AssistantToolDefinitions.g.cs", StringComparison.Ordinal);

    public static ImmutableArray<Diagnostic> AnalyzerDiagnostics(Compilation compilation)
        => compilation.WithAnalyzers([new ToolGenAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    /// <param name="Generated">The <c>AssistantTools</c> sources by hint name.</param>
    /// <param name="RecordedDefinitions">The sources recording the definitions in metadata, by hint name.</param>
    internal sealed record Result(
        CSharpCompilation Output,
        Dictionary<string, string> Generated,
        Dictionary<string, string> RecordedDefinitions,
        ImmutableArray<Diagnostic> GeneratorDiagnostics)
    {
        /// <summary>Errors and warnings of the compilation including the generated code.</summary>
        public IReadOnlyList<Diagnostic> CompilerProblems => Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();

        public string Single() => Assert.Single(Generated).Value;
    }
}
