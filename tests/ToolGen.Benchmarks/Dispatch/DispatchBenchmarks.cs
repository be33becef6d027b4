using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace ToolGen.Benchmarks.Dispatch;

/// <summary>
/// One tool call, from the model's arguments string to a <see cref="ToolResult"/> holding the output string, for three
/// tools (primitive arguments, a record with a nested list of records, no arguments), each bound three ways: ToolGen's
/// generated dispatcher, Microsoft.Extensions.AI's reflection-based <see cref="AIFunction"/>, and the hand-written floor
/// (<see cref="HandWrittenBinders"/>). Every call completes synchronously and is read synchronously, so no benchmark
/// pays for an async state machine the others do not.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DispatchBenchmarks
{
    /// <summary>The category of the primitive tool's benchmarks.</summary>
    public const string Primitive = "get_weather(string, int, enum)";

    /// <summary>The category of the nested tool's benchmarks.</summary>
    public const string Nested = "place_order(Order)";

    /// <summary>The category of the no-argument tool's benchmarks.</summary>
    public const string NoArguments = "get_time()";

    private static readonly ToolCall WeatherCall = new("call_1", "get_weather", BenchTools.WeatherArguments);
    private static readonly ToolCall OrderCall = new("call_1", "place_order", BenchTools.OrderArguments);
    private static readonly ToolCall TimeCall = new("call_1", "get_time", BenchTools.NoArguments);
    private static readonly ToolCall MistakeCall = new("call_1", "get_weather", """{"city":"Oslo","days":"three"}""");

    private readonly ToolSet _toolGen = BenchTools.AssistantTools;
    private readonly AIFunction[] _functions = MicrosoftExtensionsAIBinding.CreateFunctions();

    /// <summary>Every binding must give the same output for each tool, or the comparison means nothing.</summary>
    /// <exception cref="InvalidOperationException">A binding gave another output, or an error.</exception>
    [GlobalSetup]
    public void CheckThatAllBindingsAgree()
    {
        Check(BenchTools.WeatherOutput, ToolGenWeather(), MeaiWeather(), FloorWeather());
        Check(BenchTools.OrderOutput, ToolGenOrder(), MeaiOrder(), FloorOrder());
        Check(BenchTools.TimeOutput, ToolGenTime(), MeaiTime(), FloorTime());
        if (ToolGenMistake() is not { IsError: true, ErrorKind: ToolErrorKind.WrongType })
        {
            throw new InvalidOperationException("The mistake was not reported as wrong_type.");
        }

        static void Check(string expected, params ToolResult[] results)
        {
            if (results.Any(r => r.IsError || r.Output != expected || r.CallId != "call_1"))
            {
                throw new InvalidOperationException($"The bindings disagree: expected '{expected}', got " + string.Join(" | ", results.Select(r => r.Output)));
            }
        }
    }

    /// <summary>ToolGen, primitive tool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "ToolGen"), BenchmarkCategory(Primitive)]
    public ToolResult ToolGenWeather() => Sync(_toolGen.InvokeAsync(WeatherCall));

    /// <summary>Microsoft.Extensions.AI, primitive tool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "Microsoft.Extensions.AI"), BenchmarkCategory(Primitive)]
    public ToolResult MeaiWeather() => Sync(MicrosoftExtensionsAIBinding.InvokeAsync(_functions[0], WeatherCall));

    /// <summary>Hand-written floor, primitive tool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, Description = "hand-written Utf8JsonReader (floor)"), BenchmarkCategory(Primitive)]
    public ToolResult FloorWeather() => HandWrittenBinders.GetWeather(WeatherCall);

    /// <summary>ToolGen, primitive tool, a model mistake: the structured error path.</summary>
    /// <returns>The error result.</returns>
    [Benchmark(Description = "ToolGen, model mistake (wrong_type)"), BenchmarkCategory(Primitive)]
    public ToolResult ToolGenMistake() => Sync(_toolGen.InvokeAsync(MistakeCall));

    /// <summary>ToolGen, nested tool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "ToolGen"), BenchmarkCategory(Nested)]
    public ToolResult ToolGenOrder() => Sync(_toolGen.InvokeAsync(OrderCall));

    /// <summary>Microsoft.Extensions.AI, nested tool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "Microsoft.Extensions.AI"), BenchmarkCategory(Nested)]
    public ToolResult MeaiOrder() => Sync(MicrosoftExtensionsAIBinding.InvokeAsync(_functions[1], OrderCall));

    /// <summary>Source-generated System.Text.Json DTO floor, nested tool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, Description = "System.Text.Json source-generated DTO (floor)"), BenchmarkCategory(Nested)]
    public ToolResult FloorOrder() => HandWrittenBinders.PlaceOrder(OrderCall);

    /// <summary>ToolGen, no-argument tool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "ToolGen"), BenchmarkCategory(NoArguments)]
    public ToolResult ToolGenTime() => Sync(_toolGen.InvokeAsync(TimeCall));

    /// <summary>Microsoft.Extensions.AI, no-argument tool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "Microsoft.Extensions.AI"), BenchmarkCategory(NoArguments)]
    public ToolResult MeaiTime() => Sync(MicrosoftExtensionsAIBinding.InvokeAsync(_functions[2], TimeCall));

    /// <summary>Hand-written floor, no-argument tool.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Baseline = true, Description = "hand-written Utf8JsonReader (floor)"), BenchmarkCategory(NoArguments)]
    public ToolResult FloorTime() => HandWrittenBinders.GetTime(TimeCall);

    private static ToolResult Sync(ValueTask<ToolResult> pending)
        => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}
