using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using ToolGen.Testing;

namespace ToolGen.Conformance.Tests;

/// <summary>Our non-strict schema of every corpus tool against what Microsoft.Extensions.AI derives from the same
/// method (<see cref="AIJsonUtilities.CreateFunctionJsonSchema"/>, default options): every difference, as one line
/// per path and keyword, is pinned in <c>MicrosoftExtensionsAI.differences.txt</c> and explained in docs/types.md.</summary>
public class DifferentialTests
{
    [Fact]
    public void Schemas_differ_from_Microsoft_Extensions_AI_only_as_listed()
    {
        var report = new StringBuilder();
        foreach (var tool in CorpusTools.All.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var theirs = JsonNode.Parse(AIJsonUtilities.CreateFunctionJsonSchema(tool.Method).GetRawText())!;
            foreach (var line in Differences(SchemaFacts.OfToolGen(tool.LooseSchema, tool.Definition.Description), SchemaFacts.Of(theirs)))
            {
                report.Append(tool.Name).Append(' ').AppendLine(line);
            }
        }

        var expected = ExpectedFile.SourcePath(Here()).Replace("DifferentialTests.cs", "MicrosoftExtensionsAI.differences.txt", StringComparison.Ordinal);
        ExpectedFile.Match(report.ToString(), expected, expected + ".received", ExpectedFile.Accepting, (want, got) => Diff(want, got));
    }

    [Fact]
    public void Facts_name_each_path_keyword_and_value()
    {
        var facts = SchemaFacts.Of(JsonNode.Parse("""
            {"type":"object","properties":{"a":{"anyOf":[{"$ref":"#/$defs/A"},{"type":"null"}]}},"required":[],
             "$defs":{"A":{"type":"object","properties":{"next":{"$ref":"#/$defs/A"},"n":{"type":"integer","minimum":1}}}}}
            """)!);
        Assert.Equal("integer", facts["a.n: type"]);
        Assert.Equal("1", facts["a.n: minimum"]);
        Assert.Equal("null|object", facts["a: type"]);
        Assert.Equal("next, n".Split(", ").Order(StringComparer.Ordinal), facts["a: properties"].Split(", "));
        Assert.Equal("yes", facts["a.next: recursive"]);
    }

    /// <summary>Lines <c>path: keyword: ours X | theirs Y</c>, <c>-</c> where a side has no such fact.</summary>
    private static IEnumerable<string> Differences(SortedDictionary<string, string> ours, SortedDictionary<string, string> theirs)
    {
        foreach (var key in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            var a = ours.GetValueOrDefault(key);
            var b = theirs.GetValueOrDefault(key);
            if (a != b)
            {
                yield return $"{key}: ours {a ?? "-"} | theirs {b ?? "-"}";
            }
        }
    }

    private static string Diff(string expected, string actual)
    {
        var want = expected.Split('\n').ToHashSet();
        var got = actual.Split('\n').ToHashSet();
        return "New differences:\n" + string.Join("\n", got.Except(want)) + "\nVanished differences:\n" + string.Join("\n", want.Except(got));
    }

    private static string Here([CallerFilePath] string path = "") => path;
}
