using System.Text;

namespace ToolGen;

/// <summary>
/// The definition of one function tool as the OpenAI APIs take it: a name, a description and the JSON Schema of the
/// arguments object. Generated code creates these from compile-time constants; adapters convert them to the SDK's
/// tool types.
/// </summary>
public sealed class ToolDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="name">The function name; OpenAI requires <c>^[a-zA-Z0-9_-]{1,64}$</c>.</param>
    /// <param name="description">What the function does, for the model; <see langword="null"/> when there is none.</param>
    /// <param name="parametersSchema">The JSON Schema of the arguments object, as UTF-8 JSON text.</param>
    /// <param name="strict">Whether the schema follows OpenAI strict mode and is sent with <c>strict: true</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <paramref name="parametersSchema"/> is empty.</exception>
    public ToolDefinition(string name, string? description, ReadOnlyMemory<byte> parametersSchema, bool strict)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (parametersSchema.IsEmpty)
        {
            throw new ArgumentException("The parameters schema must be a JSON object.", nameof(parametersSchema));
        }

        Name = name;
        Description = description;
        ParametersSchema = parametersSchema;
        Strict = strict;
    }

    /// <summary>The function name.</summary>
    public string Name { get; }

    /// <summary>The function description, or <see langword="null"/>.</summary>
    public string? Description { get; }

    /// <summary>The JSON Schema of the arguments object, as UTF-8 JSON text (<c>{"type":"object",...}</c>).</summary>
    public ReadOnlyMemory<byte> ParametersSchema { get; }

    /// <summary>The JSON Schema of the arguments object as a string.</summary>
    public string ParametersSchemaJson => Encoding.UTF8.GetString(ParametersSchema.Span);

    /// <summary>Whether the definition is meant for OpenAI strict mode (<c>"strict": true</c>).</summary>
    public bool Strict { get; }

    /// <summary>The JSON Schema of the tool's output, as UTF-8 JSON text, for a tool whose output is a JSON value of a
    /// fixed shape (a record, class or struct written as a JSON object); empty when the output is free text or has no
    /// declared shape. The OpenAI APIs take no output schema; an MCP server sends it as the tool's
    /// <c>outputSchema</c> and the output as <c>structuredContent</c>.</summary>
    public ReadOnlyMemory<byte> OutputSchema { get; init; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
