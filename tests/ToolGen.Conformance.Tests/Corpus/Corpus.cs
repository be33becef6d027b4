using System.Runtime.CompilerServices;

namespace ToolGen.Conformance.Corpus;

/// <summary>How the corpus is compiled: this project's copy has strict tools; ToolGen.Conformance.Loose compiles the
/// same files with <c>CORPUS_LOOSE</c>, where every tool is non-strict, so the tests can read both schemas.</summary>
public static class CorpusMode
{
#if CORPUS_LOOSE
    /// <summary>The <c>Strict</c> of the tools that can be strict.</summary>
    public const bool Strict = false;
#else
    /// <summary>The <c>Strict</c> of the tools that can be strict.</summary>
    public const bool Strict = true;
#endif
}

/// <summary>What the last tool called on this async flow received: each corpus tool hands its schema parameters,
/// in declaration order, to <see cref="Record"/>, so the property tests can compare them with an independent
/// decoding of the arguments.</summary>
public static class Received
{
    private static readonly AsyncLocal<StrongBox<object?[]?>?> s_slot = new();

    /// <summary>Starts recording on the current async flow; returns the box the next tool call fills.</summary>
    public static StrongBox<object?[]?> Begin()
    {
        var box = new StrongBox<object?[]?>();
        s_slot.Value = box;
        return box;
    }

    /// <summary>Records the arguments a tool was called with.</summary>
    public static void Record(params object?[] arguments)
    {
        if (s_slot.Value is { } box)
        {
            box.Value = arguments;
        }
    }
}

/// <summary>A service the host supplies (a stand-in for a weather API client or a clock).</summary>
public interface IForecastSource
{
    /// <summary>The source's name.</summary>
    string Name { get; }
}

/// <summary>Marks a parameter the host supplies, as ASP.NET Core's attribute of that name does.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromServicesAttribute : Attribute;
