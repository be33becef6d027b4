using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace ToolGen.Benchmarks;

/// <summary>
/// One tool call, from the model's arguments string to the tool's output string, bound three ways: ToolGen's generated
/// dispatcher, Microsoft.Extensions.AI's reflection-based <see cref="AIFunctionFactory"/> (what
/// FunctionInvokingChatClient does: parse the arguments into a dictionary, then invoke), and a hand-written
/// System.Text.Json source-generated DTO.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private const string Arguments = """{"from":"OSL","to":"LHR","departure":"2026-12-01T08:30:00+01:00","passengers":2,"cabin":"Business"}""";
    private const string BadArguments = """{"from":"OSL","departure":"2026-12-01T08:30:00+01:00","passengers":"two"}""";

    private readonly ToolSet _toolGen = FlightTools.AssistantTools;
    private readonly AIFunction _aiFunction = AIFunctionFactory.Create(
        (Func<string, string, DateTimeOffset, int, CabinClass, string>)FlightTools.SearchFlights, "search_flights");

    /// <summary>Every way must give the same output, or the comparison means nothing.</summary>
    [GlobalSetup]
    public void CheckThatAllWaysAgree()
    {
        string[] outputs = [ToolGen().AsTask().Result, MicrosoftExtensionsAI().AsTask().Result, HandWrittenDto()];
        if (outputs.Any(o => o != "3 flights found"))
        {
            throw new InvalidOperationException("The bindings disagree: " + string.Join(" | ", outputs));
        }

        if (!ToolGenMistake().AsTask().Result.Contains("\"kind\":\"wrong_type\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The mistake was not reported as wrong_type.");
        }
    }

    [Benchmark(Baseline = true, Description = "ToolGen generated dispatcher")]
    public async ValueTask<string> ToolGen()
        => (await _toolGen.InvokeAsync(new ToolCall("call_1", "search_flights", Arguments))).Output;

    [Benchmark(Description = "ToolGen, model mistake (wrong type)")]
    public async ValueTask<string> ToolGenMistake()
        => (await _toolGen.InvokeAsync(new ToolCall("call_1", "search_flights", BadArguments))).Output;

    [Benchmark(Description = "Microsoft.Extensions.AI AIFunctionFactory")]
    public async ValueTask<string> MicrosoftExtensionsAI()
    {
        var parsed = JsonSerializer.Deserialize<Dictionary<string, object?>>(Arguments)!;
        var result = await _aiFunction.InvokeAsync(new AIFunctionArguments(parsed));
        return result is JsonElement { ValueKind: JsonValueKind.String } text ? text.GetString()! : JsonSerializer.Serialize(result);
    }

    [Benchmark(Description = "Hand-written System.Text.Json DTO (source-generated)")]
    public string HandWrittenDto()
    {
        var a = JsonSerializer.Deserialize(Arguments, BaselineJsonContext.Default.SearchFlightsArguments)!;
        return FlightTools.Describe(a.From, a.To, a.Departure, a.Passengers ?? 1, a.Cabin ?? CabinClass.Economy);
    }
}
