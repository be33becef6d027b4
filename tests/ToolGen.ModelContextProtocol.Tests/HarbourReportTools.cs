namespace ToolGen.ModelContextProtocol.Tests;

/// <summary>What <c>get_harbour_report</c> returns: a record, written as a JSON object with camelCase names.</summary>
/// <param name="Harbour">The harbour.</param>
/// <param name="HighWaterMetres">Height of high water, in metres.</param>
/// <param name="HighWaterAt">When high water is.</param>
/// <param name="Warnings">Warnings in force.</param>
public sealed record HarbourReport(string Harbour, double HighWaterMetres, DateTimeOffset HighWaterAt, IReadOnlyList<string> Warnings);

/// <summary>A generated tool set with a record-returning tool, whose definition therefore carries an output schema.</summary>
public static partial class HarbourReportTools
{
    /// <summary>Gets today's report for a harbour.</summary>
    /// <param name="harbour">The harbour.</param>
    [AssistantTool]
    public static Task<HarbourReport> GetHarbourReportAsync(string harbour)
        => Task.FromResult(new HarbourReport(harbour, 5.1, new DateTimeOffset(2026, 12, 6, 6, 42, 0, TimeSpan.Zero), ["Gale warning"]));
}
