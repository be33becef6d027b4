using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;

namespace ToolGen.Generator.Model;

/// <summary>The tools of one class, which become its generated <c>AssistantTools</c> member.</summary>
/// <param name="Owner">The class.</param>
/// <param name="Tools">The tools, ordered by tool name (ordinal).</param>
internal sealed record ToolsetSpec(HierarchyInfo Owner, EquatableArray<ToolSpec> Tools)
{
    /// <summary>Whether every tool is static, which makes <c>AssistantTools</c> static.</summary>
    public bool IsStatic => Tools.All(t => t.IsStatic);

    /// <summary>The services the class's constructor takes, when <c>AssistantToolsFromServices</c> can create it.</summary>
    public EquatableArray<ServiceDependency>? OwnerServices => IsStatic ? null : Tools[0].OwnerServices;

    /// <summary>Groups tools by the class holding them. A name given twice keeps only its first method (in
    /// declaration order); the analyzer reports the duplicate, so emitting both would only add compiler noise.</summary>
    public static ImmutableArray<ToolsetSpec> GroupByOwner(ImmutableArray<ToolSpec> tools, CancellationToken cancellationToken)
    {
        var sets = new List<ToolsetSpec>();
        foreach (var group in tools.GroupBy(t => t.Owner).OrderBy(g => g.Key.FullyQualifiedName, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var unique = new List<ToolSpec>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tool in group)
            {
                if (names.Add(tool.ToolName))
                {
                    unique.Add(tool);
                }
            }

            unique.Sort((a, b) => string.CompareOrdinal(a.ToolName, b.ToolName));
            sets.Add(new ToolsetSpec(group.Key, unique.ToEquatableArray()));
        }

        return sets.ToImmutableArray();
    }
}
