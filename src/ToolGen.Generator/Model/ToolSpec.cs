namespace ToolGen.Generator.Model;

/// <summary>Everything the generator needs about one <c>[AssistantTool]</c> method, as plain values.</summary>
/// <param name="Owner">The class holding the method.</param>
/// <param name="MethodName">The C# method name.</param>
/// <param name="ToolName">The function name the model sees.</param>
/// <param name="Description">The function description, or <see langword="null"/>.</param>
/// <param name="Strict">Whether the schema is written for OpenAI strict mode.</param>
/// <param name="IsStatic">Whether the method is static.</param>
/// <param name="Parameters">The parameters in declaration order, including those the host supplies.</param>
/// <param name="Return">What the method returns.</param>
/// <param name="Types">Every type the parameters and the return value reach, each once.</param>
internal sealed record ToolSpec(
    HierarchyInfo Owner,
    string MethodName,
    string ToolName,
    string? Description,
    bool Strict,
    bool IsStatic,
    EquatableArray<ParameterSpec> Parameters,
    ReturnSpec Return,
    EquatableArray<TypeSpec> Types)
{
    /// <summary>For an instance tool: the services its class's public constructor takes, in order, when the class can
    /// be created from a service provider (a public, non-abstract class with one public constructor, or several of
    /// which the longest is used, taking only reference types); otherwise <see langword="null"/>.</summary>
    public EquatableArray<ServiceDependency>? OwnerServices { get; init; }
}

/// <summary>A service the class holding instance tools takes in its constructor.</summary>
/// <param name="Type">The service type as generated code writes it.</param>
/// <param name="Name">The name in the message when it is missing.</param>
internal sealed record ServiceDependency(string Type, string Name);

/// <summary>One method parameter.</summary>
/// <param name="Name">The C# name, also the JSON property name (as written).</param>
/// <param name="Source">Where its value comes from.</param>
/// <param name="Type">The id of its type in the tool's <see cref="ToolSpec.Types"/> (for
/// <see cref="ParameterSource.Service"/>: the service type's C# name).</param>
/// <param name="HasDefault">Whether the parameter has a default value, which makes it optional.</param>
/// <param name="DefaultValue">The default, raw.</param>
/// <param name="Description">The description, or <see langword="null"/>.</param>
internal sealed record ParameterSpec(
    string Name,
    ParameterSource Source,
    string Type,
    bool HasDefault,
    RawValue DefaultValue,
    string? Description)
{
    /// <summary>Whether the model gives the value (rather than the host).</summary>
    public bool IsArgument => Source == ParameterSource.Argument;

    /// <summary>The DataAnnotations rules on the parameter.</summary>
    public EquatableArray<ConstraintSpec> Constraints { get; init; }

    /// <summary>For a keyed service: the key, raw.</summary>
    public RawValue? ServiceKey { get; init; }

    /// <summary>For a service: whether the tool runs without it (a nullable type or a default value).</summary>
    public bool ServiceIsOptional { get; init; }

    /// <summary>For a service: the name used in the message when it is missing (<c>IWeatherApi</c>).</summary>
    public string? ServiceName { get; init; }
}

/// <summary>Where a parameter's value comes from.</summary>
internal enum ParameterSource
{
    /// <summary>The model's JSON arguments.</summary>
    Argument,

    /// <summary>The caller's cancellation token.</summary>
    CancellationToken,

    /// <summary>The host's <c>IServiceProvider</c> itself.</summary>
    ServiceProvider,

    /// <summary>A service from the host's provider (<c>[FromServices]</c>, <c>[FromKeyedServices]</c>).</summary>
    Service,
}

/// <summary>What a tool method returns.</summary>
/// <param name="Async">Whether the value comes wrapped in a task.</param>
/// <param name="TypeName">The declared return type, fully qualified (<c>global::System.Threading.Tasks.Task&lt;string&gt;</c>).</param>
/// <param name="Value">The id of the value's type, or <see langword="null"/> for none (<c>void</c>, <c>Task</c>, <c>ValueTask</c>).</param>
internal sealed record ReturnSpec(AsyncKind Async, string TypeName, string? Value);

/// <summary>How a method's result is awaited.</summary>
internal enum AsyncKind
{
    None,
    Task,
    ValueTask,
}
