using Microsoft.CodeAnalysis.CSharp;

namespace ToolGen.Generator.Emit;

internal static class Names
{
    public const string ToolSet = "global::ToolGen.ToolSet";
    public const string ToolDefinition = "global::ToolGen.ToolDefinition";
    public const string ToolCall = "global::ToolGen.ToolCall";
    public const string ToolResult = "global::ToolGen.ToolResult";
    public const string ToolOutput = "global::ToolGen.Binding.ToolOutput";
    public const string ArgumentReader = "global::ToolGen.Binding.ToolArgumentReader";
    public const string ArgumentBuffer = "global::ToolGen.Binding.ToolArgumentBuffer";
    public const string Constraints = "global::ToolGen.Binding.ToolConstraints";
    public const string Services = "global::ToolGen.Binding.ToolServices";
    public const string ValueTaskOfResult = "global::System.Threading.Tasks.ValueTask<global::ToolGen.ToolResult>";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string JsonWriter = "global::System.Text.Json.Utf8JsonWriter";
    public const string List = "global::System.Collections.Generic.List";

    /// <summary>The name as C# source must spell it: <c>@class</c> for a keyword, contextual ones too (<c>record</c>
    /// cannot name a type unescaped, and <c>@</c> is harmless anywhere else).</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
