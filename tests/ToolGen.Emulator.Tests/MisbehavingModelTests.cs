using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Assistants;

namespace ToolGen.Emulator.Tests;

public sealed class MisbehavingModelTests
{
    /// <summary>A hand-written model that breaks the interface's promise and returns null.</summary>
    private sealed class NullModel : IEmulatedModel
    {
        public ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken) => new((ModelTurn)null!);
    }

    [Fact]
    public async Task A_model_returning_null_fails_the_run_with_a_server_error_saying_so()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new NullModel() });
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o");

        var run = await Emulated.PollAsync(client, await client.CreateThreadAndRunAsync(assistant.Id,
            new ThreadCreationOptions { InitialMessages = { "Hi" } }));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("server_error", run.LastError.Code.ToString());
        Assert.Contains("returned no turn", run.LastError.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("responses", """{"model":"m","input":"hi"}""")]
    public async Task A_model_returning_null_is_reported_as_the_models_failure_not_the_emulators(string path, string json)
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new NullModel() });
        using var http = Emulated.Http(emulator);

        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Chat Completions has no failed status, so a model failure is a 500; a response is "failed" with HTTP 200.
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(path == "responses" ? HttpStatusCode.OK : HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("server_error", error.GetProperty("code").GetString());
        Assert.Contains("returned no turn", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private sealed class FixedModel(ModelTurn turn) : IEmulatedModel
    {
        public ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken) => new(turn);
    }

    public static TheoryData<string, ModelTurn> MalformedTurns => new()
    {
        { "without calls", new ToolCallsTurn([]) },
        { "without a name or arguments", new ToolCallsTurn([new EmulatedToolCall("f", null!)]) },
        { "without text", new ReplyTurn(null!) },
    };

    [Theory]
    [MemberData(nameof(MalformedTurns))]
    public async Task A_turn_built_past_the_factories_checks_fails_the_run_instead_of_leaving_it_stuck(string problem, ModelTurn turn)
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new FixedModel(turn) });
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o");

        var run = await Emulated.PollAsync(client, await client.CreateThreadAndRunAsync(assistant.Id,
            new ThreadCreationOptions { InitialMessages = { "Hi" } }));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains(problem, run.LastError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_call_is_refused_when_the_turn_is_made()
    {
        Assert.Throws<ArgumentException>(() => ModelTurn.CallTools(new EmulatedToolCall("f", "{}"), null!));
    }

    /// <summary>Holds its first turn until released, counting calls.</summary>
    private sealed class GatedModel : IEmulatedModel
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public async ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return ModelTurn.CallTools(new EmulatedToolCall("f", "{}"));
        }
    }

    [Fact]
    public async Task A_poll_while_another_poll_waits_on_the_model_sees_in_progress_and_does_not_ask_the_model_again()
    {
        var model = new GatedModel();
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o");
        ThreadRun run = await client.CreateThreadAndRunAsync(assistant.Id, new ThreadCreationOptions { InitialMessages = { "Hi" } });
        await client.GetRunAsync(run.ThreadId, run.Id);

        var waiting = client.GetRunAsync(run.ThreadId, run.Id);
        await model.Entered.Task;
        ThreadRun meanwhile = await client.GetRunAsync(run.ThreadId, run.Id);
        model.Release.SetResult();
        ThreadRun decided = await waiting;

        Assert.Equal(RunStatus.InProgress, meanwhile.Status);
        Assert.Equal(RunStatus.RequiresAction, decided.Status);
        Assert.Equal(1, model.Calls);
    }
}
