using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using ToolGen.Benchmarks.ColdStart;
using ToolGen.Benchmarks.Dispatch;
using ToolGen.Benchmarks.Loop;

namespace ToolGen.Benchmarks.Quick;

/// <summary>
/// <c>--quick</c>: every benchmark (but the generator's baselines and its re-runs with 100 tools) once, in process
/// with a short job (no generated project to build), then the cold-start launches, then <c>summary.md</c> with the
/// ratios of issue 8's targets, all from this one run. Options: <c>--out DIR</c> (default
/// <c>BenchmarkDotNet.Artifacts</c>), <c>--launches N</c> (cold-start launches per mode, default 10).
/// </summary>
public static class QuickRun
{
    /// <summary>Runs everything and writes the summary.</summary>
    /// <param name="args">The command line, <c>--quick</c> included.</param>
    /// <returns>The process exit code: 0, or 1 when a benchmark failed to run or a setup check threw.</returns>
    public static int Run(string[] args)
    {
        var artifacts = Path.GetFullPath(Option(args, "--out") ?? "BenchmarkDotNet.Artifacts");
        var launches = int.TryParse(Option(args, "--launches"), out var n) && n > 0 ? n : 10;
        var started = Stopwatch.StartNew();
        // Nanosecond benchmarks get BenchmarkDotNet's short run (three warm-up and three measured iterations); the
        // millisecond ones, whose setups and operations are longer, one warm-up and shorter iterations.
        var fast = Config(Job.ShortRun.WithIterationTime(TimeInterval.FromMilliseconds(100)), artifacts);
        var slow = Config(Job.ShortRun.WithWarmupCount(1).WithIterationTime(TimeInterval.FromMilliseconds(50)), artifacts);
        Summary[] summaries =
        [
            BenchmarkRunner.Run<DispatchBenchmarks>(fast),
            BenchmarkRunner.Run<ToolListBenchmarks>(fast),
            BenchmarkRunner.Run<GeneratorBenchmarks>(slow),
            BenchmarkRunner.Run<LoopBenchmarks>(slow),
        ];

        var root = Metadata("RepositoryRoot");
        var coldStart = ColdStartMeasurement.Run(root, Metadata("ColdStartJitFolder"), launches, Console.Out);
        var summaryPath = Path.Combine(artifacts, "summary.md");
        var page = QuickSummary.Write(summaries, coldStart, Commit(root), started.Elapsed);
        File.WriteAllText(summaryPath, page);
        Console.WriteLine();
        Console.WriteLine(page);
        Console.WriteLine($"JSON export: {Path.Combine(artifacts, "results")}");
        Console.WriteLine($"Summary: {summaryPath}");
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success) || s.Reports.Length < s.BenchmarksCases.Length);
        return failed ? 1 : 0;
    }

    private static ManualConfig Config(Job job, string artifacts) => ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick"))
        .AddExporter(JsonExporter.Full)
        .AddFilter(new SimpleFilter(InQuickRun))
        .WithArtifactsPath(artifacts);

    /// <summary>The quick run leaves out the generator's baselines, and its re-runs with 100 tools (those with 1,000 show
    /// the IDE's worst case).</summary>
    private static bool InQuickRun(BenchmarkCase benchmark)
        => !benchmark.Descriptor.Categories.Contains(GeneratorBenchmarks.Baseline)
            && !(benchmark.Descriptor.Type == typeof(GeneratorBenchmarks)
                && benchmark.Descriptor.WorkloadMethod.Name != nameof(GeneratorBenchmarks.FirstRun)
                && Equals(benchmark.Parameters["Tools"], 100));

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>A folder the build wrote into the assembly (the repository root, the cold-start app's JIT build), so they
    /// are found whatever the working directory.</summary>
    private static string Metadata(string key)
        => typeof(QuickRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    private static string Commit(string root)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{root}\" rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }
}
