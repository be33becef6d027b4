using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ToolGen.Conformance.Corpus;

/// <summary>A postal address.</summary>
/// <param name="Street">Street and number.</param>
/// <param name="PostalCode">The postal code.</param>
/// <param name="Country">ISO 3166 country code.</param>
public sealed record PostalAddress(string Street, [RegularExpression("[0-9]{4,5}")] string PostalCode, string Country = "NO");

/// <summary>One line of an order.</summary>
public sealed record OrderLine([RegularExpression("[A-Z]{3}-[0-9]{4}")] string Sku, [Range(1, 100)] int Quantity)
{
    [Description("A note for the packer.")]
    [MaxLength(200)]
    public string? Note { get; init; }
}

/// <summary>How fast to ship.</summary>
public enum ShippingSpeed
{
    Standard,
    Express,
    [JsonStringEnumMemberName("same-day")]
    SameDay,
}

/// <summary>A product category, with sub-categories.</summary>
public sealed class CategoryNode
{
    public required string Name { get; init; }

    [Description("Sub-categories.")]
    public List<CategoryNode>? Children { get; init; }
}

/// <summary>What the shop confirms for an order.</summary>
public sealed record OrderReceipt(string Number, DateOnly ShipsOn, decimal Total, ShippingSpeed Speed);

/// <summary>A product in search results.</summary>
public sealed record Product(string Sku, string Name, decimal Price, IReadOnlyList<string> Tags);

/// <summary>A parcel to ship: a box or an envelope.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Box), "box")]
[JsonDerivedType(typeof(Envelope), "envelope")]
public abstract record Parcel
{
    [Description("Weight in grams.")]
    [Range(1, 30000)]
    public int Weight { get; init; }
}

/// <summary>A box, measured in centimetres.</summary>
public sealed record Box([Range(1, 200)] int Length, [Range(1, 200)] int Width, [Range(1, 200)] int Height) : Parcel;

/// <summary>A flat envelope.</summary>
public sealed record Envelope(bool Padded) : Parcel;

public static partial class ShopTools
{
    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Places an order.")]
    public static ValueTask<OrderReceipt> PlaceOrderAsync(
        [Description("What to ship.")][MinLength(1)] IReadOnlyList<OrderLine> lines,
        PostalAddress shipTo,
        PostalAddress? billTo = null,
        ShippingSpeed speed = ShippingSpeed.Standard)
    {
        Received.Record(lines, shipTo, billTo, speed);
        return ValueTask.FromResult(new OrderReceipt("O-1", new DateOnly(2026, 5, 2), 99.5m, speed));
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Searches the catalogue.")]
    public static List<Product> SearchProducts(
        [StringLength(100, MinimumLength = 2)] string query,
        [Range(0.0, 10000.0)] double? maxPrice = null,
        IEnumerable<string>? brands = null,
        [Range(1, 50)] int pageSize = 10)
    {
        Received.Record(query, maxPrice, brands, pageSize);
        return [new Product("ABC-0001", "Kettle", 39.9m, ["kitchen"])];
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Changes the stock of a product in one warehouse.")]
    public static int UpdateStock([RegularExpression("[A-Z]{3}-[0-9]{4}")] string sku, [Range(-1000, 1000)] int delta, ushort warehouse)
    {
        Received.Record(sku, delta, warehouse);
        return delta;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Applies a discount code.")]
    public static decimal ApplyDiscount(
        [RegularExpression("[A-Z0-9]{4,12}")] string code,
        [Range(0.0, 100.0, MinimumIsExclusive = true)] decimal percent)
    {
        Received.Record(code, percent);
        return percent;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Counts the categories of a category tree.")]
    public static int CountCategories(CategoryNode tree)
    {
        Received.Record(tree);
        return 1;
    }

    [AssistantTool(Strict = false)]
    [Description("Sets free-form attributes of a product.")]
    public static int SetProductAttributes([RegularExpression("[A-Z]{3}-[0-9]{4}")] string sku, Dictionary<string, string> attributes)
    {
        Received.Record(sku, attributes);
        return attributes.Count;
    }

    [AssistantTool(Strict = false)]
    [Description("Quotes a price for quantities per SKU.")]
    public static decimal PriceQuote(IReadOnlyDictionary<string, int> quantities, [AllowedValues("EUR", "USD", "NOK")] string currency = "EUR")
    {
        Received.Record(quantities, currency);
        return 10m;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Creates a shipment for a parcel.")]
    public static string CreateShipment(Parcel parcel, PostalAddress to)
    {
        Received.Record(parcel, to);
        return "S-1";
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Rates a product.")]
    public static void RateProduct([RegularExpression("[A-Z]{3}-[0-9]{4}")] string sku, [Range(1, 5)] byte stars, [MaxLength(500)] string? review = null)
        => Received.Record(sku, stars, review);

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Refunds part of an order.")]
    public static bool Refund(Guid orderId, [Range(typeof(decimal), "0.01", "10000")] decimal amount, [DeniedValues("none", "test")] string reason)
    {
        Received.Record(orderId, amount, reason);
        return true;
    }
}
