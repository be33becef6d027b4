namespace ToolGen.Emulator.Http;

/// <summary>The token counts of every API's <c>usage</c>: estimates, a token per four characters.</summary>
internal static class Tokens
{
    public static long Estimate(string text) => (text.Length + 3) / 4;

    /// <summary>The start of <paramref name="text"/> that fits in <paramref name="maxTokens"/> estimated tokens.</summary>
    public static string Truncate(string text, long maxTokens) =>
        Prefix(text, maxTokens >= Estimate(text) ? text.Length : (int)Math.Max(0, maxTokens * 4));

    /// <summary>The first <paramref name="length"/> characters, one fewer if the cut would split a surrogate pair:
    /// a lone surrogate is not valid UTF-16, so it cannot reach the client intact in JSON.</summary>
    public static string Prefix(string text, int length) =>
        length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];

    public static long Estimate(ModelRequest request) =>
        Estimate(request.Instructions ?? "")
        + request.Tools.Sum(t => Estimate(t.Name) + Estimate(t.Description ?? "") + Estimate(t.ParametersJson))
        + request.Conversation.Sum(item => item switch
        {
            UserMessageItem u => Estimate(u.Text),
            AssistantMessageItem a => Estimate(a.Text),
            ToolCallItem c => Estimate(c.Arguments) + Estimate(c.Output),
            _ => 0,
        });
}
