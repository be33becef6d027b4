using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Assistants;

/// <summary>
/// The Assistants v2 routes the official SDK calls and the <c>OpenAI-Beta: assistants=v2</c> header check they need.
/// Authentication and error bodies come from <see cref="ApiPipeline"/>.
/// </summary>
internal static class AssistantsEndpoints
{
    public static void Map(WebApplication app, AssistantsState state)
    {
        // Only the Assistants API is a beta behind this header; Chat Completions and Responses are not.
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if ((path.StartsWithSegments("/v1/assistants") || path.StartsWithSegments("/v1/threads"))
                && !context.Request.Headers["OpenAI-Beta"].ToString().Contains("assistants=v2", StringComparison.Ordinal))
            {
                throw new ApiException(400,
                    "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.");
            }

            return next(context);
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
            await ApiPipeline.WriteJsonAsync(context, 200, bytes).ConfigureAwait(false);
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
    }

    private static RequestDelegate Body(Func<AssistantsState, RequestBody, HttpContext, byte[]> handle, AssistantsState state) =>
        async context =>
        {
            using var document = RequestBody.Parse(await ApiPipeline.ReadAsync(context).ConfigureAwait(false));
            var bytes = handle(state, new RequestBody(document.RootElement, string.Empty), context);
            await ApiPipeline.WriteJsonAsync(context, 200, bytes).ConfigureAwait(false);
        };

    /// <summary>A request that starts or resumes a run: answered with the run, or with <c>"stream": true</c> with
    /// the events until the run waits for tool outputs or ends.</summary>
    private static RequestDelegate Run(Func<AssistantsState, RequestBody, HttpContext, Started> handle, AssistantsState state) =>
        async context =>
        {
            Started started;
            using (var document = RequestBody.Parse(await ApiPipeline.ReadAsync(context).ConfigureAwait(false)))
            {
                started = handle(state, new RequestBody(document.RootElement, string.Empty), context);
            }

            if (started.Events is null)
            {
                await ApiPipeline.WriteJsonAsync(context, 200, started.Json).ConfigureAwait(false);
                return;
            }

            await state.DriveAsync(started, context.RequestAborted).ConfigureAwait(false);
            await ApiPipeline.WriteEventsAsync(context, started.Events.ToSse()).ConfigureAwait(false);
        };

    private static RequestDelegate Query(Func<AssistantsState, HttpContext, byte[]> handle, AssistantsState state) =>
        context => ApiPipeline.WriteJsonAsync(context, 200, handle(state, context));

    private static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count > 0 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
}
