using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace ToolGen.ModelContextProtocol.Tests;

public sealed class ServicesTests
{
    [Fact]
    public async Task A_tools_host_supplied_parameter_comes_from_the_servers_services_and_stays_out_of_the_schema()
    {
        var roster = new HarbourRoster(new Dictionary<string, string> { ["Porthallow"] = "Morwenna" });
        await using var connection = await McpConnection.StartAsync(
            HarbourRosterTools.AssistantTools, services => services.AddSingleton(roster));
        using var patience = new CancellationTokenSource(McpConnection.Patience);

        var listed = Assert.Single(await connection.Client.ListToolsAsync(cancellationToken: patience.Token));
        var properties = listed.ProtocolTool.InputSchema.GetProperty("properties");
        Assert.Equal(["harbour"], properties.EnumerateObject().Select(p => p.Name));

        var result = await connection.Client.CallToolAsync(
            "who_is_on_watch", new Dictionary<string, object?> { ["harbour"] = "Porthallow" }, cancellationToken: patience.Token);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(roster.OnDuty("Porthallow"), Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task A_service_the_server_lacks_is_a_tool_failed_result_not_a_protocol_error()
    {
        await using var connection = await McpConnection.StartAsync(HarbourRosterTools.AssistantTools);
        using var patience = new CancellationTokenSource(McpConnection.Patience);

        var result = await connection.Client.CallToolAsync(
            "who_is_on_watch", new Dictionary<string, object?> { ["harbour"] = "Porthallow" }, cancellationToken: patience.Token);

        Assert.True(result.IsError);
        using var error = JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.Equal("tool_failed", error.RootElement.GetProperty("error").GetProperty("kind").GetString());
    }
}
