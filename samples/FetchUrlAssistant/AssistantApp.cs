using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;
using OpenAI.Assistants;
using OpenAI.Chat;
using OpenAI.Responses;
using ToolGen;
using ToolGen.Emulator;
using ToolGen.OpenAI;

namespace FetchUrlAssistant;

/// <summary>Which OpenAI API the assistant talks through.</summary>
public enum SampleApi
{
    /// <summary>Assistants v2: a run, polled through <c>requires_action</c> / <c>submit_tool_outputs</c>.</summary>
    Assistants,

    /// <summary>Responses: <c>function_call</c> items answered by <c>function_call_output</c> items.</summary>
    Responses,

    /// <summary>Chat Completions: <c>tool_calls</c> answered by <c>role: tool</c> messages.</summary>
    Chat,
}

/// <summary>What the command line asked for.</summary>
/// <param name="Question">The user's question, or <see langword="null"/> for the default one about the demo page.</param>
/// <param name="TranscriptPath">Where to write the transcript, or <see langword="null"/>.</param>
/// <param name="PrintTools">Print the tool definitions and exit.</param>
/// <param name="Api">The API to talk through; the Assistants API unless asked otherwise.</param>
/// <param name="AllowPrivateAddresses">Let the tool fetch from loopback and private networks; by default it fetches
/// only public pages and the bundled demo page.</param>
/// <param name="Stream">Stream the model's answers (server-sent events) and print their text as it arrives.</param>
public sealed record AssistantAppOptions(
    string? Question,
    string? TranscriptPath,
    bool PrintTools,
    SampleApi Api = SampleApi.Assistants,
    bool AllowPrivateAddresses = false,
    bool Stream = false);

/// <summary>The fetch-URL assistant: offers the model the <c>fetch_url</c> tool, asks it a question and drives the
/// model's tool calls until it answers.</summary>
public static class AssistantApp
{
    /// <summary>The model asked for when a remote server is used and <c>OPENAI_MODEL</c> is not set.</summary>
    public const string DefaultRemoteModel = "gpt-4o-mini";

    private const string Instructions =
        "You answer questions about web pages. Use the fetch_url tool to read a page before answering, " +
        "and quote the page where you can. If the tool reports an error, say so plainly.";

    /// <summary>Runs the assistant once.</summary>
    /// <param name="options">The command line's choices.</param>
    /// <param name="output">Where progress and the answer are printed.</param>
    /// <param name="environment">Reads environment variables (<c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>, <c>OPENAI_MODEL</c>).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The process exit code: 0 only when the model answered (the run completed) or the tools were printed;
    /// 1 when it ended otherwise; 2 when the environment is not usable.</returns>
    public static async Task<int> RunAsync(
        AssistantAppOptions options,
        TextWriter output,
        Func<string, string?> environment,
        CancellationToken cancellationToken)
    {
        if (options.PrintTools)
        {
            using var unused = new HttpClient();
            await output.WriteLineAsync(ToolsJson(new WebPageTools(unused).AssistantTools, options.Api));
            return 0;
        }

        var baseUrl = environment("OPENAI_BASE_URL");
        var apiKey = environment("OPENAI_API_KEY");
        if (options.Api == SampleApi.Assistants && string.IsNullOrEmpty(baseUrl) && !string.IsNullOrEmpty(apiKey))
        {
            await output.WriteLineAsync(
                "OPENAI_API_KEY is set but OPENAI_BASE_URL is not. OpenAI shut the Assistants API down on 2026-08-26, so " +
                "api.openai.com no longer serves it: set OPENAI_BASE_URL to a server that speaks the Assistants v2 API " +
                "(e.g. http://host:port/v1), use --api responses or --api chat, or unset OPENAI_API_KEY to run offline " +
                "against the bundled emulator.");
            return 2;
        }

        if (!string.IsNullOrEmpty(baseUrl) && string.IsNullOrEmpty(apiKey))
        {
            await output.WriteLineAsync("OPENAI_BASE_URL is set, so OPENAI_API_KEY must be set too.");
            return 2;
        }

        Uri? remoteEndpoint = null;
        if (!string.IsNullOrEmpty(baseUrl) && !Uri.TryCreate(baseUrl, UriKind.Absolute, out remoteEndpoint))
        {
            await output.WriteLineAsync($"OPENAI_BASE_URL is not an absolute URL: '{baseUrl}'.");
            return 2;
        }

        await using var site = await DemoSite.StartAsync(cancellationToken);
        using var http = new HttpClient(options.AllowPrivateAddresses
            ? new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5 }
            : new PublicAddressPolicy([site.Endpoint]).CreateHandler());
        http.DefaultRequestHeaders.UserAgent.ParseAdd("ToolGen-FetchUrlAssistant/1.0");

