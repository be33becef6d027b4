using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ToolGen.Generator.Diagnostics;
using ToolGen.Generator.Parsing;

namespace ToolGen.Generator;

/// <summary>Reports why an <c>[AssistantTool]</c> method cannot be a tool, using the generator's own parser. An
/// analyzer (rather than the generator) reports them so <c>#pragma warning disable</c> and .editorconfig apply.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ToolGenAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ClassNotPartial,
        DiagnosticDescriptors.UnsupportedParameterType,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.InvalidToolName,
        DiagnosticDescriptors.DuplicateToolName,
        DiagnosticDescriptors.UnsupportedMethod);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attributeType = start.Compilation.GetTypeByMetadataName(Parser.AttributeName);
            if (attributeType is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, attributeType), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol attributeType)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var names = new Dictionary<string, IMethodSymbol>(System.StringComparer.Ordinal);
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            var attribute = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));
            if (attribute is null)
            {
                continue;
            }

            var diagnostics = new List<Diagnostic>();
            Parser.Parse(method, attribute, diagnostics, context.CancellationToken);
            foreach (var diagnostic in diagnostics)
            {
                context.ReportDiagnostic(diagnostic);
            }

            var name = Parser.ToolName(method, attribute);
            if (names.ContainsKey(name))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateToolName, method.Locations.FirstOrDefault(), type.ToDisplayString(), name));
            }
            else
            {
                names.Add(name, method);
            }
        }
    }
}
