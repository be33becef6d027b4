using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ToolGen.Generator.Emit;
using ToolGen.Generator.Model;
using ToolGen.Generator.Parsing;

namespace ToolGen.Generator;

/// <summary>Generates the <c>AssistantTools</c> member of every class holding <c>[AssistantTool]</c> methods, and
/// records their definitions in the assembly's metadata for the build's <c>&lt;AssemblyName&gt;.tools.json</c>.
/// Methods that cannot be tools are skipped here and reported by <see cref="ToolGenAnalyzer"/>.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class ToolGenGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var toolsets = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.AttributeName, static (node, _) => node is MethodDeclarationSyntax, Parser.Parse)
            .WithTrackingName(TrackingNames.Tools)
            .Where(static tool => tool is not null)
            .Select(static (tool, _) => tool!)
            .WithTrackingName(TrackingNames.ValidTools)
            .Collect()
            .SelectMany(ToolsetSpec.GroupByOwner)
            .WithTrackingName(TrackingNames.Toolsets);

        context.RegisterSourceOutput(toolsets, Emitter.Emit);
        context.RegisterSourceOutput(toolsets, DefinitionsManifestEmitter.Emit);
    }
}
