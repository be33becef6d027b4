using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;
using ToolGen.Emulator;
using ToolGen.OpenAI.Tests.Loop;

namespace ToolGen.OpenAI.Tests.Suite;

/// <summary>The three OpenAI APIs the one loop drives.</summary>
public enum Api
{
    Assistants,
    Responses,
    Chat,
}

/// <summary>One API of an emulator behind the runner for it, with every request the SDK sends recorded: the suite's
/// single way to ask, whatever the API.</summary>
internal sealed class ApiHarness : IAsyncDisposable
{
    private readonly Func<ToolSet, ToolRunnerOptions, string, CancellationToken, Task<ToolRunOutcome>> _ask;
    private readonly IAsyncDisposable _server;

    private ApiHarness(
        EmulatedAssistant.RequestRecorder recorder,
        IAsyncDisposable server,
        Func<ToolSet, ToolRunnerOptions, string, CancellationToken, Task<ToolRunOutcome>> ask)
    {
        Recorder = recorder;
        _server = server;
        _ask = ask;
    }

    public EmulatedAssistant.RequestRecorder Recorder { get; }

    /// <summary>The wire word for a finished answer: a run's and a response's <c>completed</c>, a completion's
    /// <c>stop</c>.</summary>
    public static string CompletedStatus(Api api) => api == Api.Chat ? "stop" : "completed";

    public static async Task<ApiHarness> StartAsync(Api api, IEmulatedModel model, ToolSet tools, EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions();
        options.Model = model;
        if (api == Api.Assistants)
        {
            var assistant = await EmulatedAssistant.StartAsync(model, tools, options.TimeProvider, options.RunExpiresAfter);
            return new ApiHarness(
                assistant.Recorder,
                assistant,
                (t, o, q, ct) => new AssistantRunner(assistant.Client, t, o).AskAsync(assistant.AssistantId, q, cancellationToken: ct));
        }

        var emulator = await OpenAIEmulator.StartAsync(options);
        var recorder = new EmulatedAssistant.RequestRecorder();
        if (api == Api.Responses)
        {
            var responses = new ResponsesClient(new ApiKeyCredential("test"), Configure(new ResponsesClientOptions { Endpoint = emulator.Endpoint }, recorder));
            return new ApiHarness(recorder, emulator, (t, o, q, ct) => new ResponsesRunner(responses, t, o).AskAsync("gpt-4o-mini", q, cancellationToken: ct));
        }

        var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential("test"), Configure(new OpenAIClientOptions { Endpoint = emulator.Endpoint }, recorder));
        return new ApiHarness(recorder, emulator, (t, o, q, ct) => new ChatRunner(chat, t, o).AskAsync(q, cancellationToken: ct));
    }

    public Task<ToolRunOutcome> AskAsync(ToolSet tools, ToolRunnerOptions options, string question = "Weather?", CancellationToken cancellationToken = default)
        => _ask(tools, options, question, cancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static T Configure<T>(T options, PipelinePolicy recorder)
        where T : ClientPipelineOptions
    {
        // A refused request must fail the test at once, not after the SDK's real-time retry delays.
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        options.AddPolicy(recorder, PipelinePosition.PerCall);
        return options;
    }
}
