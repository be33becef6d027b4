// CI checks that read what the steps wrote, in C# so CI needs nothing but the .NET SDK.
//   dotnet run .ci/check.cs -- trx DIR           prints "passed failed skipped" summed over every TRX file below DIR
//   dotnet run .ci/check.cs -- transcript FILE   fails unless the sample's transcript is a completed run with a fetch_url call
//   dotnet run .ci/check.cs -- benchmarks DIR    fails unless every BenchmarkDotNet benchmark below DIR has a measurement
//   dotnet run .ci/check.cs -- packages FEED SRC fails unless FEED holds exactly one package per packable project in SRC,
//                                                each complete (see Packages)
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;

return args switch
{
    ["trx", var dir] => Trx(dir),
    ["transcript", var file] => Transcript(file),
    ["benchmarks", var dir] => Benchmarks(dir),
    ["packages", var feed, var src] => Packages(feed, src),
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

// Every project under SRC is a package unless it says <IsPackable>false</IsPackable>. Each package must carry the license
// (expression and text), its README, authors, description and tags, lib/net10.0/<id>.dll built for CI (PDB paths
// mapped to /_/) with its XML docs, a .snupkg with the PDB, a dependency on each project it references (same version,
// all assets, so analyzers flow), and the build output of each project it bundles (a ProjectReference with PackagePath).
static int Packages(string feed, string src)
{
    var problems = new List<string>();
    var projects = Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories)
        .Select(path => (Path: path, Xml: XDocument.Load(path)))
        .Where(p => !string.Equals(Property(p.Xml, "IsPackable"), "false", StringComparison.OrdinalIgnoreCase))
        .ToDictionary(p => Property(p.Xml, "PackageId") ?? Path.GetFileNameWithoutExtension(p.Path), p => p.Xml);
    var packages = Directory.EnumerateFiles(feed, "*.nupkg").ToList();
    var found = new List<string>();
    foreach (var file in packages)
    {
        using var zip = ZipFile.OpenRead(file);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        string? Meta(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        var id = Meta("id") ?? file;
        var version = Meta("version");
        found.Add(id);
        void Require(bool ok, string what)
        {
            if (!ok)
            {
                problems.Add($"{id}: {what}");
            }
        }

        Require(projects.ContainsKey(id), "is not the package of a project under src/");
        var license = nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == "license");
        Require(license?.Attribute("type")?.Value == "expression" && license.Value == "MIT", "license expression is not MIT");
        Require(entries.Contains("LICENSE"), "LICENSE text missing");
        Require(Meta("readme") is { } readme && entries.Contains(readme), "README missing");
        Require(!string.IsNullOrWhiteSpace(Meta("authors")), "authors missing");
        Require(!string.IsNullOrWhiteSpace(Meta("description")), "description missing");
        Require(!string.IsNullOrWhiteSpace(Meta("tags")), "tags missing");
        Require(Meta("projectUrl") is null && nuspec.Descendants().All(e => e.Name.LocalName != "repository" || e.Attribute("url") is null), "a project or repository URL is set");
        Require(entries.Contains($"lib/net10.0/{id}.xml"), "XML docs missing");
        var dll = zip.GetEntry($"lib/net10.0/{id}.dll");
        Require(dll is not null && PdbPath(dll).StartsWith("/_/", StringComparison.Ordinal), "assembly missing or not built with ContinuousIntegrationBuild");
        var symbols = Path.ChangeExtension(file, ".snupkg");
        Require(File.Exists(symbols) && SymbolEntries(symbols).Contains($"lib/net10.0/{id}.pdb"), "symbol package (.snupkg) with the PDB missing");

        if (!projects.TryGetValue(id, out var project))
        {
            continue;
        }

        var dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e);
        foreach (var reference in project.Descendants("ProjectReference"))
        {
            var name = Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
            if (reference.Attribute("PackagePath")?.Value is { } packagePath)
            {
                Require(entries.Contains($"{packagePath.TrimEnd('/')}/{name}.dll"), $"{name}.dll missing under {packagePath}");
                Require(!dependencies.ContainsKey(name), $"depends on {name}, which it bundles");
            }
            else
            {
                Require(dependencies.TryGetValue(name, out var dependency) && dependency.Attribute("version")?.Value == version
                        && dependency.Attribute("exclude") is null,
                    $"no dependency on {name} {version} with all assets");
            }
        }
    }

    foreach (var missing in projects.Keys.Except(found))
    {
        problems.Add($"{missing}: no package");
    }

    foreach (var problem in problems)
    {
        Console.Error.WriteLine(problem);
    }

    Console.WriteLine(problems.Count == 0
        ? $"{found.Count} packages OK: {string.Join(", ", found.Order(StringComparer.Ordinal))}"
        : $"{problems.Count} problem(s) in the packages");
    return problems.Count == 0 ? 0 : 1;

    static string? Property(XDocument project, string name) => project.Descendants(name).FirstOrDefault()?.Value;

    static string PdbPath(ZipArchiveEntry dll)
    {
        using var copy = new MemoryStream();
        using (var stream = dll.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var pe = new PEReader(copy);
        var codeView = pe.ReadDebugDirectory().FirstOrDefault(d => d.Type == DebugDirectoryEntryType.CodeView);
        return codeView.DataSize == 0 ? "" : pe.ReadCodeViewDebugDirectoryData(codeView).Path;
    }

    static HashSet<string> SymbolEntries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Select(e => e.FullName).ToHashSet();
    }
}

static int Usage()
{
    Console.Error.WriteLine("usage: check.cs trx DIR | transcript FILE | benchmarks DIR | packages FEED SRC");
    return 2;
}
