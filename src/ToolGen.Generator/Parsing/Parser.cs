using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ToolGen.Generator.Diagnostics;
using ToolGen.Generator.Emit;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Parsing;

/// <summary>Turns an <c>[AssistantTool]</c> method into a <see cref="ToolSpec"/>, or into the diagnostics saying why
/// it cannot be one. The generator keeps the spec; the analyzer reports the diagnostics.</summary>
internal static class Parser
{
    public const string AttributeName = "ToolGen.AssistantToolAttribute";

    /// <summary>The generator's entry: the spec, or <see langword="null"/> when the method has errors.</summary>
    public static ToolSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        => context.TargetSymbol is IMethodSymbol method && context.Attributes.Length > 0
            ? Parse(method, context.Attributes[0], reportTo: null, cancellationToken)
            : null;

    /// <summary>Parses <paramref name="method"/>; problems go to <paramref name="reportTo"/> when given.</summary>
    public static ToolSpec? Parse(IMethodSymbol method, AttributeData attribute, List<Diagnostic>? reportTo, CancellationToken cancellationToken)
    {
        var ok = true;
        var location = method.Locations.FirstOrDefault();

        void Report(DiagnosticDescriptor descriptor, Location? at, params object[] args)
        {
            ok = false;
            reportTo?.Add(Diagnostic.Create(descriptor, at ?? location, args));
        }

        var owner = Hierarchy(method.ContainingType, out var notPartial, out var fileLocal);
        if (notPartial is not null)
        {
            Report(DiagnosticDescriptors.ClassNotPartial, location, notPartial, method.Name);
        }
        else if (fileLocal is not null)
        {
            Report(DiagnosticDescriptors.UnsupportedMethod, location, method.Name,
                $"its type '{fileLocal}' is file-local, and ToolGen's part of it would have to live in another file");
        }

        if (method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.UnsupportedMethod, location, method.Name, "generic methods cannot be tools");
        }

        if (method.MethodKind != MethodKind.Ordinary)
        {
            Report(DiagnosticDescriptors.UnsupportedMethod, location, method.Name, "only ordinary methods can be tools");
        }

        var name = ToolName(method, attribute);
        if (!ToolNames.IsValid(name))
        {
            Report(DiagnosticDescriptors.InvalidToolName, location, name, method.Name);
        }

        var docs = DocComments.Read(method, cancellationToken);
        var parameters = new List<ParameterSpec>();
        foreach (var parameter in method.Parameters)
        {
            var at = parameter.Locations.FirstOrDefault();
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                Report(DiagnosticDescriptors.UnsupportedMethod, at, method.Name, $"parameter '{parameter.Name}' is ref, out, in or params");
                continue;
            }

            if (TypeParser.Is(parameter.Type, "System.Threading", "CancellationToken"))
            {
                parameters.Add(new ParameterSpec(parameter.Name, null, false, null, null, null));
                continue;
            }

            var type = TypeParser.Parse(parameter.Type);
            if (type is null)
            {
                Report(DiagnosticDescriptors.UnsupportedParameterType, at, parameter.Name, method.Name, parameter.Type.ToDisplayString());
                continue;
            }

            if (DuplicateEnumName(type) is { } duplicate)
            {
                Report(DiagnosticDescriptors.DuplicateEnumName, at, parameter.Name, method.Name, duplicate.Enum, duplicate.Name);
            }

