using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace FetchUrlAssistant.Tests;

/// <summary>The sample's command-line contract, which CI and the README rely on.</summary>
public class SampleContractTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public async Task Offline_default_run_completes_and_quotes_the_demo_page()
    {
        var transcriptPath = Path.GetTempFileName();
        var output = new StringWriter();

        var exit = await AssistantApp.RunAsync(new AssistantAppOptions(null, transcriptPath, false), output, NoEnvironment, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("offline", output.ToString(), StringComparison.OrdinalIgnoreCase);
        using var transcript = JsonDocument.Parse(File.ReadAllText(transcriptPath));
        var root = transcript.RootElement;
        Assert.Equal("assistants", root.GetProperty("api").GetString());
        Assert.Equal("completed", root.GetProperty("final").GetProperty("status").GetString());
        Assert.Contains("143 years", root.GetProperty("final").GetProperty("text").GetString());

        var events = root.GetProperty("events").EnumerateArray().ToList();
        var statuses = events.Where(e => e.GetProperty("type").GetString() == "run_status").Select(e => e.GetProperty("status").GetString()).ToList();
        Assert.Equal(["queued", "in_progress", "requires_action", "queued", "in_progress", "completed"], statuses);
        AssertOneSuccessfulFetch(events);
    }

    [Theory]
    [InlineData(SampleApi.Responses, "responses", "response_status", new[] { "completed", "completed" })]
    [InlineData(SampleApi.Chat, "chat", "finish_reason", new[] { "tool_calls", "stop" })]
    public async Task The_other_apis_run_the_same_assistant_offline(SampleApi api, string apiName, string statusType, string[] statuses)
    {
        var transcriptPath = Path.GetTempFileName();

        var exit = await AssistantApp.RunAsync(new AssistantAppOptions(null, transcriptPath, false, api), new StringWriter(), NoEnvironment, CancellationToken.None);

        Assert.Equal(0, exit);
        using var transcript = JsonDocument.Parse(File.ReadAllText(transcriptPath));
        var root = transcript.RootElement;
        Assert.Equal(apiName, root.GetProperty("api").GetString());
        Assert.Equal("completed", root.GetProperty("final").GetProperty("status").GetString());
        Assert.Contains("143 years", root.GetProperty("final").GetProperty("text").GetString());
        var events = root.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(statuses, events.Where(e => e.GetProperty("type").GetString() == statusType).Select(e => e.GetProperty("status").GetString()));
        AssertOneSuccessfulFetch(events);
    }

    [Theory]
    [InlineData(SampleApi.Assistants)]
    [InlineData(SampleApi.Responses)]
    [InlineData(SampleApi.Chat)]
    public async Task Streaming_runs_print_the_answer_as_it_arrives_and_end_the_same(SampleApi api)
    {
        var transcriptPath = Path.GetTempFileName();
        var output = new StringWriter();

        var exit = await AssistantApp.RunAsync(new AssistantAppOptions(null, transcriptPath, false, api, Stream: true), output, NoEnvironment, CancellationToken.None);

        Assert.Equal(0, exit);
        var streamed = Assert.Single(output.ToString().Split('\n'), line => line.StartsWith("  streamed: ", StringComparison.Ordinal));
        Assert.Contains("143 years", streamed);
        using var transcript = JsonDocument.Parse(File.ReadAllText(transcriptPath));
        var final = transcript.RootElement.GetProperty("final");
        Assert.Equal("completed", final.GetProperty("status").GetString());
        Assert.Equal("  streamed: " + final.GetProperty("text").GetString(), streamed.TrimEnd('\r'));
        AssertOneSuccessfulFetch(transcript.RootElement.GetProperty("events").EnumerateArray().ToList());
    }

    private static void AssertOneSuccessfulFetch(List<JsonElement> events)
    {
        var call = Assert.Single(events, e => e.GetProperty("type").GetString() == "tool_call");
        Assert.Equal("fetch_url", call.GetProperty("name").GetString());
        Assert.False(call.GetProperty("is_error").GetBoolean());
        Assert.StartsWith("call_", call.GetProperty("id").GetString());
        using var arguments = JsonDocument.Parse(call.GetProperty("arguments").GetString()!);
        Assert.StartsWith("http://127.0.0.1:", arguments.RootElement.GetProperty("url").GetString());
        Assert.Contains("Gannet Rock", call.GetProperty("output").GetString());
    }

    [Fact]
    public async Task An_unreachable_url_gives_an_error_output_and_still_a_completed_run()
    {
        var transcriptPath = Path.GetTempFileName();
        var exit = await AssistantApp.RunAsync(
            new AssistantAppOptions("What does http://127.0.0.1:1/nothing say?", transcriptPath, false, AllowedOrigins: [new Uri("http://127.0.0.1:1")]),
            new StringWriter(),
            NoEnvironment,
            CancellationToken.None);

        Assert.Equal(0, exit);
        using var transcript = JsonDocument.Parse(File.ReadAllText(transcriptPath));
        var call = Assert.Single(transcript.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "tool_call");
        Assert.True(call.GetProperty("is_error").GetBoolean());
        Assert.Contains("tool_failed", call.GetProperty("output").GetString());
        Assert.Contains("Connection refused", call.GetProperty("output").GetString());
        Assert.Equal("completed", transcript.RootElement.GetProperty("final").GetProperty("status").GetString());
    }

    [Fact]
    public async Task By_default_the_tool_refuses_private_addresses_other_than_the_demo_page()
    {
        await using var intranet = await LocalPages.StartAsync(app => app.MapGet("/secret", () => LocalPages.Html("<p>internal only</p>")));
        var transcriptPath = Path.GetTempFileName();

        var exit = await AssistantApp.RunAsync(
            new AssistantAppOptions($"What does {intranet.Url("/secret")} say?", transcriptPath, false), new StringWriter(), NoEnvironment, CancellationToken.None);

        Assert.Equal(0, exit);
        using var transcript = JsonDocument.Parse(File.ReadAllText(transcriptPath));
        var call = Assert.Single(transcript.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "tool_call");
        Assert.True(call.GetProperty("is_error").GetBoolean());
        Assert.Contains("Refused: 127.0.0.1 is in 127.0.0.0/8 (Loopback, RFC 1122)", call.GetProperty("output").GetString());
        Assert.DoesNotContain("internal only", transcript.RootElement.GetProperty("final").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_question_without_an_address_is_answered_without_a_tool_call()
    {
        var transcriptPath = Path.GetTempFileName();
        var exit = await AssistantApp.RunAsync(
            new AssistantAppOptions("Hello there, who are you?", transcriptPath, false), new StringWriter(), NoEnvironment, CancellationToken.None);

        Assert.Equal(0, exit);
        using var transcript = JsonDocument.Parse(File.ReadAllText(transcriptPath));
        Assert.DoesNotContain(transcript.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "tool_call");
        Assert.Equal("completed", transcript.RootElement.GetProperty("final").GetProperty("status").GetString());
        Assert.Contains("Hello there, who are you?", transcript.RootElement.GetProperty("final").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Print_tools_for_responses_prints_the_flat_function_shape()
    {
        var output = new StringWriter();
        var exit = await AssistantApp.RunAsync(new AssistantAppOptions(null, null, true, SampleApi.Responses), output, NoEnvironment, CancellationToken.None);

        Assert.Equal(0, exit);
        using var tools = JsonDocument.Parse(output.ToString());
        var tool = Assert.Single(tools.RootElement.EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("fetch_url", tool.GetProperty("name").GetString());
        Assert.True(tool.GetProperty("strict").GetBoolean());
        Assert.Equal("object", tool.GetProperty("parameters").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Print_tools_prints_the_assistants_tools_array()
    {
        var output = new StringWriter();
        var exit = await AssistantApp.RunAsync(new AssistantAppOptions(null, null, true), output, NoEnvironment, CancellationToken.None);

        Assert.Equal(0, exit);
        using var tools = JsonDocument.Parse(output.ToString());
        var tool = Assert.Single(tools.RootElement.EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        var function = tool.GetProperty("function");
        Assert.Equal("fetch_url", function.GetProperty("name").GetString());
        Assert.True(function.GetProperty("strict").GetBoolean());
        var parameters = function.GetProperty("parameters");
        Assert.Equal("object", parameters.GetProperty("type").GetString());
        Assert.Equal(["url"], parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(parameters.GetProperty("additionalProperties").GetBoolean());
    }

    [Theory]
    [InlineData(SampleApi.Assistants)]
    [InlineData(SampleApi.Chat)]
    public async Task The_builds_tools_file_holds_exactly_what_print_tools_prints(SampleApi api)
    {
        var output = new StringWriter();
        var exit = await AssistantApp.RunAsync(new AssistantAppOptions(null, null, true, api), output, NoEnvironment, CancellationToken.None);

        Assert.Equal(0, exit);
        // The test project copies the file from the tool library's build output (FetchUrlAssistant.Tests.csproj).
        var written = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FetchUrl.Tools.tools.json"));
        Assert.Equal(output.ToString().TrimEnd('\r', '\n'), written);
    }

    [Fact]
    public async Task A_key_without_a_base_url_explains_that_openai_no_longer_serves_assistants()
    {
        var output = new StringWriter();
        var exit = await AssistantApp.RunAsync(
            new AssistantAppOptions(null, null, false), output, name => name == "OPENAI_API_KEY" ? "sk-test" : null, CancellationToken.None);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Contains("2026-08-26", output.ToString());
        Assert.Contains("OPENAI_BASE_URL", output.ToString());
    }

    [Fact]
    public async Task Remote_mode_uses_the_base_url_key_and_model_from_the_environment()
    {
        // The emulator stands in for a remote Assistants-compatible server; the model name must reach it.
        await using var server = await ToolGen.Emulator.OpenAIEmulator.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.Endpoint.AbsoluteUri,
            ["OPENAI_API_KEY"] = "sk-remote",
            ["OPENAI_MODEL"] = "my-model",
        };
        var output = new StringWriter();

        var exit = await AssistantApp.RunAsync(new AssistantAppOptions(null, null, false), output, n => environment.GetValueOrDefault(n), CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains($"Remote: running against {server.Endpoint} with model my-model", output.ToString());
        Assert.Contains("143 years", output.ToString());
    }
}

/// <summary>Every URL form a user may type reaches the tool through the offline demo's model, and the guard refuses
/// each disguise of the metadata address.</summary>
public class SampleUrlFormTests
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]:80/latest/meta-data/")]
    [InlineData("http://admin:secret@169.254.169.254:80/latest/meta-data/")]
    [InlineData("http://user@[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://2852039166/latest/meta-data/")]
    [InlineData("http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/")]
    public async Task A_disguised_metadata_address_typed_by_the_user_is_fetched_by_the_model_and_refused(string url)
    {
        var transcriptPath = Path.GetTempFileName();

        var exit = await AssistantApp.RunAsync(new AssistantAppOptions($"What does {url} say?", transcriptPath, false), new StringWriter(), _ => null, CancellationToken.None);

        Assert.Equal(ExitCodes.Completed, exit);
        using var transcript = JsonDocument.Parse(File.ReadAllText(transcriptPath));
        var call = Assert.Single(transcript.RootElement.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "tool_call");
        using var arguments = JsonDocument.Parse(call.GetProperty("arguments").GetString()!);
        Assert.Equal(url, arguments.RootElement.GetProperty("url").GetString());
        Assert.True(call.GetProperty("is_error").GetBoolean());
        Assert.Contains("Refused:", call.GetProperty("output").GetString());
        Assert.Contains("Refused:", transcript.RootElement.GetProperty("final").GetProperty("text").GetString());
    }
}
