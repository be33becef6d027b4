namespace ToolGen;

/// <summary>
/// One tool definition the ToolGen generator recorded in the assembly's metadata: the same name, description,
/// parameters schema and strict flag as the generated <see cref="ToolDefinition"/>. The build reads these with
/// System.Reflection.Metadata, without loading or running the assembly, and writes them to
/// <c>&lt;AssemblyName&gt;.tools.json</c>.
/// </summary>
/// <remarks>Applied by generated code only, once per tool (<c>[assembly: GeneratedToolDefinition(…)]</c>).</remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class GeneratedToolDefinitionAttribute : Attribute
{
    /// <summary>Records one tool definition.</summary>
    /// <param name="toolSet">The class whose generated <c>AssistantTools</c> holds the tool, as C# names it without
    /// <c>global::</c> (<c>Ns.Outer.WebPageTools</c>).</param>
    /// <param name="name">The function name.</param>
    /// <param name="description">The function description, or <see langword="null"/>.</param>
    /// <param name="parametersSchema">The JSON Schema of the arguments object, as JSON text.</param>
    /// <param name="strict">Whether the schema follows OpenAI strict mode.</param>
    public GeneratedToolDefinitionAttribute(string toolSet, string name, string? description, string parametersSchema, bool strict)
    {
        ToolSet = toolSet;
        Name = name;
        Description = description;
        ParametersSchema = parametersSchema;
        Strict = strict;
    }

    /// <summary>The class holding the tool, without <c>global::</c> (<c>Ns.Outer.WebPageTools</c>).</summary>
    public string ToolSet { get; }

    /// <summary>The function name, as <see cref="ToolDefinition.Name"/>.</summary>
    public string Name { get; }

    /// <summary>The function description, as <see cref="ToolDefinition.Description"/>.</summary>
    public string? Description { get; }

    /// <summary>The JSON Schema of the arguments object, as <see cref="ToolDefinition.ParametersSchemaJson"/>.</summary>
    public string ParametersSchema { get; }

    /// <summary>Whether the schema follows OpenAI strict mode, as <see cref="ToolDefinition.Strict"/>.</summary>
    public bool Strict { get; }
}
