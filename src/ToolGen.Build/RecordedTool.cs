namespace ToolGen.Build;

/// <summary>One tool definition as the generator recorded it in an assembly (<c>[assembly: GeneratedToolDefinition]</c>).</summary>
/// <param name="ToolSet">The class holding the tool, without <c>global::</c>.</param>
/// <param name="Name">The function name.</param>
/// <param name="Description">The function description, or <see langword="null"/>.</param>
/// <param name="ParametersSchema">The JSON Schema of the arguments object, as JSON text.</param>
/// <param name="Strict">Whether the schema follows OpenAI strict mode.</param>
internal sealed record RecordedTool(string ToolSet, string Name, string? Description, string ParametersSchema, bool Strict);
