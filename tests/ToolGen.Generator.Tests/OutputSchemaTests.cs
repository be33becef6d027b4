using System.Text.Json;
using NJsonSchema;
using ToolGen.Testing;

namespace ToolGen.Generator.Tests;

/// <summary>The generated <c>ToolDefinition.OutputSchema</c>: an object schema for a tool whose output is always a
/// JSON object, describing exactly what the generated output writer writes.</summary>
public class OutputSchemaTests
{
    public const string HarbourTools = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using ToolGen;

        namespace Demo.Harbour;

        public enum Sea { Calm, Rough }

        [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
        [JsonDerivedType(typeof(Gale), "gale")]
        [JsonDerivedType(typeof(Fog), "fog")]
        public abstract record Warning;

        public sealed record Gale([Range(6, 12)] int Force) : Warning;

        public sealed record Fog(double VisibilityMetres) : Warning;

        /// <summary>A position in degrees.</summary>
        public readonly record struct Position(double Latitude, double Longitude);

        /// <summary>A berth and the one after it.</summary>
        public sealed record Berth(string Name, Position At, Berth? Next);

        /// <summary>Today's report for a harbour.</summary>
        public sealed record Report(string Harbour, DateTimeOffset HighWaterAt)
        {
            [JsonPropertyName("sea_state")]
            public Sea Sea { get; init; }

            public double? Swell { get; init; }

            public IReadOnlyList<Warning> Warnings { get; init; } = [];

            public Position Entrance { get; init; }

            public Position? Anchorage { get; init; }

            public Berth? FirstBerth { get; init; }

            public string Summary => Harbour + " at " + HighWaterAt.ToString("HH:mm");
        }

        public static partial class HarbourTools
        {
            private static readonly DateTimeOffset HighWater = new(2026, 12, 6, 6, 42, 0, TimeSpan.Zero);

            [AssistantTool]
            public static Report GetReport(string harbour, bool rough = false) => rough
                ? new Report(harbour, HighWater)
                {
                    Sea = Sea.Rough,
                    Swell = 2.5,
                    Warnings = [new Gale(0), new Fog(150)],
                    Anchorage = new Position(50.35, -4.45),
                    FirstBerth = new Berth("North", new Position(1, 2), new Berth("South", new Position(3, 4), null)),
                }
                : new Report(harbour, HighWater);

            [AssistantTool]
            public static ValueTask<Berth> GetBerthsAsync(int count)
            {
                Berth? berth = null;
                for (var i = count; i > 0; i--)
                {
                    berth = new Berth("Berth " + i, new Position(i, i), berth);
                }

                return new(berth ?? new Berth("Quay", default, null));
            }

            [AssistantTool]
            public static Task<Report?> FindReport(string harbour) => Task.FromResult<Report?>(null);

            [AssistantTool]
            public static Warning GetWarning() => new Fog(20);

            [AssistantTool]
            public static IReadOnlyList<Position> ListAnchorages() => [];

            [AssistantTool]
            public static Dictionary<string, double> GetDepths() => new() { ["north"] = 4.5 };

            [AssistantTool]
            public static string Describe(string harbour) => harbour;

            [AssistantTool]
            public static int CountBerths() => 2;

            [AssistantTool]
            public static Task Clear() => Task.CompletedTask;
        }
        """;

    private static readonly Lazy<ToolSet> Tools = new(() => LoadedTools.Load(HarbourTools).Values.Single());

    private static Task<JsonSchema> OutputSchemaAsync(string tool)
        => JsonSchema.FromJsonAsync(NJsonSchemaText.Of(OutputSchemaJson(tool)));

    private static string OutputSchemaJson(string tool)
        => System.Text.Encoding.UTF8.GetString(Tools.Value.Definitions.Single(d => d.Name == tool).OutputSchema.Span);

    [Fact]
    public void Generated_source_matches_the_snapshot()
        => Snapshot.Match(GeneratorHarness.Run(HarbourTools).Single(), "Outputs");

    [Fact]
    public void Only_tools_whose_output_is_always_a_JSON_object_have_an_output_schema()
    {
        var withSchema = Tools.Value.Definitions.Where(d => !d.OutputSchema.IsEmpty).Select(d => d.Name);

        Assert.Equal(["get_berths", "get_report"], withSchema.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("get_report")]
    [InlineData("get_berths")]
    public async Task An_output_schema_is_a_non_strict_object_schema_at_its_root(string tool)
    {
        using var document = JsonDocument.Parse(OutputSchemaJson(tool));
        Assert.Equal("object", document.RootElement.GetProperty("type").GetString());
        Assert.False(document.RootElement.TryGetProperty("$ref", out _));
        Assert.Equal(JsonObjectType.Object, (await OutputSchemaAsync(tool)).Type);
    }

    [Theory]
    [InlineData("get_report", """{"harbour":"Looe","rough":false}""")]
    [InlineData("get_report", """{"harbour":"Looe","rough":true}""")]
    [InlineData("get_berths", """{"count":0}""")]
    [InlineData("get_berths", """{"count":3}""")]
    public async Task Every_generated_output_validates_against_the_tool_output_schema(string tool, string arguments)
    {
        var schema = await OutputSchemaAsync(tool);

        var result = await Tools.Value.InvokeAsync(new ToolCall("call_1", tool, arguments));

        Assert.False(result.IsError, result.Output);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(result.Output).RootElement.ValueKind);
        Assert.Empty(schema.Validate(result.Output));
    }

    [Fact]
    public async Task The_output_schema_uses_the_output_names_and_requires_every_written_member()
    {
        var result = await Tools.Value.InvokeAsync(new ToolCall("call_1", "get_report", """{"harbour":"Looe"}"""));
        using var output = JsonDocument.Parse(result.Output);
        using var schema = JsonDocument.Parse(OutputSchemaJson("get_report"));

        var written = output.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("sea_state", written);
        Assert.Contains("summary", written);
        Assert.Equal(written, schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(written, schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("""{"kind":"gale","force":"strong"}""")]
    [InlineData("""{"kind":"hail","force":7}""")]
    [InlineData("""{"force":7}""")]
    public async Task The_output_schema_rejects_an_output_of_another_shape(string warning)
    {
        var schema = await OutputSchemaAsync("get_report");
        var valid = (await Tools.Value.InvokeAsync(new ToolCall("call_1", "get_report", """{"harbour":"Looe","rough":true}"""))).Output;
        Assert.Empty(schema.Validate(valid));

        Assert.NotEmpty(schema.Validate(valid.Replace("""{"kind":"gale","force":0}""", warning, StringComparison.Ordinal)));
        Assert.NotEmpty(schema.Validate(valid.Replace("\"swell\":2.5", "\"swell\":\"2.5\"", StringComparison.Ordinal)));
        Assert.NotEmpty(schema.Validate(valid.Replace("\"sea_state\":\"Rough\"", "\"sea_state\":\"Stormy\"", StringComparison.Ordinal)));
        Assert.NotEmpty(schema.Validate(valid.TrimEnd('}') + ",\"tide\":1}"));
    }

    [Fact]
    public async Task A_recursive_output_type_refers_to_its_own_definition_below_an_inline_root()
    {
        var schema = await OutputSchemaAsync("get_berths");
        var valid = (await Tools.Value.InvokeAsync(new ToolCall("call_1", "get_berths", """{"count":2}"""))).Output;

        Assert.Contains("\"$ref\":\"#/$defs/Berth\"", OutputSchemaJson("get_berths"), StringComparison.Ordinal);
        Assert.NotEmpty(schema.Validate(valid.Replace("\"next\":null", "\"next\":{\"name\":\"Deep\"}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_output_of_dates_durations_flags_and_a_dictionary_validates_against_its_output_schema()
    {
        var set = LoadedTools.Load(Sources.Records).Values.Single(s => s.Definitions.Any(d => d.Name == "place_order"));
        var definition = set.Definitions.Single(d => d.Name == "place_order");
        var schema = await JsonSchema.FromJsonAsync(System.Text.Encoding.UTF8.GetString(definition.OutputSchema.Span));

        var result = await set.InvokeAsync(new ToolCall("call_1", "place_order",
            """{"lines":[],"shipTo":{"street":"s","postalCode":"0150","country":null},"billTo":null,"tags":[],"deliverOn":"2026-05-01","after":"09:30:00","days":["Monday","Tuesday"]}"""));

        Assert.False(result.IsError, result.Output);
        Assert.Contains("\"open\":[\"Monday\",\"Tuesday\"]", result.Output, StringComparison.Ordinal);
        Assert.Empty(schema.Validate(result.Output));
        Assert.NotEmpty(schema.Validate(result.Output.Replace("\"wait\":\"00:00:00\"", "\"wait\":\"soon\"", StringComparison.Ordinal)));
        Assert.NotEmpty(schema.Validate(result.Output.Replace("\"open\":[\"Monday\",", "\"open\":[\"Sunday\",", StringComparison.Ordinal)));
    }
}
