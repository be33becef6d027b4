using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ToolGen.OpenAI;

namespace ToolGen.Benchmarks.Dispatch;

/// <summary>
/// The tool list a client sends with every request, for the three tools of <see cref="DispatchBenchmarks"/>: ToolGen's
/// generated <see cref="ToolSet.Definitions"/> (constant data, read as the schema bytes), the same turned into the
/// OpenAI SDK's <see cref="ChatTool"/>s (what <c>ChatRunner</c> and <c>ResponsesRunner</c> do once per conversation),
/// and Microsoft.Extensions.AI's functions, created once and read (<see cref="AIFunctionDeclaration.JsonSchema"/>) or
/// created from the delegates every time (the schema is built by reflection at creation). Microsoft.Extensions.AI keeps
/// what it reflected per method and <see cref="JsonSerializerOptions"/> instance, so creating the same functions again
/// with the same options costs little; "uncached" passes a new copy of its default options each time, which is what the
/// first creation of a function costs.
/// </summary>
[MemoryDiagnoser]
public class ToolListBenchmarks
{
    private readonly ToolSet _tools = BenchTools.AssistantTools;
    private readonly AIFunction[] _functions = MicrosoftExtensionsAIBinding.CreateFunctions();

    /// <summary>Both lists must name the same tools, each with a schema, or the comparison means nothing.</summary>
    /// <exception cref="InvalidOperationException">The lists differ.</exception>
    [GlobalSetup]
    public void CheckThatBothListsAgree()
    {
        var toolGen = _tools.Definitions.Select(d => d.Name).Order(StringComparer.Ordinal);
        var meai = MicrosoftExtensionsAIBinding.CreateFunctions().Select(f => f.Name).Order(StringComparer.Ordinal);
        if (!toolGen.SequenceEqual(meai) || ToolGenDefinitions() == 0 || MeaiCached() == 0 || MeaiUncached() != MeaiCached()
            || ToolGenChatTools().Count != _tools.Definitions.Count)
        {
            throw new InvalidOperationException("The tool lists differ: " + string.Join(",", toolGen) + " vs " + string.Join(",", meai));
        }
    }

    /// <summary>ToolGen's definitions, each schema's length read.</summary>
    /// <returns>The total schema length in bytes.</returns>
    [Benchmark(Baseline = true, Description = "ToolGen Definitions")]
    public int ToolGenDefinitions()
    {
        var definitions = _tools.Definitions;
        var total = 0;
        for (var i = 0; i < definitions.Count; i++)
        {
            total += definitions[i].ParametersSchema.Length;
        }

        return total;
    }

    /// <summary>ToolGen's definitions as OpenAI SDK chat tools.</summary>
    /// <returns>The SDK tools.</returns>
    [Benchmark(Description = "ToolGen Definitions -> OpenAI ChatTool")]
    public List<ChatTool> ToolGenChatTools()
    {
        var list = new List<ChatTool>(_tools.Definitions.Count);
        foreach (var definition in _tools.Definitions)
        {
            list.Add(definition.ToChatTool());
        }

        return list;
    }

    /// <summary>Microsoft.Extensions.AI functions created once, each schema read.</summary>
    /// <returns>The number of schemas that are JSON objects.</returns>
    [Benchmark(Description = "AIFunctionFactory.Create, cached")]
    public int MeaiCached() => CountSchemas(_functions);

    /// <summary>Microsoft.Extensions.AI functions created on each call, each schema read.</summary>
    /// <returns>The number of schemas that are JSON objects.</returns>
    [Benchmark(Description = "AIFunctionFactory.Create, uncached")]
    public int MeaiUncached() => CountSchemas(MicrosoftExtensionsAIBinding.CreateFunctions(new JsonSerializerOptions(AIJsonUtilities.DefaultOptions)));

    // As little work per schema as reading ToolGen's schema length: the schema exists as a JSON object.
    private static int CountSchemas(AIFunction[] functions)
    {
        var total = 0;
        foreach (var function in functions)
        {
            total += function.JsonSchema.ValueKind == JsonValueKind.Object ? 1 : 0;
        }

        return total;
    }
}
