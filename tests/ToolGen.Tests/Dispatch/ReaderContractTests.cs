using ToolGen.Binding;

namespace ToolGen.Tests.Dispatch;

/// <summary>What generated code may rely on when it calls <see cref="ToolArgumentReader"/>: a value's result depends
/// on that value and the calls made about it, never on calls made about other values or on earlier tool calls.</summary>
public class ReaderContractTests
{
    // Reads {"a":…,"b":…}: a as a string (asking whether it may be null first, or not), then b as an int32.
    private static string ReadSecondAsInteger(string arguments, bool askNullForFirst)
    {
        var reader = new ToolArgumentReader(new ToolCall("call_1", "tool", arguments));
        Assert.True(reader.NextProperty());
        Assert.True(reader.IsProperty("a"u8));
        var seen = false;
        Assert.True(reader.Claim(ref seen));
        if (askNullForFirst)
        {
            Assert.False(reader.AcceptNull());
        }

        Assert.True(reader.TryReadString(out _));
        Assert.True(reader.NextProperty());
        var seenB = false;
        Assert.True(reader.Claim(ref seenB));
        Assert.False(reader.TryReadInt32(out _));
        return reader.Failure().Output;
    }

    [Fact]
    public void A_values_error_does_not_depend_on_what_was_asked_about_another_value()
    {
        var asked = ReadSecondAsInteger("""{"a":"x","b":"y"}""", askNullForFirst: true);
        var notAsked = ReadSecondAsInteger("""{"a":"x","b":"y"}""", askNullForFirst: false);

        Assert.Equal(notAsked, asked);
        Assert.Contains("\"expected\":\"integer\"", asked);
    }

    [Fact]
    public void Or_null_belongs_to_the_value_AcceptNull_was_asked_about_not_to_its_items()
    {
        var reader = new ToolArgumentReader(new ToolCall("call_1", "tool", """{"a":[1,"x"]}"""));
        var seen = false;
        Assert.True(reader.NextProperty() && reader.Claim(ref seen));
        Assert.False(reader.AcceptNull());
        Assert.True(reader.TryStartArray());
        Assert.True(reader.NextItem() && reader.TryReadInt32(out _));
        Assert.True(reader.NextItem());
        Assert.False(reader.TryReadInt32(out _));

        var error = reader.Failure().ErrorObject();
        Assert.Equal("integer", error.Field("expected"));
        Assert.Equal("a[1]", error.Field("path"));
    }

    [Fact]
    public void A_value_asked_about_null_expects_its_type_or_null()
    {
        var reader = new ToolArgumentReader(new ToolCall("call_1", "tool", """{"a":"x"}"""));
        var seen = false;
        Assert.True(reader.NextProperty() && reader.Claim(ref seen));
        Assert.False(reader.AcceptNull());
        Assert.False(reader.TryReadInt32(out _));
        Assert.Equal("integer or null", reader.Failure().ErrorObject().Field("expected"));
    }

    [Fact]
    public void IsProperty_is_false_when_there_is_no_current_property()
    {
        var empty = new ToolArgumentReader(new ToolCall("call_1", "tool", "{}"));
        Assert.False(empty.NextProperty());
        Assert.False(empty.IsProperty("a"u8));

        var broken = new ToolArgumentReader(new ToolCall("call_1", "tool", """{"a":"""));
        Assert.False(broken.NextProperty());
        Assert.False(broken.IsProperty("a"u8));
        Assert.Equal(ToolErrorKind.InvalidJson, broken.Failure().ErrorKind);
    }

    [Fact]
    public async Task Results_do_not_depend_on_the_order_of_calls()
    {
        (string Tool, string Arguments)[] calls =
        [
            ("basics", """{"text":"a","number":1,"flag":true}"""),
            ("basics", """{"text":"a","number":"1","flag":true}"""),
            ("nullables", """{"text":null,"number":"5","mood":null}"""),
            ("nullables", """{"text":"t","number":5,"mood":"angry"}"""),
            ("collections", """{"numbers":[1,"2"],"names":[],"moods":[],"grid":[]}"""),
            ("collections", """{"numbers":[],"names":["a",null],"moods":["Sad"],"grid":[[1]]}"""),
            ("formats", """{"id":"x","when":"2026-05-01T12:30:00Z","whenOffset":"2026-05-01T12:30:00Z","link":"https://example.com/","mood":"Sad"}"""),
            ("defaults", """{"count":"three"}"""),
            ("nope", "{}"),
        ];

        var tools = new RecordingTools().AssistantTools;
        var alone = new List<string>();
        foreach (var (tool, arguments) in calls)
        {
            alone.Add((await new RecordingTools().AssistantTools.Call(tool, arguments)).Output);
        }

        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var order = Enumerable.Range(0, calls.Length).OrderBy(_ => random.Next()).ToArray();
            foreach (var i in order)
            {
                Assert.Equal(alone[i], (await tools.Call(calls[i].Tool, calls[i].Arguments)).Output);
            }
        }
    }
}
