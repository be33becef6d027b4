using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ToolGen.Testing;

namespace ToolGen.Emulator.Tests;

/// <summary>
/// Replays each recorded real session's requests against the emulator (ids swapped for the emulator's as they
/// appear) and compares every JSON response with the recorded one: same property names, same JSON value kinds,
/// recursively (null on either side matches anything), integers where the service sent integers, and equal
/// <c>object</c> and <c>type</c> discriminators. Streamed answers must send the same events in the same order
/// (a run of deltas counts once, its first delta is compared).
/// </summary>
public sealed partial class RecordedShapeTests
{
    public static TheoryData<string, string> Sessions => new()
    {
        { "assistants", "FunctionToolsWorkAsync" },
        { "assistants", "FunctionToolsWork" },
        { "assistants", "BasicRunOperationsWorkAsync" },
        { "assistants", "StreamingRunWorksAsync" },
        { "assistants", "StreamingToolCallAsync" },
        { "chat", "ConsecutiveToolCallsAsync" },
        { "chat", "FunctionsWorkAsync" },
        { "chat", "NoParameterToolWorksAsync" },
        { "chat", "ParallelToolCallsAsync" },
        { "chat", "ParametersWorkAsync" },
        { "chat", "StructuredOutputsWithSchemaStrictAsync" },
        { "responses", "FunctionCallStreamingWorksAsync" },
        { "responses", "FunctionCallWorksAsync" },
        { "responses", "FunctionToolChoiceWorksAsync" },
    };

