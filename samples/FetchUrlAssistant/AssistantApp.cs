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
/// <param name="AllowedOrigins">Origins (<c>scheme://host:port</c>) the tool may fetch from even though they are on
/// loopback, a private network or another special-purpose range; the demo page's origin is always added. By default
/// the tool fetches only public pages and the demo page.</param>
/// <param name="Stream">Stream the model's answers (server-sent events) and print their text as it arrives.</param>
/// <param name="Verbose">Print the full exception, stack trace included, when a run ends in an error.</param>
public sealed record AssistantAppOptions(
    string? Question,
    string? TranscriptPath,
    bool PrintTools,
    SampleApi Api = SampleApi.Assistants,
    IReadOnlyList<Uri>? AllowedOrigins = null,
    bool Stream = false,
    bool Verbose = false);

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
    /// <param name="cancellationToken">Stops the run (Ctrl+C, SIGTERM); an Assistants run is then cancelled on the
    /// server too.</param>
    /// <param name="error">Where a configuration or service error is printed, as one line; <paramref name="output"/>
    /// when <see langword="null"/>.</param>
    /// <returns>The process exit code, one of <see cref="ExitCodes"/>: 0 only when the model answered (the run
    /// completed) or the tools were printed.</returns>
    public static async Task<int> RunAsync(
        AssistantAppOptions options,
        TextWriter output,
        Func<string, string?> environment,
        CancellationToken cancellationToken,
        TextWriter? error = null)
    {
        error ??= output;
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
            await error.WriteLineAsync(
                "OPENAI_API_KEY is set but OPENAI_BASE_URL is not. OpenAI shut the Assistants API down on 2026-08-26, so " +
                "api.openai.com no longer serves it: set OPENAI_BASE_URL to a server that speaks the Assistants v2 API " +
                "(e.g. http://host:port/v1), use --api responses or --api chat, or unset OPENAI_API_KEY to run offline " +
                "against the bundled emulator.");
            return ExitCodes.Configuration;
        }

        if (!string.IsNullOrEmpty(baseUrl) && string.IsNullOrEmpty(apiKey))
        {
            await error.WriteLineAsync("OPENAI_BASE_URL is set, so OPENAI_API_KEY must be set too.");
            return ExitCodes.Configuration;
        }

        Uri? remoteEndpoint = null;
        if (!string.IsNullOrEmpty(baseUrl) && !Uri.TryCreate(baseUrl, UriKind.Absolute, out remoteEndpoint))
        {
            await error.WriteLineAsync($"OPENAI_BASE_URL is not an absolute URL: '{baseUrl}'.");
            return ExitCodes.Configuration;
        }

        if (TranscriptProblem(options.TranscriptPath) is { } problem)
        {
            await error.WriteLineAsync(problem);
            return ExitCodes.Configuration;
        }

        try
        {
            return await RunOnceAsync(options, output, environment, remoteEndpoint, apiKey, cancellationToken);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var (exitCode, message) = Failures.Describe(exception, cancellationToken.IsCancellationRequested, remoteEndpoint);
            await error.WriteLineAsync(options.Verbose ? $"{message}{Environment.NewLine}{exception}" : message);
            return exitCode;
        }
    }

    /// <summary>Why the transcript cannot be written, checked before the run so a run is not wasted; or
    /// <see langword="null"/>.</summary>
    private static string? TranscriptProblem(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return $"--transcript names a folder, not a file: {full}";
        }

        var folder = Path.GetDirectoryName(full);
        return folder is not null && !Directory.Exists(folder) ? $"--transcript: the folder {folder} does not exist." : null;
    }

    private static async Task<int> RunOnceAsync(
        AssistantAppOptions options,
        TextWriter output,
        Func<string, string?> environment,
        Uri? remoteEndpoint,
        string? apiKey,
        CancellationToken cancellationToken)
    {
        await using var site = await DemoSite.StartAsync(cancellationToken);
        var policy = new PublicAddressPolicy([site.Origin, .. options.AllowedOrigins ?? []]);
        using var http = FetchHttpClient.Create(policy, "ToolGen-FetchUrlAssistant/1.0");

        // The host opts in to error messages from its own tool: "the page could not be reached: …" helps the model.
        await using var printer = RunConsole.For(output, environment);
        var tools = new ObservedToolSet(new WebPageTools(http, policy).AssistantTools.WithExceptionMessages(), printer);
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
                await printer.WriteLineAsync($"Offline: running against the bundled OpenAI emulator at {emulator.Endpoint} (no API key, no network).");
            }
            else
            {
                var model = environment("OPENAI_MODEL") is { Length: > 0 } m ? m : DefaultRemoteModel;
                connection = new Connection(remoteEndpoint, apiKey, model);
                await printer.WriteLineAsync($"Remote: running against {remoteEndpoint?.ToString() ?? "OpenAI"} with model {model}.");
            }

            await printer.WriteLineAsync($"User: {question}");
            var (status, reply, completed) = options.Api switch
            {
                SampleApi.Assistants => await AskAssistantAsync(connection, tools, question, options.Stream, transcript, printer, cancellationToken),
                SampleApi.Responses => await AskResponsesAsync(connection, tools, question, options.Stream, transcript, printer, cancellationToken),
                _ => await AskChatAsync(connection, tools, question, options.Stream, transcript, printer, cancellationToken),
            };
            await printer.EndTextAsync();

            await printer.WriteLineAsync(completed ? $"Assistant: {reply}" : $"The conversation ended {status}.");
            if (options.TranscriptPath is not null)
            {
                await transcript.WriteAsync(options.TranscriptPath, status, reply);
            }

            return completed ? ExitCodes.Completed : ExitCodes.NotCompleted;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static async Task<(string Status, string? Reply, bool Completed)> AskAssistantAsync(
        Connection connection, ToolSet tools, string question, bool stream, Transcript transcript, RunConsole output, CancellationToken cancellationToken)
    {
        var client = new AssistantClient(new ApiKeyCredential(connection.ApiKey), connection.Configure(new AssistantClientOptions()));
        var creation = new AssistantCreationOptions { Name = "fetch-url-assistant", Instructions = Instructions };
        foreach (var tool in tools.ToFunctionToolDefinitions())
        {
            creation.Tools.Add(tool);
        }

        Assistant assistant = await client.CreateAssistantAsync(connection.Model, creation, cancellationToken);
        var serverRun = new ServerRunCancellation(client, output);
        try
        {
            var runner = new AssistantRunner(client, tools, new AssistantRunnerOptions
            {
                ToolRound = SampleLimits.ToolRound,
                OnEvent = async e =>
                {
                    switch (e)
                    {
                        case RunStatusChanged status:
                            serverRun.Track(status.ThreadId, status.RunId);
                            output.Status(status.Status);
                            transcript.Status("run_status", status.Status);
                            await output.WriteLineAsync($"  run {status.RunId}: {status.Status}");
                            break;
                        case ToolCallCompleted completed:
                            await ReportToolCallAsync(transcript, output, completed.Call, completed.Result);
                            break;
                        case RunTextDelta delta:
                            await output.WriteTextAsync(delta.Delta);
                            break;
                    }
                },
            });

            var outcome = await SampleLimits.CancelOnServerAsync(serverRun, cancellationToken, () => stream
                ? runner.AskStreamingAsync(assistant.Id, question, cancellationToken: cancellationToken)
                : runner.AskAsync(assistant.Id, question, cancellationToken: cancellationToken));
            var reason = outcome.LastError is { } error ? $" ({error.Code}: {error.Message})" : outcome.IncompleteReason is { } why ? $" ({why})" : "";
            return (outcome.RunStatus, outcome.IsCompleted ? outcome.Reply : outcome.RunStatus + reason, outcome.IsCompleted);
        }
        finally
        {
            await client.DeleteAssistantAsync(assistant.Id, CancellationToken.None);
        }
    }

    private static async Task<(string Status, string? Reply, bool Completed)> AskResponsesAsync(
        Connection connection, ToolSet tools, string question, bool stream, Transcript transcript, RunConsole output, CancellationToken cancellationToken)
    {
        var client = new ResponsesClient(new ApiKeyCredential(connection.ApiKey), connection.Configure(new ResponsesClientOptions()));
        var runner = new ResponsesRunner(client, tools, new ResponsesRunnerOptions
        {
            ToolRound = SampleLimits.ToolRound,
            OnEvent = async e =>
            {
                switch (e)
                {
                    case ResponseReceived received:
                        var status = received.Response.Status is { } known ? WireName(known) : "unknown";
                        output.Status(status);
                        transcript.Status("response_status", status);
                        await output.WriteLineAsync($"  response {received.Response.Id}: {status}");
                        break;
                    case ResponseToolCallCompleted completed:
                        await ReportToolCallAsync(transcript, output, completed.Call, completed.Result);
                        break;
                    case ResponseTextDelta delta:
                        await output.WriteTextAsync(delta.Delta);
                        break;
                }
            },
        });

        var request = new CreateResponseOptions(connection.Model, [ResponseItem.CreateUserMessageItem(question)]) { Instructions = Instructions };
        var outcome = stream ? await runner.RunStreamingAsync(request, cancellationToken) : await runner.RunAsync(request, cancellationToken);
        return (outcome.ResponseStatus, outcome.IsCompleted ? outcome.Reply : outcome.Error?.Message ?? outcome.IncompleteReason, outcome.IsCompleted);
    }

    private static async Task<(string Status, string? Reply, bool Completed)> AskChatAsync(
        Connection connection, ToolSet tools, string question, bool stream, Transcript transcript, RunConsole output, CancellationToken cancellationToken)
    {
        var client = new ChatClient(connection.Model, new ApiKeyCredential(connection.ApiKey), connection.Configure(new OpenAIClientOptions()));
        var runner = new ChatRunner(client, tools, new ChatRunnerOptions
        {
            ToolRound = SampleLimits.ToolRound,
            OnEvent = async e =>
            {
                switch (e)
                {
                    case ChatCompletionReceived received:
                        var reason = WireName(received.Completion.FinishReason);
                        output.Status(reason);
                        transcript.Status("finish_reason", reason);
                        await output.WriteLineAsync($"  completion {received.Completion.Id}: finish_reason {reason}");
                        break;
                    case ChatToolCallCompleted completed:
                        await ReportToolCallAsync(transcript, output, completed.Call, completed.Result);
                        break;
                    case ChatTextDelta delta:
                        await output.WriteTextAsync(delta.Delta);
                        break;
                }
            },
        });

        ChatMessage[] conversation = [new SystemChatMessage(Instructions), new UserChatMessage(question)];
        var outcome = stream
            ? await runner.RunStreamingAsync(conversation, cancellationToken: cancellationToken)
            : await runner.RunAsync(conversation, cancellationToken: cancellationToken);
        var status = outcome.IsCompleted ? "completed" : outcome.Status.ToString().ToLowerInvariant();
        return (status, outcome.IsCompleted ? outcome.Reply : outcome.Refusal, outcome.IsCompleted);
    }

    private static async Task ReportToolCallAsync(Transcript transcript, RunConsole output, ToolCall call, ToolResult result)
    {
        transcript.ToolCall(call, result);
        await output.WriteLineAsync($"  tool call {call.Name}({call.Arguments})");
        await output.WriteLineAsync($"  tool {(result.IsError ? "error" : "output")}: {Shorten(result.Output, 200)}");
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

    // The SDK turns the wire's snake_case values into enums; the transcript spells them as the API does.
    private static string WireName<T>(T value)
        where T : struct, Enum
        => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string Shorten(string text, int max)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max - 1), "…");
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
