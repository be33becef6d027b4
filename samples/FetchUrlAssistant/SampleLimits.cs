using ToolGen.OpenAI;

namespace FetchUrlAssistant;

/// <summary>The limits the sample puts on its runner.</summary>
internal static class SampleLimits
{
    /// <summary>A call may run for the fetch tool's own deadline plus 5 s of grace; past that the runner answers
    /// <c>tool_timeout</c> for it, so a stuck tool never holds a run until the run itself expires.</summary>
    public static ToolRoundOptions ToolRound { get; } = new() { CallTimeout = FetchLimits.Default.Deadline + TimeSpan.FromSeconds(5) };
}
