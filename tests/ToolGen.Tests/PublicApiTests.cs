using ToolGen.Testing;

namespace ToolGen.Tests;

/// <summary>Code generated into users' assemblies calls ToolGen's public members (the argument reader, the output
/// writer, ToolSet, ToolDefinition, ToolResult): a package update that changed one of them would break every project
/// built with the older generator. The baseline makes such a change a deliberate act.</summary>
public class PublicApiTests
{
    [Fact]
    public void The_public_API_of_ToolGen_matches_its_baseline()
        => PublicApi.AssertMatchesBaseline(PublicApi.Describe(typeof(ToolSet).Assembly), "ToolGen.PublicApi.txt");

    [Fact]
    public void The_description_shows_signatures_as_CSharp_writes_them()
    {
        var lines = PublicApi.Describe(typeof(ToolSet).Assembly).Split('\n');
        Assert.Contains("ToolGen.Binding.ToolArgumentReader: public bool TryReadInt32(out int value)", lines);
        Assert.Contains("ToolGen.Binding.ToolArgumentReader: public bool TryReadEnum<TEnum>(string[] names, TEnum[] values, out TEnum value) where TEnum : struct, System.Enum", lines);
        Assert.Contains("ToolGen.Binding.ToolArgumentReader: public readonly bool IsProperty(System.ReadOnlySpan<byte> utf8Name)", lines);
        Assert.Contains("ToolGen.Binding.ToolArgumentReader: ref struct", lines);
        Assert.Contains("ToolGen.ToolSet: protected abstract System.Threading.Tasks.ValueTask<ToolGen.ToolResult> InvokeCoreAsync(ToolGen.ToolCall call, System.Threading.CancellationToken cancellationToken)", lines);
        Assert.Contains("ToolGen.ToolDefinition: public ToolDefinition(string name, string? description, System.ReadOnlyMemory<byte> parametersSchema, bool strict)", lines);
        Assert.Contains("ToolGen.ToolErrorKind: InvalidJson = 0", lines);
        Assert.Equal(lines.Where(l => l.Length > 0).Order(StringComparer.Ordinal), lines.Where(l => l.Length > 0));
    }

    [Fact]
    public void A_differing_baseline_fails_with_the_lines_that_changed_and_writes_what_was_received()
    {
        var folder = Directory.CreateTempSubdirectory("toolgen-api-").FullName;
        try
        {
            var baseline = Path.Combine(folder, "Api.txt");
            File.WriteAllText(baseline, "A: kept\nA: removed\n");
            var accept = Environment.GetEnvironmentVariable("TOOLGEN_ACCEPT_SNAPSHOTS") == "1";

            void Compare() => PublicApi.AssertMatchesBaseline("A: added\nA: kept\n", "Api.txt", Path.Combine(folder, "Tests.cs"));

            if (accept)
            {
                // Run to accept snapshots, the helper overwrites instead of failing.
                Compare();
                Assert.Equal("A: added\nA: kept\n", File.ReadAllText(baseline));
                return;
            }

            var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(Compare);
            Assert.Contains("- A: removed", failure.Message);
            Assert.Contains("+ A: added", failure.Message);
            Assert.DoesNotContain("A: kept", failure.Message);
            Assert.Equal("A: added\nA: kept\n", File.ReadAllText(baseline + ".received"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_filter_picks_the_types_described()
    {
        var text = PublicApi.Describe(typeof(ToolSet).Assembly, t => t.Namespace == "ToolGen.Binding");
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("ToolGen.Binding.", line));
        Assert.Contains("ToolGen.Binding.ToolOutput: ", text);
    }
}
