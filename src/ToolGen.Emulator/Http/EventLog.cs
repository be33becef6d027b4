using System.Buffers;
using System.Text.Json;

namespace ToolGen.Emulator.Http;

/// <summary>The server-sent events of a streamed request, each serialized when it happened.</summary>
internal sealed class EventLog
{
    public List<(string Name, byte[] Data)> Items { get; } = [];

    public void Add(string name, Action<Utf8JsonWriter> write) => Items.Add((name, JsonText.Write(write)));

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

    /// <summary>Splits a text into streamed pieces the way the service's deltas look: each piece starts with the
    /// whitespace before its word.</summary>
    public static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                yield return text[start..i];
                start = i;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    // The service pads streamed events with a random "obfuscation" string so their sizes don't leak the tokens.
    public static string Obfuscation() =>
        System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", System.Security.Cryptography.RandomNumberGenerator.GetInt32(4, 16));
}
