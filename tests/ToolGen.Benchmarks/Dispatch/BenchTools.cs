using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ToolGen.Benchmarks.Dispatch;

/// <summary>A temperature unit.</summary>
public enum TempUnit
{
    /// <summary>Degrees Celsius.</summary>
    Celsius,

    /// <summary>Degrees Fahrenheit.</summary>
    Fahrenheit,
}

/// <summary>One line of an order.</summary>
/// <param name="Sku">The article number.</param>
/// <param name="Quantity">How many.</param>
/// <param name="UnitPrice">Price of one, in euros.</param>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

/// <summary>Where an order goes.</summary>
/// <param name="Street">Street and number.</param>
/// <param name="City">The city.</param>
/// <param name="PostalCode">The postal code.</param>
/// <param name="Country">ISO 3166 country code.</param>
public sealed record PostalAddress(string Street, string City, string PostalCode, string Country);

/// <summary>An order: who, what, where to.</summary>
/// <param name="Customer">The customer's name.</param>
/// <param name="Lines">The ordered articles.</param>
/// <param name="ShipTo">The delivery address.</param>
public sealed record Order(string Customer, IReadOnlyList<OrderLine> Lines, PostalAddress ShipTo);

/// <summary>
/// The three tools every dispatch benchmark calls: a primitive one, one taking a record with a nested list of records,
/// and one without arguments. Each binding (ToolGen, Microsoft.Extensions.AI, hand-written) ends in the same method, so
/// only the binding differs; each output is computed from the arguments, so a binding that dropped one would be caught
/// by the setup check.
/// </summary>
public static partial class BenchTools
{
    /// <summary>The arguments the benchmarks send to <c>get_weather</c>.</summary>
    public const string WeatherArguments = """{"city":"Oslo","days":3,"unit":"Fahrenheit"}""";

    /// <summary>The arguments the benchmarks send to <c>place_order</c>: three lines and an address.</summary>
    public const string OrderArguments = """
        {"order":{"customer":"Ada Lovelace",
          "lines":[{"sku":"LAMP-01","quantity":2,"unitPrice":49.5},{"sku":"BULB-60W","quantity":6,"unitPrice":3.25},
                   {"sku":"CORD-3M","quantity":1,"unitPrice":12}],
          "shipTo":{"street":"1 Harbour Road","city":"Bergen","postalCode":"5003","country":"NO"}}}
        """;

    /// <summary>The arguments the benchmarks send to <c>get_time</c>.</summary>
    public const string NoArguments = "{}";

    /// <summary>What <c>get_weather</c> answers for <see cref="WeatherArguments"/>.</summary>
    public const string WeatherOutput = "Oslo: 3 days in Fahrenheit";

    /// <summary>What <c>place_order</c> answers for <see cref="OrderArguments"/>.</summary>
    public const string OrderOutput = "Ada Lovelace: 3 lines, 130.50 EUR to Bergen";

    /// <summary>What <c>get_time</c> answers.</summary>
    public const string TimeOutput = "12:00 UTC";

    /// <summary>Gets the weather forecast for a city.</summary>
    /// <param name="city">The city's name.</param>
    /// <param name="days">How many days ahead.</param>
    /// <param name="unit">The temperature unit.</param>
    /// <returns>The forecast.</returns>
    [AssistantTool]
    public static string GetWeather(string city, int days, TempUnit unit)
        => string.Create(CultureInfo.InvariantCulture, $"{city}: {days} days in {unit}");

    /// <summary>Places an order.</summary>
    /// <param name="order">The order.</param>
    /// <returns>A confirmation.</returns>
    [AssistantTool]
    public static string PlaceOrder(Order order)
    {
        var total = 0m;
        foreach (var line in order.Lines)
        {
            total += line.Quantity * line.UnitPrice;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{order.Customer}: {order.Lines.Count} lines, {total:0.00} EUR to {order.ShipTo.City}");
    }

    /// <summary>Gets the current time.</summary>
    /// <returns>The time.</returns>
    [AssistantTool]
    public static string GetTime() => TimeOutput;
}

/// <summary>The arguments of <c>place_order</c> as a DTO, for the System.Text.Json source-generated floor.</summary>
/// <param name="Order">The order.</param>
public sealed record PlaceOrderArguments(Order Order);

[JsonSerializable(typeof(PlaceOrderArguments))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, RespectRequiredConstructorParameters = true)]
internal sealed partial class FloorJsonContext : JsonSerializerContext;
