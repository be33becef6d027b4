using System.Text.Json;
using ToolGen;

namespace FetchUrlAssistant.Tests;

/// <summary>Calls the fetch tool the way the sample does: through the guarded handler, with one origin allowed.</summary>
internal static class Fetching
{
    public static async Task<ToolResult> FetchAsync(Uri origin, Uri url, FetchLimits? limits = null)
    {
        var policy = new PublicAddressPolicy([origin]);
        using var http = new HttpClient(policy.CreateHandler());
        return await new WebPageTools(http, policy, limits).AssistantTools.WithExceptionMessages()
            .InvokeAsync(new ToolCall("call_1", "fetch_url", JsonSerializer.Serialize(new { url = url.AbsoluteUri })));
    }

    /// <summary>The envelope's fields, parsed.</summary>
    public static Dictionary<string, JsonElement> Envelope(ToolResult result)
    {
        Assert.False(result.IsError, result.Output);
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }
}
