namespace ToolGen;

/// <summary>
/// Marks a method as a tool a language model may call. At compile time the ToolGen source generator emits the
/// method's OpenAI function-tool definition (name, description, JSON Schema of its parameters) and a reflection-free
/// dispatcher that binds the model's JSON arguments to the method's parameters.
/// </summary>
/// <remarks>
/// The containing class must be <c>partial</c>. The generator adds an <c>AssistantTools</c> member of type
/// <see cref="ToolSet"/> to it: <c>static</c> when every tool of the class is static, an instance property otherwise.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AssistantToolAttribute : Attribute
{
    /// <summary>Uses the default tool name: the method name without an <c>Async</c> suffix, in snake_case
    /// (<c>GetHTTPStatusAsync</c> → <c>get_http_status</c>, as <c>JsonNamingPolicy.SnakeCaseLower</c> converts it).</summary>
    public AssistantToolAttribute()
    {
    }

    /// <summary>Uses <paramref name="name"/> as the tool name. OpenAI requires it to match <c>^[a-zA-Z0-9_-]{1,64}$</c>.</summary>
    /// <param name="name">The function name the model sees and calls.</param>
    public AssistantToolAttribute(string name) => Name = name;

    /// <summary>The function name given in the constructor, or <see langword="null"/> for the default name.</summary>
    public string? Name { get; }

    /// <summary>The function description the model sees. When set it wins over <c>[Description]</c> and the
    /// method's XML doc <c>&lt;summary&gt;</c>.</summary>
    public string? Description { get; set; }

    /// <summary>Whether the definition is emitted for OpenAI strict mode (Structured Outputs): every property
    /// listed in <c>required</c>, optional ones as unions with <c>null</c>, <c>additionalProperties: false</c>.
    /// Default <see langword="true"/>.</summary>
    public bool Strict { get; set; } = true;
}
