using Microsoft.Extensions.DependencyInjection;

namespace ToolGen.ModelContextProtocol.Tests;

/// <summary>Who keeps watch at each harbour: a service the MCP server's host registers.</summary>
public sealed class HarbourRoster(IReadOnlyDictionary<string, string> watchkeepers)
{
    public string OnDuty(string harbour) => watchkeepers.TryGetValue(harbour, out var name) ? name : "nobody";
}

/// <summary>A tool taking a host-supplied parameter: the server's services, never part of its schema.</summary>
public static partial class HarbourRosterTools
{
    /// <summary>Says who keeps watch at a harbour today.</summary>
    /// <param name="harbour">The harbour.</param>
    /// <param name="services">The host's services (not an argument the model gives).</param>
    [AssistantTool]
    public static string WhoIsOnWatch(string harbour, IServiceProvider services)
        => services.GetRequiredService<HarbourRoster>().OnDuty(harbour);
}
