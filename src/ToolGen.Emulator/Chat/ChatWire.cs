using System.Buffers;
using System.Text.Json;
using ToolGen.Emulator.Http;
using static ToolGen.Emulator.Http.JsonText;

namespace ToolGen.Emulator.Chat;

/// <summary>
/// Writes <c>chat.completion</c> objects with the property names, order and JSON types of the real service's answers
/// (tests/fixtures/openai-recordings/chat/; a test compares the shapes), and the <c>chat.completion.chunk</c>
/// stream (<c>data: …</c> lines ending with <c>data: [DONE]</c>, no event names).
/// </summary>
internal static class ChatWire
{
    // The service names the backend configuration that answered; any stable value of its form will do.
    public const string SystemFingerprint = "fp_toolgen0001";

    public static void Completion(Utf8JsonWriter w, ChatCompletion c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", c.Created);
        w.WriteString("model", c.Model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        if (c.Text is null)
        {
            w.WriteNull("content");
        }
        else
        {
            w.WriteString("content", c.Text);
        }

        if (c.Calls.Count > 0 && c.Legacy)
        {
            w.WriteStartObject("function_call");
            w.WriteString("name", c.Calls[0].Name);
            w.WriteString("arguments", c.Calls[0].Arguments);
            w.WriteEndObject();
        }
        else if (c.Calls.Count > 0)
        {
            FunctionToolCalls(w, c.Calls);
        }

        w.WriteNull("refusal");
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", c.FinishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        Usage(w, c);
        w.WriteString("service_tier", "default");
        w.WriteString("system_fingerprint", SystemFingerprint);
        w.WriteEndObject();
    }

    /// <summary>The chunks the service streams for <paramref name="c"/>: the role first, then the text word by word
    /// or each tool call (id and name, then its arguments), then the finish reason, then (with
    /// <c>stream_options.include_usage</c>) a chunk with no choices and the usage.</summary>
    public static byte[] Chunks(ChatCompletion c, bool includeUsage)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        void Chunk(Action<Utf8JsonWriter>? delta, string? finishReason, bool usage = false)
        {
            buffer.Write("data: "u8);
            buffer.Write(JsonText.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("object", "chat.completion.chunk");
                w.WriteNumber("created", c.Created);
                w.WriteString("model", c.Model);
                w.WriteString("service_tier", "default");
                w.WriteString("system_fingerprint", SystemFingerprint);
                w.WriteStartArray("choices");
                if (delta is not null)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", 0);
                    w.WriteStartObject("delta");
                    delta(w);
                    w.WriteEndObject();
                    w.WriteNull("logprobs");
                    if (finishReason is null)
                    {
                        w.WriteNull("finish_reason");
                    }
                    else
                    {
                        w.WriteString("finish_reason", finishReason);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (usage)
                {
                    Usage(w, c);
                }
                else if (includeUsage)
                {
                    w.WriteNull("usage");
                }

                w.WriteString("obfuscation", EventLog.Obfuscation());
                w.WriteEndObject();
            }));
            buffer.Write("\n\n"u8);
        }

        if (c.Calls.Count == 0)
        {
            Chunk(w =>
            {
                w.WriteString("role", "assistant");
                w.WriteString("content", "");
                w.WriteNull("refusal");
            }, null);
            foreach (var piece in EventLog.Pieces(c.Text ?? ""))
            {
                Chunk(w => w.WriteString("content", piece), null);
            }
        }
        else if (c.Legacy)
        {
            Chunk(w =>
            {
                w.WriteString("role", "assistant");
                w.WriteNull("content");
                w.WriteStartObject("function_call");
                w.WriteString("name", c.Calls[0].Name);
                w.WriteString("arguments", "");
                w.WriteEndObject();
                w.WriteNull("refusal");
            }, null);
            Chunk(w =>
            {
                w.WriteStartObject("function_call");
                w.WriteString("arguments", c.Calls[0].Arguments);
                w.WriteEndObject();
            }, null);
        }
        else
        {
            for (var i = 0; i < c.Calls.Count; i++)
            {
                var index = i;
                var call = c.Calls[i];
                Chunk(w =>
                {
                    if (index == 0)
                    {
                        w.WriteString("role", "assistant");
                        w.WriteNull("content");
                    }

                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", index);
                    w.WriteString("id", call.Id);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", call.Name);
                    w.WriteString("arguments", "");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    if (index == 0)
                    {
                        w.WriteNull("refusal");
                    }
                }, null);
                Chunk(w =>
                {
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", index);
                    w.WriteStartObject("function");
                    w.WriteString("arguments", call.Arguments);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                }, null);
            }
        }

        Chunk(_ => { }, c.FinishReason);
        if (includeUsage)
        {
            Chunk(null, null, usage: true);
        }

        buffer.Write("data: [DONE]\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Usage(Utf8JsonWriter w, ChatCompletion c)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", c.PromptTokens);
        w.WriteNumber("completion_tokens", c.CompletionTokens);
        w.WriteNumber("total_tokens", c.PromptTokens + c.CompletionTokens);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", 0);
        w.WriteNumber("audio_tokens", 0);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", 0);
        w.WriteNumber("audio_tokens", 0);
        w.WriteNumber("accepted_prediction_tokens", 0);
        w.WriteNumber("rejected_prediction_tokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