            var (expression, json) = parameter.HasExplicitDefaultValue ? DefaultValues.Describe(parameter, type) : (null, null);
            var description = DescriptionAttribute(parameter) ?? docs.Parameter(parameter.Name);
            parameters.Add(new ParameterSpec(parameter.Name, type, parameter.HasExplicitDefaultValue, expression, json, description));
        }

        var returns = Return(method);
        if (returns is null)
        {
            Report(DiagnosticDescriptors.UnsupportedReturnType, location, method.Name, method.ReturnType.ToDisplayString());
        }

        if (!ok || returns is null)
        {
            return null;
        }

        var strict = true;
        string? attributeDescription = null;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Strict" && argument.Value.Value is bool isStrict)
            {
                strict = isStrict;
            }
            else if (argument.Key == "Description" && argument.Value.Value is string text)
            {
                attributeDescription = text;
            }
        }

        var toolDescription = attributeDescription ?? DescriptionAttribute(method) ?? docs.Summary;
        return new ToolSpec(owner, method.Name, name, toolDescription, strict, method.IsStatic, parameters.ToEquatableArray(), returns);
    }

    /// <summary>The tool name <paramref name="method"/> gets, valid or not.</summary>
    public static string ToolName(IMethodSymbol method, AttributeData attribute)
        => attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string given
            ? given
            : ToolNames.FromMethodName(method.Name);

    private static ReturnSpec? Return(IMethodSymbol method)
    {
        var type = method.ReturnType;
        var typeName = type.ToDisplayString(TypeParser.Format);
        if (method.ReturnsVoid)
        {
            return new ReturnSpec(AsyncKind.None, "void", null);
        }

        if (type is INamedTypeSymbol named
            && (TypeParser.Is(named, "System.Threading.Tasks", "Task") || TypeParser.Is(named, "System.Threading.Tasks", "ValueTask")))
        {
            var kind = named.Name == "Task" ? AsyncKind.Task : AsyncKind.ValueTask;
            if (named.TypeArguments.Length == 0)
            {
                return new ReturnSpec(kind, typeName, null);
            }

            if (named.TypeArguments.Length == 1)
            {
                return TypeParser.Parse(named.TypeArguments[0]) is { } awaited ? new ReturnSpec(kind, typeName, awaited) : null;
            }
        }

        return TypeParser.Parse(type) is { } value ? new ReturnSpec(AsyncKind.None, typeName, value) : null;
    }

    private static HierarchyInfo Hierarchy(INamedTypeSymbol type, out string? notPartial, out string? fileLocal)
    {
        notPartial = null;
        fileLocal = null;
        var types = new List<TypeDeclaration>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var declaration = current.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            var isPartial = current.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax())
                .OfType<TypeDeclarationSyntax>()
                .Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
            var isClass = !ReferenceEquals(current, type) || current.TypeKind == Microsoft.CodeAnalysis.TypeKind.Class;
            if ((!isPartial || !isClass) && notPartial is null)
            {
                notPartial = current.ToDisplayString();
            }

            if (current.IsFileLocal && fileLocal is null)
            {
                fileLocal = current.ToDisplayString();
            }

            var keyword = declaration switch
            {
                RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                StructDeclarationSyntax => "struct",
                InterfaceDeclarationSyntax => "interface",
                _ => "class",
            };
            keyword = (current.IsStatic ? "static partial " : "partial ") + keyword;

            var name = current.TypeParameters.Length == 0
                ? Names.Identifier(current.Name)
                : Names.Identifier(current.Name) + "<" + string.Join(", ", current.TypeParameters.Select(TypeParameter)) + ">";
            types.Insert(0, new TypeDeclaration(keyword, name));
        }

        var ns = "";
        for (var space = type.ContainingNamespace; space is { IsGlobalNamespace: false }; space = space.ContainingNamespace)
        {
            ns = ns.Length == 0 ? Names.Identifier(space.Name) : Names.Identifier(space.Name) + "." + ns;
        }

        return new HierarchyInfo(ns, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), types.ToEquatableArray())
        {
            HidesInherited = InheritsAssistantTools(type),
        };
    }

    // A variance modifier must be repeated on every partial declaration of an interface.
    private static string TypeParameter(ITypeParameterSymbol parameter) => parameter.Variance switch
    {
        VarianceKind.In => "in " + Names.Identifier(parameter.Name),
        VarianceKind.Out => "out " + Names.Identifier(parameter.Name),
        _ => Names.Identifier(parameter.Name),
    };

    // Whether a base class already has an AssistantTools member, or will get one from ToolGen (it holds tools and is
    // compiled with this code, so its generated member is not visible yet): then the generated one must say 'new'.
    private static bool InheritsAssistantTools(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.GetMembers("AssistantTools").Any(m => m.DeclaredAccessibility != Accessibility.Private))
            {
                return true;
            }

            if (current.DeclaringSyntaxReferences.Length > 0
                && current.GetMembers().Any(m => m is IMethodSymbol && m.GetAttributes().Any(a => a.AttributeClass is { } attribute && TypeParser.Is(attribute, "ToolGen", "AssistantToolAttribute"))))
            {
                return true;
            }
        }

        return false;
    }

    // Two members with one JSON name (a [JsonStringEnumMemberName] repeating another member's name) would make one
    // of them unreachable from the arguments and repeat a value of the schema's enum. Names differing only in case
    // are fine: an exact match wins.
    private static (string Enum, string Name)? DuplicateEnumName(TypeSpec type)
    {
        for (var current = type; current is not null; current = current.Element)
        {
            if (current.Kind != ValueKind.Enum)
            {
                continue;
            }

            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var member in current.EnumMembers)
            {
                if (!names.Add(member.JsonName))
                {
                    return (current.TypeName.Replace("global::", ""), member.JsonName);
                }
            }
        }

        return null;
    }

    private static string? DescriptionAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && TypeParser.Is(attributeClass, "System.ComponentModel", "DescriptionAttribute")
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string text)
            {
                return text;
            }
        }

        return null;
    }
}
