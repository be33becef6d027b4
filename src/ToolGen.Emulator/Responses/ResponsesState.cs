using System.Text.Json;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Responses;

/// <summary>
/// Every stored response of one emulator, and how a request becomes a response: the conversation is rebuilt from
/// <c>previous_response_id</c> and the input, checked (every <c>function_call_output</c> answers a call, every call is
/// answered), shown to the model once, and the model's turn becomes the output. A failing turn gives status
/// <c>failed</c> with <c>error{code,message}</c> (HTTP 200), as the service reports a failed response.
/// </summary>
internal sealed class ResponsesState(IEmulatedModel model, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResponseEntity> _responses = new(StringComparer.Ordinal);

    public async Task<(ResponseEntity Response, EventLog? Events)> CreateAsync(RequestBody body, CancellationToken cancellationToken)
    {
        var request = ResponseRequestReader.Read(body);
        ResponseEntity? previous = null;
        if (request.PreviousResponseId is { } previousId)
        {
            lock (_gate)
            {
                previous = _responses.GetValueOrDefault(previousId)
                    ?? throw new ApiException(400, $"Previous response with id '{previousId}' not found.", "previous_response_id", "previous_response_not_found");
            }
        }

        List<ResponseItem> context = previous is null ? [] : [.. previous.Context, .. previous.Output];
        context.AddRange(request.Input);
        var modelRequest = ToModelRequest(request, context);
        var response = new ResponseEntity
        {
            Id = Ids.Hex("resp_"),
            CreatedAt = time.GetUtcNow().ToUnixTimeSeconds(),
            Model = request.Model,
            Instructions = request.Instructions,
            Tools = request.Tools,
            ToolChoiceJson = request.ToolChoiceJson,
            ParallelToolCalls = request.ParallelToolCalls,
            PreviousResponseId = request.PreviousResponseId,
            Store = request.Store,
            Temperature = request.Temperature,
            TopP = request.TopP,
            MaxOutputTokens = request.MaxOutputTokens,
            MaxToolCalls = request.MaxToolCalls,
            MetadataJson = request.MetadataJson,
            User = request.User,
            SafetyIdentifier = request.SafetyIdentifier,
            PromptCacheKey = request.PromptCacheKey,
            Truncation = request.Truncation,
            ServiceTier = request.ServiceTier,
            Context = context,
        };

        var events = request.Stream ? new EventLog() : null;
        events?.Add("response.created", w => ResponsesWire.Event(w, "response.created", events.Items.Count, r => ResponsesWire.Response(r, response, streamed: true)));
        events?.Add("response.in_progress", w => ResponsesWire.Event(w, "response.in_progress", events.Items.Count, r => ResponsesWire.Response(r, response, streamed: true)));

        var turn = await ModelStep.NextAsync(model, modelRequest, cancellationToken).ConfigureAwait(false);

        Apply(response, request, modelRequest, turn);
        if (events is not null)
        {
            ResponsesWire.OutputEvents(events, response);
        }

        if (request.Store)
        {
            lock (_gate)
            {
                _responses[response.Id] = response;
            }
        }

        return (response, events);
    }

    public ResponseEntity Get(string id)
    {
        lock (_gate)
        {
            return _responses.GetValueOrDefault(id) ?? throw new ApiException(404, $"Response with id '{id}' not found.");
        }
    }

    public void Delete(string id)
    {
        lock (_gate)
        {
            if (!_responses.Remove(id))
            {
                throw new ApiException(404, $"Response with id '{id}' not found.");
            }
        }
    }

    /// <summary>Checks the conversation as the service does and turns it into what the model sees: system and
    /// developer messages join the instructions; each answered call becomes one <see cref="ToolCallItem"/> where its
    /// output was given.</summary>
    private static ModelRequest ToModelRequest(ResponseRequest request, List<ResponseItem> context)
    {
        var calls = new Dictionary<string, FunctionCallItem>(StringComparer.Ordinal);
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var instructions = new List<string>();
        if (request.Instructions is { } given)
        {
            instructions.Add(given);
        }

        var conversation = new List<ConversationItem>();
        foreach (var item in context)
        {
            switch (item)
            {
                case MessageItem { Role: "system" or "developer" } message:
                    instructions.Add(message.Text);
                    break;
                case MessageItem { Role: "user" } message:
                    conversation.Add(new UserMessageItem(message.Text));
                    break;
                case MessageItem message:
                    conversation.Add(new AssistantMessageItem(message.Text));
                    break;
                case FunctionCallItem call:
                    calls[call.CallId] = call;
                    break;
                case FunctionCallOutputItem output:
                    if (!calls.TryGetValue(output.CallId, out var matched))
                    {
                        throw new ApiException(400, $"No tool call found for function call output with call_id {output.CallId}.", "input");
                    }

                    answered.Add(output.CallId);
                    conversation.Add(new ToolCallItem(output.CallId, matched.Name, matched.Arguments, output.Output));
                    break;
            }
        }

        if (calls.Keys.FirstOrDefault(id => !answered.Contains(id)) is { } unanswered)
        {
            throw new ApiException(400, $"No tool output found for function call {unanswered}.", "input");
        }

        var tools = request.Tools.Select(t => new EmulatedTool(t.Name, t.Description, t.ParametersJson)).ToList();
        using var choice = JsonDocument.Parse(request.ToolChoiceJson);
        if (choice.RootElement.ValueKind == JsonValueKind.String && choice.RootElement.ValueEquals("none"))
        {
            tools = [];
        }
        else if (choice.RootElement.ValueKind == JsonValueKind.Object)
        {
            var name = choice.RootElement.GetProperty("name").GetString();
            tools = tools.FindAll(t => t.Name == name);
        }

        return new ModelRequest(instructions.Count == 0 ? null : string.Join("\n\n", instructions), tools, conversation)
        {
            ToolCallRequired = choice.RootElement.ValueKind == JsonValueKind.Object || choice.RootElement.ValueEquals("required"),
        };
    }

    private static void Apply(ResponseEntity response, ResponseRequest request, ModelRequest modelRequest, ModelTurn turn)
    {
        var inputTokens = Tokens.Estimate(modelRequest);
        switch (turn)
        {
            case ToolCallsTurn toolCalls:
            {
                var chosen = request.ParallelToolCalls ? toolCalls.Calls : toolCalls.Calls.Take(1).ToList();
                if (request.MaxToolCalls is { } maxCalls && chosen.Count > maxCalls)
                {
                    chosen = chosen.Take((int)Math.Max(0, maxCalls)).ToList();
                }

                foreach (var call in chosen)
                {
                    response.Output.Add(new FunctionCallItem(Ids.Hex("fc_"), Ids.New("call_"), call.Name, call.Arguments));
                }

                var outputTokens = chosen.Sum(c => Tokens.Estimate(c.Name) + Tokens.Estimate(c.Arguments));
                response.Status = "completed";
                response.Usage = (inputTokens, outputTokens);
                break;
            }

            case ReplyTurn reply:
            {
                var outputTokens = Tokens.Estimate(reply.Text);

                // The service stops at max_output_tokens and reports the response (and its message) incomplete
                // (API reference, "incomplete_details.reason": "max_output_tokens").
                if (request.MaxOutputTokens is { } max && outputTokens > max)
                {
                    var cut = Tokens.Truncate(reply.Text, max);
                    response.Output.Add(new MessageItem(Ids.Hex("msg_"), "assistant", cut, "output_text", "incomplete"));
                    response.Status = "incomplete";
                    response.IncompleteReason = "max_output_tokens";
                    response.Usage = (inputTokens, max);
                    break;
                }

                response.Output.Add(new MessageItem(Ids.Hex("msg_"), "assistant", reply.Text, "output_text", "completed"));
                response.Status = "completed";
                response.Usage = (inputTokens, outputTokens);
                break;
            }

            case IncompleteTurn incomplete:
                response.Status = "incomplete";
                response.IncompleteReason = incomplete.Reason;
                response.Usage = (inputTokens, 0);
                break;
            case FailTurn failure:
                response.Status = "failed";
                response.Error = (failure.Code, failure.Message);
                break;
            default:
                response.Status = "failed";
                response.Error = ("server_error", $"The emulated model returned an unknown turn type {turn.GetType().Name}.");
                break;
        }
    }
}
