using System.Text.Json.Nodes;

namespace ToolGen.OpenAI.Tests.Replay;

/// <summary>JSON helpers for comparing what a runner sent with what the official SDK's tests sent in a recording.</summary>
internal static class ReplayJson
{
    /// <summary>A copy of <paramref name="node"/> without properties whose value is <c>null</c>: the SDK writes some
    /// absent values as <c>null</c> and the recorded requests leave them out; both mean the same to the API.</summary>
    public static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        JsonArray a => new JsonArray(a.Select(WithoutNulls).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary>Asserts that two JSON values are equal once null-valued properties are dropped.</summary>
    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        var e = WithoutNulls(expected);
        var a = WithoutNulls(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"expected {e?.ToJsonString()}\nactual   {a?.ToJsonString()}");
    }

    /// <summary>The request bodies of the recording's entries with <paramref name="key"/> (<c>"POST /v1/…"</c>).</summary>
    public static JsonObject[] RecordedRequests(string recordingPath, string key)
        => ReplayServer.RecordedEntry.Load(recordingPath).Where(e => e.Key == key)
            .Select(e => JsonNode.Parse(e.RequestBody!)!.AsObject()).ToArray();

    /// <summary>The response bodies of the recording's entries with <paramref name="key"/>.</summary>
    public static JsonObject[] RecordedResponses(string recordingPath, string key)
        => ReplayServer.RecordedEntry.Load(recordingPath).Where(e => e.Key == key)
            .Select(e => JsonNode.Parse(e.ResponseBody)!.AsObject()).ToArray();
}
