using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ToolGen.Generator.Diagnostics;

namespace ToolGen.Generator.CodeFixes;

/// <summary>The fix for TG0001: adds <c>partial</c> to the class holding the tool and to every type it is nested in
/// that lacks it, in every file declaring them. Not offered when the tool sits in a struct or an interface, which
/// <c>partial</c> alone would not make a valid home for tools.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, shared by every TG0001 so that Fix All applies it everywhere.</summary>
    public const string EquivalenceKey = "ToolGen.MakePartial";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ClassNotPartial.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var method = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?
                .AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
            if (method is null
                || model.GetDeclaredSymbol(method, context.CancellationToken) is not { ContainingType: { TypeKind: TypeKind.Class } type })
            {
                continue;
            }

            var types = TypesToMakePartial(type);
            if (types.Count == 0)
            {
                continue;
            }

            var title = "Make " + string.Join(" and ", types.Select(t => $"'{t.ToDisplayString()}'")) + " partial";
            context.RegisterCodeFix(
                CodeAction.Create(title, token => MakePartialAsync(context.Document.Project.Solution, types, token), EquivalenceKey),
                diagnostic);
        }
    }

    // The type and its containing types, outermost first, that are declared without 'partial' anywhere. A type with
    // one partial declaration already counts as partial, as it does for the parser.
    private static List<INamedTypeSymbol> TypesToMakePartial(INamedTypeSymbol type)
    {
        var types = new List<INamedTypeSymbol>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!Declarations(current).Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                types.Insert(0, current);
            }
        }

        return types;
    }

    private static IEnumerable<TypeDeclarationSyntax> Declarations(INamedTypeSymbol type)
        => type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>();

    private static async Task<Solution> MakePartialAsync(Solution solution, List<INamedTypeSymbol> types, CancellationToken cancellationToken)
    {
        foreach (var file in types.SelectMany(Declarations).GroupBy(d => d.SyntaxTree))
        {
            var document = solution.GetDocument(file.Key);
            if (document is null)
            {
                continue;
            }

            var root = await file.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var changed = root.ReplaceNodes(file, static (_, rewritten) => AddPartial((TypeDeclarationSyntax)rewritten));
            solution = solution.WithDocumentSyntaxRoot(document.Id, changed);
        }

        return solution;
    }

    // 'partial' goes last among the modifiers, right before the keyword, where C# requires it. Without modifiers it
    // takes over the keyword's leading trivia (indentation, or the line break after an attribute).
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count > 0)
        {
            return declaration.AddModifiers(partial);
        }

        var keyword = declaration.Keyword;
        return declaration
            .ReplaceToken(keyword, keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }
}
