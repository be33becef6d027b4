using System.ClientModel;
using System.Net.Sockets;

namespace FetchUrlAssistant;

/// <summary>Turns what ended a run early into an exit code and one line a user can act on, never a stack trace
/// (that only with <c>--verbose</c>).</summary>
internal static class Failures
{
    /// <summary>The exit code and message for <paramref name="exception"/>.</summary>
    /// <param name="exception">What escaped the run.</param>
    /// <param name="cancelled">Whether the user cancelled (Ctrl+C, SIGTERM).</param>
    /// <param name="server">The API server, for messages; <see langword="null"/> for OpenAI's.</param>
    public static (int ExitCode, string Message) Describe(Exception exception, bool cancelled, Uri? server)
    {
        if (cancelled && exception is OperationCanceledException)
        {
            return (ExitCodes.Cancelled, "Cancelled.");
        }

        var where = server?.ToString() ?? "the OpenAI API";
        return Innermost(exception) switch
        {
            ClientResultException { Status: 401 or 403 } e =>
                (ExitCodes.Service, $"{where} refused the API key (HTTP {e.Status}): check OPENAI_API_KEY."),
            ClientResultException { Status: 404 } =>
                (ExitCodes.Service, $"{where} has no such endpoint or model (HTTP 404): check OPENAI_BASE_URL and OPENAI_MODEL."),
            ClientResultException { Status: 429 } =>
                (ExitCodes.Service, $"{where} is rate limiting this key or it is out of quota (HTTP 429), still after retries."),
            ClientResultException { Status: > 0 } e =>
                (ExitCodes.Service, $"{where} answered HTTP {e.Status}: {FirstLine(e.Message)}"),
            HttpRequestException or SocketException or IOException or ClientResultException or TimeoutException =>
                (ExitCodes.Service, $"Could not reach {where}: {FirstLine(Innermost(exception).Message)}"),
            var other => (ExitCodes.Unexpected, $"Unexpected error: {FirstLine(other.Message)} (run with --verbose for details)"),
        };
    }

    /// <summary>The exception that says what happened: aggregates unwrapped, and a client error's network cause.</summary>
    private static Exception Innermost(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    continue;
                case ClientResultException { Status: 0, InnerException: { } cause }:
                    exception = cause;
                    continue;
                case HttpRequestException { InnerException: SocketException socket }:
                    return socket;
                default:
                    return exception;
            }
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
        return line.Length <= 200 ? line : string.Concat(line.AsSpan(0, 199), "…");
    }
}
