using System.Text;
using Basic.Reference.Assemblies;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ToolGen.Generator;

namespace ToolGen.Benchmarks;

/// <summary>
/// The generator's cost in the IDE: a first run over a project with 100 tools in 20 classes, and the run after an
/// edit of a file without tools, which the incremental pipeline should make close to free. Two baselines bound what
/// "free" can mean: a generator that registers nothing (the driver's own cost of a new compilation), and one that
/// only finds the same <c>[AssistantTool]</c> methods and keeps their names (the cost Roslyn's
/// <c>ForAttributeWithMetadataName</c> pays on every edit, since it re-runs the transform for every match once the
/// compilation changes).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Parse);

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;
    private GeneratorDriver _warmEmptyDriver = null!;
    private GeneratorDriver _warmAttributeOnlyDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var trees = Enumerable.Range(0, 20).Select(i => CSharpSyntaxTree.ParseText(ToolClass(i), ParseOptions, path: $"Tools{i}.cs")).ToList();
        var unrelated = CSharpSyntaxTree.ParseText("namespace App; public static class Unrelated { public static int Value => 1; }", ParseOptions, path: "Unrelated.cs");
        _compilation = CSharpCompilation.Create(
            "Consumer",
            [.. trees, unrelated],
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(ToolSet).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _edited = _compilation.ReplaceSyntaxTree(
            unrelated,
            CSharpSyntaxTree.ParseText("namespace App; public static class Unrelated { public static int Value => 2; }", ParseOptions, path: "Unrelated.cs"));
        _warmDriver = NewDriver().RunGenerators(_compilation);
        _warmEmptyDriver = NewDriver(new EmptyGenerator()).RunGenerators(_compilation);
        _warmAttributeOnlyDriver = NewDriver(new AttributeOnlyGenerator()).RunGenerators(_compilation);
    }

    [Benchmark(Description = "First run, 100 tools in 20 classes")]
    public GeneratorDriver FirstRun() => NewDriver().RunGenerators(_compilation);

    [Benchmark(Description = "Run after editing a file without tools")]
    public GeneratorDriver RunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_edited);

    [Benchmark(Description = "Baseline: generator doing nothing, run after the edit")]
    public GeneratorDriver EmptyGeneratorAfterUnrelatedEdit() => _warmEmptyDriver.RunGenerators(_edited);

    [Benchmark(Description = "Baseline: attribute lookup only, run after the edit")]
    public GeneratorDriver AttributeLookupAfterUnrelatedEdit() => _warmAttributeOnlyDriver.RunGenerators(_edited);

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

    private static string ToolClass(int index)
    {
        var source = new StringBuilder($"using System.Threading; using System.Threading.Tasks; using ToolGen;\nnamespace App.Tools{index};\npublic enum Unit{index} {{ Metric, Imperial }}\npublic static partial class Tools{index}\n{{\n");
        for (var t = 0; t < 5; t++)
        {
            source.Append($$"""
                    /// <summary>Tool {{t}} of class {{index}}.</summary>
                    /// <param name="city">The city.</param>
                    /// <param name="days">Days ahead.</param>
                    [AssistantTool]
                    public static Task<string> Forecast{{t}}Async(string city, int days = 1, Unit{{index}}? unit = null, string[]? tags = null, CancellationToken cancellationToken = default)
                        => Task.FromResult(city);

                """);
        }

        return source.Append("}\n").ToString();
    }
}
