using OpenAI.Assistants;

namespace ToolGen.Emulator.Tests;

public sealed class RuleBasedModelTests
{
    private const string FetchUrlStrict =
        """{"type":"object","properties":{"url":{"type":"string"},"max_chars":{"type":["integer","null"]}},"required":["url","max_chars"],"additionalProperties":false}""";

    private static readonly EmulatedTool FetchUrl = new("fetch_url", "Downloads a page.", FetchUrlStrict);
    private static readonly EmulatedTool Search = new("search", null, """{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}""");
    private static readonly EmulatedTool Add = new("add", null, """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}""");

    private static ValueTask<ModelTurn> Next(IReadOnlyList<EmulatedTool> tools, params ConversationItem[] conversation) =>
        new RuleBasedModel().NextTurnAsync(new ModelRequest(null, tools, conversation), CancellationToken.None);

    [Fact]
    public async Task A_url_in_the_message_fills_the_url_parameter_and_nullable_parameters_get_null()
    {
        var turn = await Next([Add, FetchUrl], new UserMessageItem("What does https://example.com/a?b=1 say?"));

        var call = Assert.Single(Assert.IsType<ToolCallsTurn>(turn).Calls);
        Assert.Equal(new EmulatedToolCall("fetch_url", """{"url":"https://example.com/a?b=1","max_chars":null}"""), call);
    }

    [Fact]
    public async Task A_parameter_with_format_uri_is_filled_with_the_url_whatever_its_name()
    {
        var tool = new EmulatedTool("open", null, """{"type":"object","properties":{"target":{"type":"string","format":"uri"}},"required":["target"]}""");

        var turn = await Next([tool], new UserMessageItem("Open http://127.0.0.1:5000/page."));

        Assert.Equal("""{"target":"http://127.0.0.1:5000/page"}""", Assert.IsType<ToolCallsTurn>(turn).Calls[0].Arguments);
    }

    [Fact]
    public async Task A_single_required_string_parameter_gets_the_quoted_text_or_else_the_whole_message()
    {
        var quoted = await Next([Add, Search], new UserMessageItem("Please look up \"green tea\" for me"));
        var whole = await Next([Search], new UserMessageItem("  green tea  "));

        Assert.Equal(new EmulatedToolCall("search", """{"query":"green tea"}"""), Assert.IsType<ToolCallsTurn>(quoted).Calls[0]);
        Assert.Equal("""{"query":"green tea"}""", Assert.IsType<ToolCallsTurn>(whole).Calls[0].Arguments);
    }

    [Fact]
    public async Task The_reply_quotes_the_first_two_sentences_of_the_tool_output()
    {
        var turn = await Next([FetchUrl],
            new UserMessageItem("What does https://example.com say?"),
            new ToolCallItem("call_1", "fetch_url", """{"url":"https://example.com"}""",
                "Example Domain.   This domain is for use in examples!\nYou may use it freely. Nothing else."));

        Assert.Equal("The page says: \"Example Domain. This domain is for use in examples!\"", Assert.IsType<ReplyTurn>(turn).Text);
    }

    [Fact]
    public async Task Header_lines_and_headings_are_skipped_so_a_page_is_quoted_from_its_prose()
    {
        const string output = "Title: Gannet Rock Lighthouse\nURL: http://127.0.0.1:5000/lighthouse\n\nGannet Rock Lighthouse\n"
            + "The keeper logged 41 gannets on the first morning. Visitors can climb 112 steps.\nThe fog signal still sounds.";

        var turn = await Next([FetchUrl],
            new UserMessageItem("What does http://127.0.0.1:5000/lighthouse say?"),
            new ToolCallItem("call_1", "fetch_url", """{"url":"http://127.0.0.1:5000/lighthouse"}""", output));

        Assert.Equal("The page says: \"The keeper logged 41 gannets on the first morning. Visitors can climb 112 steps.\"", Assert.IsType<ReplyTurn>(turn).Text);
    }

