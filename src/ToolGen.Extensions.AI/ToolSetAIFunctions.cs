using Microsoft.Extensions.AI;

namespace ToolGen.Extensions.AI;

/// <summary>
/// Exposes the tools of a <see cref="ToolSet"/> as Microsoft.Extensions.AI <see cref="AIFunction"/>s, so any
/// <see cref="IChatClient"/> wrapped in a <see cref="FunctionInvokingChatClient"/> (<c>UseFunctionInvocation()</c>) can
/// offer and run them: put them in <see cref="ChatOptions.Tools"/>.
/// </summary>
/// <remarks>
/// Each function carries the tool's name, description and parameters JSON Schema unchanged, and
/// <c>AdditionalProperties["strict"]</c> set to <see cref="ToolDefinition.Strict"/>, the key Microsoft.Extensions.AI.OpenAI
/// reads to send <c>"strict": true</c> (OpenAI strict mode, from the
/// <see href="https://platform.openai.com/docs/guides/function-calling">function-calling guide</see>). For a strict
/// tool, Microsoft.Extensions.AI.OpenAI 10.11 moves schema keywords outside its allow list (<c>minimum</c>,
/// <c>maximum</c>, <c>format</c>…) into the property's description before sending; ToolGen's binder still enforces
/// them. Invoking a
/// function calls <see cref="ToolSet.InvokeAsync"/> and returns the tool output text as a <see cref="string"/>, so the
/// model sees exactly what ToolGen's own runners send; a model's mistake is returned as its error JSON, not thrown.
/// </remarks>
public static class ToolSetAIFunctions
{
    /// <summary>The key of <see cref="AITool.AdditionalProperties"/> that holds a function's strictness
    /// (<see cref="bool"/>); Microsoft.Extensions.AI.OpenAI sends its value as the tool's <c>strict</c>.</summary>
    public const string StrictKey = "strict";

    /// <summary>One <see cref="AIFunction"/> per tool of <paramref name="tools"/>, in the order of
    /// <see cref="ToolSet.Definitions"/>.</summary>
    /// <param name="tools">The tool set.</param>
    /// <returns>A new list of functions; each parses its tool's schema once, here.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/> is <see langword="null"/>.</exception>
    /// <exception cref="System.Text.Json.JsonException">A tool's parameters schema is not valid JSON.</exception>
    public static IReadOnlyList<AIFunction> AsAIFunctions(this ToolSet tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        return tools.Definitions.Select(definition => (AIFunction)new ToolSetFunction(tools, definition)).ToArray();
    }

    /// <summary>The <see cref="AIFunction"/> for the tool of <paramref name="tools"/> named <paramref name="name"/>.</summary>
    /// <param name="tools">The tool set.</param>
    /// <param name="name">The tool name (ordinal match).</param>
    /// <returns>A new function.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tools"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tools"/> has no tool named <paramref name="name"/>.</exception>
    public static AIFunction AsAIFunction(this ToolSet tools, string name)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(name);
        foreach (var definition in tools.Definitions)
        {
            if (string.Equals(definition.Name, name, StringComparison.Ordinal))
            {
                return new ToolSetFunction(tools, definition);
            }
        }

        throw new ArgumentException($"The tool set has no tool named '{name}'.", nameof(name));
    }
}
