using Microsoft.CodeAnalysis;

namespace ToolGen.Generator.Diagnostics;

/// <summary>Every diagnostic ToolGen reports. Each id has a page in docs/diagnostics/ and a line in
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
        "Parameter '{0}' of tool method '{1}' has type '{2}', which ToolGen cannot bind from JSON arguments; use string, bool, a number type, an enum, Guid, DateTime, DateTimeOffset, Uri, or an array or list of them");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        "TG0003",
        "Tool return type is not supported",
        "Tool method '{0}' returns '{1}', which ToolGen cannot write as a tool output; return void, string, a supported parameter type, or Task/ValueTask of one");

    public static readonly DiagnosticDescriptor InvalidToolName = Create(
        "TG0004",
        "Tool name is not valid",
        "The tool name '{0}' of method '{1}' is not valid: OpenAI requires ^[a-zA-Z0-9_-]{{1,64}}$");

    public static readonly DiagnosticDescriptor DuplicateToolName = Create(
        "TG0005",
        "Tool name is used twice",
        "The type '{0}' has more than one tool named '{1}'; give one of them another name with [AssistantTool(\"name\")]");

    public static readonly DiagnosticDescriptor UnsupportedMethod = Create(
        "TG0006",
        "Method cannot be a tool",
        "Method '{0}' cannot be a tool: {1}");

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

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) => new(
        id,
        title,
        message,
        Category,
        severity,
        isEnabledByDefault: true,
        description: $"See docs/diagnostics/{id}.md.");
}
