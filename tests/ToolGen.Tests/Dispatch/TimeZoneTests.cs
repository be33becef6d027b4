namespace ToolGen.Tests.Dispatch;

[CollectionDefinition(nameof(HostTimeZone), DisableParallelization = true)]
public sealed class HostTimeZone
{
}

/// <summary>Binding must not depend on the time zone of the host running the tools. These tests switch the process's
/// local time zone, so they run alone.</summary>
[Collection(nameof(HostTimeZone))]
public sealed class TimeZoneTests : IDisposable
{
    private readonly string? _savedZone = Environment.GetEnvironmentVariable("TZ");

    public TimeZoneTests()
    {
        Environment.SetEnvironmentVariable("TZ", "Asia/Tokyo");
        TimeZoneInfo.ClearCachedData();
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TZ", _savedZone);
        TimeZoneInfo.ClearCachedData();
    }

    [Fact]
    public async Task A_date_time_without_an_offset_is_UTC_for_DateTimeOffset_on_a_host_in_another_zone()
    {
        Assert.Equal(TimeSpan.FromHours(9), TimeZoneInfo.Local.BaseUtcOffset);
        var tools = new RecordingTools();
        await tools.AssistantTools.Call("formats", """
            {"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00+02:00","whenOffset":"2026-05-01T12:30:00",
             "link":"https://example.com/","mood":"Sad"}
            """);
        Assert.Equal(new DateTime(2026, 5, 1, 10, 30, 0, DateTimeKind.Utc), tools.Received[1]);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 12, 30, 0, TimeSpan.Zero), tools.Received[2]);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)tools.Received[2]!).Offset);
    }
}
