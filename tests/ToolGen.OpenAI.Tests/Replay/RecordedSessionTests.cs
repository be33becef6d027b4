using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Assistants;
using ToolGen.Testing;

namespace ToolGen.OpenAI.Tests.Replay;

/// <summary>The loop against a real recorded Assistants session (FunctionToolsWorkAsync, recorded by the official SDK's
/// tests against api.openai.com).</summary>
public sealed class RecordedSessionTests
{
    private const string SubmitPath =
        "/v1/threads/thread_gkKX1IBZbPQjL4hFRsW92Jlx/runs/run_SQHx3Z6TDUBXWlOChOJ76TJL/submit_tool_outputs";

    private static string RecordingPath => Fixtures.Recording("assistants", "FunctionToolsWorkAsync");

    [Fact]
    public async Task Submitted_tool_outputs_equal_the_recorded_submission_and_the_recorded_reply_is_returned()
    {
        await using var server = await ReplayServer.StartAsync(RecordingPath);
        var client = ClientFor(server);
        var assistant = await CreateAssistantAsync(client);
        var statuses = new List<string>();
        var runner = new AssistantRunner(client, FavoriteFoodTools.AssistantTools, new ToolRunnerOptions
        {
            InitialPollInterval = TimeSpan.Zero,
            OnEvent = e =>
            {
                if (e is ToolRunStatusChanged changed)
                {
                    statuses.Add(changed.Status);
                }

                return ValueTask.CompletedTask;
            },
        });

        var outcome = await runner.AskAsync(assistant.Id, "What should I eat on Thursday?");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);
        Assert.Equal("On Thursday, you should eat tacos! \U0001F32E", outcome.Reply);
        Assert.Equal("thread_gkKX1IBZbPQjL4hFRsW92Jlx", outcome.ThreadId);
        Assert.Equal("run_SQHx3Z6TDUBXWlOChOJ76TJL", outcome.Id);
        Assert.Equal(1, outcome.ToolRounds);
        var exchange = Assert.Single(outcome.ToolCalls);
        Assert.Equal(new ToolCall("call_23Wf4kXyCtVZdF1doZRzDjS4", "get_favorite_food_for_day_of_week", """{"day_of_week":"Thursday"}"""), exchange.Call);
        Assert.Equal("tacos", exchange.Result.Output);

