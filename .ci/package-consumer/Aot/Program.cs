// Dispatches a call and a mistaken call through the dispatcher generated from the ToolGen package, compiled ahead of
// time.
using ToolGen;
using static Checks;

var tools = Weather.AssistantTools;
var definition = tools.Definitions.Single();
Check(definition.Name == "get_forecast", "tool name", definition.Name);
Check(
    definition.ParametersSchemaJson == """{"type":"object","properties":{"city":{"type":"string","description":"The city name."},"days":{"type":["integer","null"],"description":"How many days ahead, 1 to 7. Default: 1."}},"required":["city","days"],"additionalProperties":false}""",
    "strict parameters schema from the doc comment",
    definition.ParametersSchemaJson);

var answer = await tools.InvokeAsync(new ToolCall("call_1", "get_forecast", """{"city":"Oslo","days":2}"""));
Check(!answer.IsError && answer.Output == "Oslo: sunny for 2 day(s)", "a call runs the method", answer.Output);

var mistake = await tools.InvokeAsync(new ToolCall("call_2", "get_forecast", """{"days":2}"""));
Check(mistake is { IsError: true, Error: { Kind: ToolErrorKind.MissingRequired, Path: "city" } }
      && mistake.Output.StartsWith("""{"error":{"kind":"missing_required","tool":"get_forecast","path":"city",""", StringComparison.Ordinal),
    "a mistaken call is a missing_required answer", mistake.Output);

// Records, lists, sets and dates in and out: the generated readers and writers must stay NativeAOT-safe.
var trip = await Trips.AssistantTools.InvokeAsync(
    new ToolCall("call_3", "plan", """{"trip":{"stops":[{"city":"Oslo","on":"2026-05-01"}],"tags":["a"]}}"""));
Check(!trip.IsError && trip.Output == """{"stops":[{"city":"Oslo","on":"2026-05-01"}],"tags":["a"]}""",
    "a record with a list of records, a set and a date is read and written back", trip.Output);

return Checks.Failures;

internal sealed record Stop(string City, DateOnly On);

internal sealed record Trip(IReadOnlyList<Stop> Stops, HashSet<string> Tags);

internal static partial class Trips
{
    /// <summary>Returns the trip it is given.</summary>
    /// <param name="trip">The trip.</param>
    [AssistantTool]
    public static Trip Plan(Trip trip) => trip;
}
