using System.Text.Json;
using ToolGen.Tests.Dispatch;

namespace ToolGen.Tests.Types;

/// <summary>[JsonPolymorphic]/[JsonDerivedType] types are an anyOf of their derived types told apart by the
/// discriminator, bound and written with it.</summary>
public class PolymorphismTests
{
    [Fact]
    public async Task Derived_types_bind_by_their_discriminator_wherever_it_is_in_the_object()
    {
        var result = await ShapeTools.AssistantTools.Call("total_area",
            """{"shapes":[{"kind":"square","side":2},{"side":3,"corner":1,"kind":"rounded"},{"radius":0,"kind":"circle"}]}""");
        Assert.Equal("13", result.Output);
    }

    [Theory]
    [InlineData("""{"shapes":[{"side":2}]}""", ToolErrorKind.MissingRequired, "shapes[0].kind")]
    [InlineData("""{"shapes":[{"kind":"triangle","side":2}]}""", ToolErrorKind.UnknownEnumValue, "shapes[0].kind")]
    [InlineData("""{"shapes":[{"kind":"circle","side":2}]}""", ToolErrorKind.UnknownArgument, "shapes[0].side")]
    [InlineData("""{"shapes":["circle"]}""", ToolErrorKind.WrongType, "shapes[0]")]
    public async Task A_missing_or_unknown_discriminator_is_reported_with_its_path(string arguments, ToolErrorKind kind, string path)
    {
        var result = await ShapeTools.AssistantTools.Call("total_area", arguments);
        Assert.Equal(kind, result.ErrorKind);
        Assert.Equal(path, result.ErrorObject().Field("path"));
    }

    [Fact]
    public async Task Returned_derived_types_are_written_with_their_discriminator_first()
    {
        var result = await ShapeTools.AssistantTools.Call("largest", """{"hint":{"kind":"circle","radius":1.5}}""");
        Shape[] expected = [new Circle(2), new RoundedSquare(1, 0.5), new Circle(1.5)];
        Assert.Equal(JsonSerializer.Serialize(expected, JsonSerializerOptions.Web), result.Output);
        Assert.StartsWith("""[{"kind":"circle","radius":2},{"kind":"rounded",""", result.Output);
    }

    [Fact]
    public void The_schema_is_an_anyOf_of_the_derived_objects_each_requiring_its_discriminator()
    {
        var definition = ShapeTools.AssistantTools.Definitions.Single(d => d.Name == "total_area");
        using var schema = JsonDocument.Parse(definition.ParametersSchema);
        var options = schema.RootElement.GetProperty("properties").GetProperty("shapes").GetProperty("items").GetProperty("anyOf");
        Assert.Equal(3, options.GetArrayLength());
        var circle = options[0];
        Assert.Equal("""["circle"]""", circle.GetProperty("properties").GetProperty("kind").GetProperty("enum").GetRawText());
        Assert.Equal("""["kind","radius"]""", circle.GetProperty("required").GetRawText());
        Assert.False(circle.GetProperty("additionalProperties").GetBoolean());
    }
}
