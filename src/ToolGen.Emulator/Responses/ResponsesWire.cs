using System.Text.Json;
using ToolGen.Emulator.Http;
using static ToolGen.Emulator.Http.JsonText;

namespace ToolGen.Emulator.Responses;

/// <summary>
/// Writes Responses objects and stream events with the property names, order and JSON types of the real service's
/// (tests/fixtures/openai-recordings/responses/; a test compares the shapes).
/// </summary>
internal static class ResponsesWire
{
    /// <summary>A response object. The streamed form also carries <c>prompt_cache_retention</c>, as the (newer)
    /// recorded stream does and the recorded JSON answers do not.</summary>
    public static void Response(Utf8JsonWriter w, ResponseEntity r, bool streamed)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", r.CreatedAt);
        w.WriteString("status", r.Status);
        w.WriteBoolean("background", false);
        if (r.Error is { } error)
        {
            w.WriteStartObject("error");
            w.WriteString("code", error.Code);
            w.WriteString("message", error.Message);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("error");
        }

        if (r.IncompleteReason is { } reason)
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", reason);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("incomplete_details");
        }

        WriteStringOrNull(w, "instructions", r.Instructions);
        WriteNumberOrNull(w, "max_output_tokens", r.MaxOutputTokens);
        WriteNumberOrNull(w, "max_tool_calls", r.MaxToolCalls);
        w.WriteString("model", r.Model);
        w.WriteStartArray("output");
        foreach (var item in r.Status == "in_progress" ? [] : r.Output)
        {
            Item(w, item);
        }

        w.WriteEndArray();
        w.WriteBoolean("parallel_tool_calls", r.ParallelToolCalls);
        WriteStringOrNull(w, "previous_response_id", r.PreviousResponseId);
        WriteStringOrNull(w, "prompt_cache_key", r.PromptCacheKey);
        if (streamed)
        {
            w.WriteNull("prompt_cache_retention");
        }

        w.WriteStartObject("reasoning");
        w.WriteNull("effort");
        w.WriteNull("summary");
        w.WriteEndObject();
        WriteStringOrNull(w, "safety_identifier", r.SafetyIdentifier);

        // Like the service: the requested tier ("auto") until the response is done, then the tier that served it.
        w.WriteString("service_tier", r.Status == "in_progress" || r.ServiceTier != "auto" ? r.ServiceTier : "default");
        w.WriteBoolean("store", r.Store);
        w.WriteNumber("temperature", r.Temperature);
        w.WriteStartObject("text");
        w.WriteStartObject("format");
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteString("verbosity", "medium");
        w.WriteEndObject();
        w.WritePropertyName("tool_choice");
        w.WriteRawValue(r.ToolChoiceJson);
        w.WriteStartArray("tools");
        foreach (var tool in r.Tools)
        {
            w.WriteStartObject();
            w.WriteString("type", "function");
            WriteStringOrNull(w, "description", tool.Description);
            w.WriteString("name", tool.Name);
            w.WritePropertyName("parameters");
            w.WriteRawValue(tool.ParametersJson);
            w.WriteBoolean("strict", tool.Strict);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("top_logprobs", 0);
        w.WriteNumber("top_p", r.TopP);
        w.WriteString("truncation", r.Truncation);
        if (r.Usage is { } usage && r.Status != "in_progress")
        {
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", usage.Input);
            w.WriteStartObject("input_tokens_details");
            w.WriteNumber("cached_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("output_tokens", usage.Output);
            w.WriteStartObject("output_tokens_details");
            w.WriteNumber("reasoning_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("total_tokens", usage.Input + usage.Output);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("usage");
        }

        WriteStringOrNull(w, "user", r.User);
        w.WritePropertyName("metadata");
        w.WriteRawValue(r.MetadataJson);
        w.WriteEndObject();
    }

    /// <summary>An item as the service lists it in <c>output</c> and <c>input_items</c>.</summary>
    public static void Item(Utf8JsonWriter w, ResponseItem item) => Item(w, item, status: null);

    private static void Item(Utf8JsonWriter w, ResponseItem item, string? status)
    {
        w.WriteStartObject();
        w.WriteString("id", item.Id);
        switch (item)
        {
            case MessageItem message:
                w.WriteString("type", "message");
                w.WriteString("status", status ?? message.Status);
                w.WriteStartArray("content");
                if (status is null)
                {
                    Part(w, message.PartType, message.Text);
                }

                w.WriteEndArray();
                w.WriteString("role", message.Role);
                break;
            case FunctionCallItem call:
                w.WriteString("type", "function_call");
                w.WriteString("status", status ?? "completed");
                w.WriteString("arguments", status is null ? call.Arguments : "");
                w.WriteString("call_id", call.CallId);
                w.WriteString("name", call.Name);
                break;
            case FunctionCallOutputItem output:
                w.WriteString("type", "function_call_output");
                w.WriteString("status", "completed");
                w.WriteString("call_id", output.CallId);
                w.WriteString("output", output.Output);
                break;
        }

        w.WriteEndObject();
    }

    private static void Part(Utf8JsonWriter w, string type, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        if (type == "output_text")
        {
            w.WriteStartArray("annotations");
            w.WriteEndArray();
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
        }

        w.WriteString("text", text);
        w.WriteEndObject();
    }

    /// <summary>A stream event carrying the whole response (<c>response.created</c>, <c>response.completed</c>, …).</summary>
    public static void Event(Utf8JsonWriter w, string type, int sequence, Action<Utf8JsonWriter> response)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteNumber("sequence_number", sequence);
        w.WritePropertyName("response");
        response(w);
        w.WriteEndObject();
    }

    /// <summary>The events after <c>response.in_progress</c>: per output item its added/delta/done events, then the
    /// terminal <c>response.completed</c>, <c>response.incomplete</c> or <c>response.failed</c>.</summary>
    public static void OutputEvents(EventLog events, ResponseEntity response)
    {
        for (var index = 0; index < response.Output.Count; index++)
        {
            var item = response.Output[index];
            var outputIndex = index;
            void Add(string type, Action<Utf8JsonWriter> fields) =>
                events.Add(type, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("type", type);
                    w.WriteNumber("sequence_number", events.Items.Count);
                    fields(w);
                    w.WriteEndObject();
                });

            Add("response.output_item.added", w =>
            {
                w.WriteNumber("output_index", outputIndex);
                w.WritePropertyName("item");
                Item(w, item, "in_progress");
            });
            switch (item)
            {
                case FunctionCallItem call:
                    foreach (var piece in ArgumentPieces(call.Arguments))
                    {
                        Add("response.function_call_arguments.delta", w =>
                        {
                            w.WriteString("item_id", call.Id);
                            w.WriteNumber("output_index", outputIndex);
                            w.WriteString("delta", piece);
                            w.WriteString("obfuscation", EventLog.Obfuscation());
                        });
                    }

                    Add("response.function_call_arguments.done", w =>
                    {
                        w.WriteString("item_id", call.Id);
                        w.WriteNumber("output_index", outputIndex);
                        w.WriteString("arguments", call.Arguments);
                    });
                    break;
                case MessageItem message:
                    Add("response.content_part.added", w =>
                    {
                        ContentPosition(w, message.Id, outputIndex);
                        w.WritePropertyName("part");
                        Part(w, "output_text", "");
                    });
                    foreach (var piece in EventLog.Pieces(message.Text))
                    {
                        Add("response.output_text.delta", w =>
                        {
                            ContentPosition(w, message.Id, outputIndex);
                            w.WriteString("delta", piece);
                            w.WriteStartArray("logprobs");
                            w.WriteEndArray();
                            w.WriteString("obfuscation", EventLog.Obfuscation());
                        });
                    }

                    Add("response.output_text.done", w =>
                    {
                        ContentPosition(w, message.Id, outputIndex);
                        w.WriteString("text", message.Text);
                        w.WriteStartArray("logprobs");
                        w.WriteEndArray();
                    });
                    Add("response.content_part.done", w =>
                    {
                        ContentPosition(w, message.Id, outputIndex);
                        w.WritePropertyName("part");
                        Part(w, "output_text", message.Text);
                    });
                    break;
            }

            Add("response.output_item.done", w =>
            {
                w.WriteNumber("output_index", outputIndex);
                w.WritePropertyName("item");
                Item(w, item);
            });
        }

        var terminal = response.Status switch
        {
            "failed" => "response.failed",
            "incomplete" => "response.incomplete",
            _ => "response.completed",
        };
        events.Add(terminal, w => Event(w, terminal, events.Items.Count, r => Response(r, response, streamed: true)));
    }

    private static void ContentPosition(Utf8JsonWriter w, string itemId, int outputIndex)
    {
        w.WriteString("item_id", itemId);
        w.WriteNumber("output_index", outputIndex);
        w.WriteNumber("content_index", 0);
    }

    /// <summary>Splits arguments JSON into a few pieces, as the service streams them token by token.</summary>
    private static IEnumerable<string> ArgumentPieces(string arguments)
    {
        const int Size = 8;
        for (var start = 0; start < arguments.Length;)
        {
            // Never between the two halves of a surrogate pair (an emoji in an argument): each delta is written as
            // a JSON string on its own, and a lone surrogate cannot be.
            var piece = Tokens.Prefix(arguments[start..], Math.Min(Size, arguments.Length - start));
            if (piece.Length == 0)
            {
                piece = arguments.Substring(start, 2);
            }

            yield return piece;
            start += piece.Length;
        }
    }
}
