using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CsCheck;
using NJsonSchema;
using ToolGen.Conformance.Corpus;
using ToolGen.Testing;

namespace ToolGen.Conformance.Tests;

/// <summary>CsCheck properties over the whole corpus, driven by each tool's non-strict schema. On a failure CsCheck
/// shrinks the case and its exception names the seed; replay it with <c>CsCheck_Seed=&lt;seed&gt;</c> in the
/// environment (or <c>seed:</c> on the Sample call). See docs/types.md, "Property tests".</summary>
public class PropertyTests
{
    /// <summary>Cases per run: valid arguments, and mutations.</summary>
    public const int ValidCases = 5_000;

    public const int MutationCases = 15_000;

    private static readonly ConcurrentDictionary<string, JsonSchema> s_validators = new();

    private static readonly ConcurrentDictionary<string, JsonSchema> s_outputValidators = new();

    private static readonly Gen<(CorpusTool Tool, JsonObject Arguments)> s_valid =
        Gen.Int[0, CorpusTools.All.Count - 1].SelectMany(i => ArgumentGen.For(CorpusTools.All[i].LooseSchema).Select(a => (CorpusTools.All[i], a)));

    private static readonly Gen<(CorpusTool Tool, Mutation Mutation)> s_mutated =
        s_valid.SelectMany(c => Mutations.Of(c.Tool.LooseSchema, c.Arguments).Select(m => (c.Tool, m)));

    [Fact]
    public async Task Valid_arguments_bind_to_what_System_Text_Json_decodes_from_them_and_outputs_match_their_output_schema()
    {
        await s_valid.SampleAsync(async c =>
        {
            var (tool, arguments) = c;
            var text = arguments.ToJsonString();
            Assert.Empty(Validate(tool, text));
            var (result, received) = await Invoke(tool, text);
            Assert.False(result.IsError, $"{tool.Name} rejected valid arguments {text}: {result.Output}");
            Assert.NotNull(received);
            if (!tool.Definition.OutputSchema.IsEmpty)
            {
                var output = s_outputValidators.GetOrAdd(tool.Name, _ => Load(System.Text.Encoding.UTF8.GetString(tool.Definition.OutputSchema.Span)));
                Assert.Empty(output.Validate(result.Output));
            }

            var expected = IndependentDecoding.Decode(tool, arguments);
            for (var i = 0; i < expected.Length; i++)
            {
                var name = tool.SchemaParameters[i].Name!;
                Assert.True(IndependentDecoding.Same(expected[i], received[i], name, out var where), $"{tool.Name}: {where} differs for {text}");
            }
        }, iter: ValidCases);
    }

    [Fact]
    public async Task Mutated_arguments_are_accepted_exactly_when_NJsonSchema_accepts_them()
    {
        await s_mutated.SampleAsync(async c =>
        {
            var (tool, mutation) = c;
            var (result, _) = await Invoke(tool, mutation.Arguments);
            Assert.NotEqual(ToolErrorKind.ToolFailed, result.ErrorKind);
            var accepted = !result.IsError;
            switch (mutation.Verdict)
            {
                case Verdict.DuplicateKey:
                    Assert.Equal(ToolErrorKind.DuplicateArgument, result.ErrorKind);
                    break;
                case Verdict.Malformed when !IsJson(mutation.Arguments):
                    Assert.Equal(ToolErrorKind.InvalidJson, result.ErrorKind);
                    break;
                case Verdict.MustReject:
                    Assert.True(result.IsError, $"{tool.Name} {mutation}: dispatcher accepted a format near miss");
                    break;
                case Verdict.MustAccept:
                    Assert.False(result.IsError, $"{tool.Name} {mutation}: dispatcher rejected null for an optional value: {result.Output}");
                    break;
                case Verdict.Lenient when accepted:
                    break;
                default:
                    var errors = Validate(tool, mutation.Arguments);
                    Assert.True(accepted == (errors.Count == 0),
                        $"{tool.Name} {mutation}: dispatcher {(accepted ? "accepted" : "rejected: " + result.Output)}; NJsonSchema {(errors.Count == 0 ? "accepted" : "rejected: " + string.Join("; ", errors))}");
                    break;
            }
        }, iter: MutationCases);
    }

    [Fact]
    public void A_failing_property_reports_the_seed_that_replays_it()
    {
        var failure = Assert.ThrowsAny<Exception>(() => s_valid.Sample(c => Assert.NotEqual("get_forecast", c.Tool.Name), iter: 1_000, threads: 1));
        var message = failure.ToString();
        Assert.Contains("seed", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CsCheck_Seed", message, StringComparison.Ordinal);
    }

    private static JsonSchema Load(string schema) => JsonSchema.FromJsonAsync(NJsonSchemaText.Of(schema)).GetAwaiter().GetResult();

    private static bool IsJson(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static async Task<(ToolResult Result, object?[]? Received)> Invoke(CorpusTool tool, string arguments)
    {
        var received = Received.Begin();
        var result = await tool.Tools.InvokeWithServicesAsync(new ToolCall("call_1", tool.Name, arguments), CorpusTools.Services);
        return (result, received.Value);
    }

    /// <summary>NJsonSchema's errors for the text against the tool's non-strict schema (its <c>$defs</c> as draft-7
    /// <c>definitions</c>, which NJsonSchema resolves); text it cannot parse is one error.</summary>
    private static List<string> Validate(CorpusTool tool, string arguments)
    {
        var schema = s_validators.GetOrAdd(tool.Name, _ => Load(tool.LooseSchema.ToJsonString()));
        try
        {
            return [.. schema.Validate(arguments).Select(e => $"{e.Path}: {e.Kind}")];
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            return ["malformed: " + e.Message];
        }
    }
}
