using System.Text.Json;

namespace ToolGen.Tests.Dispatch;

internal static class DispatchTestHelpers
{
    public static Task<ToolResult> Call(this ToolSet tools, string name, string arguments, CancellationToken cancellationToken = default)
        => tools.InvokeAsync(new ToolCall("call_1", name, arguments), cancellationToken).AsTask();

    /// <summary>The <c>error</c> object of an error output.</summary>
    public static JsonElement ErrorObject(this ToolResult result)
    {
        Assert.True(result.IsError, $"Expected an error, got {result.Output}");
        return JsonDocument.Parse(result.Output).RootElement.GetProperty("error");
    }

    public static string? Field(this JsonElement error, string name)
        => error.TryGetProperty(name, out var value) ? value.GetString() : null;
}
