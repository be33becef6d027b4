using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ToolGen.Conformance.Corpus;

/// <summary>A temperature unit.</summary>
public enum TemperatureUnit
{
    Celsius,
    Fahrenheit,
    [JsonStringEnumMemberName("K")]
    Kelvin,
}

/// <summary>How severe a weather alert is.</summary>
public enum AlertLevel
{
    Advisory,
    Watch,
    Warning,
}

/// <summary>Days of the week, combinable.</summary>
[Flags]
public enum Weekdays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
}

/// <summary>A point on Earth.</summary>
public readonly record struct GeoPoint(
    [property: Description("Latitude in degrees.")][Range(-90.0, 90.0)] double Latitude,
    [property: Description("Longitude in degrees.")][Range(-180.0, 180.0)] double Longitude);

/// <summary>One day of a forecast.</summary>
public sealed record DayForecast(DateOnly Date, double High, double Low, [property: Description("Chance of rain, 0 to 1.")] Half? RainChance);

/// <summary>A measured observation from a weather station.</summary>
public sealed class Observation
{
    /// <summary>When it was measured.</summary>
    public required DateTimeOffset TakenAt { get; init; }

    [Description("Air temperature in degrees Celsius.")]
    public Half Temperature { get; init; }

    [Description("Trend since the last observation: +, - or =.")]
    [AllowedValues('+', '-', '=')]
    public char Trend { get; init; } = '=';

    [Description("The station's 128-bit serial number.")]
    public Int128? StationSerial { get; init; }

    [Range(0, 100)]
    public int? Humidity { get; set; }
}

/// <summary>Sunrise, sunset and the length of the day.</summary>
public sealed record SunTimes(TimeOnly Rise, TimeOnly Set, TimeSpan Daylight);

/// <summary>Current conditions at a place.</summary>
public sealed record Conditions(double Temperature, string Summary, string Source);

public static partial class WeatherTools
{
    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Gets the daily forecast for a city.")]
    public static Task<IReadOnlyList<DayForecast>> GetForecastAsync(
        [Description("The city name, e.g. Paris.")] string city,
        [Description("How many days ahead.")][Range(1, 14)] int days = 3,
        TemperatureUnit unit = TemperatureUnit.Celsius,
        CancellationToken cancellationToken = default)
    {
        Received.Record(city, days, unit);
        IReadOnlyList<DayForecast> forecast = [new DayForecast(new DateOnly(2026, 5, 1), 18.5, 9, (Half)0.25)];
        return Task.FromResult(forecast);
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Gets the current conditions at a location.")]
    public static Conditions GetCurrentConditions(GeoPoint location, [FromServices] IForecastSource source)
    {
        Received.Record(location);
        return new Conditions(12.5, "Cloudy", source.Name);
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Gets the marine forecast for a coastal station from the marine forecast source.")]
    public static Conditions GetMarineConditions(
        [Description("The coastal station's code.")][RegularExpression("[A-Z]{4}")] string station,
        [FromKeyedServices("marine")] IForecastSource source,
        [FromKeyedServices("missing")] IForecastSource? fallback = null)
    {
        Received.Record(station);
        return new Conditions(9.5, fallback is null ? "Swell 2 m" : "Swell unknown", source.Name);
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Lists weather alerts for a region.")]
    public static string[] GetAlerts(string region, AlertLevel? minimumLevel = null, DateTimeOffset? since = null)
    {
        Received.Record(region, minimumLevel, since);
        return ["Gale warning"];
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Compares a few cities by one metric.")]
    public static Dictionary<string, double> CompareCities([MinLength(2)][MaxLength(5)] string[] cities, TemperatureUnit unit)
    {
        Received.Record(cities, unit);
        return cities.Distinct().ToDictionary(c => c, c => (double)c.Length);
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Gets sunrise and sunset for a date and place.")]
    public static SunTimes GetSunTimes(DateOnly date, GeoPoint location, TimeOnly? notBefore = null)
    {
        Received.Record(date, location, notBefore);
        return new SunTimes(new TimeOnly(5, 12), new TimeOnly(21, 40, 5), new TimeSpan(16, 28, 5));
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Records an observation from a weather station.")]
    public static Guid RecordObservation(Observation observation)
    {
        Received.Record(observation);
        return Guid.Empty;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Subscribes an address to severe-weather alerts.")]
    public static bool SubscribeAlerts(
        [EmailAddress] string email,
        [Description("Days to send alerts on.")] Weekdays days = Weekdays.Monday | Weekdays.Friday,
        [Url] string? webhook = null)
    {
        Received.Record(email, days, webhook);
        return true;
    }
}
