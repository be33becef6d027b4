namespace ToolGen.Tests.Dispatch;

public class BindingTests
{
    [Fact]
    public async Task Favorite_food_tool_returns_its_string_verbatim()
    {
        var result = await FoodTools.AssistantTools.Call("get_favorite_food_for_day_of_week", """{"day_of_week":"Monday"}""");
        Assert.False(result.IsError);
        Assert.Equal("tacos", result.Output);
        Assert.Equal("call_1", result.CallId);
    }

    [Fact]
    public async Task String_int_and_bool_arguments_reach_the_method()
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("basics", """{"flag":true,"text":"héllo \"x\"","number":-7}""");
        Assert.Equal("done", result.Output);
        Assert.Equal(["héllo \"x\"", -7, true], tools.Received);
    }

    [Fact]
    public async Task Escaped_property_names_match_their_parameters()
    {
        var tools = new RecordingTools();
        await tools.AssistantTools.Call("basics", """{"te\u0078t":"a","number":1,"flag":false}""");
        Assert.Equal(["a", 1, false], tools.Received);
    }

    [Fact]
    public async Task Every_number_type_binds_including_its_extremes()
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("numbers", """
            {"tiny":-128,"small":255,"medium":-32768,"umedium":65535,"unumber":4294967295,"big":-9223372036854775808,
             "ubig":18446744073709551615,"single":1.5,"real":-2.25e10,"money":79228162514264337593543950335}
            """);
        Assert.Equal("42", result.Output);
        Assert.Equal(
            [(sbyte)-128, (byte)255, (short)-32768, (ushort)65535, 4294967295u, long.MinValue, ulong.MaxValue, 1.5f, -2.25e10, decimal.MaxValue],
            tools.Received);
    }

    [Fact]
    public async Task Integral_numbers_written_with_a_fraction_or_exponent_are_integers()
    {
        var tools = new RecordingTools();
        await tools.AssistantTools.Call("basics", """{"text":"a","number":1.0e2,"flag":false}""");
        Assert.Equal(100, tools.Received[1]);
    }

    [Fact]
    public async Task Uuid_date_time_uri_and_enum_arguments_bind()
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("formats", """
            {"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00Z","whenOffset":"2026-05-01T12:30:00+02:00",
             "link":"https://example.com/a?b=c","mood":"very-calm"}
            """);
        Assert.Equal("\"very-calm\"", result.Output);
        Assert.Equal(Guid.Parse("123e4567-e89b-12d3-a456-426614174000"), tools.Received[0]);
        Assert.Equal(new DateTime(2026, 5, 1, 12, 30, 0, DateTimeKind.Utc), tools.Received[1]);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 12, 30, 0, TimeSpan.FromHours(2)), tools.Received[2]);
        Assert.Equal(new Uri("https://example.com/a?b=c"), tools.Received[3]);
        Assert.Equal(Mood.Calm, tools.Received[4]);
    }

    [Theory]
    [InlineData("0e-5", 0)]
    [InlineData("-0", 0)]
    [InlineData("0.15e2", 15)]
    [InlineData("2147483647.000000000000000000000000000000", int.MaxValue)]
    [InlineData("-21474836.48e2", int.MinValue)]
    public async Task Integral_numbers_in_any_notation_bind_exactly(string number, int expected)
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("basics", $$"""{"text":"a","number":{{number}},"flag":false}""");
        Assert.False(result.IsError, result.Output);
        Assert.Equal(expected, tools.Received[1]);
    }

    [Fact]
    public async Task A_date_time_with_an_offset_binds_a_DateTime_in_UTC_whatever_the_hosts_time_zone()
    {
        var tools = new RecordingTools();
        await tools.AssistantTools.Call("formats", """
            {"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00+02:00","whenOffset":"2026-05-01T12:30:00-05:00",
             "link":"https://example.com/","mood":"Sad"}
            """);
        var when = (DateTime)tools.Received[1]!;
        Assert.Equal(DateTimeKind.Utc, when.Kind);
        Assert.Equal(new DateTime(2026, 5, 1, 10, 30, 0, DateTimeKind.Utc), when);
        Assert.Equal(TimeSpan.FromHours(-5), ((DateTimeOffset)tools.Received[2]!).Offset);
    }

    [Fact]
    public async Task A_date_time_without_an_offset_is_unspecified_for_DateTime()
    {
        var tools = new RecordingTools();
        await tools.AssistantTools.Call("formats", """
            {"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00","whenOffset":"2026-05-01T12:30:00Z",
             "link":"https://example.com/","mood":"Sad"}
            """);
        Assert.Equal(new DateTime(2026, 5, 1, 12, 30, 0, DateTimeKind.Unspecified), tools.Received[1]);
        Assert.Equal(DateTimeKind.Unspecified, ((DateTime)tools.Received[1]!).Kind);
    }

    [Theory]
    [InlineData("Happy", Mood.Happy)]
    [InlineData("happy", Mood.Happy)]
    [InlineData("VERY-CALM", Mood.Calm)]
    public async Task Enum_values_match_exactly_or_by_a_unique_case_insensitive_name(string given, Mood expected)
    {
        var tools = new RecordingTools();
        await tools.AssistantTools.Call("formats", $$"""
            {"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00Z","whenOffset":"2026-05-01T12:30:00Z",
             "link":"https://example.com/","mood":"{{given}}"}
            """);
        Assert.Equal(expected, tools.Received[4]);
    }

    [Fact]
    public async Task An_exact_enum_match_wins_over_a_case_insensitive_one()
    {
        var tools = new RecordingTools();
        await tools.AssistantTools.Call("pick_case", """{"casing":"UP"}""");
        Assert.Equal([Casing.UP], tools.Received);
        await tools.AssistantTools.Call("pick_case", """{"casing":"down"}""");
        Assert.Equal([Casing.Down], tools.Received);
    }

    [Fact]
    public async Task Nullable_parameters_accept_null_and_values()
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("nullables", """{"text":null,"number":null,"mood":null}""");
        Assert.Equal("null", result.Output);
        Assert.Equal([null, null, null], tools.Received);

        result = await tools.AssistantTools.Call("nullables", """{"text":"t","number":5,"mood":"sad"}""");
        Assert.Equal("5", result.Output);
        Assert.Equal(["t", 5, Mood.Sad], tools.Received);
    }

    [Fact]
    public async Task Arrays_lists_and_nested_arrays_bind()
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("collections", """{"numbers":[1,2],"names":["a",null],"moods":["Sad"],"grid":[[1],[],[2,3]]}""");
        Assert.Equal("""["a","b"]""", result.Output);
        Assert.Equal(new[] { 1, 2 }, (int[])tools.Received[0]!);
        Assert.Equal(new List<string?> { "a", null }, (List<string?>)tools.Received[1]!);
        Assert.Equal([Mood.Sad], (IReadOnlyList<Mood>)tools.Received[2]!);
        Assert.Equal(new[] { new[] { 1 }, [], new[] { 2, 3 } }, (int[][])tools.Received[3]!);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"text":null,"count":null,"mood":null,"maybe":null,"ratio":null}""")]
    public async Task Absent_or_null_optional_arguments_bind_the_declared_defaults(string arguments)
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("defaults", arguments);
        Assert.Equal("ok", result.Output);
        Assert.Equal(["fallback", 3, Mood.Calm, true, 0.5], tools.Received);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    public async Task Empty_or_whitespace_arguments_mean_an_empty_object(string arguments)
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("defaults", arguments);
        Assert.False(result.IsError);
        Assert.Equal(1, tools.Calls);
    }

    [Fact]
    public async Task The_callers_cancellation_token_reaches_the_tool()
    {
        var tools = new RecordingTools();
        using var cts = new CancellationTokenSource();
        var result = await tools.AssistantTools.Call("wait_for_it", "{}", cts.Token);
        Assert.Equal("""{"ok":true}""", result.Output);
        Assert.Equal(cts.Token, tools.LastToken);
    }

    [Fact]
    public async Task Cancelling_the_callers_token_cancels_an_async_tool()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => FoodTools.AssistantTools.Call("fetch_url", """{"url":"https://example.com"}""", cts.Token));
    }

    [Fact]
    public async Task Async_string_results_are_awaited_and_passed_verbatim()
    {
        var result = await FoodTools.AssistantTools.Call("fetch_url", """{"url":"https://example.com"}""");
        Assert.Equal("page text of https://example.com", result.Output);
    }

    [Fact]
    public async Task Values_are_written_as_json_and_null_as_null()
    {
        var tools = new RecordingTools();
        Assert.Equal("\"2026-05-01T12:00:00+00:00\"", (await tools.AssistantTools.Call("when", "{}")).Output);
        Assert.Equal("null", (await tools.AssistantTools.Call("nothing", "{}")).Output);
        Assert.Equal("""{"ok":true}""", (await tools.AssistantTools.Call("pick_case", """{"casing":"Up"}""")).Output);
    }

    [Fact]
    public async Task Null_from_a_task_and_values_from_a_synchronously_completed_value_task_are_written()
    {
        var tools = new RecordingTools();
        Assert.Equal("null", (await tools.AssistantTools.Call("maybe", "{}")).Output);
        Assert.Equal("null", (await tools.AssistantTools.Call("maybe_numbers", """{"some":false}""")).Output);
        Assert.Equal("[1,2]", (await tools.AssistantTools.Call("maybe_numbers", """{"some":true}""")).Output);
    }

    [Fact]
    public async Task NaN_and_infinite_results_are_written_as_named_literals_not_tool_failed()
    {
        var tools = new RecordingTools();
        Assert.Equal("""[0.5,"NaN","Infinity","-Infinity"]""", (await tools.AssistantTools.Call("ratios", "{}")).Output);
        Assert.Equal("\"NaN\"", (await tools.AssistantTools.Call("ratio", "{}")).Output);
    }

    [Fact]
    public async Task An_exception_from_the_tool_becomes_tool_failed()
    {
        var tools = new RecordingTools();
        var result = await tools.AssistantTools.Call("fail", "{}");
        Assert.Equal(ToolErrorKind.ToolFailed, result.ErrorKind);
        Assert.DoesNotContain("boom", result.Output);
    }

    [Fact]
    public void Definitions_carry_names_descriptions_and_strict_schemas()
    {
        var definitions = FoodTools.AssistantTools.Definitions;
        Assert.Equal(["fetch_url", "get_favorite_food_for_day_of_week"], definitions.Select(d => d.Name));
        var food = definitions[1];
        Assert.Equal("Gets the user's favorite food for a day of the week.", food.Description);
        Assert.True(food.Strict);
        Assert.Equal(
            """{"type":"object","properties":{"day_of_week":{"type":"string","description":"The day of the week, e.g. Monday."}},"required":["day_of_week"],"additionalProperties":false}""",
            food.ParametersSchemaJson);
    }

    [Fact]
    public void Instance_tool_sets_are_bound_to_their_instance_and_static_ones_are_shared()
    {
        var tools = new RecordingTools();
        Assert.Same(tools.AssistantTools, tools.AssistantTools);
        Assert.NotSame(tools.AssistantTools, new RecordingTools().AssistantTools);
        Assert.Same(FoodTools.AssistantTools, FoodTools.AssistantTools);
    }
}