    [Fact]
    public async Task A_JSON_object_output_is_quoted_from_its_text_field_and_a_JSON_string_from_its_value()
    {
        var fromObject = await Next([Search], new UserMessageItem("x"),
            new ToolCallItem("call_1", "search", """{"query":"x"}""", """{"title":"T","text":"Found it. Twice. Thrice."}"""));
        var fromString = await Next([Search], new UserMessageItem("x"),
            new ToolCallItem("call_1", "search", """{"query":"x"}""", "\"Plain answer.\""));

        Assert.Equal("The tool search says: \"Found it. Twice.\"", Assert.IsType<ReplyTurn>(fromObject).Text);
        Assert.Equal("The tool search says: \"Plain answer.\"", Assert.IsType<ReplyTurn>(fromString).Text);
    }

    [Fact]
    public async Task A_long_output_is_quoted_to_about_300_characters()
    {
        var output = string.Join(' ', Enumerable.Repeat("word", 200));

        var turn = await Next([Search], new UserMessageItem("x"), new ToolCallItem("call_1", "search", """{"query":"x"}""", output));

        var text = Assert.IsType<ReplyTurn>(turn).Text;
        Assert.StartsWith("The tool search says: \"word word", text, StringComparison.Ordinal);
        Assert.EndsWith("…\"", text, StringComparison.Ordinal);
        Assert.InRange(text.Length, 250, 330);
    }

    [Fact]
    public async Task An_error_output_makes_it_say_plainly_that_the_tool_failed_and_why()
    {
        var turn = await Next([FetchUrl],
            new UserMessageItem("What does https://unreachable.invalid say?"),
            new ToolCallItem("call_1", "fetch_url", """{"url":"https://unreachable.invalid"}""",
                """{"error":{"kind":"tool_failed","tool":"fetch_url","message":"The page could not be fetched"}}"""));

        Assert.Equal("The tool fetch_url failed: The page could not be fetched.", Assert.IsType<ReplyTurn>(turn).Text);
    }

    [Fact]
    public async Task An_error_message_that_itself_says_the_tool_failed_is_not_repeated()
    {
        var turn = await Next([FetchUrl],
            new UserMessageItem("What does http://127.0.0.1:9/a say?"),
            new ToolCallItem("call_1", "fetch_url", """{"url":"http://127.0.0.1:9/a"}""",
                """{"error":{"kind":"tool_failed","tool":"fetch_url","message":"The tool failed: Connection refused (127.0.0.1:9)"}}"""));

        Assert.Equal("The tool fetch_url failed: Connection refused (127.0.0.1:9).", Assert.IsType<ReplyTurn>(turn).Text);
    }

    [Fact]
    public async Task A_url_parameter_is_never_filled_with_text_that_is_not_a_url()
    {
        var turn = await Next([FetchUrl], new UserMessageItem("Hello there, who are you?"));

        Assert.IsType<ReplyTurn>(turn);
    }

    [Fact]
    public async Task Without_a_fillable_tool_it_replies_naming_what_it_got()
    {
        var none = await Next([], new UserMessageItem("Hello there"));
        var unfillable = await Next([Add], new UserMessageItem("Hello there"));

        Assert.Equal("You said: \"Hello there\". I have no tools to help with that.", Assert.IsType<ReplyTurn>(none).Text);
        Assert.Equal("You said: \"Hello there\". None of my tools (add) can be called with that.", Assert.IsType<ReplyTurn>(unfillable).Text);
    }

    [Fact]
    public async Task A_new_question_after_an_answered_one_calls_the_tool_again()
    {
        var turn = await Next([FetchUrl],
            new UserMessageItem("What does https://a.example say?"),
            new ToolCallItem("call_1", "fetch_url", """{"url":"https://a.example"}""", "A."),
            new AssistantMessageItem("The page says: \"A.\""),
            new UserMessageItem("And https://b.example?"));

        Assert.Equal("""{"url":"https://b.example","max_chars":null}""", Assert.IsType<ToolCallsTurn>(turn).Calls[0].Arguments);
    }

    [Fact]
    public async Task The_default_model_drives_a_fetch_url_run_end_to_end_through_the_SDK()
    {
        await using var emulator = await OpenAIEmulator.StartAsync();
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions
        {
            Tools = { new FunctionToolDefinition("fetch_url") { Parameters = BinaryData.FromString(FetchUrlStrict), StrictParameterSchemaEnabled = true } },
        });

