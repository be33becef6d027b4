using System.ClientModel;
using System.Net;
using System.Text.Json;
using OpenAI.Assistants;

namespace ToolGen.Emulator.Tests;

public class FaultInjectionTests
{
    [Fact]
    public async Task A_fault_answers_the_matching_requests_in_openais_error_shape_then_stops()
    {
        var faults = new FaultPlan().Fail(r => r.Method == "GET" && r.Path == "/v1/assistants", EmulatedFault.RateLimited(), times: 2);
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Faults = faults });
        using var http = Emulated.Http(emulator);

        for (var i = 0; i < 2; i++)
        {
            using var refused = await http.GetAsync("assistants");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("0", refused.Headers.GetValues("Retry-After").Single());
            using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            var error = body.RootElement.GetProperty("error");
            Assert.Equal("requests", error.GetProperty("type").GetString());
            Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
            Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
            Assert.Contains("Rate limit", error.GetProperty("message").GetString());
        }

        using var threadCreated = await http.PostAsync("threads", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, threadCreated.StatusCode);
        using var accepted = await http.GetAsync("assistants");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal([("GET", "/v1/assistants"), ("GET", "/v1/assistants")], faults.Injected.Select(f => (f.Request.Method, f.Request.Path)));
    }

    [Fact]
    public async Task Rules_apply_in_the_order_added_each_for_its_own_count()
    {
        var faults = new FaultPlan()
            .Fail(r => r.Method == "POST", EmulatedFault.ServerError(), times: 1)
            .Fail(_ => true, EmulatedFault.Overloaded(), times: 1);
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Faults = faults });
        using var http = Emulated.Http(emulator);

        using var first = await http.PostAsync("threads", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var second = await http.PostAsync("threads", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var third = await http.PostAsync("threads", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Contains("server_error", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal([500, 503], faults.Injected.Select(f => f.Fault.StatusCode));
    }

    [Fact]
    public async Task The_official_sdk_retries_injected_429_and_5xx_and_succeeds()
    {
        var faults = new FaultPlan()
            .Fail(r => r.Path == "/v1/assistants", EmulatedFault.RateLimited(), times: 1)
            .Fail(r => r.Path == "/v1/assistants", EmulatedFault.Overloaded(), times: 1);
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Faults = faults });
        var client = Emulated.Client(emulator);

        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions { Name = "retried" });

        Assert.Equal("retried", assistant.Name);
        Assert.Equal(2, faults.Injected.Count);
    }

    [Fact]
    public async Task A_fault_outlasting_the_sdks_retries_surfaces_as_its_status()
    {
        var faults = new FaultPlan().Fail(_ => true, EmulatedFault.ServerError(), times: 100);
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Faults = faults });
        var client = Emulated.Client(emulator);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateAssistantAsync("gpt-4o"));

        Assert.Equal(500, error.Status);
        Assert.Equal(4, faults.Injected.Count); // the SDK's default: the first try and three retries
    }

    [Fact]
    public void A_rule_must_fail_at_least_one_request()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan().Fail(_ => true, EmulatedFault.ServerError(), times: 0));

    [Theory]
    [InlineData(99)]
    [InlineData(200)]
    [InlineData(302)]
    [InlineData(600)]
    [InlineData(1000)]
    public void A_fault_whose_status_is_not_an_HTTP_error_is_refused_when_planned(int status)
    {
        var plan = new FaultPlan();

        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Fail(_ => true, new EmulatedFault(status, "server_error", null, "m")));
    }
}
