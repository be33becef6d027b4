namespace ToolGen.Generator.Tests;

public class SnapshotTests
{
    [Theory]
    [InlineData(nameof(Sources.StaticTools), Sources.StaticTools)]
    [InlineData(nameof(Sources.InstanceTools), Sources.InstanceTools)]
    [InlineData(nameof(Sources.NestedTools), Sources.NestedTools)]
    [InlineData(nameof(Sources.GlobalNamespaceTools), Sources.GlobalNamespaceTools)]
    [InlineData(nameof(Sources.AllTypes), Sources.AllTypes)]
    [InlineData(nameof(Sources.Records), Sources.Records)]
    public void Generated_source_matches_the_snapshot(string name, string source)
    {
        var result = GeneratorHarness.Run(source);
        Snapshot.Match(result.Single(), name);
    }

    [Theory]
    [InlineData(Sources.StaticTools)]
    [InlineData(Sources.InstanceTools)]
    [InlineData(Sources.NestedTools)]
    [InlineData(Sources.GlobalNamespaceTools)]
    [InlineData(Sources.AllTypes)]
    [InlineData(Sources.Records)]
    public void Generated_source_compiles_without_warnings_under_CSharp_12(string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilerProblems);
        Assert.Empty(GeneratorHarness.AnalyzerDiagnostics(result.Output));
    }
}
