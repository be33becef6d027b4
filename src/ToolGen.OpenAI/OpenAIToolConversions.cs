using OpenAI.Chat;
using OpenAI.Responses;
using AssistantFunctionTool = OpenAI.Assistants.FunctionToolDefinition;

namespace ToolGen.OpenAI;

/// <summary>
/// Converts ToolGen's API-neutral <see cref="ToolDefinition"/>s into the tool types of the official OpenAI .NET SDK:
/// the Assistants API's <see cref="AssistantFunctionTool"/>, the Responses API's <see cref="FunctionTool"/> and Chat
/// Completions' <see cref="ChatTool"/>.
/// </summary>
/// <remarks>
/// The parameters schema is passed through byte for byte, and <see cref="ToolDefinition.Strict"/> becomes
/// <c>"strict": true</c> or <c>false</c> on the wire (strict mode, from OpenAI's
/// <see href="https://platform.openai.com/docs/guides/function-calling">function-calling guide</see>).
/// </remarks>
public static class OpenAIToolConversions
{
    /// <summary>The Assistants API function tool for <paramref name="definition"/>, as sent in an assistant's or a
    /// run's <c>tools</c>: <c>{"type":"function","function":{"name","description","parameters","strict"}}</c>.</summary>
    /// <param name="definition">The tool definition.</param>
    /// <returns>A new SDK tool definition.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is <see langword="null"/>.</exception>
    public static AssistantFunctionTool ToFunctionToolDefinition(this ToolDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new AssistantFunctionTool(definition.Name)
        {
            Description = definition.Description,
            Parameters = BinaryData.FromBytes(definition.ParametersSchema),
            StrictParameterSchemaEnabled = definition.Strict,
        };
    }

    /// <summary>The Assistants API function tools for every tool of <paramref name="tools"/>, in the order of
    /// <see cref="ToolSet.Definitions"/>. Add them to <c>AssistantCreationOptions.Tools</c> or
    /// <c>RunCreationOptions.ToolsOverride</c>. OpenAI allows at most 128 tools per assistant.</summary>
    /// <param name="tools">The tool set.</param>
    /// <returns>A new list of SDK tool definitions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<AssistantFunctionTool> ToFunctionToolDefinitions(this ToolSet tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        return tools.Definitions.Select(ToFunctionToolDefinition).ToArray();
    }

    /// <summary>The Chat Completions function tool for <paramref name="definition"/>
    /// (<c>{"type":"function","function":{…}}</c> in a request's <c>tools</c>).</summary>
    /// <param name="definition">The tool definition.</param>
    /// <returns>A new SDK chat tool.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is <see langword="null"/>.</exception>
    public static ChatTool ToChatTool(this ToolDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return ChatTool.CreateFunctionTool(
            definition.Name,
            definition.Description,
            BinaryData.FromBytes(definition.ParametersSchema),
            definition.Strict);
    }

    /// <summary>The Responses API function tool for <paramref name="definition"/>
    /// (<c>{"type":"function","name","description","parameters","strict"}</c> in a request's <c>tools</c>).</summary>
    /// <param name="definition">The tool definition.</param>
    /// <returns>A new SDK response tool.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is <see langword="null"/>.</exception>
    public static FunctionTool ToResponseTool(this ToolDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return ResponseTool.CreateFunctionTool(
            definition.Name,
            BinaryData.FromBytes(definition.ParametersSchema),
            definition.Strict,
            definition.Description);
    }
}
