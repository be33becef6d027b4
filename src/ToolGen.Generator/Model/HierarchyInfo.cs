namespace ToolGen.Generator.Model;

/// <summary>Where a class holding tools lives, as names only, so the generator can re-open it (and every type it is
/// nested in) with <c>partial</c> declarations.</summary>
/// <param name="Namespace">The namespace, or <c>""</c> for the global namespace.</param>
/// <param name="FullyQualifiedName">The class as C# refers to it: <c>global::Ns.Outer.Tools</c>.</param>
/// <param name="Types">The containing types, outermost first, ending with the class itself.</param>
internal sealed record HierarchyInfo(string Namespace, string FullyQualifiedName, EquatableArray<TypeDeclaration> Types)
{
    /// <summary>Whether a base class has (or gets from ToolGen) an <c>AssistantTools</c> member, which the
    /// generated one hides with <c>new</c>.</summary>
    public bool HidesInherited { get; init; }

    /// <summary>A name usable in a generated file name: <c>Ns.Outer.Tools</c> (hint names allow no <c>@</c>).</summary>
    public string HintName => FullyQualifiedName.Replace("global::", "").Replace("@", "").Replace('<', '{').Replace('>', '}').Replace(" ", "");
}

/// <summary>One type declaration to re-open.</summary>
/// <param name="Keyword">The declaration keywords before the name: <c>partial class</c>, <c>static partial class</c>,
/// <c>partial record</c>.</param>
/// <param name="Name">The name with its type parameter list: <c>Tools</c>, <c>Cache&lt;T&gt;</c>.</param>
internal sealed record TypeDeclaration(string Keyword, string Name);
