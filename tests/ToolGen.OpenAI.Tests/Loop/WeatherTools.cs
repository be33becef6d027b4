using System.Text;
using System.Text.Json;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary><c>get_weather(city)</c>, written by hand until the generator produces it; <c>explode</c> always throws.
/// <see cref="BeforeEachCall"/> lets a test act while a tool runs (e.g. move a fake clock).</summary>
internal sealed class WeatherTools : ToolSet
{
    private static readonly ToolDefinition[] Tools =
    [
        new("get_weather", "Tells the weather in a city.", Encoding.UTF8.GetBytes("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}"""), strict: true),
        new("explode", "Always fails.", Encoding.UTF8.GetBytes("""{"type":"object","properties":{},"required":[],"additionalProperties":false}"""), strict: true),
    ];

    public Action<ToolCall>? BeforeEachCall { get; init; }

    public override IReadOnlyList<ToolDefinition> Definitions => Tools;

    protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
    {
        BeforeEachCall?.Invoke(call);
        switch (call.Name)
        {
            case "explode":
                throw new InvalidOperationException("The tool broke.");
            case "get_weather":
                JsonDocument arguments;
                try
                {
                    arguments = JsonDocument.Parse(call.Arguments);
                }
                catch (JsonException)
                {
                    return ValueTask.FromResult(ToolResult.Failure(call.Id, new ToolError(ToolErrorKind.InvalidJson, call.Name, "The arguments are not valid JSON.")));
                }

                using (arguments)
                {
                    return arguments.RootElement.TryGetProperty("city", out var city) && city.ValueKind == JsonValueKind.String
                        ? ValueTask.FromResult(ToolResult.Success(call.Id, $"Sunny in {city.GetString()}"))
                        : ValueTask.FromResult(ToolResult.Failure(call.Id, new ToolError(ToolErrorKind.MissingRequired, call.Name, "city is required.") { Path = "city", Expected = "string" }));
                }

            default:
                return ValueTask.FromResult(UnknownTool(call));
        }
    }
}
