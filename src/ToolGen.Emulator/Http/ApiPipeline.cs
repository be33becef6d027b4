using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ToolGen.Emulator.Http;

/// <summary>
/// What every route of the emulator shares: OpenAI's authentication check (any <c>Bearer</c> key), injected faults, OpenAI's error body
/// <c>{"error":{"message","type","param","code"}}</c> for every refusal (<see cref="ApiException"/>) and for the
/// emulator's own bugs (500 <c>server_error</c>), the 404 for unknown routes, and reading and writing bodies.
/// </summary>
internal static partial class ApiPipeline
{
    public static void UseOpenAIErrors(WebApplication app, ILogger logger, FaultPlan? faults)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                var authorization = context.Request.Headers.Authorization.ToString();
                if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= "Bearer ".Length)
                {
                    throw new ApiException(401,
                        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). The ToolGen emulator accepts any key.");
                }

                if (faults?.Next(new EmulatedRequest(context.Request.Method, context.Request.Path.Value ?? "/")) is { } fault)
                {
                    LogInjected(logger, context.Request.Method, context.Request.Path, fault.StatusCode);
                    if (fault.RetryAfter is { } retryAfter)
                    {
                        context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    }

                    var injected = new ApiException(fault.StatusCode, fault.Message, code: fault.Code, type: fault.Type);
                    await WriteJsonAsync(context, fault.StatusCode, JsonText.Write(w => JsonText.Error(w, injected))).ConfigureAwait(false);
                    return;
                }

                await next(context).ConfigureAwait(false);
            }
            catch (ApiException error)
            {
                LogRefused(logger, context.Request.Method, context.Request.Path, error.Status, error.Message);
                await WriteJsonAsync(context, error.Status, JsonText.Write(w => JsonText.Error(w, error))).ConfigureAwait(false);
            }
            catch (BadHttpRequestException refused) when (!context.Response.HasStarted)
            {
                // Kestrel refusing the request itself (a body over its 30 MB limit is a 413, a malformed chunked
                // body a 400) is the client's fault, not the emulator's: answer with Kestrel's status, not a 500.
                var error = new ApiException(refused.StatusCode,
                    refused.StatusCode == 413 ? "The request body is too large." : $"Bad request: {refused.Message}");
                LogRefused(logger, context.Request.Method, context.Request.Path, error.Status, error.Message);
                await WriteJsonAsync(context, error.Status, JsonText.Write(w => JsonText.Error(w, error))).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
            {
                // A bug in the emulator: answer like the service's own failures (500, type server_error) so the
                // client reports it instead of hanging on an empty response.
                LogFailed(logger, exception, context.Request.Method, context.Request.Path);
                var error = new ApiException(500, $"The ToolGen emulator failed: {exception.GetType().Name}: {exception.Message}", type: "server_error");
                await WriteJsonAsync(context, 500, JsonText.Write(w => JsonText.Error(w, error))).ConfigureAwait(false);
            }
        });
    }

    public static void MapUnknownRoutes(WebApplication app) =>
        app.MapFallback(context => throw new ApiException(404, $"Invalid URL ({context.Request.Method} {context.Request.Path})"));

    public static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Sends a whole event stream at once: the emulator decides a model step before answering, so every
    /// event is known when the response starts.</summary>
    public static async Task WriteEventsAsync(HttpContext context, byte[] sse)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.ContentLength = sse.Length;
        await context.Response.Body.WriteAsync(sse, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed {Method} {Path}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Injected a {Status} fault into {Method} {Path}")]
    private static partial void LogInjected(ILogger logger, string method, string path, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Status} {Message}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string message);
}
