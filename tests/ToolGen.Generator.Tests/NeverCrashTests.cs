using System.Collections.Concurrent;
using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace ToolGen.Generator.Tests;

/// <summary>The generator and the analyzer run on every keystroke, over code that is broken most of the time; an
/// exception there shows the user CS8785 or AD0001 and drops the generated code. These tests feed them broken
/// variants of tool classes (<see cref="TypingVariants"/>).</summary>
public class NeverCrashTests(ITestOutputHelper output)
{
    private const int Variants = 2_000;

    // Fixed so that CI is reproducible; set TOOLGEN_FUZZ_SEED to explore other variants.
    private const int DefaultSeed = 20261206;

    [Fact]
    public void Neither_the_generator_nor_the_analyzer_throws_on_code_being_typed()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TOOLGEN_FUZZ_SEED"), out var given) ? given : DefaultSeed;
        output.WriteLine($"seed {seed}, {Variants} variants");

        var failures = new ConcurrentBag<(int Index, string Problem)>();
        Parallel.For(0, Variants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index =>
        {
            if (Problem(Compile(TypingVariants.Create(seed, index))) is { } problem)
            {
                failures.Add((index, problem));
            }
        });

        if (!failures.IsEmpty)
        {
            var (index, problem) = failures.MinBy(f => f.Index);
            Assert.Fail($"{failures.Count} of {Variants} variants crashed. Seed {seed}, variant {index} " +
                $"(TypingVariants.Create({seed}, {index})):\n{problem}\n--- variant text ---\n{TypingVariants.Create(seed, index)}");
        }
    }

    [Fact]
    public void The_unbroken_tool_classes_give_tool_sets_and_the_diagnostics_of_their_mistakes()
    {
        var tools = Compile(TypingVariants.Bases[0]);
        var run = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(tools, out var withTools, out _).GetRunResult();
        var hints = run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).ToList();
        Assert.Contains(hints, h => h.Contains("ShopTools", StringComparison.Ordinal));
        Assert.Contains(hints, h => h.Contains("CalendarTools", StringComparison.Ordinal));
        Assert.Empty(withTools.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Null(Problem(tools));

        var mistakes = Compile(TypingVariants.Bases[1]);
        var ids = GeneratorHarness.AnalyzerDiagnostics(mistakes).Select(d => d.Id).ToHashSet();
        Assert.Superset(new HashSet<string> { "TG0001", "TG0002", "TG0003", "TG0004", "TG0005", "TG0006", "TG0010" }, ids);
        Assert.Null(Problem(mistakes));

        // Code that does not compile: unknown types and constants, odd attribute arguments, malformed doc comments.
        var odd = Compile(TypingVariants.Bases[2]);
        Assert.Contains(odd.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Superset(new HashSet<string> { "TG0002", "TG0003", "TG0005" }, GeneratorHarness.AnalyzerDiagnostics(odd).Select(d => d.Id).ToHashSet());
        Assert.Null(Problem(odd));
    }

    [Fact]
    public void Variants_are_reproducible_from_the_seed_and_differ_from_each_other()
    {
        Assert.Equal(TypingVariants.Create(7, 42), TypingVariants.Create(7, 42));
        var texts = Enumerable.Range(0, 200).Select(i => TypingVariants.Create(7, i)).ToHashSet();
        Assert.True(texts.Count > 190, $"only {texts.Count} distinct variants of 200");
        var broken = texts.Count(t => !TypingVariants.Bases.Contains(t) && CSharpSyntaxTree.ParseText(t).GetDiagnostics().Any());
        Assert.True(broken > 150, $"only {broken} of 200 variants have syntax errors");
    }

    // One compilation holds the references (only the assemblies the tool classes use, which keeps each run cheap);
    // each variant only swaps its syntax tree in.
    private static readonly CSharpCompilation Empty = GeneratorHarness.Compile("").WithReferences(
        Net100.References.SystemRuntime,
        Net100.References.SystemCollections,
        Net100.References.SystemComponentModel,
        Net100.References.SystemComponentModelPrimitives,
        Net100.References.SystemTextJson,
        MetadataReference.CreateFromFile(typeof(ToolSet).Assembly.Location));

    private static Compilation Compile(string source)
        => Empty.ReplaceSyntaxTree(Empty.SyntaxTrees[0], CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "Variant.cs"));

    /// <summary>What went wrong when the generator and the analyzer ran over <paramref name="compilation"/>, or
    /// <see langword="null"/>.</summary>
    internal static string? Problem(Compilation compilation)
    {
        var run = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult();
        foreach (var result in run.Results)
        {
            if (result.Exception is { } exception)
            {
                return "generator threw: " + exception;
            }
        }

        if (run.Diagnostics.FirstOrDefault(d => d.Id == "CS8785") is { } generatorFailed)
        {
            return generatorFailed.ToString();
        }

        var thrown = new ConcurrentQueue<Exception>();
        var analysis = new CompilationWithAnalyzers(
            compilation,
            [new ToolGenAnalyzer()],
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]),
                onAnalyzerException: (exception, _, _) => thrown.Enqueue(exception),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false));
        var diagnostics = analysis.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        if (thrown.TryPeek(out var analyzerException))
        {
            return "analyzer threw: " + analyzerException;
        }

        return diagnostics.FirstOrDefault(d => d.Id == "AD0001")?.ToString();
    }
}
