namespace ToolGen.Generator.Model;

/// <summary>Everything the generator needs about one <c>[AssistantTool]</c> method, as plain values.</summary>
/// <param name="Owner">The class holding the method.</param>
/// <param name="MethodName">The C# method name.</param>
/// <param name="ToolName">The function name the model sees.</param>
/// <param name="Description">The function description, or <see langword="null"/>.</param>
/// <param name="Strict">Whether the schema is written for OpenAI strict mode.</param>
/// <param name="IsStatic">Whether the method is static.</param>
/// <param name="Parameters">The parameters in declaration order, including a <c>CancellationToken</c>.</param>
/// <param name="Return">What the method returns.</param>
internal sealed record ToolSpec(
    HierarchyInfo Owner,
    string MethodName,
    string ToolName,
    string? Description,
    bool Strict,
    bool IsStatic,
    EquatableArray<ParameterSpec> Parameters,
    ReturnSpec Return);

/// <summary>One method parameter.</summary>
/// <param name="Name">The C# name, also the JSON property name (as written).</param>
/// <param name="Type">The type; <see langword="null"/> for the <c>CancellationToken</c>.</param>
/// <param name="HasDefault">Whether the parameter has a default value, which makes it optional.</param>
/// <param name="DefaultExpression">The default as a C# expression (<c>5</c>, <c>"x"</c>, <c>null</c>).</param>
/// <param name="DefaultJson">The default as JSON text, for the description, or <see langword="null"/>.</param>
/// <param name="Description">The description, or <see langword="null"/>.</param>
internal sealed record ParameterSpec(
    string Name,
    TypeSpec? Type,
    bool HasDefault,
    string? DefaultExpression,
    string? DefaultJson,
    string? Description)
{
    /// <summary>Whether the parameter receives the caller's cancellation token rather than an argument.</summary>
    public bool IsCancellationToken => Type is null;
}

/// <summary>What a tool method returns.</summary>
/// <param name="Async">Whether the value comes wrapped in a task.</param>
/// <param name="TypeName">The declared return type, fully qualified (<c>global::System.Threading.Tasks.Task&lt;string&gt;</c>).</param>
/// <param name="Value">The type of the value, or <see langword="null"/> for none (<c>void</c>, <c>Task</c>, <c>ValueTask</c>).</param>
internal sealed record ReturnSpec(AsyncKind Async, string TypeName, TypeSpec? Value);

/// <summary>How a method's result is awaited.</summary>
internal enum AsyncKind
{
    None,
    Task,
    ValueTask,
}
