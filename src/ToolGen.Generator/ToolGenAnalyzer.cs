using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ToolGen.Generator.Diagnostics;
using ToolGen.Generator.Model;
using ToolGen.Generator.Parsing;
using ToolGen.Generator.Schema;

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
        DiagnosticDescriptors.GenericMethod,
        DiagnosticDescriptors.StrictSchemaTooLarge,
        DiagnosticDescriptors.StrictSchemaDeep,
        DiagnosticDescriptors.TooManyTools,
        DiagnosticDescriptors.DuplicateEnumName,
        DiagnosticDescriptors.RefParameter,
        DiagnosticDescriptors.NotOrdinaryMethod,
        DiagnosticDescriptors.FileLocalClass,
        DiagnosticDescriptors.LocalFunctionTool,
        DiagnosticDescriptors.DictionaryInStrictTool,
        DiagnosticDescriptors.AnyJsonInStrictTool,
        DiagnosticDescriptors.NoUsableConstructor,
        DiagnosticDescriptors.DuplicateMemberName,
        DiagnosticDescriptors.InvalidPattern);

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
            start.RegisterSyntaxNodeAction(
                node => AnalyzeFunction(node, attributeType),
                SyntaxKind.LocalFunctionStatement,
                SyntaxKind.ParenthesizedLambdaExpression,
                SyntaxKind.SimpleLambdaExpression);
        });
    }

    // The generator only looks at method declarations, so a local function or lambda marked as a tool would
    // otherwise be ignored without a word.
    private static void AnalyzeFunction(SyntaxNodeAnalysisContext context, INamedTypeSymbol attributeType)
    {
        var symbol = context.Node is LocalFunctionStatementSyntax local
            ? context.SemanticModel.GetDeclaredSymbol(local, context.CancellationToken)
            : context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol;
        if (symbol is IMethodSymbol method
            && method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType)))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LocalFunctionTool,
                context.Node.GetLocation(),
                method.MethodKind == MethodKind.LocalFunction ? method.Name : "lambda"));
        }
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
            var tool = Parser.Parse(method, attribute, diagnostics, context.CancellationToken);
            foreach (var diagnostic in diagnostics)
            {
                context.ReportDiagnostic(diagnostic);
            }

            if (tool is { Strict: true })
            {
                ReportStrictLimits(context, tool, method.Locations.FirstOrDefault());
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

        if (names.Count > StrictLimits.MaxTools)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.TooManyTools, type.Locations.FirstOrDefault(), type.ToDisplayString(), names.Count));
        }
    }

    private static void ReportStrictLimits(SymbolAnalysisContext context, ToolSpec tool, Location? location)
    {
        foreach (var (has, allowed) in StrictLimits.Exceeded(tool))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StrictSchemaTooLarge, location, tool.ToolName, has, allowed));
        }

        var nesting = StrictLimits.Nesting(tool);
        if (nesting > StrictLimits.RecommendedNesting && nesting <= StrictLimits.MaxNesting)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StrictSchemaDeep, location, tool.ToolName, nesting));
        }
    }
}