        var submitted = Assert.Single(server.BodiesOf("POST", SubmitPath));
        var recorded = ReplayServer.RecordedEntry.Load(RecordingPath).Single(e => e.Key == "POST " + SubmitPath).RequestBody;
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(recorded!), JsonNode.Parse(submitted)),
            $"submitted {submitted}, recorded {recorded}");
        Assert.Equal(["queued", "in_progress", "requires_action", "queued", "in_progress", "completed"], statuses);
    }

    [Fact]
    public async Task Polling_waits_on_the_injected_clock_growing_by_the_factor_up_to_the_cap_and_restarting_after_a_submission()
    {
        await using var server = await ReplayServer.StartAsync(RecordingPath);
        var client = ClientFor(server);
        var assistant = await CreateAssistantAsync(client);
        var clock = new ImmediateTimeProvider();
        var runner = new AssistantRunner(client, FavoriteFoodTools.AssistantTools, new ToolRunnerOptions
        {
            InitialPollInterval = TimeSpan.FromMilliseconds(100),
            PollBackoffFactor = 2,
            MaxPollInterval = TimeSpan.FromMilliseconds(300),
            TimeProvider = clock,
        });

        var outcome = await runner.AskAsync(assistant.Id, "What should I eat on Thursday?");

        Assert.Equal(ToolRunStatus.Completed, outcome.Status);

        // Recorded: queued → in_progress → in_progress → requires_action, submit → queued → in_progress → completed.
        var polls = clock.RequestedDelays.Where(d => d < TimeSpan.FromMinutes(1));
        Assert.Equal([100, 200, 300, 100, 200], polls.Select(d => d.TotalMilliseconds));

        // The one other timer is the margin before expires_at (10 minutes after created_at, less 30 s), judged on the
        // server's clock from the run's created_at, so the recording's old timestamps do not matter.
        var margin = Assert.Single(clock.RequestedDelays, d => d >= TimeSpan.FromMinutes(1));
        Assert.InRange(margin, TimeSpan.FromMinutes(9), TimeSpan.FromSeconds(570));
    }

    [Fact]
    public async Task Reply_is_read_from_the_messages_of_the_run_only()
    {
        await using var server = await ReplayServer.StartAsync(RecordingPath);
        var client = ClientFor(server);
        var assistant = await CreateAssistantAsync(client);
        var runner = new AssistantRunner(client, FavoriteFoodTools.AssistantTools, new ToolRunnerOptions { InitialPollInterval = TimeSpan.Zero });

        var outcome = await runner.AskAsync(assistant.Id, "What should I eat on Thursday?");

        // The thread also holds the user's question; it must not leak into the reply.
        Assert.DoesNotContain("What should I eat", outcome.Reply);
        Assert.Contains(server.Received, r => r.Method == "GET" && r.Path == "/v1/threads/thread_gkKX1IBZbPQjL4hFRsW92Jlx/messages");
    }

    [Fact]
    public async Task A_step_listing_an_answered_call_with_new_ones_gets_its_earlier_output_without_running_it_again()
    {
        const string RunPath = "/v1/threads/thread_gkKX1IBZbPQjL4hFRsW92Jlx/runs/run_SQHx3Z6TDUBXWlOChOJ76TJL";
        var recorded = ReplayServer.RecordedEntry.Load(RecordingPath)
            .First(e => e.Key == "GET " + RunPath && e.ResponseBody.Contains("requires_action", StringComparison.Ordinal));
        string Run(string status, params string[] days)
        {
            var run = JsonNode.Parse(recorded.ResponseBody)!.AsObject();
            run["status"] = status;
            run["required_action"] = days.Length == 0 ? null : new JsonObject
            {
                ["type"] = "submit_tool_outputs",
                ["submit_tool_outputs"] = new JsonObject
                {
                    ["tool_calls"] = new JsonArray(days.Select(day => (JsonNode)new JsonObject
                    {
                        ["id"] = "call_" + day,
                        ["type"] = "function",
                        ["function"] = new JsonObject
                        {
                            ["name"] = "get_favorite_food_for_day_of_week",
                            ["arguments"] = day == "Monday" ? "{}" : $$"""{"day_of_week":"{{day}}"}""",
                        },
                    }).ToArray()),
                },
            };
            return run.ToJsonString();
        }

        await using var server = await ReplayServer.StartAsync(
            [
                new("GET " + RunPath, null, 200, Run("requires_action", "Monday")),
                new("POST " + SubmitPath, null, 200, Run("requires_action", "Monday", "Friday")),
                new("POST " + SubmitPath, null, 200, Run("completed")),
                new("GET /v1/threads/thread_gkKX1IBZbPQjL4hFRsW92Jlx/messages", null, 200, """{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}"""),
            ],
            repeatWhenExhausted: false);
        var client = ClientFor(server);
        var runner = new AssistantRunner(client, FavoriteFoodTools.AssistantTools, new ToolRunnerOptions { InitialPollInterval = TimeSpan.Zero });

        var outcome = await runner.DriveAsync(await client.GetRunAsync("thread_gkKX1IBZbPQjL4hFRsW92Jlx", "run_SQHx3Z6TDUBXWlOChOJ76TJL"));

        Assert.Equal((ToolRunStatus.Completed, 2), (outcome.Status, outcome.ToolRounds));
        Assert.Equal([("call_Monday", 1), ("call_Friday", 2)], outcome.ToolCalls.Select(c => (c.Call.Id, c.Round)));
        var submissions = server.BodiesOf("POST", SubmitPath)
            .Select(b => JsonNode.Parse(b)!["tool_outputs"]!.AsArray()
                .Select(o => ((string?)o!["tool_call_id"], (string?)o["output"])).ToArray())
            .ToArray();
        var mondayError = outcome.ToolCalls[0].Result.Output;
        Assert.Contains("missing_required", mondayError, StringComparison.Ordinal);
        Assert.Equal([("call_Monday", mondayError)], submissions[0]);
        Assert.Equal([("call_Monday", mondayError), ("call_Friday", "tacos")], submissions[1]);
    }

    private static AssistantClient ClientFor(ReplayServer server)
        => new(new ApiKeyCredential("test"), new AssistantClientOptions { Endpoint = server.Endpoint });

    private static async Task<Assistant> CreateAssistantAsync(AssistantClient client)
    {
        var options = new AssistantCreationOptions();
        foreach (var tool in FavoriteFoodTools.AssistantTools.ToFunctionToolDefinitions())
        {
            options.Tools.Add(tool);
        }

        return await client.CreateAssistantAsync("gpt-4o", options);
    }
}
