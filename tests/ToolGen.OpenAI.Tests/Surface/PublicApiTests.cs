using ToolGen.Testing;

namespace ToolGen.OpenAI.Tests.Surface;

/// <summary>The public API of ToolGen.OpenAI is pinned: a change shows up as a diff of PublicApi.approved.txt.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_public_api_matches_the_checked_in_baseline()
        => PublicApi.AssertMatchesBaseline(PublicApi.Describe(typeof(ToolRunOutcome).Assembly), "PublicApi.approved.txt");
}
