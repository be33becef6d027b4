namespace FetchUrlAssistant;

/// <summary>The sample's exit codes, one per way a run can end; <c>--help</c> lists them.</summary>
public static class ExitCodes
{
    /// <summary>The run completed: the model answered (or <c>--print-tools</c> printed the tools).</summary>
    public const int Completed = 0;

    /// <summary>The run ended without an answer: failed, incomplete, expired, or cancelled by the server.</summary>
    public const int NotCompleted = 1;

    /// <summary>The command line is wrong: an unknown option, a bad value.</summary>
    public const int Usage = 2;

    /// <summary>The environment or an option cannot work: a key without a base URL for the Assistants API, a base URL
    /// that is not a URL, a transcript in a folder that does not exist.</summary>
    public const int Configuration = 3;

    /// <summary>The API server could not be used: unreachable, or it answered 401, 403, 404, 429 (after the SDK's
    /// retries) or another error status.</summary>
    public const int Service = 4;

    /// <summary>Something the sample did not expect went wrong (a bug); <c>--verbose</c> shows the stack trace.</summary>
    public const int Unexpected = 5;

    /// <summary>Ctrl+C or SIGTERM stopped the run (128 + SIGINT, as shells report it); a run on the server was
    /// cancelled there too.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit codes as the help text lists them.</summary>
    public static string Help { get; } = string.Join(
        Environment.NewLine,
        "Exit codes:",
        $"  {Completed,-4}the run completed (or --print-tools printed the tools)",
        $"  {NotCompleted,-4}the run ended without an answer (failed, incomplete, expired)",
        $"  {Usage,-4}the command line is wrong (unknown option, bad value)",
        $"  {Configuration,-4}configuration error (OPENAI_* variables, --transcript folder missing)",
        $"  {Service,-4}the API server could not be used (unreachable, 401, 403, 404, 429 after retries, other errors)",
        $"  {Unexpected,-4}unexpected error (a bug; --verbose shows the stack trace)",
        $"  {Cancelled,-4}cancelled by Ctrl+C or SIGTERM (a run on the server is cancelled too)");
}
