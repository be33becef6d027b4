using System.Text;

namespace ToolGen.OpenAI.Tests.Rounds;

/// <summary>The budget a round's outputs share (the Assistants service takes at most 512 KB per submission).</summary>
public sealed class SubmissionBudgetTests
{
    private static int Bytes(IEnumerable<ToolResult> results) => results.Sum(r => Encoding.UTF8.GetByteCount(r.Output));

    [Fact]
    public void Outputs_within_the_budget_are_sent_unchanged()
    {
        ToolResult[] outputs = [ToolResult.Success("a", new string('x', 600)), ToolResult.Success("b", new string('y', 400))];

        var kept = SubmissionBudget.Apply(outputs, 1024, out var cut);

        Assert.Same(outputs, kept);
        Assert.Equal(0, cut);
    }

    [Fact]
    public void Only_outputs_above_their_fair_share_are_cut_and_each_cut_says_its_full_length()
    {
        ToolResult[] outputs =
        [
            ToolResult.Success("big", new string('x', 5000)),
            ToolResult.Success("small", new string('y', 100)),
            ToolResult.Success("large", new string('z', 3000)),
        ];

        var kept = SubmissionBudget.Apply(outputs, 2048, out var cut);

        Assert.Equal(2, cut);
        Assert.Equal(outputs[1], kept[1]);
        Assert.EndsWith("… [output truncated: 5000 characters; round budget 2048 bytes]", kept[0].Output, StringComparison.Ordinal);
        Assert.EndsWith("… [output truncated: 3000 characters; round budget 2048 bytes]", kept[2].Output, StringComparison.Ordinal);
        Assert.InRange(Bytes(kept), 2000, 2048);

        // What is left after the small output is shared evenly by the two large ones.
        Assert.InRange(Math.Abs(Encoding.UTF8.GetByteCount(kept[0].Output) - Encoding.UTF8.GetByteCount(kept[2].Output)), 0, 1);
        Assert.Equal(["big", "small", "large"], kept.Select(r => r.CallId));
    }

    [Fact]
    public void Error_outputs_are_never_cut_and_count_against_the_budget()
    {
        var error = ToolResult.Failure("e", new ToolError(ToolErrorKind.ToolFailed, "t", new string('m', 900)));
        ToolResult[] outputs = [error, ToolResult.Success("ok", new string('x', 3000))];

        var kept = SubmissionBudget.Apply(outputs, 2048, out _);

        Assert.Same(error, kept[0]);
        Assert.True(Bytes(kept) <= 2048);
        Assert.StartsWith("xxx", kept[1].Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_never_splits_a_character_encoded_in_several_bytes()
    {
        // "é" is 2 bytes and "𝄞" 4 bytes (a surrogate pair) in UTF-8.
        var text = string.Concat(Enumerable.Repeat("é𝄞", 1000));
        var kept = SubmissionBudget.Apply([ToolResult.Success("a", text)], 1024, out var cut);

        Assert.Equal(1, cut);
        var output = kept[0].Output;
        var body = output[..output.IndexOf('…', StringComparison.Ordinal)];
        Assert.Equal(body, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(body)));
        Assert.StartsWith(body, text, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(output) <= 1024);
    }
}
