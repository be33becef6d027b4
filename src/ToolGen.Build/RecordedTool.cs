namespace ToolGen.Build;

/// <summary>One tool definition as the generator recorded it in an assembly (<c>[assembly: GeneratedToolDefinition]</c>).</summary>
internal sealed class RecordedTool
{
    public RecordedTool(string toolSet, string name, string? description, string parametersSchema, bool strict)
    {
        ToolSet = toolSet;
        Name = name;
        Description = description;
        ParametersSchema = parametersSchema;
        Strict = strict;
    }

    /// <summary>The class holding the tool, without <c>global::</c>.</summary>
    public string ToolSet { get; }

    public string Name { get; }

    public string? Description { get; }

    /// <summary>The JSON Schema of the arguments object, as JSON text.</summary>
    public string ParametersSchema { get; }

    public bool Strict { get; }
}
