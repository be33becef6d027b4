extern alias loose;

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ToolGen.Conformance.Corpus;
using Loose = loose::ToolGen.Conformance.Corpus;

namespace ToolGen.Conformance.Tests;

/// <summary>One corpus tool: its strict-build definition and dispatcher, the non-strict schema the generator writes
/// for the same method (from the CORPUS_LOOSE build), and the method itself.</summary>
public sealed record CorpusTool(ToolDefinition Definition, ToolSet Tools, JsonObject LooseSchema, MethodInfo Method)
{
    public string Name => Definition.Name;

    /// <summary>The parameters the schema describes, in declaration order: what the tool hands to
    /// <see cref="Received.Record"/>.</summary>
    public IReadOnlyList<ParameterInfo> SchemaParameters => Method.GetParameters().Where(p => LooseSchema["properties"]!.AsObject().ContainsKey(p.Name!)).ToArray();

    public override string ToString() => Name;
}

/// <summary>The corpus: every tool of the six assistant classes.</summary>
public static class CorpusTools
{
    private static readonly IServiceProvider s_services = new HostServices();

    public static IReadOnlyList<CorpusTool> All { get; } = Load();

    /// <summary>The host's services: what <c>[FromServices]</c>, <c>[FromKeyedServices]</c> and <c>IServiceProvider</c> parameters receive.</summary>
    public static IServiceProvider Services => s_services;

    public static CorpusTool Get(string name) => All.Single(t => t.Name == name);

    private static List<CorpusTool> Load()
    {
        (Type Type, ToolSet Strict, ToolSet Loose)[] classes =
        [
            (typeof(WeatherTools), WeatherTools.AssistantTools, Loose.WeatherTools.AssistantTools),
            (typeof(CalendarTools), CalendarTools.AssistantTools, Loose.CalendarTools.AssistantTools),
            (typeof(ShopTools), ShopTools.AssistantTools, Loose.ShopTools.AssistantTools),
            (typeof(FileTools), FileTools.AssistantTools, Loose.FileTools.AssistantTools),
            (typeof(CrmTools), new CrmTools().AssistantTools, new Loose.CrmTools().AssistantTools),
            (typeof(TravelTools), TravelTools.AssistantTools, Loose.TravelTools.AssistantTools),
        ];
        var tools = new List<CorpusTool>();
        foreach (var (type, strict, looseSet) in classes)
        {
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.GetCustomAttribute<AssistantToolAttribute>() is not null)
                .ToDictionary(m => JsonNamingPolicy.SnakeCaseLower.ConvertName(m.Name.EndsWith("Async", StringComparison.Ordinal) ? m.Name[..^5] : m.Name));
            foreach (var definition in strict.Definitions)
            {
                var looseDefinition = looseSet.Definitions.Single(d => d.Name == definition.Name);
                Assert.False(looseDefinition.Strict);
                tools.Add(new CorpusTool(definition, strict, JsonNode.Parse(looseDefinition.ParametersSchemaJson)!.AsObject(), methods[definition.Name]));
            }

            Assert.Equal(methods.Count, strict.Definitions.Count);
        }

        return tools;
    }

    // One unkeyed forecast source and one keyed "marine"; nothing under any other key.
    private sealed class HostServices : IKeyedServiceProvider
    {
        private readonly Source _source = new("station");
        private readonly Source _marine = new("marine");

        public object? GetService(Type serviceType)
            => serviceType == typeof(IForecastSource) ? _source : serviceType == typeof(IServiceProvider) ? this : null;

        public object? GetKeyedService(Type serviceType, object? serviceKey)
            => serviceType == typeof(IForecastSource) && Equals(serviceKey, "marine") ? _marine : null;

        public object GetRequiredKeyedService(Type serviceType, object? serviceKey)
            => GetKeyedService(serviceType, serviceKey) ?? throw new InvalidOperationException($"No {serviceType} under the key {serviceKey}.");

        private sealed class Source(string name) : IForecastSource
        {
            public string Name => name;
        }
    }
}
