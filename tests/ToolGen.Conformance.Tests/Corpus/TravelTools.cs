using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ToolGen.Conformance.Corpus;

/// <summary>A cabin class.</summary>
public enum CabinClass
{
    Economy,
    [JsonStringEnumMemberName("premium-economy")]
    PremiumEconomy,
    Business,
    First,
}

/// <summary>How to travel on the ground.</summary>
public enum TravelMode
{
    Walking,
    Driving,
    Transit,
}

/// <summary>A flight found by a search.</summary>
public sealed record FlightOffer(string Number, DateTimeOffset Departs, DateTimeOffset Arrives, decimal Price, CabinClass Cabin);

/// <summary>A hotel booking request.</summary>
/// <param name="hotelId">The hotel, as returned by a search.</param>
/// <param name="checkIn">The arrival date.</param>
/// <param name="nights">How many nights.</param>
public sealed class HotelRequest(string hotelId, DateOnly checkIn, [Range(1, 30)] int nights)
{
    public string HotelId { get; } = hotelId;

    public DateOnly CheckIn { get; } = checkIn;

    public int Nights { get; } = nights;

    [Range(1, 8)]
    public int Guests { get; init; } = 2;

    public IReadOnlyList<string>? Requests { get; init; }
}

/// <summary>A confirmed hotel stay.</summary>
public sealed record HotelBooking(string Reference, DateOnly CheckIn, TimeSpan Stay, decimal Total);

/// <summary>When a venue is open.</summary>
public sealed record OpeningHours(TimeOnly Opens, TimeOnly Closes, bool ClosedToday);

/// <summary>How one leg of a trip is travelled.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "mode")]
[JsonDerivedType(typeof(FlightLeg), "flight")]
[JsonDerivedType(typeof(TrainLeg), "train")]
public abstract record Transport;

/// <summary>A flight.</summary>
public sealed record FlightLeg([RegularExpression("[A-Z0-9]{2}[0-9]{1,4}")] string FlightNumber) : Transport;

/// <summary>A train.</summary>
public sealed record TrainLeg(string Operator, [Range(1, 20)] int? Car = null) : Transport;

/// <summary>One leg of a trip.</summary>
public sealed record Leg(string From, string To, DateTimeOffset Departs, Transport Transport)
{
    [Description("Waiting time before the next leg.")]
    public TimeSpan? Layover { get; init; }
}

/// <summary>A trip of several legs.</summary>
public sealed record TripPlan([Length(1, 6)] IReadOnlyList<Leg> Legs, string Traveller)
{
    public required TripPurpose Purpose { get; init; }
}

/// <summary>Why someone travels.</summary>
public enum TripPurpose
{
    Business,
    Leisure,
}

public static partial class TravelTools
{
    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Searches flights between two airports.")]
    public static IReadOnlyList<FlightOffer> SearchFlights(
        [Description("IATA code of the departure airport.")][RegularExpression("[A-Z]{3}")] string from,
        [Description("IATA code of the arrival airport.")][RegularExpression("[A-Z]{3}")] string to,
        DateOnly departure,
        DateOnly? returnDate = null,
        [Range(1, 9)] int passengers = 1,
        CabinClass cabin = CabinClass.Economy)
    {
        Received.Record(from, to, departure, returnDate, passengers, cabin);
        return [];
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Books a hotel.")]
    public static ValueTask<HotelBooking> BookHotelAsync(HotelRequest request, CancellationToken cancellationToken)
    {
        Received.Record(request);
        return ValueTask.FromResult(new HotelBooking("H-1", request.CheckIn, TimeSpan.FromDays(request.Nights), 120m));
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Gets a venue's opening hours on a date.")]
    public static OpeningHours GetOpeningHours(string venue, DateOnly date)
    {
        Received.Record(venue, date);
        return new OpeningHours(new TimeOnly(9, 0), new TimeOnly(17, 30), false);
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Converts an amount between currencies.")]
    public static decimal ConvertCurrency(decimal amount, [RegularExpression("[A-Z]{3}")] string from, [RegularExpression("[A-Z]{3}")] string to)
    {
        Received.Record(amount, from, to);
        return amount;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Checks a trip plan for impossible connections.")]
    public static IReadOnlyList<string> PlanTrip(TripPlan plan)
    {
        Received.Record(plan);
        return [];
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Estimates the travel time between two points.")]
    public static TimeSpan EstimateTravelTime(GeoPoint from, GeoPoint to, TravelMode mode = TravelMode.Transit)
    {
        Received.Record(from, to, mode);
        return TimeSpan.FromMinutes(42);
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Checks in for a flight.")]
    public static string CheckIn(
        [RegularExpression("[A-Z0-9]{6}")] string bookingReference,
        [Description("Preferred seat letter.")] char? seatLetter,
        [Description("Frequent-flyer number.")] UInt128 loyaltyNumber,
        Int128 bagTag = default)
    {
        Received.Record(bookingReference, seatLetter, loyaltyNumber, bagTag);
        return "ok";
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Lists the visa rules for a passport, by destination country.")]
    public static IReadOnlyDictionary<string, string> GetVisaRules([RegularExpression("[A-Z]{2}")] string passport, ISet<string>? destinations = null)
    {
        Received.Record(passport, destinations);
        return new Dictionary<string, string> { ["NO"] = "visa-free" };
    }
}