        // The host opts in to error messages from its own tool: "the page could not be reached: …" helps the model.
        var tools = new WebPageTools(http).AssistantTools.WithExceptionMessages();
        var question = options.Question ?? $"What does {site.PageUrl} say?";
        var transcript = new Transcript(options.Api.ToString().ToLowerInvariant());

        OpenAIEmulator? emulator = null;
        try
        {
            Connection connection;
            if (string.IsNullOrEmpty(apiKey))
            {
                emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions(), cancellationToken);
                connection = new Connection(emulator.Endpoint, "offline", "toolgen-emulator");
                await output.WriteLineAsync($"Offline: running against the bundled OpenAI emulator at {emulator.Endpoint} (no API key, no network).");
            }
            else
            {
                var model = environment("OPENAI_MODEL") is { Length: > 0 } m ? m : DefaultRemoteModel;
                connection = new Connection(remoteEndpoint, apiKey, model);
                await output.WriteLineAsync($"Remote: running against {remoteEndpoint?.ToString() ?? "OpenAI"} with model {model}.");
            }

            await output.WriteLineAsync($"User: {question}");
            var printer = new Printer(output);
            var statusType = options.Api switch
            {
                SampleApi.Assistants => "run_status",
                SampleApi.Responses => "response_status",
                _ => "finish_reason",
            };

            // One code path for every API: the same events, printed the same way, and one outcome.
            var runnerOptions = new ToolRunnerOptions
            {
                Streaming = options.Stream,
                OnEvent = async e =>
                {
                    switch (e)
                    {
                        case ToolRunStatusChanged changed:
                            transcript.Status(statusType, changed.Status);
                            await printer.WriteLineAsync($"  {changed.Id}: {changed.Status}");
                            break;
                        case ToolCallCompleted completed:
                            transcript.ToolCall(completed.Call, completed.Result);
                            await printer.WriteLineAsync($"  tool call {completed.Call.Name}({completed.Call.Arguments})");
                            await printer.WriteLineAsync($"  tool {(completed.Result.IsError ? "error" : "output")}: {Shorten(completed.Result.Output, 200)}");
                            break;
                        case ToolRunTextDelta delta:
                            await printer.WriteTextAsync(delta.Delta);
                            break;
                    }
                },
            };
            var outcome = await AskAsync(options.Api, connection, tools, question, runnerOptions, cancellationToken);
            await printer.EndTextAsync();

