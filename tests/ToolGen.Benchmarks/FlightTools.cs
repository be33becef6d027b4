using System.ComponentModel;
using System.Text.Json.Serialization;
using ToolGen;

namespace ToolGen.Benchmarks;

/// <summary>Cabin classes a flight search accepts.</summary>
public enum CabinClass
{
    /// <summary>Economy.</summary>
    Economy,

    /// <summary>Business.</summary>
    Business,

    /// <summary>First.</summary>
    First,
}

/// <summary>A tool with the argument mix a real tool has: strings, a date, an optional number and an enum.</summary>
public static partial class FlightTools
{
    /// <summary>Searches flights between two airports.</summary>
    /// <param name="from">IATA code of the departure airport.</param>
    /// <param name="to">IATA code of the arrival airport.</param>
    /// <param name="departure">Departure date and time.</param>
    /// <param name="passengers">How many seats.</param>
    /// <param name="cabin">The cabin class.</param>
    [AssistantTool]
    [Description("Searches flights between two airports.")]
    public static string SearchFlights(string from, string to, DateTimeOffset departure, int passengers = 1, CabinClass cabin = CabinClass.Economy)
        => Describe(from, to, departure, passengers, cabin);

    /// <summary>The one body every way of calling the tool ends in, so only the binding differs.</summary>
    public static string Describe(string from, string to, DateTimeOffset departure, int passengers, CabinClass cabin)
        => from.Length + to.Length + passengers + (int)cabin + departure.Day > 0 ? "3 flights found" : "none";
}

/// <summary>The arguments as a DTO, for the hand-written System.Text.Json baseline.</summary>
public sealed record SearchFlightsArguments(
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("departure")] DateTimeOffset Departure,
    [property: JsonPropertyName("passengers")] int? Passengers,
    [property: JsonPropertyName("cabin")] CabinClass? Cabin);

[JsonSerializable(typeof(SearchFlightsArguments))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
