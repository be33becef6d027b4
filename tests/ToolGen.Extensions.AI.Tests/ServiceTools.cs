using Microsoft.Extensions.DependencyInjection;

namespace ToolGen.Extensions.AI.Tests;

/// <summary>Tools taking services from the host, keyed and not.</summary>
public static partial class ServiceTools
{
    [AssistantTool]
    public static string Greet(string name, [FromKeyedServices("formal")] IGreeting greeting) => greeting.Greet(name);
}

public interface IGreeting
{
    string Greet(string name);
}

internal sealed class FormalGreeting : IGreeting
{
    public string Greet(string name) => "Good day, " + name + ".";
}

/// <summary>A provider holding one keyed service.</summary>
internal sealed class KeyedProvider(object key, object service) : IKeyedServiceProvider
{
    public object? GetService(Type serviceType) => null;

    public object? GetKeyedService(Type serviceType, object? serviceKey)
        => Equals(serviceKey, key) && serviceType.IsInstanceOfType(service) ? service : null;

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey)
        => GetKeyedService(serviceType, serviceKey) ?? throw new InvalidOperationException("No such service.");
}
