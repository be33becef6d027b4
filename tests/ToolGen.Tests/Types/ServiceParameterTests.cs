using System.Text.Json;
using ToolGen.Tests.Dispatch;

namespace ToolGen.Tests.Types;

/// <summary>Parameters the host supplies stay out of the schema and come from the services given to the tool set.</summary>
public class ServiceParameterTests
{
    private sealed class Services(params object[] services) : IServiceProvider
    {
        public object? GetService(Type serviceType) => services.FirstOrDefault(serviceType.IsInstanceOfType);
    }

    [Fact]
    public void Services_the_provider_and_the_token_are_left_out_of_the_schema()
    {
        var definition = new ShopTools().AssistantTools.Definitions.Single(d => d.Name == "today");
        using var schema = JsonDocument.Parse(definition.ParametersSchema);
        Assert.Equal(["label"], schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_service_comes_from_the_provider_given_to_WithServices()
    {
        var tools = new ShopTools();
        var provider = new Services(new FixedClock(new DateOnly(2026, 5, 1)));
        var result = await tools.AssistantTools.WithServices(provider).Call("today", """{"label":"!"}""");
        Assert.Equal("2026-05-01!", result.Output);
        Assert.Same(provider, tools.Last);
    }

    [Fact]
    public async Task A_calls_own_provider_wins_over_the_one_given_to_WithServices()
    {
        var tools = new ShopTools();
        var set = tools.AssistantTools.WithServices(new Services(new FixedClock(new DateOnly(2026, 1, 1))));
        var result = await set.InvokeWithServicesAsync(new ToolCall("c", "today", "{}"), new Services(new FixedClock(new DateOnly(2027, 2, 2))));
        Assert.Equal("2027-02-02", result.Output);
    }

    [Fact]
    public async Task A_missing_service_is_tool_failed_naming_the_service_and_the_tool_is_not_run()
    {
        var tools = new ShopTools();
        var withoutProvider = await tools.AssistantTools.Call("today", "{}");
        var withoutClock = await tools.AssistantTools.WithServices(new Services()).Call("today", "{}");

        foreach (var result in new[] { withoutProvider, withoutClock })
        {
            Assert.Equal(ToolErrorKind.ToolFailed, result.ErrorKind);
            Assert.Contains("'IClock'", result.ErrorObject().Field("message"));
        }

        Assert.Equal(0, tools.Calls);
    }

    [Fact]
    public async Task An_argument_mistake_is_reported_before_a_missing_service()
    {
        var result = await new ShopTools().AssistantTools.Call("today", """{"label":5}""");
        Assert.Equal(ToolErrorKind.WrongType, result.ErrorKind);
    }

    [Fact]
    public async Task An_optional_service_binds_null_when_the_host_has_none()
    {
        var tools = new ShopTools();
        Assert.Equal("none", (await tools.AssistantTools.Call("maybe_clock", "{}")).Output);
        Assert.Equal("some", (await tools.AssistantTools.WithServices(new Services(new FixedClock(default))).Call("maybe_clock", "{}")).Output);
    }

    [Fact]
    public async Task Combined_sets_pass_the_services_on()
    {
        var tools = new ShopTools();
        var combined = ToolSet.Combine(tools.AssistantTools, Dispatch.FoodTools.AssistantTools)
            .WithServices(new Services(new FixedClock(new DateOnly(2026, 3, 3))));
        Assert.Equal("2026-03-03", (await combined.Call("today", "{}")).Output);
    }

    [Fact]
    public async Task An_instance_tool_class_is_created_for_each_call_from_the_calls_services()
    {
        var tools = CalendarTools.AssistantToolsFromServices;
        var result = await tools.WithServices(new Services(new FixedClock(new DateOnly(2026, 5, 1)))).Call("days_until", """{"date":"2026-05-11"}""");
        Assert.Equal("10", result.Output);

        var missing = await tools.Call("days_until", """{"date":"2026-05-11"}""");
        Assert.Equal(ToolErrorKind.ToolFailed, missing.ErrorKind);
        Assert.Contains("'IClock'", missing.ErrorObject().Field("message"));
    }
}
