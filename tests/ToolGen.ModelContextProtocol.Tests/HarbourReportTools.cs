using System.Text;
using System.Text.Json;

namespace ToolGen.ModelContextProtocol.Tests;

/// <summary>What <c>get_harbour_report</c> returns: a record, written as a JSON object with camelCase names.</summary>
public sealed record HarbourReport(string Harbour, double HighWaterMetres, DateTimeOffset HighWaterAt, IReadOnlyList<string> Warnings);

/// <summary>
/// A tool set with a record-returning tool whose definition carries an output schema, written by hand in the shape the
/// generator emits (a definition of constant JSON, a dispatcher that binds, calls and writes the result), since the
/// generator does not emit output schemas yet.
/// </summary>
internal sealed class HarbourReportTools : ToolSet
{
    public const string OutputSchemaJson = """
        {"type":"object","properties":{"harbour":{"type":"string"},"highWaterMetres":{"type":"number"},"highWaterAt":{"type":"string","format":"date-time"},"warnings":{"type":"array","items":{"type":"string"}}},"required":["harbour","highWaterMetres","highWaterAt","warnings"],"additionalProperties":false}
        """;

    private static readonly ToolDefinition[] s_definitions =
    [
        new ToolDefinition(
            "get_harbour_report",
            "Gets today's report for a harbour.",
            """{"type":"object","properties":{"harbour":{"type":"string","description":"The harbour."}},"required":["harbour"],"additionalProperties":false}"""u8.ToArray(),
            strict: true)
        {
            OutputSchema = Encoding.UTF8.GetBytes(OutputSchemaJson),
        },
    ];

    public override IReadOnlyList<ToolDefinition> Definitions => s_definitions;

    protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Name != "get_harbour_report")
        {
            return new(UnknownTool(call));
        }

        using var arguments = JsonDocument.Parse(call.Arguments);
        if (!arguments.RootElement.TryGetProperty("harbour", out var harbour) || harbour.ValueKind != JsonValueKind.String)
        {
            return new(ToolResult.Failure(call.Id, new ToolError(ToolErrorKind.MissingRequired, call.Name, "The argument is required.") { Path = "harbour" }));
        }

        var report = new HarbourReport(harbour.GetString()!, 5.1, new DateTimeOffset(2026, 12, 6, 6, 42, 0, TimeSpan.Zero), ["Gale warning"]);
        return new(ToolResult.Success(call.Id, JsonSerializer.Serialize(report, JsonSerializerOptions.Web)));
    }
}
