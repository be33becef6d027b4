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
            Report(DiagnosticDescriptors.FileLocalClass, location, fileLocal, method.Name);
        }

        if (method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.GenericMethod, location, method.Name);
        }

        if (method.MethodKind != MethodKind.Ordinary)
        {
            Report(DiagnosticDescriptors.NotOrdinaryMethod, location, method.Name);
        }

        var name = ToolName(method, attribute);
        if (!ToolNames.IsValid(name))
        {
            Report(DiagnosticDescriptors.InvalidToolName, location, name, method.Name);
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

        var docs = DocComments.Read(method, cancellationToken);
        var types = new TypeParser(cancellationToken);
        var parameters = new List<ParameterSpec>();
        foreach (var parameter in method.Parameters)
        {
            var at = parameter.Locations.FirstOrDefault();
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                Report(DiagnosticDescriptors.RefParameter, at, parameter.Name, method.Name);
                continue;
            }

            if (HostParameter(parameter) is { } host)
            {
                parameters.Add(host);
                continue;
            }

            var type = types.Add(parameter.Type);
            var check = new TypeCheck(types.Graph, strict, (descriptor, args) => Report(descriptor, at, args));
            check.Input(type, parameter.Name, parameter.Name, method.Name);
            var constraints = Constraints.Read(parameter);
            check.CheckPatterns(constraints, parameter.Name, method.Name);

            var description = Descriptions.Attribute(parameter) ?? docs.Parameter(parameter.Name);
            var defaultValue = new RawValue(parameter.HasExplicitDefaultValue ? parameter.ExplicitDefaultValue : null);
            parameters.Add(new ParameterSpec(parameter.Name, ParameterSource.Argument, type, parameter.HasExplicitDefaultValue, defaultValue, description)
            {
                Constraints = constraints,
            });
        }

        var returns = Return(method, types);
        if (returns is null)
        {
            Report(DiagnosticDescriptors.UnsupportedReturnType, location, method.Name, method.ReturnType.ToDisplayString(), method.ReturnType.ToDisplayString(), "result");
        }
        else if (returns.Value is { } value)
        {
            new TypeCheck(types.Graph, strict, (descriptor, args) => Report(descriptor, location, args))
                .Output(value, "result", method.Name, method.ReturnType.ToDisplayString());
        }

        if (!ok || returns is null)
        {
            return null;
        }

        var toolDescription = attributeDescription ?? DescriptionAttribute(method) ?? docs.Summary;
        if (docs.Returns is { } returned && attributeDescription is null)
        {
            toolDescription = toolDescription is null ? "Returns " + returned : toolDescription.TrimEnd() + " Returns: " + returned;
        }

        return new ToolSpec(owner, method.Name, name, toolDescription, strict, method.IsStatic, parameters.ToEquatableArray(), returns, types.Types)
        {
            OwnerServices = method.IsStatic ? null : OwnerServices(method.ContainingType),
        };
    }

    // The constructor AssistantToolsFromServices calls, with every parameter resolved from the provider, as
    // Microsoft.Extensions.DependencyInjection's ActivatorUtilities would pick it: the one with the most parameters.
    private static EquatableArray<ServiceDependency>? OwnerServices(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.IsStatic || type.IsGenericType || type.DeclaredAccessibility != Accessibility.Public)
        {
            return null;
        }

        var constructor = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is null || constructor.Parameters.Any(p => p.Type.IsValueType || p.RefKind != RefKind.None))
        {
            return null;
        }

        return constructor.Parameters
            .Select(p => new ServiceDependency(
                p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeParser.Format),
                p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)))
            .ToEquatableArray();
    }

    // Parameters the host supplies rather than the model: the caller's token, the service provider itself, and
    // services marked [FromServices] or [FromKeyedServices] (matched by name, so ASP.NET Core's and
    // Microsoft.Extensions.DependencyInjection's attributes both work).
    private static ParameterSpec? HostParameter(IParameterSymbol parameter)
    {
        var none = new RawValue(null);
        if (TypeParser.Is(parameter.Type, "System.Threading", "CancellationToken"))
        {
            return new ParameterSpec(parameter.Name, ParameterSource.CancellationToken, "", false, none, null);
        }

        if (TypeParser.Is(parameter.Type, "System", "IServiceProvider"))
        {
            return new ParameterSpec(parameter.Name, ParameterSource.ServiceProvider, "global::System.IServiceProvider", false, none, null)
            {
                ServiceName = "IServiceProvider",
                ServiceIsOptional = parameter.HasExplicitDefaultValue || parameter.NullableAnnotation == NullableAnnotation.Annotated,
            };
        }

        var attributes = parameter.GetAttributes();
        var keyed = attributes.FirstOrDefault(a => a.AttributeClass?.Name == "FromKeyedServicesAttribute");
        if (keyed is null && !attributes.Any(a => a.AttributeClass?.Name == "FromServicesAttribute"))
        {
            return null;
        }

        var type = parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        return new ParameterSpec(parameter.Name, ParameterSource.Service, type.ToDisplayString(TypeParser.Format), false, none, null)
        {
            ServiceKey = keyed is { ConstructorArguments.Length: 1 } ? new RawValue(keyed.ConstructorArguments[0].Value) : null,
            ServiceIsOptional = parameter.HasExplicitDefaultValue || (!parameter.Type.IsValueType && parameter.NullableAnnotation == NullableAnnotation.Annotated),
            ServiceName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
        };
    }

    /// <summary>The tool name <paramref name="method"/> gets, valid or not.</summary>
    public static string ToolName(IMethodSymbol method, AttributeData attribute)
        => attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string given
            ? given
            : ToolNames.FromMethodName(method.Name);

    private static ReturnSpec? Return(IMethodSymbol method, TypeParser types)
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

            return named.TypeArguments.Length == 1 ? new ReturnSpec(kind, typeName, types.Add(named.TypeArguments[0])) : null;
        }

        // An async stream is produced over time; a tool output is one value.
        return TypeParser.Is(type.OriginalDefinition, "System.Collections.Generic", "IAsyncEnumerable")
            ? null
            : new ReturnSpec(AsyncKind.None, typeName, types.Add(type));
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

    private static string? DescriptionAttribute(ISymbol symbol) => Descriptions.Attribute(symbol);
}
