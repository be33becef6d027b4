namespace ToolGen.Emulator.Http;

/// <summary>The token counts of every API's <c>usage</c>: estimates, a token per four characters.</summary>
internal static class Tokens
{
    public static long Estimate(string text) => (text.Length + 3) / 4;

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
