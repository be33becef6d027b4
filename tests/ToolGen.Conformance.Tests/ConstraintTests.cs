using System.Text.Json;
using ToolGen.Conformance.Corpus;

namespace ToolGen.Conformance.Tests;

/// <summary>Rules the corpus and its property tests found broken, each pinned on its own: DataAnnotations rules that
/// failed to compile or were ignored, and binder answers that disagreed with the schema.</summary>
public class ConstraintTests
{
    [Theory]
    [InlineData("0.25", false)]
    [InlineData("1", false)]
    [InlineData("0.3", true)]
    public async Task AllowedValues_with_double_constants_on_a_float_accepts_exactly_those_values(string factor, bool rejected)
    {
        var result = await Call("score_lead", $$"""{"contactId":"6f9619ff-8b86-d011-b42d-00c04fc964ff","weight":0.5,"factor":{{factor}}}""");
        Assert.Equal(rejected, result.IsError);
        if (rejected)
        {
            Assert.Equal(ToolErrorKind.ConstraintViolation, result.ErrorKind);
        }
    }

    [Theory]
    [InlineData("+", false)]
    [InlineData("=", false)]
    [InlineData("x", true)]
    public async Task AllowedValues_with_char_constants_accepts_exactly_those_characters(string trend, bool rejected)
    {
        var result = await Call("record_observation", $$$"""{"observation":{"takenAt":"2026-05-01T10:00:00Z","trend":"{{{trend}}}"}}""");
        Assert.Equal(rejected, result.IsError);
        if (rejected)
        {
            Assert.Contains("observation.trend", result.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("0.01", false)]
    [InlineData("10000", false)]
    [InlineData("0.009", true)]
    [InlineData("10000.5", true)]
    public async Task Range_with_a_type_and_text_bounds_is_checked_on_a_decimal(string amount, bool rejected)
    {
        var result = await Call("refund", $$"""{"orderId":"6f9619ff-8b86-d011-b42d-00c04fc964ff","amount":{{amount}},"reason":"damaged"}""");
        Assert.Equal(rejected ? ToolErrorKind.ConstraintViolation : null, result.ErrorKind);
    }

    [Fact]
    public void Range_with_a_type_and_text_bounds_becomes_minimum_and_maximum()
    {
        var amount = System.Text.Json.Nodes.JsonNode.Parse(CorpusTools.Get("refund").Definition.ParametersSchemaJson)!["properties"]!["amount"]!;
        Assert.Equal(0.01, amount["minimum"]!.GetValue<double>());
        Assert.Equal(10000, amount["maximum"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("00:15:00", null)]
    [InlineData("08:00:00", null)]
    [InlineData("00:14:59", ToolErrorKind.ConstraintViolation)]
    [InlineData("1.00:00:00", ToolErrorKind.ConstraintViolation)]
    public async Task Range_with_a_TimeSpan_type_is_checked_and_stated_in_the_description(string duration, ToolErrorKind? kind)
    {
        var result = await Call("find_free_slots", $$"""{"from":"2026-05-01","to":"2026-05-02","duration":"{{duration}}"}""");
        Assert.Equal(kind, result.ErrorKind);
        var description = System.Text.Json.Nodes.JsonNode.Parse(CorpusTools.Get("find_free_slots").Definition.ParametersSchemaJson)!["properties"]!["duration"]!["description"]!.GetValue<string>();
        Assert.Contains("From 00:15:00 to 08:00:00.", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("65504", null)]
    [InlineData("-65504", null)]
    [InlineData("65505", ToolErrorKind.OutOfRange)]
    [InlineData("-65504.5", ToolErrorKind.OutOfRange)]
    public async Task A_Half_takes_numbers_up_to_its_schema_bound_65504_even_where_more_would_round_to_it(string temperature, ToolErrorKind? kind)
    {
        var result = await Call("record_observation", $$$"""{"observation":{"takenAt":"2026-05-01T10:00:00Z","temperature":{{{temperature}}}}}""");
        Assert.Equal(kind, result.ErrorKind);
    }

    [Theory]
    [InlineData("\"kind\":\"box\"")]
    [InlineData("\"kind\":\"envelope\"")]
    public async Task A_repeated_discriminator_is_a_duplicate_argument(string repeat)
    {
        var result = await Call("create_shipment", $$$"""{"parcel":{"kind":"box","length":1,"width":2,"height":3,{{{repeat}}}},"to":{"street":"s","postalCode":"1234"}}""");
        Assert.Equal(ToolErrorKind.DuplicateArgument, result.ErrorKind);
        Assert.Contains("parcel.kind", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_flag_names_combine_and_the_parameters_schema_allows_them()
    {
        var received = Received.Begin();
        var result = await Call("subscribe_alerts", """{"email":"a@b.example","days":["Monday","Friday","Monday"]}""");
        Assert.False(result.IsError, result.Output);
        Assert.Equal(Weekdays.Monday | Weekdays.Friday, received.Value![1]);
        Assert.Null(CorpusTools.Get("subscribe_alerts").LooseSchema["properties"]!["days"]!["uniqueItems"]);
    }

    [Fact]
    public async Task Keyed_services_come_from_the_host_under_their_key_and_a_missing_optional_one_binds_null()
    {
        var result = await Call("get_marine_conditions", """{"station":"BRNS"}""");
        Assert.False(result.IsError, result.Output);
        using var output = JsonDocument.Parse(result.Output);
        Assert.Equal("marine", output.RootElement.GetProperty("source").GetString());
        Assert.Equal("Swell 2 m", output.RootElement.GetProperty("summary").GetString());
        Assert.Equal(["station"], CorpusTools.Get("get_marine_conditions").LooseSchema["properties"]!.AsObject().Select(p => p.Key));
    }

    private static async Task<ToolResult> Call(string name, string arguments)
    {
        var tool = CorpusTools.Get(name);
        return await tool.Tools.InvokeWithServicesAsync(new ToolCall("call_1", name, arguments), CorpusTools.Services);
    }
}
