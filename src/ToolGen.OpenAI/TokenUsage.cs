namespace ToolGen.OpenAI;

/// <summary>Tokens a runner's loop used, summed over every model request it made (the API's <c>usage</c> of each
/// chat completion or response). A request whose answer carries no <c>usage</c> (some OpenAI-compatible servers
/// omit it) adds nothing.</summary>
/// <param name="InputTokens">Prompt tokens (<c>prompt_tokens</c> / <c>input_tokens</c>), summed.</param>
/// <param name="OutputTokens">Generated tokens (<c>completion_tokens</c> / <c>output_tokens</c>), summed.</param>
/// <param name="TotalTokens">The sum of <c>total_tokens</c>.</param>
public readonly record struct TokenUsage(long InputTokens, long OutputTokens, long TotalTokens)
{
    /// <summary>The element-wise sum of two usages.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum.</returns>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
        => new(left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens, left.TotalTokens + right.TotalTokens);

    /// <summary>The element-wise sum of two usages; the named alternative to <c>+</c>.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum.</returns>
    public static TokenUsage Add(TokenUsage left, TokenUsage right) => left + right;
}
