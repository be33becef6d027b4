namespace ToolGen.OpenAI;

/// <summary>How <see cref="ResponsesRunner"/> sends function outputs back to the model
/// (<see href="https://platform.openai.com/docs/guides/conversation-state">conversation state</see>).</summary>
public enum ResponsesContinuation
{
    /// <summary>Send only the <c>function_call_output</c> items, with <c>previous_response_id</c> set to the response
    /// that asked for them; the service supplies the rest of the conversation. This is what OpenAI's function-calling
    /// guide does. It needs the response to be stored, so a request with <c>store: false</c> is continued with
    /// <see cref="ResendInput"/> instead.</summary>
    PreviousResponseId,

    /// <summary>Send the whole conversation again as input: the caller's input items, every output item of each
    /// response (function calls, reasoning, messages) and the <c>function_call_output</c> items. Works with
    /// <c>store: false</c> and with servers that keep no state. With reasoning models and <c>store: false</c>, ask for
    /// <c>reasoning.encrypted_content</c> in the request's <c>include</c> so reasoning items can be sent back.</summary>
    ResendInput,
}
