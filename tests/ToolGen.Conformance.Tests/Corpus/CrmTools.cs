using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ToolGen.Conformance.Corpus;

/// <summary>Where a contact is in the sales funnel.</summary>
public enum ContactStage
{
    Lead,
    Prospect,
    Customer,
    Churned,
}

/// <summary>A person in the CRM.</summary>
public sealed class Contact
{
    [JsonPropertyName("full_name")]
    [StringLength(80, MinimumLength = 1)]
    public string Name { get; set; } = "";

    [JsonRequired]
    [EmailAddress]
    public string Email { get; set; } = "";

    public string? Company { get; set; }

    public string? PhoneNumber { get; set; }

    public ContactStage Stage { get; set; } = ContactStage.Lead;

    public DateOnly? Birthday { get; set; }

    public Uri? Website { get; set; }

    public List<string>? Notes { get; set; }

    [JsonIgnore]
    public int InternalScore { get; set; }
}

/// <summary>An amount of money.</summary>
public readonly struct Money
{
    /// <summary>Creates an amount.</summary>
    [JsonConstructor]
    public Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    [Range(0.0, 1000000000.0)]
    public decimal Amount { get; }

    [RegularExpression("[A-Z]{3}")]
    public string Currency { get; }
}

/// <summary>A change to a deal.</summary>
public sealed record DealUpdate
{
    public Money? Value { get; init; }

    public ContactStage? Stage { get; init; }

    public DateOnly? CloseBy { get; init; }

    [Range(0, 100)]
    public byte? Probability { get; init; }
}

/// <summary>Something that happened with a contact: a call or a meeting.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(Call), "call")]
[JsonDerivedType(typeof(Meeting), "meeting")]
public abstract class Interaction
{
    public required DateTimeOffset At { get; init; }

    [MaxLength(1000)]
    public string? Summary { get; init; }
}

/// <summary>A phone call.</summary>
public sealed class Call : Interaction
{
    public TimeSpan Length { get; init; }

    public bool Inbound { get; init; }
}

/// <summary>A meeting.</summary>
public sealed class Meeting : Interaction
{
    public string? Place { get; init; }

    public IReadOnlyList<Attendee> Attendees { get; init; } = [];
}

/// <summary>CRM tools; instance methods, created by the host.</summary>
public sealed partial class CrmTools
{
    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Creates a contact.")]
    public Guid CreateContact(Contact contact)
    {
        Received.Record(contact);
        return Guid.Empty;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Finds contacts; every filter is optional.")]
    public IReadOnlyList<Contact> FindContacts(string? name = null, string? company = null, [EmailAddress] string? email = null, IReadOnlyCollection<ContactStage>? stages = null)
    {
        Received.Record(name, company, email, stages);
        return [];
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Logs a call or a meeting with a contact.")]
    public Task<Guid> LogInteractionAsync(Guid contactId, Interaction interaction, IServiceProvider services, CancellationToken cancellationToken)
    {
        Received.Record(contactId, interaction);
        return Task.FromResult(Guid.Empty);
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Updates a deal.")]
    public DealUpdate UpdateDeal(Guid dealId, DealUpdate update)
    {
        Received.Record(dealId, update);
        return update;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Merges duplicate contacts into one.")]
    public Guid MergeContacts([Length(2, 5)] List<Guid> ids, Guid keep)
    {
        Received.Record(ids, keep);
        return keep;
    }

    [AssistantTool(Strict = false)]
    [Description("Sets custom fields of a contact.")]
    public int SetCustomFields(Guid contactId, IDictionary<string, JsonElement>? fields = null)
    {
        Received.Record(contactId, fields);
        return fields?.Count ?? 0;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Scores a lead.")]
    public float ScoreLead(Guid contactId, [Range(0f, 1f)] float weight, [AllowedValues(0.25, 0.5, 1.0)] float? factor = null)
    {
        Received.Record(contactId, weight, factor);
        return weight;
    }
}
