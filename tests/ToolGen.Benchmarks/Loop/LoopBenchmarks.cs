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
    // One emulator, assistant and set of runners per process, checked once: the quick run sets up every benchmark in one
    // process, and starting a server per benchmark would cost more than the benchmarks. It stops with the process.
    private static readonly Lazy<LoopFixture> Shared = new(() => LoopFixture.StartAsync().GetAwaiter().GetResult());

    private LoopFixture _fixture = null!;

    /// <summary>Starts (once per process) the emulator, creates the assistant, and checks that every runner and every
    /// floor completes the round with the tool's output, and that the ten pauses all ran.</summary>
    /// <exception cref="InvalidOperationException">A round did not complete as expected.</exception>
    [GlobalSetup]
    public void Setup() => _fixture = Shared.Value;

    /// <summary>Assistants, polling, through <see cref="AssistantRunner"/>.</summary>
    [Benchmark(Description = "AssistantRunner"), BenchmarkCategory("Assistants, polling")]
    public Task<ToolRunOutcome> AssistantsPolling() => _fixture.AssistantsPolling.AskAsync(_fixture.AssistantId, LoopModel.OneCall);

    /// <summary>Assistants, polling, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Assistants, polling")]
    public Task<string> AssistantsPollingFloor() => _fixture.Floor.AssistantsAsync(stream: false);

    /// <summary>Assistants, streaming, through <see cref="AssistantRunner"/>.</summary>
    [Benchmark(Description = "AssistantRunner"), BenchmarkCategory("Assistants, streaming")]
    public Task<ToolRunOutcome> AssistantsStreaming() => _fixture.AssistantsStreaming.AskAsync(_fixture.AssistantId, LoopModel.OneCall);

    /// <summary>Assistants, streaming, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Assistants, streaming")]
    public Task<string> AssistantsStreamingFloor() => _fixture.Floor.AssistantsAsync(stream: true);

    /// <summary>Responses through <see cref="ResponsesRunner"/>.</summary>
    [Benchmark(Description = "ResponsesRunner"), BenchmarkCategory("Responses")]
    public Task<ToolRunOutcome> Responses() => _fixture.Responses.AskAsync("gpt-4o-mini", LoopModel.OneCall);

    /// <summary>Responses, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Responses")]
    public Task<string> ResponsesFloor() => _fixture.Floor.ResponsesAsync(stream: false);

    /// <summary>Responses, streaming, through <see cref="ResponsesRunner"/>.</summary>
    [Benchmark(Description = "ResponsesRunner"), BenchmarkCategory("Responses, streaming")]
    public Task<ToolRunOutcome> ResponsesStreaming() => _fixture.ResponsesStreaming.AskAsync("gpt-4o-mini", LoopModel.OneCall);

    /// <summary>Responses, streaming, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Responses, streaming")]
    public Task<string> ResponsesStreamingFloor() => _fixture.Floor.ResponsesAsync(stream: true);

    /// <summary>Chat Completions through <see cref="ChatRunner"/>.</summary>
    [Benchmark(Description = "ChatRunner"), BenchmarkCategory("Chat")]
    public Task<ToolRunOutcome> Chat() => _fixture.Chat.AskAsync(LoopModel.OneCall);

    /// <summary>Chat Completions, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Chat")]
    public Task<string> ChatFloor() => _fixture.Floor.ChatAsync(stream: false);

    /// <summary>Chat Completions, streaming, through <see cref="ChatRunner"/>.</summary>
    [Benchmark(Description = "ChatRunner"), BenchmarkCategory("Chat, streaming")]
    public Task<ToolRunOutcome> ChatStreaming() => _fixture.ChatStreaming.AskAsync(LoopModel.OneCall);

    /// <summary>Chat Completions, streaming, bare HTTP.</summary>
    [Benchmark(Baseline = true, Description = "bare HttpClient (floor)"), BenchmarkCategory("Chat, streaming")]
    public Task<string> ChatStreamingFloor() => _fixture.Floor.ChatAsync(stream: true);

    /// <summary>Ten 100 ms tools in one round, through <see cref="ChatRunner"/>.</summary>
    [Benchmark(Description = "ChatRunner, ten parallel 100 ms tools"), BenchmarkCategory("Parallel")]
    public Task<ToolRunOutcome> TenParallelTools() => _fixture.Chat.AskAsync(LoopModel.TenCalls);
}

