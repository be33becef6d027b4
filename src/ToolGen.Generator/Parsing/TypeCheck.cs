using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ToolGen.Generator.Diagnostics;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Parsing;

/// <summary>Walks a parsed type graph from a parameter (everything the binder must read) or from a return value
/// (everything the output writer must write) and reports what cannot be, naming the type and the JSON path that
/// reaches it (<c>request.items[].sku</c>).</summary>
internal sealed class TypeCheck
{
    private readonly TypeGraph _graph;
    private readonly bool _strict;
    private readonly Action<DiagnosticDescriptor, object[]> _report;

    public TypeCheck(TypeGraph graph, bool strict, Action<DiagnosticDescriptor, object[]> report)
    {
        _graph = graph;
        _strict = strict;
        _report = report;
    }

    public void Input(string type, string path, string parameter, string method) => Visit(type, path, input: true, (spec, at) =>
    {
        switch (spec.Shape)
        {
            case TypeShape.Unsupported:
                _report(DiagnosticDescriptors.UnsupportedParameterType, [parameter, method, Display(spec.Id), at]);
                break;
            case TypeShape.Dictionary when _strict:
                _report(DiagnosticDescriptors.DictionaryInStrictTool, [method, Display(spec.Id), at]);
                break;
            case TypeShape.Any when _strict:
                _report(DiagnosticDescriptors.AnyJsonInStrictTool, [method, at]);
                break;
            case TypeShape.Enum:
                var names = new HashSet<string>(StringComparer.Ordinal);
                var duplicate = spec.EnumMembers.FirstOrDefault(m => !names.Add(m.JsonName));
                if (duplicate is not null)
                {
                    _report(DiagnosticDescriptors.DuplicateEnumName, [parameter, method, Display(spec.Id), duplicate.JsonName]);
                }

                break;
            case TypeShape.Object when !spec.IsCreatable:
                _report(DiagnosticDescriptors.NoUsableConstructor, [Display(spec.Id), at, method]);
                break;
            case TypeShape.Object:
                var jsonNames = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in spec.Members.Where(m => m.CanBind))
                {
                    if (!jsonNames.Add(member.JsonName))
                    {
                        _report(DiagnosticDescriptors.DuplicateMemberName, [Display(spec.Id), member.JsonName, method]);
                    }

                    CheckPatterns(member.Constraints, at + "." + member.JsonName, method);
                }

                break;
        }
    });

    public void Output(string type, string path, string method, string returnType) => Visit(type, path, input: false, (spec, at) =>
    {
        if (spec.Shape == TypeShape.Unsupported)
        {
            _report(DiagnosticDescriptors.UnsupportedReturnType, [method, returnType, Display(spec.Id), at]);
        }
    });

    // Calls check once for every type reached, with the JSON path of its first occurrence: what the binder reads
    // (bindable members) for input, what outputs write (readable members) otherwise.
    private void Visit(string root, string path, bool input, Action<TypeSpec, string> check)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Walk(root, path);

        void Walk(string id, string at)
        {
            var spec = _graph[id];
            if (!visited.Add(id))
            {
                return;
            }

            check(spec, at);
            switch (spec.Shape)
            {
                case TypeShape.Nullable:
                    Walk(spec.Element!, at);
                    break;
                case TypeShape.Collection:
                    Walk(spec.Element!, at + "[]");
                    break;
                case TypeShape.Dictionary:
                    Walk(spec.Element!, at + ".*");
                    break;
                case TypeShape.Union:
                    foreach (var derived in spec.Derived)
                    {
                        Walk(derived.Type, at);
                    }

                    break;
                case TypeShape.Object:
                    foreach (var member in spec.Members.Where(m => input ? m.CanBind : m.CanRead))
                    {
                        Walk(member.Type, at + "." + member.JsonName);
                    }

                    break;
            }
        }
    }

    /// <summary>Reports a <c>[RegularExpression]</c> pattern .NET cannot compile: the binder could never check it.</summary>
    public void CheckPatterns(EquatableArray<ConstraintSpec> constraints, string at, string method)
    {
        foreach (var constraint in constraints)
        {
            if (constraint.Kind == ConstraintKind.Pattern && constraint.Values[0].Value is string pattern)
            {
                try
                {
                    _ = new System.Text.RegularExpressions.Regex(pattern);
                }
                catch (ArgumentException)
                {
                    _report(DiagnosticDescriptors.InvalidPattern, [pattern, at, method]);
                }
            }
        }
    }

    private static string Display(string id) => id.Replace("global::", "");
}
