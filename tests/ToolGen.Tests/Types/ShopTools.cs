using System.Collections.Immutable;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ToolGen.Tests.Types;

/// <summary>A postal address.</summary>
/// <param name="Street">Street and number.</param>
/// <param name="PostalCode">The postal code.</param>
/// <param name="Country">ISO 3166 country code.</param>
public sealed record PostalAddress(string Street, [RegularExpression("[0-9]{4,5}")] string PostalCode, string Country = "NO");

/// <summary>One line of an order.</summary>
public sealed record OrderLine(string Sku, [Range(1, 100)] int Quantity)
{
    /// <summary>A note for the packer.</summary>
    public string? Note { get; init; }
}

public enum Priority
{
    Low,
    Normal,
    [JsonStringEnumMemberName("rush")]
    High,
}

[Flags]
public enum Weekdays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
}

/// <summary>An order as the shop stores it.</summary>
public sealed class OrderRequest
{
    public required IReadOnlyList<OrderLine> Lines { get; init; }

    public required PostalAddress ShipTo { get; init; }

    [JsonPropertyName("prio")]
    public Priority Priority { get; set; } = Priority.Normal;

    [MinLength(1)]
    [MaxLength(3)]
    public HashSet<string> Tags { get; set; } = [];

    public Dictionary<string, string>? CustomFields { get; set; }

    [JsonIgnore]
    public string Secret { get; set; } = "kept";

    public DateOnly? DeliverOn { get; init; }
}

public sealed record HotelBooking(string Reference, DateOnly CheckIn, TimeOnly ArrivalTime, TimeSpan Stay, decimal Total)
{
    public IReadOnlyDictionary<string, int> Rooms { get; init; } = new Dictionary<string, int>();

    public Weekdays Cleaning { get; init; }

    public Priority? Priority { get; init; }

    public ImmutableArray<string> Notes { get; init; } = [];
}

/// <summary>A folder tree, which refers to itself.</summary>
public sealed class Folder
{
    public string Name { get; set; } = "";

    public List<Folder> Children { get; set; } = [];
}

public interface IClock
{
    DateOnly Today { get; }
}

public sealed class FixedClock(DateOnly today) : IClock
{
    public DateOnly Today => today;
}

/// <summary>Tools with the signatures real assistants have.</summary>
public partial class ShopTools
{
    public object? Last { get; private set; }

    public int Calls { get; private set; }

    private T Record<T>(T result, object? received)
    {
        Calls++;
        Last = received;
        return result;
    }

    /// <summary>Places an order.</summary>
    /// <param name="order">The order.</param>
    /// <returns>The order number.</returns>
    [AssistantTool(Strict = false)]
    public string PlaceOrder(OrderRequest order) => Record("A-1", order);

    [AssistantTool]
    public ValueTask<HotelBooking> BookHotel(string city, DateOnly checkIn, TimeOnly arrival, TimeSpan stay, Weekdays cleaning = Weekdays.None)
        => new(Record(
            new HotelBooking("H-" + city, checkIn, arrival, stay, 120.5m)
            {
                Rooms = new Dictionary<string, int> { ["double"] = 1 },
                Cleaning = cleaning,
                Notes = ["quiet"],
            },
            (checkIn, arrival, stay, cleaning)));

    [AssistantTool]
    public int CountFolders(Folder root) => Record(Count(root), root);

    [AssistantTool]
    public string Deliver(PostalAddress address, IEnumerable<OrderLine> lines, ISet<char> codes, Priority priority = Priority.High)
        => Record("ok", (address, lines.ToList(), codes, priority));

    [AssistantTool]
    public string Validate(
        [Range(1, 14)] int days,
        [StringLength(5, MinimumLength = 2)] string code,
        [EmailAddress] string email,
        [Url] string? homepage = null,
        [AllowedValues("eu", "us")] string region = "eu",
        [DeniedValues("root")] string user = "guest",
        [Base64String] string? payload = null,
        [Length(1, 2)] int[]? picks = null)
        => Record("valid", (days, code, email, homepage, region, user, payload, picks));

    [AssistantTool(Strict = false)]
    public JsonElement Echo(JsonElement anything, Half half, Int128 big) => Record(anything, (half, big));

    [AssistantTool]
    public string Today([FromServices] IClock clock, IServiceProvider services, string? label = null, CancellationToken cancellationToken = default)
        => Record(clock.Today.ToString("O") + (label ?? ""), services);

    [AssistantTool]
    public string MaybeClock([FromServices] IClock? clock = null) => Record(clock is null ? "none" : "some", clock);

    private static int Count(Folder folder) => 1 + folder.Children.Sum(Count);
}

/// <summary>Stands in for ASP.NET Core's attribute: ToolGen matches [FromServices] by name.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromServicesAttribute : Attribute;

/// <summary>Instance tools whose class takes a service, creatable from a provider.</summary>
public sealed partial class CalendarTools(IClock clock)
{
    [AssistantTool]
    public string DaysUntil(DateOnly date) => (date.DayNumber - clock.Today.DayNumber).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
