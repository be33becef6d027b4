using System.CommandLine;

namespace FetchUrlAssistant;

/// <summary>Command line of the fetch-URL assistant.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the assistant; the exit code is 0 only when the run completed.</summary>
    public static Task<int> Main(string[] args)
    {
        var question = new Argument<string?>("question")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "What to ask the assistant. Default: what the bundled demo page says.",
        };
        var transcript = new Option<FileInfo?>("--transcript")
        {
            Description = "Write the run's events and final answer to this JSON file.",
        };
        var printTools = new Option<bool>("--print-tools")
        {
            Description = "Print the tool definitions as the chosen API's tools array (the Assistants API's by default), then exit.",
        };

        var api = new Option<SampleApi>("--api")
        {
            Description = "The OpenAI API to talk through: assistants (default), responses or chat.",
            DefaultValueFactory = _ => SampleApi.Assistants,
        };

        var allowOrigin = new Option<Uri[]>("--allow-origin")
        {
            Description = "Let the fetch tool read this exact origin (scheme://host:port) even on loopback or a private network; repeat for more. By default it reads only public pages and the demo page.",
            AllowMultipleArgumentsPerToken = false,
        };

        var stream = new Option<bool>("--stream")
        {
            Description = "Stream the model's answers (server-sent events) and print their text as it arrives.",
        };

        var root = new RootCommand(
            "The fetch-URL assistant: the model asks for a page, a ToolGen tool downloads it, the model answers from it. " +
            "Offline against the bundled OpenAI emulator unless OPENAI_API_KEY is set (with OPENAI_BASE_URL for a server other " +
            "than OpenAI's, which the Assistants API needs; model: OPENAI_MODEL).")
        {
            question,
            transcript,
            printTools,
            api,
            allowOrigin,
            stream,
        };
        root.SetAction((parse, cancellationToken) => AssistantApp.RunAsync(
            new AssistantAppOptions(parse.GetValue(question), parse.GetValue(transcript)?.FullName, parse.GetValue(printTools), parse.GetValue(api), parse.GetValue(allowOrigin), parse.GetValue(stream)),
            Console.Out,
            Environment.GetEnvironmentVariable,
            cancellationToken));
        return root.Parse(args).InvokeAsync();
    }
}
