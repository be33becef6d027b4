using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ToolGen.Extensions.AI;

/// <summary>One tool of a <see cref="ToolSet"/> as an <see cref="AIFunction"/>.</summary>
internal sealed class ToolSetFunction : AIFunction
{
    private readonly ToolSet _tools;
    private readonly ToolDefinition _definition;
    private readonly JsonElement _schema;
    private readonly IReadOnlyDictionary<string, object?> _additionalProperties;

    public ToolSetFunction(ToolSet tools, ToolDefinition definition)
    {
        _tools = tools;
        _definition = definition;
        using (var document = JsonDocument.Parse(definition.ParametersSchema))
        {
            _schema = document.RootElement.Clone();
        }

        _additionalProperties = new ReadOnlyDictionary<string, object?>(
            new Dictionary<string, object?>(StringComparer.Ordinal) { [ToolSetAIFunctions.StrictKey] = definition.Strict });
    }

    public override string Name => _definition.Name;

    // M.E.AI's contract is a non-null description; ToolGen's null means "none".
    public override string Description => _definition.Description ?? string.Empty;

    public override JsonElement JsonSchema => _schema;

    public override IReadOnlyDictionary<string, object?> AdditionalProperties => _additionalProperties;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        // The result goes back under the model's call id when a FunctionInvokingChatClient runs us, so logs and
        // ToolResult.CallId match the wire; a direct InvokeAsync has no call, so it gets an id of its own.
        var content = FunctionInvokingChatClient.CurrentContext?.CallContent is { } current
            && string.Equals(current.Name, Name, StringComparison.Ordinal)
                ? current
                : null;
        var callId = string.IsNullOrEmpty(content?.CallId) ? "call_" + Guid.NewGuid().ToString("N") : content.CallId;

        // The chat client parsed the model's arguments text before we run, and an unreadable text arrives as an
        // empty dictionary with the parse exception beside it; binding {} would blame a missing argument instead.
        if (content?.Exception is { } parseError && !IsEmptyText(parseError))
        {
            return ToolResult.Failure(callId, new ToolError(
                ToolErrorKind.InvalidJson, Name, "The arguments could not be read as a JSON object.")).Output;
        }

        var call = new ToolCall(callId, Name, WriteArguments(arguments));
        // The services the chat client was given (AIFunctionArguments.Services) reach tools taking [FromServices] parameters.
        var result = arguments.Services is { } services
            ? await _tools.InvokeWithServicesAsync(call, services, cancellationToken).ConfigureAwait(false)
            : await _tools.InvokeAsync(call, cancellationToken).ConfigureAwait(false);

        // A string reaches the model verbatim (Microsoft.Extensions.AI.OpenAI sends a string result as the tool
        // message's content as is, and serializes anything else), so the model sees ToolGen's output text exactly,
        // errors included: the error object is an answer the model can act on, not an exception.
        return result.Output;
    }

    /// <summary>Whether the parse failed on the very first byte, as it does for an empty arguments text: ToolGen reads
    /// that as <c>{}</c> (some OpenAI-compatible servers send it for a function without parameters), so it is bound
    /// as the empty dictionary it arrived as.</summary>
    private static bool IsEmptyText(Exception parseError)
        => (parseError as JsonException ?? parseError.InnerException as JsonException) is { LineNumber: 0, BytePositionInLine: 0 };

    /// <summary>The arguments dictionary as the JSON object text ToolGen's binder reads.</summary>
    private string WriteArguments(AIFunctionArguments arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in arguments)
            {
                writer.WritePropertyName(key);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                // What FunctionCallContent parsing produces for every argument of a model's call.
                element.WriteTo(writer);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            default:
                // Values a caller put in by hand: serialized with the options Microsoft.Extensions.AI uses for
                // arguments, through type info rather than the reflection-only generic overload.
                JsonSerializer.Serialize(writer, value, JsonSerializerOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }
}
