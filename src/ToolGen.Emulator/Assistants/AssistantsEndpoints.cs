using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ToolGen.Emulator.Assistants;

/// <summary>
/// The HTTP surface: the Assistants v2 routes the official SDK calls, OpenAI's authentication (every route) and
/// <c>OpenAI-Beta: assistants=v2</c> (Assistants routes) header checks, and OpenAI's error body for every refusal of
/// any route, Chat Completions and Responses included.
/// </summary>
internal static partial class AssistantsEndpoints
{
    public static void Map(WebApplication app, AssistantsState state, ILogger logger)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                CheckHeaders(context.Request);
                await next(context).ConfigureAwait(false);
            }
            catch (ApiException error)
            {
                LogRefused(logger, context.Request.Method, context.Request.Path, error.Status, error.Message);
                await WriteAsync(context, error.Status, Wire.Write(w => Wire.Error(w, error))).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
            {
                // A bug in the emulator: answer like the service's own failures (500, type server_error) so the
                // client reports it instead of hanging on an empty response.
                LogFailed(logger, exception, context.Request.Method, context.Request.Path);
                var error = new ApiException(500, $"The ToolGen emulator failed: {exception.GetType().Name}: {exception.Message}", type: "server_error");
                await WriteAsync(context, 500, Wire.Write(w => Wire.Error(w, error))).ConfigureAwait(false);
            }
        });

        var v1 = app.MapGroup("/v1");

        v1.MapPost("/assistants", Body((s, body, _) => s.CreateAssistant(body), state));
        v1.MapGet("/assistants", Query((s, c) => s.ListAssistants(PageQuery.From(c.Request.Query)), state));
        v1.MapGet("/assistants/{assistantId}", Query((s, c) => s.GetAssistant(Route(c, "assistantId")), state));
        v1.MapPost("/assistants/{assistantId}", Body((s, body, c) => s.ModifyAssistant(Route(c, "assistantId"), body), state));
        v1.MapDelete("/assistants/{assistantId}", Query((s, c) => s.DeleteAssistant(Route(c, "assistantId")), state));

        v1.MapPost("/threads", Body((s, body, _) => s.CreateThread(body), state));
        v1.MapPost("/threads/runs", Run((s, body, _) => s.CreateThreadAndRun(body), state));
        v1.MapGet("/threads/{threadId}", Query((s, c) => s.GetThread(Route(c, "threadId")), state));
        v1.MapPost("/threads/{threadId}", Body((s, body, c) => s.ModifyThread(Route(c, "threadId"), body), state));
        v1.MapDelete("/threads/{threadId}", Query((s, c) => s.DeleteThread(Route(c, "threadId")), state));

        v1.MapPost("/threads/{threadId}/messages", Body((s, body, c) => s.CreateMessage(Route(c, "threadId"), body), state));
        v1.MapGet("/threads/{threadId}/messages",
            Query((s, c) => s.ListMessages(Route(c, "threadId"), PageQuery.From(c.Request.Query), NonEmpty(c.Request.Query["run_id"])), state));
        v1.MapGet("/threads/{threadId}/messages/{messageId}",
            Query((s, c) => s.GetMessage(Route(c, "threadId"), Route(c, "messageId")), state));
        v1.MapPost("/threads/{threadId}/messages/{messageId}",
            Body((s, body, c) => s.ModifyMessage(Route(c, "threadId"), Route(c, "messageId"), body), state));
        v1.MapDelete("/threads/{threadId}/messages/{messageId}",
            Query((s, c) => s.DeleteMessage(Route(c, "threadId"), Route(c, "messageId")), state));

        v1.MapPost("/threads/{threadId}/runs", Run((s, body, c) => s.CreateRun(Route(c, "threadId"), body), state));
        v1.MapGet("/threads/{threadId}/runs", Query((s, c) => s.ListRuns(Route(c, "threadId"), PageQuery.From(c.Request.Query)), state));
        v1.MapGet("/threads/{threadId}/runs/{runId}", async context =>
        {
            var bytes = await state.GetRunAsync(Route(context, "threadId"), Route(context, "runId"), context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(context, 200, bytes).ConfigureAwait(false);
        });
        v1.MapPost("/threads/{threadId}/runs/{runId}", Body((s, body, c) => s.ModifyRun(Route(c, "threadId"), Route(c, "runId"), body), state));
        v1.MapPost("/threads/{threadId}/runs/{runId}/cancel",
            Query((s, c) => s.CancelRun(Route(c, "threadId"), Route(c, "runId")), state));
        v1.MapPost("/threads/{threadId}/runs/{runId}/submit_tool_outputs",
            Run((s, body, c) => s.SubmitToolOutputs(Route(c, "threadId"), Route(c, "runId"), body), state));
        v1.MapGet("/threads/{threadId}/runs/{runId}/steps",
            Query((s, c) => s.ListRunSteps(Route(c, "threadId"), Route(c, "runId"), PageQuery.From(c.Request.Query)), state));
        v1.MapGet("/threads/{threadId}/runs/{runId}/steps/{stepId}",
            Query((s, c) => s.GetRunStep(Route(c, "threadId"), Route(c, "runId"), Route(c, "stepId")), state));

        app.MapFallback(context => throw new ApiException(404, $"Invalid URL ({context.Request.Method} {context.Request.Path})"));
    }

    private static void CheckHeaders(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= "Bearer ".Length)
        {
            throw new ApiException(401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). The ToolGen emulator accepts any key.");
        }

        // Only the Assistants API is a beta behind this header; Chat Completions and Responses are not.
        var path = request.Path.Value ?? "";
        var isAssistants = path.StartsWith("/v1/assistants", StringComparison.Ordinal) || path.StartsWith("/v1/threads", StringComparison.Ordinal);
        if (isAssistants && !request.Headers["OpenAI-Beta"].ToString().Contains("assistants=v2", StringComparison.Ordinal))
        {
            throw new ApiException(400,
                "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.");
        }
    }

    private static RequestDelegate Body(Func<AssistantsState, RequestBody, HttpContext, byte[]> handle, AssistantsState state) =>
        async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            using var document = RequestBody.Parse(buffer.ToArray());
            var bytes = handle(state, new RequestBody(document.RootElement, string.Empty), context);
            await WriteAsync(context, 200, bytes).ConfigureAwait(false);
        };

    /// <summary>A request that starts or resumes a run: answered with the run, or with <c>"stream": true</c> with
    /// the events until the run waits for tool outputs or ends.</summary>
    private static RequestDelegate Run(Func<AssistantsState, RequestBody, HttpContext, Started> handle, AssistantsState state) =>
        async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            Started started;
            using (var document = RequestBody.Parse(buffer.ToArray()))
            {
                started = handle(state, new RequestBody(document.RootElement, string.Empty), context);
            }

            if (started.Events is null)
            {
                await WriteAsync(context, 200, started.Json).ConfigureAwait(false);
                return;
            }

            await state.DriveAsync(started, context.RequestAborted).ConfigureAwait(false);
            var body = started.Events.ToSse();
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        };

    private static RequestDelegate Query(Func<AssistantsState, HttpContext, byte[]> handle, AssistantsState state) =>
        context => WriteAsync(context, 200, handle(state, context));

    private static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count > 0 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;

    public static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed {Method} {Path}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Status} {Message}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string message);
}
