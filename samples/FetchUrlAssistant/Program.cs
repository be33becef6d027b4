using System.CommandLine;

namespace FetchUrlAssistant;

/// <summary>Command line of the fetch-URL assistant.</summary>
public static class Program
{
    private const string Usage = "Usage: FetchUrlAssistant [question words…] [options]. Run with --help for the options and exit codes.";

    /// <summary>Parses the command line and runs the assistant; the exit code is one of <see cref="ExitCodes"/>.</summary>
    /// <param name="args">The words after the program name.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> Main(string[] args) =>
        RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, CancellationToken.None);

    /// <summary>Parses <paramref name="args"/> and runs the assistant. A command-line error prints its message and a
    /// usage hint and gives <see cref="ExitCodes.Usage"/>; Ctrl+C and SIGTERM cancel the run (exit code
    /// <see cref="ExitCodes.Cancelled"/>).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var (root, options) = Command(args);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync(Usage);
            return ExitCodes.Usage;
        }

        root.SetAction(async (result, token) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
            return await AssistantApp.RunAsync(options(result), output, environment, linked.Token, error);
        });

        // The action has 10 s after Ctrl+C or SIGTERM to cancel the run on the server and exit with 130 itself.
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) }, cancellationToken);
    }

    /// <summary>The root command and how to read a parse of it into options.</summary>
    internal static (RootCommand Root, Func<ParseResult, AssistantAppOptions> Options) Command(string[] args)
    {
        // Words after "--" are the question's even when they look like options.
        var literal = Array.IndexOf(args, "--") is var dashes and >= 0 ? args[(dashes + 1)..].ToHashSet(StringComparer.Ordinal) : [];
        var question = new Argument<string[]>("question")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "What to ask the assistant; all the words form the question, quoted or not (put them after -- if one starts with -). Default: what the bundled demo page says.",
        };
        question.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1 && !literal.Contains(t.Value)))
            {
                result.AddError($"Unrecognized option '{token.Value}'.");
            }
        });
        var transcript = new Option<FileInfo?>("--transcript")
        {
            Description = "Write the run's events and final answer to this JSON file (its folder must exist; checked before the run).",
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
        var allowOrigin = AllowOriginOption.Create("By default it reads only public pages and the demo page.");
        var stream = new Option<bool>("--stream")
        {
            Description = "Stream the model's answers (server-sent events) and print their text as it arrives.",
        };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "On an error, print the full exception with its stack trace, not only the one-line message.",
        };

        var root = new RootCommand(
            "The fetch-URL assistant: the model asks for a page, a ToolGen tool downloads it, the model answers from it. " +
            "Offline against the bundled OpenAI emulator unless OPENAI_API_KEY is set (with OPENAI_BASE_URL for a server other " +
            "than OpenAI's, which the Assistants API needs; model: OPENAI_MODEL, default gpt-4o-mini). On a terminal a status " +
            "line shows the run and the running tool; it is left out when the output is redirected or NO_COLOR is set." +
            Environment.NewLine + Environment.NewLine + ExitCodes.Help)
        {
            question,
            transcript,
            printTools,
            api,
            allowOrigin,
            stream,
            verbose,
        };

        return (root, parse => new AssistantAppOptions(
            parse.GetValue(question) is { Length: > 0 } words ? string.Join(' ', words) : null,
            parse.GetValue(transcript)?.FullName,
            parse.GetValue(printTools),
            parse.GetValue(api),
            AllowOriginOption.Origins(parse.GetValue(allowOrigin)),
            parse.GetValue(stream),
            parse.GetValue(verbose)));
    }
}
