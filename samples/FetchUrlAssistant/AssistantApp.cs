using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI.Assistants;
using ToolGen;
using ToolGen.Emulator;
using ToolGen.OpenAI;

namespace FetchUrlAssistant;

/// <summary>What the command line asked for.</summary>
/// <param name="Question">The user's question, or <see langword="null"/> for the default one about the demo page.</param>
/// <param name="TranscriptPath">Where to write the transcript, or <see langword="null"/>.</param>
/// <param name="PrintTools">Print the tool definitions and exit.</param>
public sealed record AssistantAppOptions(string? Question, string? TranscriptPath, bool PrintTools);

/// <summary>The fetch-URL assistant: creates an assistant with the <c>fetch_url</c> tool, asks it a question and
/// drives the run through <c>requires_action</c> until it ends.</summary>
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
    /// <returns>The process exit code: 0 only when the run completed (or the tools were printed); 1 when it ended
    /// otherwise; 2 when the environment is not usable.</returns>
    public static async Task<int> RunAsync(
        AssistantAppOptions options,
        TextWriter output,
        Func<string, string?> environment,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5 });
        http.DefaultRequestHeaders.UserAgent.ParseAdd("ToolGen-FetchUrlAssistant/1.0");
        // The host opts in to error messages from its own tool: "the page could not be reached: …" helps the model.
        var tools = new WebPageTools(http).AssistantTools.WithExceptionMessages();

        if (options.PrintTools)
        {
            await output.WriteLineAsync(AssistantsToolsJson(tools));
            return 0;
        }

        var baseUrl = environment("OPENAI_BASE_URL");
        var apiKey = environment("OPENAI_API_KEY");
        if (string.IsNullOrEmpty(baseUrl) && !string.IsNullOrEmpty(apiKey))
        {
            await output.WriteLineAsync(
                "OPENAI_API_KEY is set but OPENAI_BASE_URL is not. OpenAI shut the Assistants API down on 2026-08-26, so " +
                "api.openai.com no longer serves it: set OPENAI_BASE_URL to a server that speaks the Assistants v2 API " +
                "(e.g. http://host:port/v1), or unset OPENAI_API_KEY to run offline against the bundled emulator.");
            return 2;
        }

        if (!string.IsNullOrEmpty(baseUrl) && string.IsNullOrEmpty(apiKey))
        {
            await output.WriteLineAsync("OPENAI_BASE_URL is set, so OPENAI_API_KEY must be set too.");
            return 2;
        }

        if (!string.IsNullOrEmpty(baseUrl) && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
        {
            await output.WriteLineAsync($"OPENAI_BASE_URL is not an absolute URL: '{baseUrl}'.");
            return 2;
        }

        await using var site = await DemoSite.StartAsync(cancellationToken);
        var question = options.Question ?? $"What does {site.PageUrl} say?";

        OpenAIEmulator? emulator = null;
        try
        {
            Uri endpoint;
            string model;
            if (string.IsNullOrEmpty(baseUrl))
            {
                emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions(), cancellationToken);
                endpoint = emulator.Endpoint;
                apiKey = "offline";
                model = "toolgen-emulator";
                await output.WriteLineAsync($"Offline: running against the bundled OpenAI emulator at {endpoint} (no API key, no network).");
            }
            else
            {
                endpoint = new Uri(baseUrl);
                model = environment("OPENAI_MODEL") is { Length: > 0 } m ? m : DefaultRemoteModel;
                await output.WriteLineAsync($"Remote: running against {endpoint} with model {model}.");
            }

            var client = new AssistantClient(new ApiKeyCredential(apiKey!), new AssistantClientOptions { Endpoint = endpoint });
            return await AskAsync(client, model, tools, question, options.TranscriptPath, output, cancellationToken);
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static async Task<int> AskAsync(
        AssistantClient client,
        string model,
        ToolSet tools,
        string question,
        string? transcriptPath,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        var creation = new AssistantCreationOptions { Name = "fetch-url-assistant", Instructions = Instructions };
        foreach (var tool in tools.ToFunctionToolDefinitions())
        {
            creation.Tools.Add(tool);
        }

        Assistant assistant = await client.CreateAssistantAsync(model, creation, cancellationToken);
        var transcript = new Transcript("assistants");
        await output.WriteLineAsync($"User: {question}");
        try
        {
            var runner = new AssistantRunner(client, tools, new AssistantRunnerOptions
            {
                OnEvent = async e =>
                {
                    switch (e)
                    {
                        case RunStatusChanged status:
                            transcript.RunStatus(status.Status);
                            await output.WriteLineAsync($"  run {status.RunId}: {status.Status}");
                            break;
                        case ToolCallCompleted completed:
                            transcript.ToolCall(completed.Call, completed.Result);
                            await output.WriteLineAsync($"  tool call {completed.Call.Name}({completed.Call.Arguments})");
                            await output.WriteLineAsync($"  tool {(completed.Result.IsError ? "error" : "output")}: {Shorten(completed.Result.Output, 200)}");
                            break;
                    }
                },
            });

            var outcome = await runner.AskAsync(assistant.Id, question, cancellationToken: cancellationToken);
            if (outcome.IsCompleted)
            {
                await output.WriteLineAsync($"Assistant: {outcome.Reply}");
            }
            else
            {
                var reason = outcome.LastError is { } error ? $" ({error.Code}: {error.Message})" : outcome.IncompleteReason is { } why ? $" ({why})" : string.Empty;
                await output.WriteLineAsync($"The run ended {outcome.RunStatus}{reason}.");
            }

            if (transcriptPath is not null)
            {
                await transcript.WriteAsync(transcriptPath, outcome.RunStatus, outcome.Reply);
            }

            return outcome.IsCompleted ? 0 : 1;
        }
        finally
        {
            await client.DeleteAssistantAsync(assistant.Id, CancellationToken.None);
        }
    }

    /// <summary>The tools as the Assistants API's <c>tools</c> array: <c>[{"type":"function","function":{…}}]</c>,
    /// written by the OpenAI SDK itself so the shape is the one sent on the wire.</summary>
    internal static string AssistantsToolsJson(ToolSet tools)
    {
        var items = tools.ToFunctionToolDefinitions().Select(t => ModelReaderWriter.Write(t, ModelReaderWriterOptions.Json).ToString());
        return "[" + string.Join(",", items) + "]";
    }

    private static string Shorten(string text, int max)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max - 1), "…");
    }
}
