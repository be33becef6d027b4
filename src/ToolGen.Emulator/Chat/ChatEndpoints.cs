using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Chat;

/// <summary>The route <c>POST /v1/chat/completions</c>. Authentication and error bodies come from
/// <see cref="ApiPipeline"/>.</summary>
internal static class ChatEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ChatCompletions chat)
    {
        app.MapPost("/v1/chat/completions", async context =>
        {
            var bytes = await ApiPipeline.ReadAsync(context).ConfigureAwait(false);
            ChatRequest request;
            ChatCompletion completion;
            using (var document = RequestBody.Parse(bytes))
            {
                (request, completion) = await chat.CompleteAsync(new RequestBody(document.RootElement, string.Empty), context.RequestAborted)
                    .ConfigureAwait(false);
            }

            if (!request.Stream)
            {
                await ApiPipeline.WriteJsonAsync(context, 200, JsonText.Write(w => ChatWire.Completion(w, completion))).ConfigureAwait(false);
                return;
            }

            await ApiPipeline.WriteEventsAsync(context, ChatWire.Chunks(completion, request.IncludeUsage)).ConfigureAwait(false);
        });
    }
}
