using System.Collections.Concurrent;
using System.Text;
using Basic.Reference.Assemblies;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ToolGen.Generator;

namespace ToolGen.Benchmarks;

/// <summary>
/// The generator's cost at build time and in the IDE, for a project with 100 or 1,000 tools (5 per class): a first
/// (cold) run over the project, a re-run over the same compilation, and the runs after three edits: a file without
/// tools, the body of one tool, and the doc comment of one tool (which changes that tool's description, so its class's
/// source is emitted again). Two baselines bound what a re-run after an edit can cost: a generator that registers
/// nothing (the driver's own cost of a new compilation), and one that only finds the same <c>[AssistantTool]</c>
/// methods and keeps their names (the cost Roslyn's <c>ForAttributeWithMetadataName</c> pays on every edit, since it
/// re-runs the transform for every match once the compilation changes).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    /// <summary>The category of the two baselines, which the quick run leaves out.</summary>
    public const string Baseline = "baseline";

    private const int ToolsPerClass = 5;
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Parse);

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _unrelatedEdit = null!;
    private CSharpCompilation _bodyEdit = null!;
    private CSharpCompilation _docEdit = null!;
    private GeneratorDriver _warmDriver = null!;
    private static readonly ConcurrentDictionary<int, TestProject> Projects = new();

    private Lazy<GeneratorDriver> _warmEmptyDriver = null!;
    private Lazy<GeneratorDriver> _warmAttributeOnlyDriver = null!;

    /// <summary>How many tools the project holds.</summary>
    [Params(100, 1000)]
    public int Tools { get; set; }

    /// <summary>Takes the project of <see cref="Tools"/> tools (built and checked once per process, since the quick
    /// run sets up every benchmark in one process and a project of 1,000 tools takes seconds to build).</summary>
    /// <exception cref="InvalidOperationException">The generator reported an error or emitted an unexpected number of
    /// sources, or the doc edit changed nothing.</exception>
    [GlobalSetup]
    public void Setup()
    {
        var project = Projects.GetOrAdd(Tools, BuildProject);
        (_compilation, _unrelatedEdit, _bodyEdit, _docEdit, _warmDriver) = project;
        // Only the baselines use these; built on their first call (the pilot stage), so the other benchmarks' setup
        // does not pay for them.
        _warmEmptyDriver = new(() => NewDriver(new EmptyGenerator()).RunGenerators(_compilation));
        _warmAttributeOnlyDriver = new(() => NewDriver(new AttributeOnlyGenerator()).RunGenerators(_compilation));
    }

    /// <summary>A new driver over the project: what a build does.</summary>
    /// <returns>The driver after the run.</returns>
    [Benchmark(Description = "cold run")]
    public GeneratorDriver FirstRun() => NewDriver().RunGenerators(_compilation);

    /// <summary>A warm driver over the same compilation again.</summary>
    /// <returns>The driver after the run.</returns>
    [Benchmark(Description = "re-run, same compilation")]
    public GeneratorDriver RunAgain() => _warmDriver.RunGenerators(_compilation);

    /// <summary>A warm driver after an edit of a file without tools.</summary>
    /// <returns>The driver after the run.</returns>
    [Benchmark(Description = "re-run after editing a file without tools")]
    public GeneratorDriver RunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_unrelatedEdit);

    /// <summary>A warm driver after an edit of one tool's body.</summary>
    /// <returns>The driver after the run.</returns>
    [Benchmark(Description = "re-run after editing one tool's body")]
    public GeneratorDriver RunAfterBodyEdit() => _warmDriver.RunGenerators(_bodyEdit);

    /// <summary>A warm driver after an edit of one tool's doc comment.</summary>
    /// <returns>The driver after the run.</returns>
    [Benchmark(Description = "re-run after editing one tool's doc comment")]
    public GeneratorDriver RunAfterDocEdit() => _warmDriver.RunGenerators(_docEdit);

    /// <summary>Baseline: a generator that registers nothing, after the unrelated edit.</summary>
    /// <returns>The driver after the run.</returns>
    [Benchmark(Description = "baseline: generator doing nothing, after the unrelated edit"), BenchmarkCategory(Baseline)]
    public GeneratorDriver EmptyGeneratorAfterUnrelatedEdit() => _warmEmptyDriver.Value.RunGenerators(_unrelatedEdit);

    /// <summary>Baseline: only the attribute lookup, after the unrelated edit.</summary>
    /// <returns>The driver after the run.</returns>
    [Benchmark(Description = "baseline: attribute lookup only, after the unrelated edit"), BenchmarkCategory(Baseline)]
    public GeneratorDriver AttributeLookupAfterUnrelatedEdit() => _warmAttributeOnlyDriver.Value.RunGenerators(_unrelatedEdit);

    /// <summary>Builds a project of <paramref name="tools"/> tools and its three edits, runs the generator once, and
    /// checks that the run generated a source per class without errors and that the doc edit changed a
    /// description.</summary>
    private static TestProject BuildProject(int tools)
    {
        var classes = tools / ToolsPerClass;
        var trees = Enumerable.Range(0, classes).Select(i => Parse(ToolClass(i, body: "city", summary: "Tool"), $"Tools{i}.cs")).ToList();
        var unrelated = Parse("namespace App; public static class Unrelated { public static int Value => 1; }", "Unrelated.cs");
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [.. trees, unrelated],
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(ToolSet).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var project = new TestProject(
            compilation,
            compilation.ReplaceSyntaxTree(unrelated, Parse("namespace App; public static class Unrelated { public static int Value => 2; }", "Unrelated.cs")),
            compilation.ReplaceSyntaxTree(trees[0], Parse(ToolClass(0, body: "city + \"!\"", summary: "Tool"), "Tools0.cs")),
            compilation.ReplaceSyntaxTree(trees[0], Parse(ToolClass(0, body: "city", summary: "Edited tool"), "Tools0.cs")),
            NewDriver().RunGenerators(compilation));

        var first = project.WarmDriver.GetRunResult();
        if (first.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || first.GeneratedTrees.Length < classes)
        {
            throw new InvalidOperationException($"The first run generated {first.GeneratedTrees.Length} sources for {classes} classes: " + string.Join("; ", first.Diagnostics));
        }

        var edited = project.WarmDriver.RunGenerators(project.DocEdit).GetRunResult().GeneratedTrees.Select(t => t.ToString());
        if (!edited.Any(source => source.Contains("Edited tool", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("The doc comment edit did not reach the generated source.");
        }

        return project;
    }

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: path);

    private static GeneratorDriver NewDriver() => NewDriver(new ToolGenGenerator());

    private static GeneratorDriver NewDriver(IIncrementalGenerator generator)
        => CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: ParseOptions);

    private sealed class EmptyGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
        }
    }

    private sealed class AttributeOnlyGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var names = context.SyntaxProvider
                .ForAttributeWithMetadataName("ToolGen.AssistantToolAttribute", static (node, _) => node is MethodDeclarationSyntax, static (c, _) => c.TargetSymbol.Name)
                .Collect();
            context.RegisterSourceOutput(names, static (_, _) => { });
        }
    }

    private static string ToolClass(int index, string body, string summary)
    {
        var source = new StringBuilder($"using System.Threading; using System.Threading.Tasks; using ToolGen;\nnamespace App.Tools{index};\npublic enum Unit{index} {{ Metric, Imperial }}\npublic static partial class Tools{index}\n{{\n");
        for (var t = 0; t < ToolsPerClass; t++)
        {
            source.Append($$"""
                    /// <summary>{{(t == 0 ? summary : "Tool")}} {{t}} of class {{index}}.</summary>
                    /// <param name="city">The city.</param>
                    /// <param name="days">Days ahead.</param>
                    [AssistantTool]
                    public static Task<string> Forecast{{t}}Async(string city, int days = 1, Unit{{index}}? unit = null, string[]? tags = null, CancellationToken cancellationToken = default)
                        => Task.FromResult({{(t == 0 ? body : "city")}});

                """);
        }

        return source.Append("}\n").ToString();
    }

    /// <summary>A project, its three edits, and a driver that has run over the project once.</summary>
    private sealed record TestProject(
        CSharpCompilation Compilation,
        CSharpCompilation UnrelatedEdit,
        CSharpCompilation BodyEdit,
        CSharpCompilation DocEdit,
        GeneratorDriver WarmDriver);
}
