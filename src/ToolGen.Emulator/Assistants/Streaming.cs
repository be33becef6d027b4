using System.Buffers;
using System.Text.Json;

namespace ToolGen.Emulator.Assistants;

/// <summary>The server-sent events of a streamed request, each serialized when it happened.</summary>
internal sealed class EventLog
{
    public List<(string Name, byte[] Data)> Items { get; } = [];

    public void Add(string name, Action<Utf8JsonWriter> write) => Items.Add((name, Wire.Write(write)));

    /// <summary>Writes <c>event: NAME\ndata: JSON\n\n</c> per event and, for the Assistants API, the closing
    /// <c>event: done\ndata: [DONE]</c>, as the service streams them (a Responses stream just ends).</summary>
    public byte[] ToSse(bool withDone = true)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        foreach (var (name, data) in Items)
        {
            buffer.Write("event: "u8);
            buffer.Write(System.Text.Encoding.UTF8.GetBytes(name));
            buffer.Write("\ndata: "u8);
            buffer.Write(data);
            buffer.Write("\n\n"u8);
        }

        if (withDone)
        {
            buffer.Write("event: done\ndata: [DONE]\n\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>A run just created or just given its tool outputs: the JSON answer, or with <see cref="Events"/> the
/// start of the event stream.</summary>
internal sealed record Started(byte[] Json, ThreadEntity Thread, RunEntity Run, EventLog? Events);
