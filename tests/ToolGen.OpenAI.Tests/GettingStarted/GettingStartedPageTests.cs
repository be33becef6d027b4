using ToolGen.Testing;

namespace ToolGen.OpenAI.Tests.GettingStarted;

/// <summary>docs/getting-started.md shows only code that is compiled and run here: each C# block of the page follows a
/// <c>&lt;!-- snippet: NAME --&gt;</c> line and is the <c>#region NAME</c> of a file in this folder, indentation
/// removed.</summary>
public sealed class GettingStartedPageTests
{
    private static readonly string RepositoryRoot = Path.GetFullPath(Path.Combine(Fixtures.Root, "..", ".."));

    [Fact]
    public void Every_csharp_block_of_the_page_is_a_region_of_the_compiled_examples_and_every_region_is_shown()
    {
        var page = PageBlocks(File.ReadAllLines(Path.Combine(RepositoryRoot, "docs", "getting-started.md")));
        var regions = Directory.GetFiles(Path.Combine(RepositoryRoot, "tests", "ToolGen.OpenAI.Tests", "GettingStarted"), "*.cs")
            .SelectMany(path => Regions(File.ReadAllLines(path)))
            .ToDictionary(r => r.Name, r => r.Code);

        Assert.Equal(regions.Keys.Order(StringComparer.Ordinal), page.Select(b => b.Name ?? "(a C# block without a snippet line)").Order(StringComparer.Ordinal));
        foreach (var (name, code) in page)
        {
            Assert.Equal(regions[name!], code);
        }
    }

    [Fact]
    public void A_block_is_named_by_the_snippet_line_right_above_it_and_a_region_loses_its_indentation()
    {
        var page = PageBlocks(["<!-- snippet: a -->", "```csharp", "x();", "```", "text", "```csharp", "y();", "```", "```sh", "z", "```"]);
        var regions = Regions(["class C {", "    #region a", "    if (b)", "        x();", "    #endregion", "}"]);

        Assert.Equal([("a", "x();"), (null, "y();")], page);
        Assert.Equal([("a", "if (b)\n    x();")], regions);
    }

    private static List<(string? Name, string Code)> PageBlocks(IReadOnlyList<string> lines)
    {
        const string Marker = "<!-- snippet: ";
        var blocks = new List<(string?, string)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var above = i > 0 ? lines[i - 1].Trim() : "";
            var name = above.StartsWith(Marker, StringComparison.Ordinal) && above.EndsWith(" -->", StringComparison.Ordinal)
                ? above[Marker.Length..^4].Trim()
                : null;
            var end = i + 1;
            while (end < lines.Count && lines[end].Trim() != "```")
            {
                end++;
            }

            blocks.Add((name, string.Join('\n', lines.Skip(i + 1).Take(end - i - 1))));
            i = end;
        }

        return blocks;
    }

    private static List<(string Name, string Code)> Regions(IReadOnlyList<string> lines)
    {
        var regions = new List<(string, string)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith("#region ", StringComparison.Ordinal))
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Count && lines[end].Trim() != "#endregion")
            {
                end++;
            }

            var body = lines.Skip(i + 1).Take(end - i - 1).ToList();
            var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            regions.Add((line["#region ".Length..].Trim(), string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()))));
            i = end;
        }

        return regions;
    }
}
