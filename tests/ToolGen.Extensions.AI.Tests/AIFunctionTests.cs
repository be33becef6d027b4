using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ToolGen.Extensions.AI.Tests;

public sealed class AIFunctionTests
{
    private readonly WeatherTools _weather = new();

    private AIFunction Function(string name) => _weather.AssistantTools.AsAIFunction(name);

    private static AIFunctionArguments Arguments(string json)
        => new(JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions));

    [Fact]
    public void Every_tool_becomes_a_function_with_its_name_description_and_schema()
    {
        var tools = _weather.AssistantTools;

        var functions = tools.AsAIFunctions();

        Assert.Equal(tools.Definitions.Select(d => d.Name), functions.Select(f => f.Name));
        for (var i = 0; i < functions.Count; i++)
        {
            Assert.Equal(tools.Definitions[i].Description ?? "", functions[i].Description);
            Assert.Equal(tools.Definitions[i].ParametersSchemaJson, functions[i].JsonSchema.GetRawText());
        }
    }

    [Fact]
    public void The_weather_function_describes_its_city_parameter()
    {
        var function = Function("get_weather");

        Assert.Equal("Gets the current weather in a city.", function.Description);
        var city = function.JsonSchema.GetProperty("properties").GetProperty("city");
        Assert.Equal("string", city.GetProperty("type").GetString());
        Assert.Equal("city", Assert.Single(function.JsonSchema.GetProperty("required").EnumerateArray()).GetString());
    }

    [Fact]
    public void Strictness_is_in_the_additional_properties_under_strict()
    {
        Assert.Equal(true, Function("get_weather").AdditionalProperties[ToolSetAIFunctions.StrictKey]);
        Assert.Equal(false, Function("wait_for_change").AdditionalProperties["strict"]);
    }

    [Fact]
    public void Asking_for_an_unknown_tool_name_throws()
    {
        var error = Assert.Throws<ArgumentException>(() => _weather.AssistantTools.AsAIFunction("get_snow"));
        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public async Task Valid_arguments_reach_the_method_and_its_string_output_is_returned_verbatim()
    {
        var result = await Function("get_weather").InvokeAsync(Arguments("""{"city":"Paris"}"""));

        Assert.Equal("Sunny in Paris", Assert.IsType<string>(result));
        Assert.Equal(1, _weather.Calls);
        Assert.Equal("Paris", _weather.LastCity);
    }

    [Fact]
    public async Task A_direct_invocation_outside_a_function_invoking_client_gets_a_fresh_call_id()
    {
        var recording = new RecordingToolSet(_weather.AssistantTools);
        var function = recording.AsAIFunction("get_weather");

        await function.InvokeAsync(Arguments("""{"city":"Paris"}"""));
        await function.InvokeAsync(Arguments("""{"city":"Rome"}"""));

        var ids = recording.Calls.Select(call => call.Id).ToArray();
        Assert.All(ids, id => Assert.StartsWith("call_", id));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task A_json_result_is_returned_as_the_same_text_toolgen_produces()
    {
        const string arguments = """{"city":"Zürich","days":2}""";
        var direct = await _weather.AssistantTools.InvokeAsync(new ToolCall("call_1", "get_forecast", arguments));

        var result = await Function("get_forecast").InvokeAsync(Arguments(arguments));

        Assert.False(direct.IsError);
        Assert.Equal(direct.Output, Assert.IsType<string>(result));
        Assert.Equal(2, JsonDocument.Parse(direct.Output).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Arguments_put_in_by_hand_as_dotnet_values_are_written_as_json()
    {
        var result = await Function("get_forecast").InvokeAsync(new AIFunctionArguments { ["city"] = "Oslo", ["days"] = 1 });

        Assert.Equal("""["sunny in Oslo"]""", Assert.IsType<string>(result));
    }

    [Fact]
    public async Task Missing_argument_returns_the_structured_error_and_does_not_call_the_method()
    {
        var result = await Function("get_weather").InvokeAsync(Arguments("{}"));

        var error = JsonDocument.Parse(Assert.IsType<string>(result)).RootElement.GetProperty("error");
        Assert.Equal("missing_required", error.GetProperty("kind").GetString());
        Assert.Equal("get_weather", error.GetProperty("tool").GetString());
        Assert.Equal("city", error.GetProperty("path").GetString());
        Assert.Equal(0, _weather.Calls);
    }

    [Fact]
    public async Task Out_of_range_argument_returns_the_same_error_text_as_toolgen_and_does_not_call_the_method()
    {
        const string arguments = """{"city":"Paris","days":300}""";
        var direct = await _weather.AssistantTools.InvokeAsync(new ToolCall("call_1", "get_forecast", arguments));

        var result = await Function("get_forecast").InvokeAsync(Arguments(arguments));

        Assert.True(direct.IsError);
        Assert.Equal(ToolErrorKind.OutOfRange, direct.ErrorKind);
        Assert.Equal(direct.Output, Assert.IsType<string>(result));
        Assert.Equal(0, _weather.Calls);
    }

    [Fact]
    public async Task Unknown_argument_is_reported_not_thrown()
    {
        var result = await Function("get_weather").InvokeAsync(Arguments("""{"city":"Paris","country":"FR"}"""));

        var error = JsonDocument.Parse(Assert.IsType<string>(result)).RootElement.GetProperty("error");
        Assert.Equal("unknown_argument", error.GetProperty("kind").GetString());
        Assert.Equal(0, _weather.Calls);
    }

    [Fact]
    public async Task Cancelling_the_callers_token_propagates_out_of_a_running_tool()
    {
        using var cts = new CancellationTokenSource();
        var invocation = Function("wait_for_change").InvokeAsync(Arguments("{}"), cts.Token).AsTask();
        await _weather.Started.Task;

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => invocation);
        Assert.Equal(1, _weather.Calls);
    }
}
