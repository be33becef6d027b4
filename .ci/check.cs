// CI checks that read what the steps wrote, in C# so CI needs nothing but the .NET SDK.
//   dotnet run .ci/check.cs -- trx DIR           prints "passed failed skipped" summed over every TRX file below DIR
//   dotnet run .ci/check.cs -- transcript FILE   fails unless the sample's transcript is a completed run with a fetch_url call
//   dotnet run .ci/check.cs -- benchmarks DIR    fails unless every BenchmarkDotNet benchmark below DIR has a measurement
using System.Text.Json;
using System.Xml.Linq;

return args switch
{
    ["trx", var dir] => Trx(dir),
    ["transcript", var file] => Transcript(file),
    ["benchmarks", var dir] => Benchmarks(dir),
    _ => Usage(),
};

static int Trx(string dir)
{
    long passed = 0, failed = 0, skipped = 0;
    foreach (var path in Directory.EnumerateFiles(dir, "*.trx", SearchOption.AllDirectories))
    {
        var counters = XDocument.Load(path).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters is null)
        {
            continue;
        }

        long Count(string name) => long.TryParse(counters.Attribute(name)?.Value, out var n) ? n : 0;
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
    }

    Console.WriteLine($"{passed} {failed} {skipped}");
    return 0;
}

static int Transcript(string file)
{
    using var document = JsonDocument.Parse(File.ReadAllText(file));
    var root = document.RootElement;
    var status = root.GetProperty("final").GetProperty("status").GetString();
    var text = root.GetProperty("final").GetProperty("text").GetString();
    var calls = root.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "tool_call").ToList();
    var fetched = calls.Any(c => c.GetProperty("name").GetString() == "fetch_url" && !c.GetProperty("is_error").GetBoolean());
    if (root.GetProperty("api").GetString() != "assistants" || status != "completed" || !fetched || string.IsNullOrWhiteSpace(text))
    {
        Console.Error.WriteLine($"The sample's run is not a completed run with a fetch_url call: status {status}, {calls.Count} tool call(s), answer '{text}'.");
        return 1;
    }

    Console.WriteLine($"sample transcript OK: {calls.Count} tool call(s), final status {status}");
    return 0;
}

static int Benchmarks(string dir)
{
    var benchmarks = Directory.EnumerateFiles(dir, "*-report-full-compressed.json", SearchOption.AllDirectories)
        .SelectMany(path => JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("Benchmarks").EnumerateArray().ToList())
        .ToList();
    var missing = benchmarks
        .Where(b => !b.TryGetProperty("Statistics", out var s) || s.ValueKind != JsonValueKind.Object)
        .Select(b => b.GetProperty("FullName").GetString())
        .ToList();
    if (benchmarks.Count == 0 || missing.Count > 0)
    {
        Console.Error.WriteLine(benchmarks.Count == 0 ? "No benchmark ran." : "Benchmarks without a measurement: " + string.Join(", ", missing));
        return 1;
    }

    Console.WriteLine($"{benchmarks.Count} benchmarks ran");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: check.cs trx DIR | transcript FILE | benchmarks DIR");
    return 2;
}
