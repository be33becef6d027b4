using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Tests;

public class IncrementalTests
{
    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compile(Sources.AllTypes);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Unrelated { }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in new[] { TrackingNames.Tools, TrackingNames.ValidTools, TrackingNames.Toolsets })
        {
            var outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{name} was {output.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Changing_one_tools_signature_regenerates_only_its_class()
    {
        var compilation = GeneratorHarness.Compile([Sources.StaticTools, Sources.GlobalNamespaceTools]);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Last();
        var text = oldTree.GetText().ToString();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace("long b) => a + b", "long c) => a + c")));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();

        // Each class feeds two outputs: its AssistantTools source and its recorded definitions.
        var reasons = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(4, reasons.Count);
        Assert.Equal(2, reasons.Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Equal(2, reasons.Count(r => r == IncrementalStepRunReason.Modified));
    }

    [Fact]
    public void Editing_only_a_doc_comment_regenerates_the_description()
    {
        var compilation = GeneratorHarness.Compile(Sources.StaticTools);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Single();
        var text = oldTree.GetText().ToString().Replace("Gets the user's favorite food", "Looks up the favorite food");
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();

        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Modified, output.Reason));
        Assert.All(result.GeneratedSources, source => Assert.Contains("Looks up the favorite food for a day of the week.", source.SourceText.ToString()));
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(AttributeData) };
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([typeof(ToolsetSpec)]);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                continue;
            }

            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                pending.Push(argument);
            }

            if (type.IsArray)
            {
                pending.Push(type.GetElementType()!);
            }

            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                pending.Push(field.FieldType);
            }
        }

        Assert.Contains(typeof(ToolSpec), seen);
        Assert.Contains(typeof(TypeSpec), seen);
        Assert.Contains(typeof(EnumMember), seen);
    }
}
