// One cold start, measured from outside as a whole process (tests/ToolGen.Benchmarks/ColdStart/ColdStartMeasurement.cs):
//   empty    returns at once: the runtime's own start and exit, subtracted from the others
//   toolgen  reads ToolGen's tool list (every schema) and dispatches one get_weather call
//   meai     builds the same tool list with AIFunctionFactory.Create (every schema) and invokes the same call
//   floor    binds the same call with the hand-written Utf8JsonReader binder of the dispatch benchmarks (no tool
//            list): what any System.Text.Json-based binder pays on first use, the floor under ToolGen's figure
// Nothing is printed on success, so no mode pays for the console; the exit code says whether the output was right
// (0), wrong (1), or the mode threw (3: the message goes to standard error).
using Microsoft.Extensions.AI;
using ToolGen;
using ToolGen.Benchmarks.Dispatch;

// Main itself touches no ToolGen type, so the empty mode does not even load ToolGen.dll.
try
{
    return args switch
    {
        ["empty"] => 0,
        ["toolgen"] => ToolGenFirstUse(),
        ["meai"] => MeaiFirstUse(),
        ["floor"] => FloorFirstUse(),
        _ => 2,
    };
}
catch (Exception exception)
{
    Console.Error.WriteLine(exception.GetType().Name + ": " + exception.Message);
    return 3;
}

static int ToolGenFirstUse()
{
    var call = new ToolCall("call_1", "get_weather", BenchTools.WeatherArguments);
    var tools = BenchTools.AssistantTools;
    var schemaBytes = 0;
    foreach (var definition in tools.Definitions)
    {
        schemaBytes += definition.ParametersSchema.Length;
    }

    var result = tools.InvokeAsync(call).AsTask().GetAwaiter().GetResult();
    return schemaBytes > 0 && result.Output == BenchTools.WeatherOutput ? 0 : 1;
}

static int MeaiFirstUse()
{
    var call = new ToolCall("call_1", "get_weather", BenchTools.WeatherArguments);
    var functions = MicrosoftExtensionsAIBinding.CreateFunctions();
    var schemaLength = 0;
    foreach (var function in functions)
    {
        schemaLength += function.JsonSchema.GetRawText().Length;
    }

    var result = MicrosoftExtensionsAIBinding.InvokeAsync(functions[0], call).AsTask().GetAwaiter().GetResult();
    return schemaLength > 0 && result.Output == BenchTools.WeatherOutput ? 0 : 1;
}

static int FloorFirstUse()
{
    var result = HandWrittenBinders.GetWeather(new ToolCall("call_1", "get_weather", BenchTools.WeatherArguments));
    return result.Output == BenchTools.WeatherOutput ? 0 : 1;
}
