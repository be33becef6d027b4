using System.Text.Json;
using ToolGen.Tests.Dispatch;

namespace ToolGen.Tests.Types;

/// <summary>Records, collections, sets, dictionaries, dates and times bind at any depth, and come back as JSON with
/// the same names.</summary>
public class TypeBindingTests
{
    private const string Order = """
        {"order":{"lines":[{"sku":"A","quantity":2},{"sku":"B","quantity":1,"note":"fragile"}],
                  "shipTo":{"street":"Main 1","postalCode":"0150"},
                  "prio":"rush","tags":["gift"],"customFields":{"color":"red","size":"L"},"deliverOn":"2026-05-01"}}
        """;

    [Fact]
    public async Task A_record_with_nested_lists_sets_dictionaries_and_dates_binds_with_camelCase_names()
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call("place_order", Order);

        Assert.Equal("A-1", result.Output);
        var order = Assert.IsType<OrderRequest>(tools.Last);
        Assert.Equal([new OrderLine("A", 2), new OrderLine("B", 1) { Note = "fragile" }], order.Lines);
        Assert.Equal(new PostalAddress("Main 1", "0150", "NO"), order.ShipTo);
        Assert.Equal(Priority.High, order.Priority);
        Assert.Equal(["gift"], order.Tags);
        Assert.Equal("red", order.CustomFields!["color"]);
        Assert.Equal(new DateOnly(2026, 5, 1), order.DeliverOn);
        Assert.Equal("kept", order.Secret);
    }

    [Fact]
    public async Task Absent_optional_members_keep_the_values_the_type_gives_them()
    {
        var tools = new ShopTools();
        await tools.AssistantTools.Call("place_order", """{"order":{"lines":[],"shipTo":{"street":"s","postalCode":"1234","country":"SE"}}}""");

        var order = Assert.IsType<OrderRequest>(tools.Last);
        Assert.Equal(Priority.Normal, order.Priority);
        Assert.Empty(order.Tags);
        Assert.Null(order.CustomFields);
        Assert.Equal("SE", order.ShipTo.Country);
    }

    public static TheoryData<string, string, ToolErrorKind, string, string?> Mistakes => new()
    {
        { "place_order", """{"order":{"lines":[{"sku":"A"}],"shipTo":{"street":"s","postalCode":"1234"}}}""", ToolErrorKind.MissingRequired, "order.lines[0].quantity", "integer" },
        { "place_order", """{"order":{"lines":[{"sku":"A","quantity":0}],"shipTo":{"street":"s","postalCode":"1234"}}}""", ToolErrorKind.ConstraintViolation, "order.lines[0].quantity", "from 1 to 100" },
        { "place_order", """{"order":{"lines":[],"shipTo":{"street":"s","postalCode":"12"}}}""", ToolErrorKind.ConstraintViolation, "order.shipTo.postalCode", "a string matching ^(?:[0-9]{4,5})$" },
        { "place_order", """{"order":{"lines":[],"shipTo":{"street":"s","postalCode":"1234","zip":1}}}""", ToolErrorKind.UnknownArgument, "order.shipTo.zip", null },
        { "place_order", """{"order":{"lines":[],"shipTo":{"street":"s","postalCode":"1234"},"tags":["a","a"]}}""", ToolErrorKind.ConstraintViolation, "order.tags[1]", "items without repeats" },
        { "place_order", """{"order":{"lines":[],"shipTo":{"street":"s","postalCode":"1234"},"tags":[]}}""", ToolErrorKind.ConstraintViolation, "order.tags", "at least 1 items" },
        { "place_order", """{"order":{"lines":[],"shipTo":{"street":"s","postalCode":"1234"},"customFields":{"color":5}}}""", ToolErrorKind.WrongType, "order.customFields.color", "string" },
        { "place_order", """{"order":{"lines":[],"shipTo":{"street":"s","postalCode":"1234"},"customFields":{"a":"x","a":"y"}}}""", ToolErrorKind.DuplicateArgument, "order.customFields.a", null },
        { "place_order", """{"order":{"lines":[],"shipTo":{"street":"s","postalCode":"1234"},"secret":"x"}}""", ToolErrorKind.UnknownArgument, "order.secret", null },
        { "place_order", """{"order":{"lines":[],"shipTo":"Main 1"}}""", ToolErrorKind.WrongType, "order.shipTo", "object" },
        { "place_order", """{"order":{"lines":[],"shipTo":{"street":"s","postalCode":"1234"},"deliverOn":"01.05.2026"}}""", ToolErrorKind.ConstraintViolation, "order.deliverOn", "date" },
        { "book_hotel", """{"city":"Oslo","checkIn":"2026-05-01","arrival":"25:00:00","stay":"2.00:00:00","cleaning":null}""", ToolErrorKind.ConstraintViolation, "arrival", "time" },
        { "book_hotel", """{"city":"Oslo","checkIn":"2026-05-01","arrival":"14:00:00","stay":"two days","cleaning":null}""", ToolErrorKind.ConstraintViolation, "stay", "duration as [-][d.]hh:mm:ss[.fffffff]" },
        { "book_hotel", """{"city":"Oslo","checkIn":"2026-05-01","arrival":"14:00:00","stay":"1:00:00","cleaning":["Monday","Sunday"]}""", ToolErrorKind.UnknownEnumValue, "cleaning[1]", "one of \"None\", \"Monday\", \"Tuesday\", \"Wednesday\"" },
        { "count_folders", """{"root":{"name":"a","children":[{"name":"b","children":[{"name":"c","children":[5]}]}]}}""", ToolErrorKind.WrongType, "root.children[0].children[0].children[0]", "object" },
        { "deliver", """{"address":{"street":"s","postalCode":"1234","country":null},"lines":[],"codes":["ab"],"priority":null}""", ToolErrorKind.ConstraintViolation, "codes[0]", "one character" },
        { "validate", """{"days":15,"code":"abc","email":"a@b.c"}""", ToolErrorKind.ConstraintViolation, "days", "from 1 to 14" },
        { "validate", """{"days":1,"code":"a","email":"a@b.c"}""", ToolErrorKind.ConstraintViolation, "code", "at least 2 characters" },
        { "validate", """{"days":1,"code":"abcdef","email":"a@b.c"}""", ToolErrorKind.ConstraintViolation, "code", "at most 5 characters" },
        { "validate", """{"days":1,"code":"abc","email":"nobody"}""", ToolErrorKind.ConstraintViolation, "email", "an email address" },
        { "validate", """{"days":1,"code":"abc","email":"a@b.c","homepage":"file:///etc"}""", ToolErrorKind.ConstraintViolation, "homepage", "an http, https or ftp URL" },
        { "validate", """{"days":1,"code":"abc","email":"a@b.c","region":"asia"}""", ToolErrorKind.ConstraintViolation, "region", "one of \"eu\", \"us\"" },
        { "validate", """{"days":1,"code":"abc","email":"a@b.c","user":"root"}""", ToolErrorKind.ConstraintViolation, "user", "none of \"root\"" },
        { "validate", """{"days":1,"code":"abc","email":"a@b.c","payload":"%%%"}""", ToolErrorKind.ConstraintViolation, "payload", "a Base64 string" },
        { "validate", """{"days":1,"code":"abc","email":"a@b.c","picks":[1,2,3]}""", ToolErrorKind.ConstraintViolation, "picks", "at most 2 items" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Mistakes_inside_nested_values_are_reported_with_their_JSON_path_and_never_run_the_tool(
        string tool, string arguments, ToolErrorKind kind, string path, string? expected)
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call(tool, arguments);

        Assert.Equal(kind, result.ErrorKind);
        Assert.Equal(path, result.ErrorObject().Field("path"));
        Assert.Equal(expected, result.ErrorObject().Field("expected"));
        Assert.Equal(0, tools.Calls);
    }

    [Fact]
    public async Task Values_that_keep_every_rule_reach_the_tool()
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call("validate",
            """{"days":14,"code":"ab","email":"a@b.c","homepage":"https://x.example","region":"us","user":"ann","payload":"aGk=","picks":[1]}""");
        Assert.Equal("valid", result.Output);
    }

    [Fact]
    public async Task A_returned_record_is_written_with_camelCase_names_dates_in_System_Text_Json_forms_and_flags_as_names()
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call("book_hotel",
            """{"city":"Oslo","checkIn":"2026-05-01","arrival":"14:30:00","stay":"2.00:00:00","cleaning":["Monday","wednesday"]}""");

        Assert.False(result.IsError, result.Output);
        Assert.Equal(
            """{"reference":"H-Oslo","checkIn":"2026-05-01","arrivalTime":"14:30:00","stay":"2.00:00:00","total":120.5,"rooms":{"double":1},"cleaning":["Monday","Wednesday"],"priority":null,"notes":["quiet"]}""",
            result.Output);
    }

    [Fact]
    public async Task A_returned_record_reads_back_with_System_Text_Json_web_defaults()
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call("book_hotel",
            """{"city":"Oslo","checkIn":"2026-05-01","arrival":"14:30:00","stay":"01:00:00","cleaning":null}""");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var booking = JsonSerializer.Deserialize<HotelBookingShape>(result.Output, options)!;
        Assert.Equal(new DateOnly(2026, 5, 1), booking.CheckIn);
        Assert.Equal(new TimeOnly(14, 30), booking.ArrivalTime);
        Assert.Equal(TimeSpan.FromHours(1), booking.Stay);
    }

    [Fact]
    public async Task A_recursive_type_binds_at_every_depth()
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call("count_folders", """{"root":{"name":"a","children":[{"name":"b","children":[{"name":"c","children":[]}]},{"name":"d","children":[]}]}}""");
        Assert.Equal("4", result.Output);
    }

    [Fact]
    public async Task Sets_of_chars_and_sequences_of_records_bind()
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call("deliver", """{"address":{"street":"s","postalCode":"1234","country":null},"lines":[{"sku":"A","quantity":1}],"codes":["x","y"],"priority":null}""");
        Assert.Equal("ok", result.Output);
        var (address, lines, codes, priority) = ((PostalAddress, List<OrderLine>, ISet<char>, Priority))tools.Last!;
        Assert.Equal("NO", address.Country);
        Assert.Single(lines);
        Assert.True(codes.SetEquals(['x', 'y']));
        Assert.Equal(Priority.High, priority);
    }

    [Fact]
    public async Task A_JsonElement_takes_any_value_and_128_bit_and_half_numbers_bind()
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call("echo", """{"anything":{"a":[1,true,null]},"half":1.5,"big":170141183460469231731687303715884105727}""");
        Assert.Equal("""{"a":[1,true,null]}""", result.Output);
        Assert.Equal(((Half)1.5, Int128.MaxValue), tools.Last);
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("1e2", "100")]
    [InlineData("12.5e1", "125")]
    [InlineData("-1.70141183460469231731687303715884105728e38", "-170141183460469231731687303715884105728")]
    [InlineData("100000e-5", "1")]
    public async Task An_Int128_takes_an_integral_number_in_any_notation(string json, string expected)
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call("echo", $$"""{"anything":0,"half":1,"big":{{json}}}""");
        Assert.False(result.IsError, result.Output);
        Assert.Equal(((Half)1, Int128.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), tools.Last);
    }

    [Theory]
    [InlineData("1.5", ToolErrorKind.WrongType)]
    [InlineData("1.7014118346046923173168730371588410573e38", ToolErrorKind.OutOfRange)]
    [InlineData("1e40", ToolErrorKind.OutOfRange)]
    [InlineData("1e1000000000000", ToolErrorKind.OutOfRange)]
    public async Task An_Int128_rejects_fractions_and_numbers_past_its_range(string json, ToolErrorKind kind)
    {
        var tools = new ShopTools();
        var result = await tools.AssistantTools.Call("echo", $$"""{"anything":0,"half":1,"big":{{json}}}""");
        Assert.Equal(kind, result.ErrorKind);
    }

    private sealed record HotelBookingShape(DateOnly CheckIn, TimeOnly ArrivalTime, TimeSpan Stay);
}
