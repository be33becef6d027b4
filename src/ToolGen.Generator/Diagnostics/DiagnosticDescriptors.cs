using Microsoft.CodeAnalysis;

namespace ToolGen.Generator.Diagnostics;

/// <summary>Every diagnostic ToolGen reports, one per reason. Each id has a page in docs/diagnostics/ and a line in
/// AnalyzerReleases.*.md. (No help link yet: the project has no published URL for its docs.)</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ToolGen";

    public static readonly DiagnosticDescriptor ClassNotPartial = Create(
        "TG0001",
        "A tool's class must be partial",
        "The type '{0}' holding tool method '{1}' must be a partial class (and so must every type containing it), so that ToolGen can add its AssistantTools member");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Create(
        "TG0002",
        "Tool parameter type is not supported",
        "Parameter '{0}' of tool method '{1}' reaches the type '{2}' at '{3}', which ToolGen cannot bind from JSON arguments; see docs/types.md for the supported types");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        "TG0003",
        "Tool return type is not supported",
        "Tool method '{0}' returns '{1}', which reaches the type '{2}' at '{3}' that ToolGen cannot write as a tool output; see docs/types.md for the supported types");

    public static readonly DiagnosticDescriptor InvalidToolName = Create(
        "TG0004",
        "Tool name is not valid",
        "The tool name '{0}' of method '{1}' is not valid: OpenAI requires ^[a-zA-Z0-9_-]{{1,64}}$");

    public static readonly DiagnosticDescriptor DuplicateToolName = Create(
        "TG0005",
        "Tool name is used twice",
        "The type '{0}' has more than one tool named '{1}'; give one of them another name with [AssistantTool(\"name\")]");

    public static readonly DiagnosticDescriptor GenericMethod = Create(
        "TG0006",
        "A generic method cannot be a tool",
        "Method '{0}' is generic; a tool's parameter types must be known at compile time, so give it concrete types");

    public static readonly DiagnosticDescriptor StrictSchemaTooLarge = Create(
        "TG0007",
        "Strict schema exceeds an OpenAI limit",
        "The strict schema of tool '{0}' has {1}, but OpenAI strict mode allows at most {2}, so the service would reject the tool; simplify its parameters or set [AssistantTool(Strict = false)]");

    public static readonly DiagnosticDescriptor StrictSchemaDeep = Create(
        "TG0008",
        "Strict schema nests deeper than OpenAI recommends",
        "The strict schema of tool '{0}' has {1} levels of nesting; OpenAI recommends at most 5 (and accepts at most 10)",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TooManyTools = Create(
        "TG0009",
        "Class has more tools than one request may carry",
        "The type '{0}' has {1} tools, but OpenAI accepts at most 128 tools per assistant or request; split them into several classes and send only the tools a conversation needs",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateEnumName = Create(
        "TG0010",
        "Two enum members have one JSON name",
        "Parameter '{0}' of tool method '{1}' has the enum type '{2}', in which two members are named '{3}' in JSON; give each member its own [JsonStringEnumMemberName]");

    public static readonly DiagnosticDescriptor RefParameter = Create(
        "TG0011",
        "A tool parameter cannot be ref, out, in or params",
        "Parameter '{0}' of tool method '{1}' is ref, out, in or params; a tool's arguments are values read from JSON, so take it by value");

    public static readonly DiagnosticDescriptor NotOrdinaryMethod = Create(
        "TG0012",
        "Only an ordinary method can be a tool",
        "Method '{0}' is not an ordinary method (an explicit interface implementation, for example), which generated code cannot call by name; mark a public or private method of the class instead");

    public static readonly DiagnosticDescriptor FileLocalClass = Create(
        "TG0013",
        "A tool's class cannot be file-local",
        "The type '{0}' holding tool method '{1}' is file-local, and ToolGen's part of it would have to live in another file; remove the 'file' modifier");

    public static readonly DiagnosticDescriptor LocalFunctionTool = Create(
        "TG0014",
        "A local function or lambda cannot be a tool",
        "'{0}' is a local function or lambda; only methods declared in a class can be tools");

    public static readonly DiagnosticDescriptor DictionaryInStrictTool = Create(
        "TG0015",
        "A dictionary cannot be described in strict mode",
        "Tool method '{0}' takes the dictionary '{1}' at '{2}', whose open set of keys OpenAI strict mode cannot describe (it requires additionalProperties: false); set [AssistantTool(Strict = false)] on the tool, or take a list of records instead");

    public static readonly DiagnosticDescriptor AnyJsonInStrictTool = Create(
        "TG0016",
        "Any-JSON values cannot be described in strict mode",
        "Tool method '{0}' takes a JsonElement at '{1}', which can be any JSON value, but OpenAI strict mode needs a type for every value; set [AssistantTool(Strict = false)] on the tool, or take a typed parameter");

    public static readonly DiagnosticDescriptor NoUsableConstructor = Create(
        "TG0017",
        "An argument type has no constructor ToolGen can use",
        "The type '{0}' at '{1}' of tool method '{2}' cannot be created from JSON: it needs a public parameterless constructor, a single public constructor or one marked [JsonConstructor], each of whose parameters names a property, and it must not be abstract");

    public static readonly DiagnosticDescriptor DuplicateMemberName = Create(
        "TG0018",
        "Two properties have one JSON name",
        "The type '{0}' has two properties named '{1}' in JSON, used by tool method '{2}'; give one of them another [JsonPropertyName]");

    public static readonly DiagnosticDescriptor InvalidPattern = Create(
        "TG0019",
        "A [RegularExpression] pattern does not compile",
        "The pattern '{0}' on '{1}' of tool method '{2}' is not a valid .NET regular expression, so the binder could never check it; fix the pattern");

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) => new(
        id,
        title,
        message,
        Category,
        severity,
        isEnabledByDefault: true,
        description: $"See docs/diagnostics/{id}.md.");
}
