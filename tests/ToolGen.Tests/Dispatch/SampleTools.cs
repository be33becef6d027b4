using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ToolGen.Tests.Dispatch;

public enum Mood
{
    Happy,
    Sad,
    [JsonStringEnumMemberName("very-calm")]
    Calm,
}

public enum Casing
{
    Up,
    UP,
    Down,
}

/// <summary>Static tools, as a user would write them first.</summary>
public static partial class FoodTools
{
    public static int Calls;

    /// <summary>Gets the user's favorite food for a day of the week.</summary>
    /// <param name="day_of_week">The day of the week, e.g. Monday.</param>
    [AssistantTool]
    public static string GetFavoriteFoodForDayOfWeek(string day_of_week)
    {
        Interlocked.Increment(ref Calls);
        return "tacos";
    }

    [AssistantTool]
    public static async Task<string> FetchUrlAsync(string url, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return "page text of " + url;
    }
}

/// <summary>Instance tools that record what reached them.</summary>
public partial class RecordingTools
{
    public List<object?> Received { get; } = [];

    public int Calls { get; private set; }

    public CancellationToken LastToken { get; private set; }

    private T Record<T>(T value, params object?[] arguments)
    {
        Calls++;
        Received.Clear();
        Received.AddRange(arguments);
        return value;
    }

    [AssistantTool]
    public string Basics(string text, int number, bool flag) => Record("done", text, number, flag);

    [AssistantTool]
    public int Numbers(sbyte tiny, byte small, short medium, ushort umedium, uint unumber, long big, ulong ubig, float single, double real, decimal money)
        => Record(42, tiny, small, medium, umedium, unumber, big, ubig, single, real, money);

    [AssistantTool]
    public Mood Formats(Guid id, DateTime when, DateTimeOffset whenOffset, Uri link, Mood mood)
        => Record(mood, id, when, whenOffset, link, mood);

    [AssistantTool]
    public void PickCase(Casing casing) => Record(0, casing);

    [AssistantTool]
    public int? Nullables(string? text, int? number, Mood? mood) => Record(number, text, number, mood);

    [AssistantTool]
    public IReadOnlyList<string> Collections(int[] numbers, List<string?> names, IReadOnlyList<Mood> moods, int[][] grid)
        => Record<IReadOnlyList<string>>(["a", "b"], numbers, names, moods, grid);

    [AssistantTool]
    public string Defaults(string text = "fallback", int count = 3, Mood mood = Mood.Calm, bool? maybe = true, double ratio = 0.5)
        => Record("ok", text, count, mood, maybe, ratio);

    [AssistantTool("wait_for_it")]
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        Record(0);
        LastToken = cancellationToken;
        await Task.Yield();
    }

    [AssistantTool]
    public Task<DateTimeOffset> When() => Task.FromResult(Record(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero)));

    [AssistantTool]
    public string? Nothing() => Record<string?>(null);

    [AssistantTool]
    public Task Fail() => throw new InvalidOperationException("boom");

    [AssistantTool]
    public double[] Ratios() => Record<double[]>([0.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity]);

    [AssistantTool]
    public ValueTask<float> Ratio() => new(Record(float.NaN));

    [AssistantTool]
    public Task<string?> Maybe() => Task.FromResult(Record<string?>(null));

    [AssistantTool]
    public ValueTask<int[]?> MaybeNumbers(bool some) => new(Record<int[]?>(some ? [1, 2] : null));
}
