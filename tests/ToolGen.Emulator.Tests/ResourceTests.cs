using System.ClientModel;
using System.Text.Json;
using OpenAI.Assistants;

namespace ToolGen.Emulator.Tests;

public sealed class ResourceTests
{
    [Fact]
    public async Task Assistants_can_be_created_read_listed_and_deleted()
    {
        await using var emulator = await OpenAIEmulator.StartAsync();
        var client = Emulated.Client(emulator);

        Assistant first = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions { Name = "first", Instructions = "Be kind." });
        Assistant second = await client.CreateAssistantAsync("gpt-4o-mini");
        Assistant read = await client.GetAssistantAsync(first.Id);
        var listed = new List<string>();
        await foreach (var assistant in client.GetAssistantsAsync())
        {
            listed.Add(assistant.Id);
        }

        Assert.Matches("^asst_[A-Za-z0-9]{24}$", first.Id);
        Assert.Equal(("first", "Be kind.", "gpt-4o"), (read.Name, read.Instructions, read.Model));
        Assert.Equal([second.Id, first.Id], listed);
        Assert.True((await client.DeleteAssistantAsync(first.Id)).Value.Deleted);
        Assert.Equal(404, (await Assert.ThrowsAsync<ClientResultException>(() => client.GetAssistantAsync(first.Id))).Status);
    }

    [Fact]
    public async Task Threads_can_be_created_with_messages_read_and_deleted()
    {
        await using var emulator = await OpenAIEmulator.StartAsync();
        var client = Emulated.Client(emulator);

        AssistantThread thread = await client.CreateThreadAsync(new ThreadCreationOptions { InitialMessages = { "Hi", "Still there?" } });
        AssistantThread read = await client.GetThreadAsync(thread.Id);
        var messages = await Emulated.MessagesAsync(client, thread.Id);

        Assert.Matches("^thread_[A-Za-z0-9]{24}$", read.Id);
        Assert.Equal(["Hi", "Still there?"], messages.Select(m => m.Content[0].Text));
        Assert.True((await client.DeleteThreadAsync(thread.Id)).Value.Deleted);
        Assert.Equal(404, (await Assert.ThrowsAsync<ClientResultException>(() => client.GetThreadAsync(thread.Id))).Status);
    }

    [Fact]
    public async Task Modifying_an_assistant_changes_what_later_runs_offer_the_model()
    {
        var model = new ScriptedModel(ModelTurn.Reply("ok"));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions { Instructions = "Old." });

        Assistant modified = await client.ModifyAssistantAsync(assistant.Id, new AssistantModificationOptions
        {
            Instructions = "New.",
            DefaultTools = { Emulated.Tool("f", """{"type":"object","properties":{}}""") },
        });
        await Emulated.PollAsync(client, await client.CreateThreadAndRunAsync(assistant.Id, new ThreadCreationOptions { InitialMessages = { "Hi" } }));

        Assert.Equal(("New.", "gpt-4o"), (modified.Instructions, modified.Model));
        Assert.Equal("New.", model.Requests[0].Instructions);
        Assert.Equal("f", Assert.Single(model.Requests[0].Tools).Name);
    }

    [Fact]
    public async Task Messages_metadata_can_be_modified_and_a_deleted_message_leaves_the_conversation()
    {
        var model = new ScriptedModel(ModelTurn.Reply("ok"));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        var client = Emulated.Client(emulator);
        Assistant assistant = await client.CreateAssistantAsync("gpt-4o");
        AssistantThread thread = await client.CreateThreadAsync();
        ThreadMessage keep = await client.CreateMessageAsync(thread.Id, MessageRole.User, ["Hi"]);
        ThreadMessage drop = await client.CreateMessageAsync(thread.Id, MessageRole.User, ["Hi"]);

        ThreadMessage modified = await client.ModifyMessageAsync(thread.Id, keep.Id, new MessageModificationOptions { Metadata = { ["k"] = "v" } });
        Assert.True((await client.DeleteMessageAsync(thread.Id, drop.Id)).Value.Deleted);
        await Emulated.PollAsync(client, await client.CreateRunAsync(thread.Id, assistant.Id));

        Assert.Equal("v", modified.Metadata["k"]);
        Assert.Equal([new UserMessageItem("Hi")], model.Requests[0].Conversation);
        Assert.Equal([keep.Id, (await Emulated.MessagesAsync(client, thread.Id))[1].Id], (await Emulated.MessagesAsync(client, thread.Id)).Select(m => m.Id));
    }

    [Fact]
    public async Task Messages_page_by_order_limit_and_after()
    {
        await using var emulator = await OpenAIEmulator.StartAsync();
        using var http = Emulated.Http(emulator);
        var client = Emulated.Client(emulator);
        AssistantThread thread = await client.CreateThreadAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ThreadMessage message = await client.CreateMessageAsync(thread.Id, MessageRole.User, [$"m{i}"]);
            ids.Add(message.Id);
        }

        using var firstPage = JsonDocument.Parse(await http.GetStringAsync($"threads/{thread.Id}/messages?order=asc&limit=2"));
        using var secondPage = JsonDocument.Parse(await http.GetStringAsync($"threads/{thread.Id}/messages?order=asc&limit=2&after={ids[1]}"));
        using var lastPage = JsonDocument.Parse(await http.GetStringAsync($"threads/{thread.Id}/messages?order=desc&limit=2&after={ids[1]}"));
        var all = await Emulated.MessagesAsync(client, thread.Id);

        static string[] Ids(JsonDocument page) => page.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(ids[..2], Ids(firstPage));
        Assert.True(firstPage.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[1], firstPage.RootElement.GetProperty("last_id").GetString());
        Assert.Equal(ids[2..4], Ids(secondPage));
        Assert.Equal([ids[0]], Ids(lastPage));
        Assert.False(lastPage.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids, all.Select(m => m.Id));
    }

    [Fact]
    public async Task Before_gives_the_page_just_before_the_cursor_and_has_more_says_whether_more_lie_further_back()
    {
        await using var emulator = await OpenAIEmulator.StartAsync();
        using var http = Emulated.Http(emulator);
        var client = Emulated.Client(emulator);
        AssistantThread thread = await client.CreateThreadAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ThreadMessage message = await client.CreateMessageAsync(thread.Id, MessageRole.User, [$"m{i}"]);
            ids.Add(message.Id);
        }

        using var previous = JsonDocument.Parse(await http.GetStringAsync($"threads/{thread.Id}/messages?order=asc&limit=2&before={ids[3]}"));
        using var first = JsonDocument.Parse(await http.GetStringAsync($"threads/{thread.Id}/messages?order=asc&limit=2&before={ids[1]}"));
        using var between = JsonDocument.Parse(await http.GetStringAsync($"threads/{thread.Id}/messages?order=asc&limit=5&after={ids[0]}&before={ids[3]}"));

        static string[] Ids(JsonDocument page) => page.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(ids[1..3], Ids(previous));
        Assert.True(previous.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal([ids[0]], Ids(first));
        Assert.False(first.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[1..3], Ids(between));
        Assert.False(between.RootElement.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("order=up", "order")]
    public async Task An_invalid_page_parameter_is_400_naming_it(string query, string param)
    {
        await using var emulator = await OpenAIEmulator.StartAsync();
        using var http = Emulated.Http(emulator);

        using var response = await http.GetAsync($"assistants?{query}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, document.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task The_endpoint_is_the_loopback_v1_base_address_and_stops_answering_after_dispose()
    {
        var emulator = await OpenAIEmulator.StartAsync();
        var endpoint = emulator.Endpoint;
        using var http = Emulated.Http(emulator);
        Assert.Equal("127.0.0.1", endpoint.Host);
        Assert.Equal("/v1", endpoint.AbsolutePath);
        Assert.True((await http.GetAsync("assistants")).IsSuccessStatusCode);

        await emulator.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("assistants"));
    }
}
