using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OpenAI;
using OpenAI.Assistants;
using OpenAI.Chat;
using OpenAI.Responses;
using ToolGen.Benchmarks.Dispatch;
using ToolGen.Emulator;
using ToolGen.OpenAI;

namespace ToolGen.Benchmarks.Loop;

/// <summary>
/// One tool round through each API and mode the runners support, against <see cref="OpenAIEmulator"/> on 127.0.0.1,
/// each next to the emulator's own floor for the same HTTP exchanges (<see cref="EmulatorFloor"/>); and one round of
/// ten parallel 100 ms tools (<c>pause</c>), which takes 100 ms plus the loop's overhead only if the calls run
/// concurrently. Polling runs poll without waiting (<see cref="ToolRunnerOptions.InitialPollInterval"/> zero), so the
/// figures are the loop's cost, not a poll interval's.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LoopBenchmarks
{
    private static readonly ToolRunnerOptions Polling = new()
    {
        InitialPollInterval = TimeSpan.Zero,
        MaxPollInterval = TimeSpan.Zero,
        PollBackoffFactor = 1,
    };

    private static readonly ToolRunnerOptions Streaming = new() { Streaming = true };

    private readonly ToolSet _tools = ToolSet.Combine(BenchTools.AssistantTools, PauseTools.AssistantTools);
    private OpenAIEmulator _emulator = null!;
    private HttpClient _http = null!;
    private EmulatorFloor _floor = null!;
    private string _assistantId = null!;
    private AssistantRunner _assistantsPolling = null!;
    private AssistantRunner _assistantsStreaming = null!;
    private ResponsesRunner _responses = null!;
    private ResponsesRunner _responsesStreaming = null!;
    private ChatRunner _chat = null!;
    private ChatRunner _chatStreaming = null!;

    /// <summary>Starts the emulator, creates the assistant, and checks that every runner and every floor completes the
    /// round with the tool's output, and that the ten pauses all ran.</summary>
    /// <exception cref="InvalidOperationException">A round did not complete as expected.</exception>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Stops the emulator.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Assistants, polling, through <see cref="AssistantRunner"/>.</summary>
    [Benchmark(Description = "AssistantRunner"), BenchmarkCategory("Assistants, polling")]
    public Task<ToolRunOutcome> AssistantsPolling() => _assistantsPolling.AskAsync(_assistantId, LoopModel.OneCall);

    /// <summary>Assistants, polling, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Assistants, polling")]
    public Task<string> AssistantsPollingFloor() => _floor.AssistantsAsync(stream: false);

    /// <summary>Assistants, streaming, through <see cref="AssistantRunner"/>.</summary>
    [Benchmark(Description = "AssistantRunner"), BenchmarkCategory("Assistants, streaming")]
    public Task<ToolRunOutcome> AssistantsStreaming() => _assistantsStreaming.AskAsync(_assistantId, LoopModel.OneCall);

    /// <summary>Assistants, streaming, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Assistants, streaming")]
    public Task<string> AssistantsStreamingFloor() => _floor.AssistantsAsync(stream: true);

    /// <summary>Responses through <see cref="ResponsesRunner"/>.</summary>
    [Benchmark(Description = "ResponsesRunner"), BenchmarkCategory("Responses")]
    public Task<ToolRunOutcome> Responses() => _responses.AskAsync("gpt-4o-mini", LoopModel.OneCall);

    /// <summary>Responses, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Responses")]
    public Task<string> ResponsesFloor() => _floor.ResponsesAsync(stream: false);

    /// <summary>Responses, streaming, through <see cref="ResponsesRunner"/>.</summary>
    [Benchmark(Description = "ResponsesRunner"), BenchmarkCategory("Responses, streaming")]
    public Task<ToolRunOutcome> ResponsesStreaming() => _responsesStreaming.AskAsync("gpt-4o-mini", LoopModel.OneCall);

    /// <summary>Responses, streaming, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Responses, streaming")]
    public Task<string> ResponsesStreamingFloor() => _floor.ResponsesAsync(stream: true);

    /// <summary>Chat Completions through <see cref="ChatRunner"/>.</summary>
    [Benchmark(Description = "ChatRunner"), BenchmarkCategory("Chat")]
    public Task<ToolRunOutcome> Chat() => _chat.AskAsync(LoopModel.OneCall);

    /// <summary>Chat Completions, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Chat")]
    public Task<string> ChatFloor() => _floor.ChatAsync(stream: false);

    /// <summary>Chat Completions, streaming, through <see cref="ChatRunner"/>.</summary>
    [Benchmark(Description = "ChatRunner"), BenchmarkCategory("Chat, streaming")]
    public Task<ToolRunOutcome> ChatStreaming() => _chatStreaming.AskAsync(LoopModel.OneCall);

    /// <summary>Chat Completions, streaming, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Chat, streaming")]
    public Task<string> ChatStreamingFloor() => _floor.ChatAsync(stream: true);

    /// <summary>Ten 100 ms tools in one round, through <see cref="ChatRunner"/>.</summary>
    [Benchmark(Description = "ChatRunner, ten parallel 100 ms tools"), BenchmarkCategory("Parallel")]
    public Task<ToolRunOutcome> TenParallelTools() => _chat.AskAsync(LoopModel.TenCalls);

    private async Task SetupAsync()
    {
        _emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new LoopModel() });
        var endpoint = _emulator.Endpoint;
        var assistants = new AssistantClient(new ApiKeyCredential("test"), NoRetries(new AssistantClientOptions { Endpoint = endpoint }));
        var creation = new AssistantCreationOptions();
        foreach (var tool in _tools.ToFunctionToolDefinitions())
        {
            creation.Tools.Add(tool);
        }

        _assistantId = (await assistants.CreateAssistantAsync("gpt-4o-mini", creation)).Value.Id;
        var responses = new ResponsesClient(new ApiKeyCredential("test"), NoRetries(new ResponsesClientOptions { Endpoint = endpoint }));
        var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential("test"), NoRetries(new OpenAIClientOptions { Endpoint = endpoint }));
        _assistantsPolling = new AssistantRunner(assistants, _tools, Polling);
        _assistantsStreaming = new AssistantRunner(assistants, _tools, Streaming);
        _responses = new ResponsesRunner(responses, _tools, Polling);
        _responsesStreaming = new ResponsesRunner(responses, _tools, Streaming);
        _chat = new ChatRunner(chat, _tools, Polling);
        _chatStreaming = new ChatRunner(chat, _tools, Streaming);

        _http = EmulatorFloor.CreateClient(endpoint);
        _floor = new EmulatorFloor(_http, ToolsJson(d => d.ToChatTool()), ToolsJson(d => d.ToResponseTool()), _assistantId);

        foreach (var (name, run) in new (string, Func<Task<ToolRunOutcome>>)[]
        {
            ("Assistants, polling", AssistantsPolling), ("Assistants, streaming", AssistantsStreaming), ("Responses", Responses),
            ("Responses, streaming", ResponsesStreaming), ("Chat", Chat), ("Chat, streaming", ChatStreaming),
        })
        {
            var outcome = await run();
            if (!outcome.IsCompleted || outcome.Reply != LoopModel.WeatherReply || outcome.ToolCalls.Count != 1)
            {
                throw new InvalidOperationException($"{name}: the runner ended {outcome.Status} with '{outcome.Reply}' after {outcome.ToolCalls.Count} call(s).");
            }
        }

        foreach (var (name, run) in new (string, Func<Task<string>>)[]
        {
            ("Assistants, polling", AssistantsPollingFloor), ("Assistants, streaming", AssistantsStreamingFloor), ("Responses", ResponsesFloor),
            ("Responses, streaming", ResponsesStreamingFloor), ("Chat", ChatFloor), ("Chat, streaming", ChatStreamingFloor),
        })
        {
            var text = await run();
            // A streamed reply arrives cut into deltas; its end is the finish reason or the run's or response's last event.
            if (!text.Contains(LoopModel.WeatherReply, StringComparison.Ordinal) && !text.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal)
                && !text.Contains("response.completed", StringComparison.Ordinal) && !text.Contains("thread.run.completed", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{name}: the floor's last exchange did not carry the reply: {text[..Math.Min(text.Length, 400)]}");
            }
        }

        var parallel = await TenParallelTools();
        if (!parallel.IsCompleted || parallel.ToolCalls.Count != 10 || parallel.ToolRounds != 1)
        {
            throw new InvalidOperationException($"The ten pauses ended {parallel.Status} after {parallel.ToolCalls.Count} call(s) in {parallel.ToolRounds} round(s).");
        }
    }

    private string ToolsJson<T>(Func<ToolDefinition, T> convert)
        where T : IPersistableModel<T>
    {
        var tools = _tools.Definitions.Select(d => ModelReaderWriter.Write(convert(d)).ToString());
        return new StringBuilder("[").AppendJoin(',', tools).Append(']').ToString();
    }

    private static T NoRetries<T>(T options)
        where T : ClientPipelineOptions
    {
        // A refused request must fail the setup check at once, not after the SDK's retry delays.
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        return options;
    }
}