            var status = JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.Status.ToString());
            var reason = outcome.Error is { } error ? $" ({error.Code}: {error.Message})" : outcome.IncompleteReason is { } why ? $" ({why})" : "";
            var reply = outcome.IsCompleted ? outcome.Reply : outcome.Refusal ?? status + reason;
            await output.WriteLineAsync(outcome.IsCompleted ? $"Assistant: {reply}" : $"The conversation ended {status}{reason}.");
            if (options.TranscriptPath is not null)
            {
                await transcript.WriteAsync(options.TranscriptPath, status, reply);
            }

            return outcome.IsCompleted ? 0 : 1;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    /// <summary>Asks through the chosen API; only the client and the first request differ.</summary>
    private static async Task<ToolRunOutcome> AskAsync(
        SampleApi api, Connection connection, ToolSet tools, string question, ToolRunnerOptions options, CancellationToken cancellationToken)
    {
        switch (api)
        {
            case SampleApi.Responses:
                var responses = new ResponsesClient(new ApiKeyCredential(connection.ApiKey), connection.Configure(new ResponsesClientOptions()));
                return await new ResponsesRunner(responses, tools, options)
                    .AskAsync(connection.Model, question, new CreateResponseOptions(connection.Model, []) { Instructions = Instructions }, cancellationToken);
            case SampleApi.Chat:
                var chat = new ChatClient(connection.Model, new ApiKeyCredential(connection.ApiKey), connection.Configure(new OpenAIClientOptions()));
                return await new ChatRunner(chat, tools, options)
                    .RunAsync([new SystemChatMessage(Instructions), new UserChatMessage(question)], cancellationToken: cancellationToken);
        }

        var client = new AssistantClient(new ApiKeyCredential(connection.ApiKey), connection.Configure(new AssistantClientOptions()));
        var creation = new AssistantCreationOptions { Name = "fetch-url-assistant", Instructions = Instructions };
        foreach (var tool in tools.ToFunctionToolDefinitions())
        {
            creation.Tools.Add(tool);
        }

        Assistant assistant = await client.CreateAssistantAsync(connection.Model, creation, cancellationToken);
        try
        {
            return await new AssistantRunner(client, tools, options).AskAsync(assistant.Id, question, cancellationToken: cancellationToken);
        }
        finally
        {
            await client.DeleteAssistantAsync(assistant.Id, CancellationToken.None);
        }
    }

    /// <summary>The tools as the chosen API's <c>tools</c> array, written by the OpenAI SDK itself so the shape is the
    /// one sent on the wire: <c>[{"type":"function","function":{…}}]</c> for Assistants and Chat Completions,
    /// <c>[{"type":"function","name":…,"parameters":…}]</c> for Responses.</summary>
    internal static string ToolsJson(ToolSet tools, SampleApi api)
    {
        IEnumerable<string> items = api switch
        {
            SampleApi.Assistants => tools.ToFunctionToolDefinitions().Select(t => ModelReaderWriter.Write(t, ModelReaderWriterOptions.Json).ToString()),
            SampleApi.Responses => tools.Definitions.Select(d => ModelReaderWriter.Write(d.ToResponseTool(), ModelReaderWriterOptions.Json).ToString()),
            _ => tools.Definitions.Select(d => ModelReaderWriter.Write(d.ToChatTool(), ModelReaderWriterOptions.Json).ToString()),
        };
        return "[" + string.Join(",", items) + "]";
    }

    private static string Shorten(string text, int max)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max - 1), "…");
    }

    /// <summary>Prints progress lines, and streamed text as it arrives on a line of its own.</summary>
    private sealed class Printer(TextWriter output)
    {
        private bool _inText;

        public async Task WriteLineAsync(string line)
        {
            await EndTextAsync();
            await output.WriteLineAsync(line);
        }

        public async Task WriteTextAsync(string delta)
        {
            if (!_inText)
            {
                await output.WriteAsync("  streamed: ");
                _inText = true;
            }

            await output.WriteAsync(delta);
        }

        public async Task EndTextAsync()
        {
            if (_inText)
            {
                await output.WriteLineAsync();
                _inText = false;
            }
        }
    }

    /// <summary>Where the API is: <paramref name="Endpoint"/> <see langword="null"/> means OpenAI's own.</summary>
    private sealed record Connection(Uri? Endpoint, string ApiKey, string Model)
    {
        public T Configure<T>(T options)
            where T : ClientPipelineOptions
        {
            // The SDK's option types share no base with Endpoint; only a set endpoint replaces OpenAI's default.
            switch (options)
            {
                case AssistantClientOptions assistants when Endpoint is not null:
                    assistants.Endpoint = Endpoint;
                    break;
                case ResponsesClientOptions responses when Endpoint is not null:
                    responses.Endpoint = Endpoint;
                    break;
                case OpenAIClientOptions openAI when Endpoint is not null:
                    openAI.Endpoint = Endpoint;
                    break;
            }

            return options;
        }
    }
}