    [Theory]
    [InlineData("chat")]
    [InlineData("responses")]
    public void Every_recorded_session_of_the_api_is_replayed(string api)
    {
        var recorded = Directory.GetFiles(Path.Combine(Fixtures.Recordings, api), "*.json")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        var replayed = Sessions.Select(row => ((string)row[0], (string)row[1])).Where(row => row.Item1 == api).Select(row => row.Item2);
        Assert.Equal(recorded, replayed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Sessions))]
    public async Task Emulator_responses_have_the_shape_of_the_recorded_responses(string api, string session)
    {
        using var recording = JsonDocument.Parse(File.ReadAllText(Fixtures.Recording(api, session)));
        var entries = recording.RootElement.GetProperty("Entries").EnumerateArray().ToList();
        var withTools = entries[0].GetProperty("RequestBody").TryGetProperty("tools", out _);
        var model = api != "assistants"
            ? new ScriptedModel(RecordedTurns(entries).ToArray())
            : withTools
            ? new ScriptedModel(
                ModelTurn.CallTools(new EmulatedToolCall("get_favorite_food_for_day_of_week", """{"day_of_week":"Thursday"}""")),
                ModelTurn.Reply("On Thursday, eat tacos."))
            : new ScriptedModel(ModelTurn.Reply("Hello! How can I help?"));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var http = Emulated.Http(emulator);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var compared = 0;

        foreach (var entry in entries)
        {
            var body = entry.GetProperty("RequestBody");
            var uri = new Uri(entry.GetProperty("RequestUri").GetString()!);
            var path = Swap(uri.PathAndQuery, ids)[("/v1/".Length)..];
            using var request = new HttpRequestMessage(new HttpMethod(entry.GetProperty("RequestMethod").GetString()!), path);
            if (request.Method == HttpMethod.Post)
            {
                var json = body.ValueKind == JsonValueKind.Null ? "" : Swap(body.GetRawText(), ids);
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var where = $"{api}/{session}: {request.Method} {path}";
            Assert.True((int)response.StatusCode == entry.GetProperty("StatusCode").GetInt32(), $"{where} answered {(int)response.StatusCode}: {text}");
            var recorded = entry.GetProperty("ResponseBody");
            if (recorded.ValueKind == JsonValueKind.Array)
            {
                Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
                var expectedEvents = Collapse(ParseEvents(string.Concat(recorded.EnumerateArray().Select(line => line.GetString()))));
                var actualEvents = Collapse(ParseEvents(text));
                Assert.True(expectedEvents.Select(e => e.Name).SequenceEqual(actualEvents.Select(e => e.Name)),
                    $"{where} streamed [{string.Join(", ", actualEvents.Select(e => e.Name))}] but the service streamed [{string.Join(", ", expectedEvents.Select(e => e.Name))}].");
                foreach (var (expectedEvent, actualEvent) in expectedEvents.Zip(actualEvents))
                {
                    if (expectedEvent.Data.StartsWith('{'))
                    {
                        using var expectedData = JsonDocument.Parse(expectedEvent.Data);
                        using var actualData = JsonDocument.Parse(actualEvent.Data);
                        CompareShape(expectedData.RootElement, actualData.RootElement, expectedEvent.Name, where, ids);
                    }
                    else
                    {
                        Assert.Equal(expectedEvent.Data, actualEvent.Data);
                    }
                }
            }
            else
            {
                using var actual = JsonDocument.Parse(text);
                CompareShape(recorded, actual.RootElement, "$", where, ids);
            }

            compared++;
        }

        Assert.True(compared >= 1, $"{session}: only {compared} responses compared.");
    }

    /// <summary>The model's decisions the real service made in a chat or Responses session, so the emulator answers
    /// each replayed request with the same calls or text.</summary>
    private static IEnumerable<ModelTurn> RecordedTurns(List<JsonElement> entries)
    {
        foreach (var entry in entries.Where(e => e.GetProperty("RequestMethod").GetString() == "POST"))
        {
            var body = entry.GetProperty("ResponseBody");
            if (body.ValueKind == JsonValueKind.Array)
            {
                var completed = ParseEvents(string.Concat(body.EnumerateArray().Select(line => line.GetString())))
                    .Last(e => e.Name == "response.completed");
                using var data = JsonDocument.Parse(completed.Data);
                yield return TurnOf(data.RootElement.GetProperty("response"));
                continue;
            }

            yield return TurnOf(body);
        }
    }

    private static ModelTurn TurnOf(JsonElement response)
    {
        if (response.TryGetProperty("choices", out var choices))
        {
            var message = choices[0].GetProperty("message");
            if (message.TryGetProperty("tool_calls", out var toolCalls))
            {
                return ModelTurn.CallTools(toolCalls.EnumerateArray()
                    .Select(c => new EmulatedToolCall(c.GetProperty("function").GetProperty("name").GetString()!, c.GetProperty("function").GetProperty("arguments").GetString()!))
                    .ToArray());
            }

            if (message.TryGetProperty("function_call", out var functionCall))
            {
                return ModelTurn.CallTools(new EmulatedToolCall(functionCall.GetProperty("name").GetString()!, functionCall.GetProperty("arguments").GetString()!));
            }

            return ModelTurn.Reply(message.GetProperty("content").GetString()!);
        }

        var output = response.GetProperty("output").EnumerateArray().ToList();
        var calls = output.Where(item => item.GetProperty("type").GetString() == "function_call")
            .Select(item => new EmulatedToolCall(item.GetProperty("name").GetString()!, item.GetProperty("arguments").GetString()!))
            .ToArray();
        return calls.Length > 0
            ? ModelTurn.CallTools(calls)
            : ModelTurn.Reply(output.Single().GetProperty("content")[0].GetProperty("text").GetString()!);
    }

    private static void CompareShape(JsonElement recorded, JsonElement actual, string path, string where, Dictionary<string, string> ids)
    {
        if (recorded.ValueKind == JsonValueKind.Null || actual.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        Assert.True(Kind(recorded) == Kind(actual), $"{where}: {path} is {actual.ValueKind} but the service sent {recorded.ValueKind}.");
        switch (recorded.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = recorded.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                Assert.True(expectedNames.SequenceEqual(actualNames),
                    $"{where}: {path} has properties [{string.Join(", ", actualNames)}] but the service sent [{string.Join(", ", expectedNames)}].");
                foreach (var property in recorded.EnumerateObject())
                {
                    var child = actual.GetProperty(property.Name);
                    if (property.Name is "object" or "type" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        Assert.True(property.Value.GetString() == child.GetString(),
                            $"{where}: {path}.{property.Name} is '{child.GetString()}' but the service sent '{property.Value.GetString()}'.");
                    }

                    CompareShape(property.Value, child, $"{path}.{property.Name}", where, ids);
                }

                break;
            case JsonValueKind.Array:
                var count = Math.Min(recorded.GetArrayLength(), actual.GetArrayLength());
                for (var i = 0; i < count; i++)
                {
                    CompareShape(recorded[i], actual[i], $"{path}[{i}]", where, ids);
                }

                break;
            case JsonValueKind.Number:
                if (recorded.TryGetInt64(out _) && !recorded.GetRawText().Contains('.', StringComparison.Ordinal))
                {
                    Assert.True(actual.TryGetInt64(out _), $"{where}: {path} is {actual.GetRawText()} but the service sent an integer.");
                }

                break;
            case JsonValueKind.String:
                var recordedText = recorded.GetString()!;
                var actualText = actual.GetString()!;
                if (IdForm(recordedText) is { } form)
                {
                    Assert.True(IdForm(actualText) == form,
                        $"{where}: {path} is '{actualText}' but the service sent an id like '{recordedText}'.");
                    ids.TryAdd(recordedText, actualText);
                }

                break;
        }
    }

    private static List<(string Name, string Data)> ParseEvents(string sse)
    {
        var events = new List<(string Name, string Data)>();
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            var name = lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..];
            var data = lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
            events.Add((name, data));
        }

        return events;
    }

    /// <summary>Keeps the first of each run of same-named events: the number of deltas depends on the text.</summary>
    private static List<(string Name, string Data)> Collapse(List<(string Name, string Data)> events) =>
        events.Where((e, i) => i == 0 || events[i - 1].Name != e.Name).ToList();

    private static string Kind(JsonElement element) => element.ValueKind is JsonValueKind.True or JsonValueKind.False ? "boolean" : element.ValueKind.ToString();

    private static string Swap(string text, Dictionary<string, string> ids)
    {
        foreach (var (recorded, emulated) in ids)
        {
            text = text.Replace(recorded, emulated, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The kind of id a string is (its prefix and the form of the rest), or null if it is no id.</summary>
    private static string? IdForm(string text) =>
        AssistantsId().Match(text) is { Success: true } assistants ? assistants.Groups[1].Value + "_24"
        : ResponsesId().Match(text) is { Success: true } responses ? responses.Groups[1].Value + "_hex50"
        : ChatId().IsMatch(text) ? "chatcmpl"
        : null;

    [GeneratedRegex("^(asst|thread|msg|run|call|step)_[A-Za-z0-9]{24}$")]
    private static partial Regex AssistantsId();

    [GeneratedRegex("^(resp|msg|fc)_[0-9a-f]{50}$")]
    private static partial Regex ResponsesId();

    [GeneratedRegex("^chatcmpl-[A-Za-z0-9]{29}$")]
    private static partial Regex ChatId();
}