/// <summary>The emulator of <see cref="LoopBenchmarks"/>, its assistant, the six runners and the floor.</summary>
internal sealed class LoopFixture
{
    private static readonly ToolRunnerOptions Polling = new()
    {
        InitialPollInterval = TimeSpan.Zero,
        MaxPollInterval = TimeSpan.Zero,
        PollBackoffFactor = 1,
    };

    private static readonly ToolRunnerOptions Streaming = new() { Streaming = true };

    private readonly ToolSet _tools = ToolSet.Combine(BenchTools.AssistantTools, PauseTools.AssistantTools);

    public string AssistantId { get; private set; } = null!;

    public AssistantRunner AssistantsPolling { get; private set; } = null!;

    public AssistantRunner AssistantsStreaming { get; private set; } = null!;

    public ResponsesRunner Responses { get; private set; } = null!;

    public ResponsesRunner ResponsesStreaming { get; private set; } = null!;

    public ChatRunner Chat { get; private set; } = null!;

    public ChatRunner ChatStreaming { get; private set; } = null!;

    public EmulatorFloor Floor { get; private set; } = null!;

    public static async Task<LoopFixture> StartAsync()
    {
        var fixture = new LoopFixture();
        await fixture.SetupAsync();
        return fixture;
    }

    private async Task SetupAsync()
    {
        var endpoint = (await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new LoopModel() })).Endpoint;
        var assistants = new AssistantClient(new ApiKeyCredential("test"), NoRetries(new AssistantClientOptions { Endpoint = endpoint }));
        var creation = new AssistantCreationOptions();
        foreach (var tool in _tools.ToFunctionToolDefinitions())
        {
            creation.Tools.Add(tool);
        }

        AssistantId = (await assistants.CreateAssistantAsync("gpt-4o-mini", creation)).Value.Id;
        var responses = new ResponsesClient(new ApiKeyCredential("test"), NoRetries(new ResponsesClientOptions { Endpoint = endpoint }));
        var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential("test"), NoRetries(new OpenAIClientOptions { Endpoint = endpoint }));
        AssistantsPolling = new AssistantRunner(assistants, _tools, Polling);
        AssistantsStreaming = new AssistantRunner(assistants, _tools, Streaming);
        Responses = new ResponsesRunner(responses, _tools, Polling);
        ResponsesStreaming = new ResponsesRunner(responses, _tools, Streaming);
        Chat = new ChatRunner(chat, _tools, Polling);
        ChatStreaming = new ChatRunner(chat, _tools, Streaming);

        var http = EmulatorFloor.CreateClient(endpoint);
        Floor = new EmulatorFloor(http, ToolsJson(d => d.ToChatTool()), ToolsJson(d => d.ToResponseTool()), AssistantId);

        foreach (var (name, run) in new (string, Func<Task<ToolRunOutcome>>)[]
        {
            ("Assistants, polling", () => AssistantsPolling.AskAsync(AssistantId, LoopModel.OneCall)),
            ("Assistants, streaming", () => AssistantsStreaming.AskAsync(AssistantId, LoopModel.OneCall)),
            ("Responses", () => Responses.AskAsync("gpt-4o-mini", LoopModel.OneCall)),
            ("Responses, streaming", () => ResponsesStreaming.AskAsync("gpt-4o-mini", LoopModel.OneCall)),
            ("Chat", () => Chat.AskAsync(LoopModel.OneCall)),
            ("Chat, streaming", () => ChatStreaming.AskAsync(LoopModel.OneCall)),
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
            ("Assistants, polling", () => Floor.AssistantsAsync(stream: false)),
            ("Assistants, streaming", () => Floor.AssistantsAsync(stream: true)),
            ("Responses", () => Floor.ResponsesAsync(stream: false)),
            ("Responses, streaming", () => Floor.ResponsesAsync(stream: true)),
            ("Chat", () => Floor.ChatAsync(stream: false)),
            ("Chat, streaming", () => Floor.ChatAsync(stream: true)),
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

        var parallel = await Chat.AskAsync(LoopModel.TenCalls);
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
