using System.Text;
using OpenAI.Assistants;

namespace ToolGen.OpenAI;

/// <summary>The messages a run's event streams carried, in the order they first appeared, and their text: the
/// content of the message's closing event (<c>thread.message.completed</c> or <c>thread.message.incomplete</c>) when
/// it came, otherwise the text deltas joined.</summary>
/// <remarks>The reply is built by the rules <see cref="AssistantRunner"/> uses when it reads the thread after polling,
/// so a streamed and a polled run give the same <see cref="ToolRunOutcome.Reply"/>.</remarks>
internal sealed class StreamedMessages
{
    private readonly List<Entry> _entries = [];

    /// <summary>Takes a <c>thread.message.*</c> status event.</summary>
    public void Update(ThreadMessage message, StreamingUpdateReason kind)
    {
        var entry = Find(message.Id);
        entry.IsAssistant = message.Role == MessageRole.Assistant;
        entry.RunId = message.RunId;
        if (kind == StreamingUpdateReason.MessageCompleted || kind == StreamingUpdateReason.MessageFailed)
        {
            entry.Final = TextOf(message);
        }
    }

    /// <summary>Takes the text of a <c>thread.message.delta</c> event.</summary>
    public void Append(string messageId, string text) => Find(messageId).Deltas.Append(text);

    /// <summary>The text of the assistant messages of <paramref name="runId"/>, oldest first, joined with a blank
    /// line; messages without text are left out.</summary>
    public string ReplyOf(string runId)
    {
        var texts = new List<string>();
        foreach (var entry in _entries)
        {
            // Only assistant messages stream deltas, so a message seen only through deltas counts as the run's.
            if (!entry.IsAssistant || (entry.RunId is { } owner && owner != runId))
            {
                continue;
            }

            var text = entry.Final ?? entry.Deltas.ToString();
            if (text.Length > 0)
            {
                texts.Add(text);
            }
        }

        return string.Join("\n\n", texts);
    }

    /// <summary>The text of a message as the Assistants API lists it: its text parts joined.</summary>
    public static string TextOf(ThreadMessage message)
    {
        var text = new StringBuilder();
        foreach (var content in message.Content)
        {
            if (!string.IsNullOrEmpty(content.Text))
            {
                text.Append(content.Text);
            }
        }

        return text.ToString();
    }

    private Entry Find(string messageId)
    {
        var entry = _entries.Find(e => e.Id == messageId);
        if (entry is null)
        {
            entry = new Entry(messageId);
            _entries.Add(entry);
        }

        return entry;
    }

    private sealed class Entry(string id)
    {
        public string Id { get; } = id;

        public bool IsAssistant { get; set; } = true;

        public string? RunId { get; set; }

        public string? Final { get; set; }

        public StringBuilder Deltas { get; } = new();
    }
}
