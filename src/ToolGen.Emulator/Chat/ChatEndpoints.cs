using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ToolGen.Emulator.Assistants;

namespace ToolGen.Emulator.Chat;

/// <summary>The route <c>POST /v1/chat/completions</c>. Authentication and error bodies come from the middleware
/// <see cref="AssistantsEndpoints"/> installs for every route.</summary>
internal static class ChatEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ChatCompletions chat)
    {
        app.MapPost("/v1/chat/completions", async context =>
        {
            var bytes = await AssistantsEndpoints.ReadAsync(context).ConfigureAwait(false);
            ChatRequest request;
            ChatCompletion completion;
            using (var document = RequestBody.Parse(bytes))
            {
                (request, completion) = await chat.CompleteAsync(new RequestBody(document.RootElement, string.Empty), context.RequestAborted)
                    .ConfigureAwait(false);
            }

            if (!request.Stream)
            {
                await AssistantsEndpoints.WriteAsync(context, 200, Wire.Write(w => ChatWire.Completion(w, completion))).ConfigureAwait(false);
                return;
            }

            var body = ChatWire.Chunks(completion, request.IncludeUsage);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        });
    }
}
