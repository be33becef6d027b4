using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ToolGen.Extensions.AI.Tests;

public sealed class ServicesTests
{
    private static AIFunctionArguments Arguments(string json, IServiceProvider? services)
        => new(JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions)) { Services = services };

    [Fact]
    public async Task The_services_of_the_function_arguments_reach_a_keyed_service_parameter()
    {
        var function = ServiceTools.AssistantTools.AsAIFunction("greet");
        var result = await function.InvokeAsync(Arguments("""{"name":"Ann"}""", new KeyedProvider("formal", new FormalGreeting())));
        Assert.Equal("Good day, Ann.", result);
    }

    [Fact]
    public async Task Without_services_the_call_is_tool_failed_naming_the_service()
    {
        var function = ServiceTools.AssistantTools.AsAIFunction("greet");
        var result = Assert.IsType<string>(await function.InvokeAsync(Arguments("""{"name":"Ann"}""", null)));
        Assert.Contains("\"kind\":\"tool_failed\"", result);
        Assert.Contains("'IGreeting'", result);
    }

    [Fact]
    public void A_service_parameter_is_not_in_the_schema()
        => Assert.Equal(["name"], ServiceTools.AssistantTools.AsAIFunction("greet").JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
}
