using ToolGen.Conformance.Corpus;

namespace ToolGen.Conformance.Tests;

/// <summary>DataAnnotations rules the corpus hit that once failed to compile or were ignored.</summary>
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

    private static async Task<ToolResult> Call(string name, string arguments)
    {
        var tool = CorpusTools.Get(name);
        return await tool.Tools.InvokeWithServicesAsync(new ToolCall("call_1", name, arguments), CorpusTools.Services);
    }
}
