using System;
using System.Collections.Generic;
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

    public void Input(string type, string path, string parameter, string method)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Walk(type, path);

        void Walk(string id, string at)
        {
            var spec = _graph[id];
            if (!visited.Add(id))
            {
                return;
            }

            switch (spec.Shape)
            {
                case TypeShape.Unsupported:
                    _report(DiagnosticDescriptors.UnsupportedParameterType, [parameter, method, Display(id), at]);
                    break;
                case TypeShape.Nullable:
                    Walk(spec.Element!, at);
                    break;
                case TypeShape.Collection:
                    Walk(spec.Element!, at + "[]");
                    break;
                case TypeShape.Dictionary:
                    if (_strict)
                    {
                        _report(DiagnosticDescriptors.DictionaryInStrictTool, [method, Display(id), at]);
                    }

                    Walk(spec.Element!, at + ".*");
                    break;
                case TypeShape.Any when _strict:
                    _report(DiagnosticDescriptors.AnyJsonInStrictTool, [method, at]);
                    break;
                case TypeShape.Union:
                    foreach (var derived in spec.Derived)
                    {
                        Walk(derived.Type, at);
                    }

                    break;
                case TypeShape.Enum:
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var member in spec.EnumMembers)
                    {
                        if (!names.Add(member.JsonName))
                        {
                            _report(DiagnosticDescriptors.DuplicateEnumName, [parameter, method, Display(id), member.JsonName]);
                            break;
                        }
                    }

                    break;
                case TypeShape.Object:
                    if (!spec.IsCreatable)
                    {
                        _report(DiagnosticDescriptors.NoUsableConstructor, [Display(id), at, method]);
                        break;
                    }

                    var jsonNames = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var member in spec.Members)
                    {
                        if (!member.CanBind)
                        {
                            continue;
                        }

                        if (!jsonNames.Add(member.JsonName))
                        {
                            _report(DiagnosticDescriptors.DuplicateMemberName, [Display(id), member.JsonName, method]);
                        }

                        CheckPatterns(member.Constraints, at + "." + member.JsonName, method);
                        Walk(member.Type, at + "." + member.JsonName);
                    }

                    break;
            }
        }
    }

    public void Output(string type, string path, string method, string returnType)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Walk(type, path);

        void Walk(string id, string at)
        {
            var spec = _graph[id];
            if (!visited.Add(id))
            {
                return;
            }

            switch (spec.Shape)
            {
                case TypeShape.Unsupported:
                    _report(DiagnosticDescriptors.UnsupportedReturnType, [method, returnType, Display(id), at]);
                    break;
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
                    foreach (var member in spec.Members)
                    {
                        if (member.CanRead)
                        {
                            Walk(member.Type, at + "." + member.JsonName);
                        }
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
