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
                ToolRound = SampleLimits.ToolRound,
                OnEvent = async e =>
                {
                    switch (e)
                    {
                        case ToolRunStatusChanged changed:
                            transcript.Status(statusType, changed.Status);
                            printer.Status(changed.Status);
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
            if (outcome.Status == ToolRunStatus.Cancelled && cancellationToken.IsCancellationRequested)
            {
                // The loop has already cancelled the run on the server (Assistants); the caller's exit code says why.
                if (outcome.ThreadId is { } thread && outcome.Id is { } run)
                {
                    await printer.WriteLineAsync($"Cancelled run {run} on thread {thread} on the server.");
                }

                throw new OperationCanceledException(cancellationToken);
            }

            var status = JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.Status.ToString());
            var reason = outcome.Error is { } error ? $" ({error.Code}: {error.Message})" : outcome.IncompleteReason is { } why ? $" ({why})" : "";
            var reply = outcome.IsCompleted ? outcome.Reply : outcome.Refusal ?? status + reason;
            await printer.WriteLineAsync(outcome.IsCompleted ? $"Assistant: {reply}" : $"The conversation ended {status}{reason}.");
            if (options.TranscriptPath is not null)
            {
                await transcript.WriteAsync(options.TranscriptPath, status, reply);
            }

            return outcome.IsCompleted ? ExitCodes.Completed : ExitCodes.NotCompleted;
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
