using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace ToolGen.Benchmarks.Dispatch;

/// <summary>
/// The three tools as Microsoft.Extensions.AI functions (<see cref="AIFunctionFactory.Create(Delegate, string?, string?, JsonSerializerOptions?)"/>,
/// reflection), called as <c>FunctionInvokingChatClient</c> calls them behind the OpenAI adapter: the arguments string
/// is parsed into a dictionary of <see cref="JsonElement"/>s, the function binds them by reflection, and the result
/// becomes the tool message's text (a string as it is, anything else as JSON).
/// </summary>
public static class MicrosoftExtensionsAIBinding
{
    /// <summary>Creates the three functions, named as ToolGen names the tools.</summary>
    /// <returns><c>get_weather</c>, <c>place_order</c>, <c>get_time</c>.</returns>
    /// <param name="serializerOptions">The options the functions bind and describe with: Microsoft.Extensions.AI's
    /// defaults when <see langword="null"/>. Microsoft.Extensions.AI caches a method's reflected description per options
    /// instance, so a new instance makes it build the description (and System.Text.Json its contracts) again, as the
    /// first creation in a process does.</param>
    public static AIFunction[] CreateFunctions(JsonSerializerOptions? serializerOptions = null) =>
    [
        AIFunctionFactory.Create((Func<string, int, TempUnit, string>)BenchTools.GetWeather, "get_weather", "Gets the weather forecast for a city.", serializerOptions),
        AIFunctionFactory.Create((Func<Order, string>)BenchTools.PlaceOrder, "place_order", "Places an order.", serializerOptions),
        AIFunctionFactory.Create((Func<string>)BenchTools.GetTime, "get_time", "Gets the current time.", serializerOptions),
    ];

    /// <summary>Parses <paramref name="call"/>'s arguments, invokes <paramref name="function"/>, and wraps its output as
    /// a <see cref="ToolResult"/>, as ToolGen's dispatcher returns one.</summary>
    /// <param name="function">The function.</param>
    /// <param name="call">The call.</param>
    /// <returns>The result; completes synchronously when the function does.</returns>
    public static async ValueTask<ToolResult> InvokeAsync(AIFunction function, ToolCall call)
    {
        var parsed = JsonSerializer.Deserialize(call.Arguments, ArgumentsJsonContext.Default.DictionaryStringObject);
        var result = await function.InvokeAsync(new AIFunctionArguments(parsed)).ConfigureAwait(false);
        return new ToolResult(call.Id, OutputText(result), false);
    }

    private static string OutputText(object? result) => result switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString()!,
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
    };
}

/// <summary>The parse the OpenAI adapter of Microsoft.Extensions.AI does: a dictionary of <see cref="JsonElement"/>s,
/// source-generated.</summary>
[JsonSerializable(typeof(Dictionary<string, object?>))]
internal sealed partial class ArgumentsJsonContext : JsonSerializerContext;
