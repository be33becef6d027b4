using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Responses;

/// <summary>The Responses routes: create (JSON or <c>"stream": true</c>), get, delete, and list a response's input
/// items. Authentication and error bodies come from <see cref="ApiPipeline"/>.</summary>
internal static class ResponsesEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ResponsesState state)
    {
        app.MapPost("/v1/responses", async context =>
        {
            var bytes = await ApiPipeline.ReadAsync(context).ConfigureAwait(false);
            ResponseEntity response;
            EventLog? events;
            using (var document = RequestBody.Parse(bytes))
            {
                (response, events) = await state.CreateAsync(new RequestBody(document.RootElement, string.Empty), context.RequestAborted)
                    .ConfigureAwait(false);
            }

            if (events is null)
            {
                await ApiPipeline.WriteJsonAsync(context, 200, JsonText.Write(w => ResponsesWire.Response(w, response, streamed: false)))
                    .ConfigureAwait(false);
                return;
            }

            await ApiPipeline.WriteEventsAsync(context, events.ToSse(withDone: false)).ConfigureAwait(false);
        });

        app.MapGet("/v1/responses/{responseId}", context =>
        {
            var response = state.Get(Id(context));
            return ApiPipeline.WriteJsonAsync(context, 200, JsonText.Write(w => ResponsesWire.Response(w, response, streamed: false)));
        });

        app.MapDelete("/v1/responses/{responseId}", context =>
        {
            var id = Id(context);
            state.Delete(id);
            return ApiPipeline.WriteJsonAsync(context, 200, JsonText.Write(w => JsonText.Deleted(w, id, "response.deleted")));
        });

        app.MapGet("/v1/responses/{responseId}/input_items", context =>
        {
            var response = state.Get(Id(context));
            var (page, hasMore) = PageQuery.From(context.Request.Query).Apply(response.Context, item => item.Id);
            return ApiPipeline.WriteJsonAsync(context, 200, JsonText.Write(w => JsonText.List(w, page, hasMore, item => item.Id, ResponsesWire.Item)));
        });
    }

    private static string Id(HttpContext context) => (string)context.Request.RouteValues["responseId"]!;
}