        ThreadRun run = await client.CreateThreadAndRunAsync(assistant.Id, new ThreadCreationOptions
        {
            InitialMessages = { "What does https://example.com/demo say?" },
        });
        run = await Emulated.PollAsync(client, run);
        var action = Assert.Single(run.RequiredActions);
        Assert.Equal("fetch_url", action.FunctionName);
        Assert.Equal("""{"url":"https://example.com/demo","max_chars":null}""", action.FunctionArguments);

        run = await Emulated.PollAsync(client, await client.SubmitToolOutputsToRunAsync(run.ThreadId, run.Id,
            [new ToolOutput(action.ToolCallId, "The quick brown fox jumps over the lazy dog. It was seen at noon. Nobody knows why.")]));

        Assert.Equal(RunStatus.Completed, run.Status);
        var reply = (await Emulated.MessagesAsync(client, run.ThreadId))[^1];
        Assert.Equal("The page says: \"The quick brown fox jumps over the lazy dog. It was seen at noon.\"", reply.Content[0].Text);
    }

    [Theory]
    [InlineData("Fetch “https://example.com/page” please", "https://example.com/page")]
    [InlineData("Read https://en.wikipedia.org/wiki/Rust_(programming_language).", "https://en.wikipedia.org/wiki/Rust_(programming_language)")]
    [InlineData("(see https://example.com/a)", "https://example.com/a")]
    [InlineData("请看 https://example.com/页面。", "https://example.com/页面")]
    [InlineData("«https://example.com/x»", "https://example.com/x")]
    [InlineData("Compare https://a.example/one, and https://b.example/two.", "https://a.example/one")]
    [InlineData("Open **https://example.com/bold** now", "https://example.com/bold")]
    [InlineData("Run `curl https://example.com/api` for me", "https://example.com/api")]
    [InlineData("See [the docs](https://example.com/docs).", "https://example.com/docs")]
    [InlineData("What does http://[::1]:8080/admin say?", "http://[::1]:8080/admin")]
    [InlineData("Read http://[64:ff9b::a9fe:a9fe]/latest/meta-data/.", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/")]
    [InlineData("Try (http://[fe80::1%25eth0]:80/x)", "http://[fe80::1%25eth0]:80/x")]
    [InlineData("Open http://user:secret@[2001:db8::1]:8443/p?q=1#f now", "http://user:secret@[2001:db8::1]:8443/p?q=1#f")]
    [InlineData("Open http://admin:pw@169.254.169.254:80/latest/ now", "http://admin:pw@169.254.169.254:80/latest/")]
    [InlineData("Fetch HTTP://0x7f.1:8000/ please", "HTTP://0x7f.1:8000/")]
    [InlineData("Fetch http://2130706433/ please", "http://2130706433/")]
    public async Task A_url_is_taken_without_the_quotes_brackets_or_punctuation_around_it(string message, string expected)
    {
        var turn = await Next([FetchUrl], new UserMessageItem(message));

        var call = Assert.Single(Assert.IsType<ToolCallsTurn>(turn).Calls);
        using var arguments = System.Text.Json.JsonDocument.Parse(call.Arguments);
        Assert.Equal(expected, arguments.RootElement.GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_parameter_schema_whose_type_list_holds_a_non_string_is_read_without_failing()
    {
        var tool = new EmulatedTool("lookup", null, """{"type":"object","properties":{"term":{"type":[7,"string"]}},"required":["term"]}""");

        var turn = await Next([tool], new UserMessageItem("tea"));

        Assert.Equal("""{"term":"tea"}""", Assert.Single(Assert.IsType<ToolCallsTurn>(turn).Calls).Arguments);
    }

    [Fact]
    public async Task Shortening_a_long_text_of_emoji_never_splits_a_surrogate_pair()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 400));
        var strict = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        var noTool = Assert.IsType<ReplyTurn>(await Next([], new UserMessageItem(emoji)));
        var quoted = Assert.IsType<ReplyTurn>(await Next([Search], new UserMessageItem("x"), new ToolCallItem("call_1", "search", "{}", emoji)));

        // Encoding throws on a lone surrogate, as the JSON writer does when the reply is sent.
        strict.GetBytes(noTool.Text);
        strict.GetBytes(quoted.Text);
        Assert.Contains("😀…", quoted.Text, StringComparison.Ordinal);
    }
}
