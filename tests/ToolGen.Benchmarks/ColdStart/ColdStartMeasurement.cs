using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ToolGen.Benchmarks.ColdStart;

/// <summary>The median time of one kind of launch, or why it could not be measured.</summary>
/// <param name="Runtime"><c>JIT</c> or <c>NativeAOT</c>.</param>
/// <param name="Mode"><c>empty</c>, <c>toolgen</c>, <c>meai</c> or <c>floor</c> (see tests/ToolGen.Benchmarks.ColdStart/Program.cs).</param>
/// <param name="MedianMilliseconds">The median wall time from process start to exit, in milliseconds; <see langword="null"/>
/// when the mode failed.</param>
/// <param name="Failure">What went wrong (the process's exit code and standard error, or the build's last lines).</param>
public sealed record ColdStartResult(string Runtime, string Mode, double? MedianMilliseconds, string? Failure);

/// <summary>
/// Cold start timed as whole processes: tests/ToolGen.Benchmarks.ColdStart, as built with the benchmark project (JIT,
/// run through its apphost) and published with NativeAOT; each mode is launched <c>launches</c> times, round-robin so
/// that load on the machine falls on every mode alike; the first round warms the disk cache and is dropped. The
/// NativeAOT publish is kept in a cache folder (the app's <c>obj/cold-start-cache</c>) and redone only when its inputs
/// (the project, the files it links, src/ToolGen, src/ToolGen.Generator, src/ToolGen.Build, the build props, the
/// runtime) change.
/// </summary>
public static class ColdStartMeasurement
{
    private static readonly string[] Modes = ["empty", "toolgen", "meai", "floor"];

    /// <summary>Publishes (or reuses) the NativeAOT app and launches each mode of both apps.</summary>
    /// <param name="repositoryRoot">The repository's root folder.</param>
    /// <param name="jitFolder">The folder of the app's JIT build.</param>
    /// <param name="launches">Timed launches per mode and runtime (at least 1).</param>
    /// <param name="log">Where progress goes.</param>
    /// <returns>One result per runtime and mode.</returns>
    public static IReadOnlyList<ColdStartResult> Run(string repositoryRoot, string jitFolder, int launches, TextWriter log)
    {
        const string Name = "ToolGen.Benchmarks.ColdStart";
        var project = Path.Combine(repositoryRoot, "tests", Name);
        var aotFolder = Path.Combine(project, "obj", "cold-start-cache", "NativeAOT");
        var results = new List<ColdStartResult>();
        var jitApp = Path.Combine(jitFolder, Name);
        results.AddRange(File.Exists(jitApp)
            ? Launch("JIT", jitApp, launches, log)
            : Modes.Select(mode => new ColdStartResult("JIT", mode, null, $"{jitApp} was not built")));
        var failure = EnsurePublished(project, aotFolder, $"-r {RuntimeInformation.RuntimeIdentifier} -p:ColdStartAot=true", InputsHash(repositoryRoot), log);
        results.AddRange(failure is null
            ? Launch("NativeAOT", Path.Combine(aotFolder, Name), launches, log)
            : Modes.Select(mode => new ColdStartResult("NativeAOT", mode, null, failure)));
        return results;
    }

    private static string? EnsurePublished(string project, string output, string extra, string inputs, TextWriter log)
    {
        var stamp = Path.Combine(output, ".inputs");
        if (File.Exists(stamp) && File.ReadAllText(stamp) == inputs)
        {
            log.WriteLine($"cold start: reusing {output} (inputs unchanged)");
            return null;
        }

        log.WriteLine($"cold start: publishing with NativeAOT into {output}");
        var started = Stopwatch.StartNew();
        var (exitCode, text) = RunProcess("dotnet", $"publish \"{project}\" -c Release -o \"{output}\" {extra} -nologo -clp:NoSummary");
        log.WriteLine($"cold start: publish took {started.Elapsed.TotalSeconds:0.0} s");
        if (exitCode != 0)
        {
            return "publish failed: " + string.Join(" / ", text.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(3));
        }

        File.WriteAllText(stamp, inputs);
        return null;
    }

    private static IEnumerable<ColdStartResult> Launch(string runtime, string app, int launches, TextWriter log)
    {
        var times = Modes.ToDictionary(m => m, _ => new List<double>());
        var failures = new Dictionary<string, string>();
        for (var round = 0; round <= launches; round++)
        {
            foreach (var mode in Modes.Where(m => !failures.ContainsKey(m)))
            {
                var started = Stopwatch.GetTimestamp();
                var (exitCode, error) = RunProcess(app, mode);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (exitCode != 0)
                {
                    failures[mode] = $"exit code {exitCode}{(error.Length > 0 ? ": " + error.Trim() : "")}";
                }
                else if (round > 0)
                {
                    times[mode].Add(elapsed);
                }
            }
        }

        foreach (var mode in Modes)
        {
            var median = failures.ContainsKey(mode) ? (double?)null : Median(times[mode]);
            log.WriteLine($"cold start: {runtime} {mode}: {(median is { } m ? $"{m:0.0} ms (median of {launches})" : failures[mode])}");
            yield return new ColdStartResult(runtime, mode, median, failures.GetValueOrDefault(mode));
        }
    }

    private static (int ExitCode, string Text) RunProcess(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.GetAwaiter().GetResult() + error);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>A hash of every file the two apps are built from, and of the SDK building them.</summary>
    private static string InputsHash(string root)
    {
        var folders = new[] { "src/ToolGen", "src/ToolGen.Generator", "src/ToolGen.Build", "tests/ToolGen.Benchmarks.ColdStart", "tests/ToolGen.Benchmarks/Dispatch" };
        var files = folders
            .Select(f => Path.Combine(root, f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "src/Directory.Build.props", "src/Directory.Build.targets", "tests/Directory.Build.props" }.Select(f => Path.Combine(root, f)).Where(File.Exists))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(RuntimeInformation.FrameworkDescription + "\n"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
