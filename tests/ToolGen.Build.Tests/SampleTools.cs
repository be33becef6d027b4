using System.ComponentModel;

namespace ToolGen.Build.Tests;

// Tools of this test assembly, which the tests run the task over: two classes, so the file's order across classes
// shows, and descriptions with every kind of character the SDK's writer treats specially.

/// <summary>Notes kept by the model.</summary>
public sealed partial class Notes
{
    private readonly List<string> _notes = [];

    /// <summary>Saves a note: "quoted", back\slash, &lt;tag&gt; &amp; 'apostrophe' + plus, café, 日本, 🎉.</summary>
    /// <param name="text">The note's text.</param>
    [AssistantTool]
    public int Save(string text)
    {
        _notes.Add(text);
        return _notes.Count;
    }

    [AssistantTool(Strict = false)]
    public int Count([Description("At most this many; all when absent.")] int? limit = null) => Math.Min(_notes.Count, limit ?? int.MaxValue);
}

public static partial class Clock
{
    [AssistantTool("now", Description = "The time in UTC, as hh:mm.\tNo date.")]
    public static string Now() => DateTime.UtcNow.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
