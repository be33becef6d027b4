using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI.Assistants;
using ToolGen.Emulator;

namespace ToolGen.OpenAI.Tests.Loop;

/// <summary>An emulator with one assistant defining the given tools, and an SDK client pointed at it whose requests
/// are recorded.</summary>
internal sealed class EmulatedAssistant : IAsyncDisposable
{
    private EmulatedAssistant(OpenAIEmulator emulator, AssistantClient client, RequestRecorder recorder, string assistantId)
    {
        Emulator = emulator;
        Client = client;
        Recorder = recorder;
        AssistantId = assistantId;
    }

    public OpenAIEmulator Emulator { get; }

    public AssistantClient Client { get; }

    public RequestRecorder Recorder { get; }

    public string AssistantId { get; }

    public static async Task<EmulatedAssistant> StartAsync(IEmulatedModel model, ToolSet tools, TimeProvider? time = null, TimeSpan? runExpiresAfter = null)
    {
        var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions
        {
            Model = model,
            TimeProvider = time ?? TimeProvider.System,
            RunExpiresAfter = runExpiresAfter ?? TimeSpan.FromMinutes(10),
        });
        var recorder = new RequestRecorder();
        var options = new AssistantClientOptions
        {
            Endpoint = emulator.Endpoint,

            // A refused request must fail the test at once, not after the SDK's real-time retry delays.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        options.AddPolicy(recorder, PipelinePosition.PerCall);
        var client = new AssistantClient(new ApiKeyCredential("test"), options);
        var creation = new AssistantCreationOptions { Name = "test" };
        foreach (var tool in tools.ToFunctionToolDefinitions())
        {
            creation.Tools.Add(tool);
        }

        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", creation);
        return new EmulatedAssistant(emulator, client, recorder, assistant.Id);
    }

    public AssistantRunner Runner(ToolSet tools, ToolRunnerOptions? options = null, bool streaming = false)
        => new(Client, tools, options ?? new ToolRunnerOptions { InitialPollInterval = TimeSpan.Zero, Streaming = streaming });

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();

    /// <summary>Records method, path and body of every request the SDK sends.</summary>
    internal sealed class RequestRecorder : PipelinePolicy
    {
        private readonly List<(string Method, string Path, string Body)> _requests = [];

        public IReadOnlyList<(string Method, string Path, string Body)> Requests
        {
            get
            {
                lock (_requests)
                {
                    return _requests.ToArray();
                }
            }
        }

        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Record(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Record(message);
            await ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Record(PipelineMessage message)
        {
            var body = "";
            if (message.Request.Content is { } content)
            {
                using var buffer = new MemoryStream();
                content.WriteTo(buffer);
                body = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            }

            lock (_requests)
            {
                _requests.Add((message.Request.Method, message.Request.Uri!.AbsolutePath, body));
            }
        }
    }
}
