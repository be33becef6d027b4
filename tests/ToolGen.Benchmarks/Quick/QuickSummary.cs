using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Reports;
using ToolGen.Benchmarks.ColdStart;
using ToolGen.Benchmarks.Dispatch;
using ToolGen.Benchmarks.Loop;

namespace ToolGen.Benchmarks.Quick;

/// <summary>
/// The one-page <c>summary.md</c> of a quick run: issue 8's targets, each as a ratio computed from this run's
/// BenchmarkDotNet summaries (medians, and allocated bytes per operation) and cold-start launches, with the target and
/// whether it was met; then the figures behind them.
/// </summary>
public static class QuickSummary
{
    /// <summary>Writes the page.</summary>
    /// <param name="summaries">The run's summaries.</param>
    /// <param name="coldStart">The cold-start medians.</param>
    /// <param name="commit">The commit measured.</param>
    /// <param name="elapsed">How long the whole run took.</param>
    /// <returns>The Markdown text.</returns>
    public static string Write(IReadOnlyList<Summary> summaries, IReadOnlyList<ColdStartResult> coldStart, string commit, TimeSpan elapsed)
    {
        var reports = summaries.SelectMany(s => s.Reports).ToList();
        var host = summaries.FirstOrDefault()?.HostEnvironmentInfo;
        var page = new StringBuilder();
        page.AppendLine("# ToolGen benchmarks: quick run");
        page.AppendLine();
        page.AppendLine(Invariant($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {commit}, {host?.Cpu.Value.ProcessorName ?? "unknown CPU"} ({Environment.ProcessorCount} logical cores, load average {LoadAverage()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; whole run {elapsed.TotalSeconds:0} s."));
        page.AppendLine("Short in-process jobs (3 measured iterations of 100 ms after 3 warm-ups; 50 ms after 1 for the generator and the loop): figures are medians, good to about ±10–20% on a quiet machine, far less on a loaded one.");
        page.AppendLine();
        page.AppendLine("| measure | this run | target | |");
        page.AppendLine("|---|---:|---|---|");

        var weatherToolGen = Find(reports, nameof(DispatchBenchmarks.ToolGenWeather));
        var weatherMeai = Find(reports, nameof(DispatchBenchmarks.MeaiWeather));
        var weatherFloor = Find(reports, nameof(DispatchBenchmarks.FloorWeather));
        var orderToolGen = Find(reports, nameof(DispatchBenchmarks.ToolGenOrder));
        var orderFloor = Find(reports, nameof(DispatchBenchmarks.FloorOrder));
        Row(page, "dispatch, primitive tool, vs the floor", Ratio(Median(weatherToolGen), Median(weatherFloor)), "≤ 1.3× (aim 1.1×)", r => r <= 1.3, "×");
        Row(page, "dispatch, primitive tool, vs Microsoft.Extensions.AI", Ratio(Median(weatherMeai), Median(weatherToolGen)), "≥ 8× faster", r => r >= 8, "× faster");
        var (toolGenBytes, floorBytes) = (Bytes(weatherToolGen), Bytes(weatherFloor));
        page.AppendLine(toolGenBytes is { } tb && floorBytes is { } fb
            ? Invariant($"| allocation, primitive tool (floor: the `ToolResult`, the output and the city string) | {tb} B vs floor {fb} B | nothing beyond the `ToolResult` and the output string | {(tb <= fb ? "met" : Invariant($"missed by {tb - fb} B"))} |")
            : "| allocation, primitive tool | not measured | nothing beyond the `ToolResult` and the output string | – |");
        Row(page, "dispatch, nested tool, vs its floor (source-generated DTO)", Ratio(Median(orderToolGen), Median(orderFloor)), "≤ 1.5×", r => r <= 1.5, "×");
        Row(
            page,
            "tool list vs uncached `AIFunctionFactory.Create`",
            Ratio(Median(Find(reports, nameof(ToolListBenchmarks.MeaiUncached))), Median(Find(reports, nameof(ToolListBenchmarks.ToolGenDefinitions)))),
            "≥ 1,000× faster",
            r => r >= 1000,
            "× faster");

        var jit = FirstUse(coldStart, "JIT");
        if (jit is { ToolGen: { } toolGenMs, Meai: { } meaiMs } && toolGenMs > 0)
        {
            var floor = jit.Value.Floor is { } floorMs ? Invariant($" (hand-written floor {floorMs:0.0} ms)") : "";
            Row(page, Invariant($"cold start, first use (process minus empty), JIT: ToolGen {toolGenMs:0.0} ms, Microsoft.Extensions.AI {meaiMs:0.0} ms{floor}"), meaiMs / toolGenMs, "≥ 10× cheaper", r => r >= 10, "× cheaper");
        }
        else
        {
            page.AppendLine($"| cold start, first use, JIT | not measured: {jit?.Failure ?? "no launch"} | ≥ 10× cheaper | – |");
        }

        var aot = coldStart.FirstOrDefault(r => r is { Runtime: "NativeAOT", Mode: "toolgen" });
        Row(page, "cold start, NativeAOT, whole process (ToolGen)", aot?.MedianMilliseconds, "< 50 ms", ms => ms < 50, " ms", aot?.Failure);
        Row(page, "generator, 1,000 tools, cold", Median(Find(reports, nameof(GeneratorBenchmarks.FirstRun), tools: 1000)) / 1e6, "< 500 ms on this machine", ms => ms < 500, " ms");
        Row(page, "ten parallel 100 ms tools, one round (Chat)", Median(Find(reports, nameof(LoopBenchmarks.TenParallelTools))) / 1e6, "< 150 ms", ms => ms < 150, " ms");

        page.AppendLine();
        page.AppendLine("## Figures behind the ratios");
        page.AppendLine();
        page.AppendLine("| benchmark | median | allocated |");
        page.AppendLine("|---|---:|---:|");
        foreach (var report in reports)
        {
            page.AppendLine(Invariant($"| {Name(report)} | {Time(Median(report))} | {(Bytes(report) is { } b ? Invariant($"{b:N0} B") : "–")} |"));
        }

        page.AppendLine();
        page.AppendLine("| cold start (median of whole-process launches) | JIT (apphost) | NativeAOT |");
        page.AppendLine("|---|---:|---:|");
        foreach (var mode in new[] { "empty", "toolgen", "meai", "floor" })
        {
            page.AppendLine($"| {mode} | {Launch(coldStart, "JIT", mode)} | {Launch(coldStart, "NativeAOT", mode)} |");
        }

        return page.ToString();
    }

    private static BenchmarkReport? Find(List<BenchmarkReport> reports, string method, int? tools = null)
        => reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (tools is null || Equals(r.BenchmarkCase.Parameters["Tools"], tools)));

    /// <summary>The median time of one operation, in nanoseconds.</summary>
    private static double? Median(BenchmarkReport? report) => report?.ResultStatistics?.Median;

    private static long? Bytes(BenchmarkReport? report)
        => report is null ? null : report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);

    private static double? Ratio(double? numerator, double? denominator)
        => numerator is { } n && denominator is { } d && d > 0 ? n / d : null;

    private static void Row(StringBuilder page, string measure, double? value, string target, Func<double, bool> met, string unit, string? failure = null)
    {
        var shown = value is { } v ? Invariant($"{v:0.##}{unit}") : "not measured" + (failure is null ? "" : ": " + failure);
        var verdict = value is { } x ? (met(x) ? "met" : "**missed**") : "–";
        page.AppendLine($"| {measure} | {shown} | {target} | {verdict} |");
    }

    private static (double? ToolGen, double? Meai, double? Floor, string? Failure)? FirstUse(IReadOnlyList<ColdStartResult> results, string runtime)
    {
        double? Of(string mode) => results.FirstOrDefault(r => r.Runtime == runtime && r.Mode == mode)?.MedianMilliseconds;
        var failure = results.FirstOrDefault(r => r.Runtime == runtime && r.Failure is not null)?.Failure;
        return Of("empty") is { } empty
            ? (Of("toolgen") - empty, Of("meai") - empty, Of("floor") - empty, failure)
            : (null, null, null, failure ?? "the empty process did not run");
    }

    private static string Launch(IReadOnlyList<ColdStartResult> results, string runtime, string mode)
        => results.FirstOrDefault(r => r.Runtime == runtime && r.Mode == mode) switch
        {
            { MedianMilliseconds: { } ms } => Invariant($"{ms:0.0} ms"),
            { Failure: { } failure } => "failed: " + failure.Replace("|", "/", StringComparison.Ordinal),
            _ => "–",
        };

    private static string Name(BenchmarkReport report)
    {
        var benchmark = report.BenchmarkCase;
        var category = benchmark.Descriptor.Categories.FirstOrDefault();
        var parameters = benchmark.HasParameters ? " [" + benchmark.Parameters.PrintInfo + "]" : "";
        return $"{benchmark.Descriptor.Type.Name.Replace("Benchmarks", "", StringComparison.Ordinal)}: {(category is null ? "" : category + ", ")}{benchmark.Descriptor.WorkloadMethodDisplayInfo.Trim('\'')}{parameters}".Replace("|", "/", StringComparison.Ordinal);
    }

    private static string Time(double? nanoseconds) => nanoseconds switch
    {
        null => "–",
        < 1e3 => Invariant($"{nanoseconds:0.0} ns"),
        < 1e6 => Invariant($"{nanoseconds / 1e3:0.00} µs"),
        _ => Invariant($"{nanoseconds / 1e6:0.00} ms"),
    };

    /// <summary>The 1-minute load average (Linux), so a reader sees how busy the machine was.</summary>
    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
