using System.Collections.Immutable;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ToolGen.Conformance.Corpus;

/// <summary>Whether an attendee must come.</summary>
public enum Attendance
{
    Required,
    Optional,
}

/// <summary>Someone invited to an event.</summary>
/// <param name="Email">The attendee's address.</param>
/// <param name="Attendance">Whether they must come.</param>
public sealed record Attendee([EmailAddress] string Email, Attendance Attendance = Attendance.Required);

/// <summary>A reminder before an event.</summary>
public sealed class Reminder
{
    [Description("How long before the start.")]
    public TimeSpan Before { get; set; } = TimeSpan.FromMinutes(15);

    public bool ByEmail { get; set; }
}

/// <summary>A new calendar event.</summary>
public sealed class CalendarEvent
{
    [StringLength(120, MinimumLength = 1)]
    public required string Title { get; init; }

    public required DateTimeOffset Start { get; init; }

    [Description("How long it lasts.")]
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(1);

    public List<Attendee> Attendees { get; init; } = [];

    [MaxLength(5)]
    public HashSet<string> Tags { get; init; } = [];

    public Reminder? Reminder { get; init; }

    [JsonIgnore]
    public string CreatedBy { get; set; } = "assistant";
}

/// <summary>One event in a day's list.</summary>
public sealed record EventSummary(Guid Id, string Title, TimeOnly Start, TimeOnly End);

public static partial class CalendarTools
{
    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Creates a calendar event.")]
    public static Guid CreateEvent(CalendarEvent @event)
    {
        Received.Record(@event);
        return new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Finds free slots of at least the given length between two dates.")]
    public static IReadOnlyCollection<DateTimeOffset> FindFreeSlots(
        DateOnly from,
        DateOnly to,
        [Range(typeof(TimeSpan), "00:15:00", "08:00:00")] TimeSpan duration,
        IReadOnlyList<Guid>? calendarIds = null)
    {
        Received.Record(from, to, duration, calendarIds);
        return [new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.FromHours(2))];
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Cancels an event.")]
    public static void CancelEvent(Guid eventId, bool notifyAttendees = true, [StringLength(200, MinimumLength = 3)] string? reason = null)
        => Received.Record(eventId, notifyAttendees, reason);

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Moves an event to a new start time.")]
    public static Task RescheduleEventAsync(Guid eventId, DateTime newStart, TimeSpan? newDuration = null)
    {
        Received.Record(eventId, newStart, newDuration);
        return Task.CompletedTask;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Lists the events of one day.")]
    public static ImmutableArray<EventSummary> ListEvents(DateOnly day, TimeOnly? from = null, TimeOnly? to = null, [Range(1, 100)] int limit = 20)
    {
        Received.Record(day, from, to, limit);
        return [new EventSummary(Guid.Empty, "Stand-up", new TimeOnly(9, 0), new TimeOnly(9, 15))];
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Sets the working hours shown to others.")]
    public static string SetWorkingHours(Weekdays days, TimeOnly start, TimeOnly end, string timeZone = "UTC")
    {
        Received.Record(days, start, end, timeZone);
        return "ok";
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Adds attendees to an event.")]
    public static int AddAttendees(Guid eventId, IReadOnlySet<string> emails, ImmutableArray<Attendance> attendance)
    {
        Received.Record(eventId, emails, attendance);
        return emails.Count;
    }
}
