namespace ToolGen;

/// <summary>Why a tool call did not produce a normal result. Each kind is written to the model as its snake_case
/// name in <c>{"error":{"kind":…}}</c>.</summary>
public enum ToolErrorKind
{
    /// <summary><c>invalid_json</c>: the arguments are not well-formed JSON.</summary>
    InvalidJson,

    /// <summary><c>arguments_not_object</c>: the arguments are JSON, but not an object.</summary>
    ArgumentsNotObject,

    /// <summary><c>missing_required</c>: a parameter without a default value was not given.</summary>
    MissingRequired,

    /// <summary><c>unknown_argument</c>: the object has a property that is not a parameter.</summary>
    UnknownArgument,

    /// <summary><c>wrong_type</c>: a value has a JSON type the parameter does not accept.</summary>
    WrongType,

    /// <summary><c>out_of_range</c>: a number does not fit the parameter's type.</summary>
    OutOfRange,

    /// <summary><c>unknown_enum_value</c>: a string names no member of the parameter's enum.</summary>
    UnknownEnumValue,

    /// <summary><c>duplicate_argument</c>: the object names the same property twice.</summary>
    DuplicateArgument,

    /// <summary><c>constraint_violation</c>: a value has the right type but breaks a rule of the schema
    /// (a format such as <c>uuid</c> or <c>date-time</c>, a pattern, a bound).</summary>
    ConstraintViolation,

    /// <summary><c>unknown_tool</c>: no tool has the called name.</summary>
    UnknownTool,

    /// <summary><c>tool_failed</c>: the tool itself threw.</summary>
    ToolFailed,

    /// <summary><c>tool_timeout</c>: the tool did not finish in the time it was given.</summary>
    ToolTimeout,

    /// <summary><c>arguments_too_large</c>: the arguments text is longer than the tool set reads
    /// (<see cref="ToolSet.MaxArgumentsSize"/>); it was not parsed.</summary>
    ArgumentsTooLarge,
}
