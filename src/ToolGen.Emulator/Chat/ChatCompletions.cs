using ToolGen.Emulator.Assistants;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Chat;

/// <summary>One chat completion as the emulator answers it.</summary>
/// <param name="Id">The <c>chatcmpl-…</c> id.</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Model">The requested model.</param>
/// <param name="Text">The assistant's text, or <see langword="null"/> when it calls tools.</param>
/// <param name="Calls">The tool calls (ids <c>call_…</c>); empty for a text answer.</param>
/// <param name="Legacy">Written as the deprecated <c>function_call</c>.</param>
/// <param name="FinishReason"><c>stop</c>, <c>tool_calls</c>, <c>function_call</c> or <c>length</c>.</param>
/// <param name="PromptTokens">Estimated prompt tokens (a token per four characters).</param>
/// <param name="CompletionTokens">Estimated completion tokens.</param>
internal sealed record ChatCompletion(
    string Id, long Created, string Model, string? Text, IReadOnlyList<PendingCall> Calls, bool Legacy, string FinishReason,
    long PromptTokens, long CompletionTokens);

/// <summary>
/// Answers <c>POST /v1/chat/completions</c>: one model step per request, nothing stored. A model failure
/// (<see cref="ModelTurn.Fail"/>, or the model throwing) is an HTTP 500 with OpenAI's error body, type
/// <c>server_error</c> and the turn's code, because Chat Completions has no failed-status object to report it in.
/// </summary>
internal sealed class ChatCompletions(IEmulatedModel model, TimeProvider time)
{
    public async Task<(ChatRequest Request, ChatCompletion Completion)> CompleteAsync(RequestBody body, CancellationToken cancellationToken)
    {
        var request = ChatRequestReader.Read(body);
        var turn = await ModelStep.NextAsync(model, request.Request, cancellationToken).ConfigureAwait(false);

        var promptTokens = Tokens.Estimate(request.Request);
        string? text;
        IReadOnlyList<PendingCall> calls = [];
        string finish;
        switch (turn)
        {
            case ToolCallsTurn toolCalls:
                text = null;
                calls = Calls(toolCalls, request);
                finish = request.Legacy ? "function_call" : "tool_calls";
                break;
            case ReplyTurn reply:
                text = reply.Text;
                finish = "stop";
                break;
            case IncompleteTurn:
                text = "";
                finish = "length";
                break;
            case FailTurn failure:
                throw new ApiException(500, failure.Message, code: failure.Code, type: "server_error");
            default:
                throw new ApiException(500, $"The emulated model returned an unknown turn type {turn.GetType().Name}.", code: "server_error", type: "server_error");
        }

        var completionTokens = text is not null
            ? Tokens.Estimate(text)
            : calls.Sum(c => Tokens.Estimate(c.Name) + Tokens.Estimate(c.Arguments));

        // The service stops generating at the limit and reports finish_reason "length" (API reference,
        // max_completion_tokens); a cut-off tool call is useless, so the emulator drops it and keeps what text fits.
        if (request.MaxCompletionTokens is { } max && completionTokens > max)
        {
            text = text is null ? "" : Tokens.Truncate(text, max);
            calls = [];
            finish = "length";
            completionTokens = max;
        }

        var completion = new ChatCompletion(
            Ids.ChatCompletion(), time.GetUtcNow().ToUnixTimeSeconds(), request.Model, text, calls, request.Legacy, finish,
            promptTokens, completionTokens);
        return (request, completion);
    }

    private static List<PendingCall> Calls(ToolCallsTurn turn, ChatRequest request)
    {
        var chosen = request.ParallelToolCalls && !request.Legacy ? turn.Calls : turn.Calls.Take(1);
        return chosen.Select(c => new PendingCall(Ids.New("call_"), c.Name, c.Arguments)).ToList();
    }
}
