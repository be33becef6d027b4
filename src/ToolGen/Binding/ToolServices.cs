using System.ComponentModel;

namespace ToolGen.Binding;

/// <summary>Resolves the parameters a tool takes from the host rather than the model, for generated dispatchers.
/// Not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ToolServices
{
    /// <summary>The service of type <typeparamref name="T"/>, or <see langword="null"/> when there is no provider
    /// or it has none.</summary>
    /// <typeparam name="T">The service type.</typeparam>
    /// <param name="services">The host's provider, or <see langword="null"/>.</param>
    /// <returns>The service or <see langword="null"/>.</returns>
    public static T? Get<T>(IServiceProvider? services)
        where T : class
        => services?.GetService(typeof(T)) as T;

    /// <summary>The <c>tool_failed</c> result of a call whose tool needs a service the host did not provide. The
    /// message names the service, since the fix is in the host's configuration, not in the model's call.</summary>
    /// <param name="call">The call.</param>
    /// <param name="service">The service's type name as the tool's author wrote it.</param>
    /// <returns>The error result.</returns>
    public static ToolResult Missing(ToolCall call, string service) => ToolResult.Failure(call.Id, new ToolError(
        ToolErrorKind.ToolFailed, call.Name, $"The tool cannot run: the host provides no service '{service}'."));
}
