using System.Security.Cryptography;

namespace ToolGen.Emulator.Http;

/// <summary>Ids shaped like the real service's: Assistants and tool-call ids are a prefix (<c>asst_</c>,
/// <c>thread_</c>, <c>msg_</c>, <c>run_</c>, <c>call_</c>) and 24 letters and digits, e.g.
/// <c>run_SQHx3Z6TDUBXWlOChOJ76TJL</c>; chat completions are <c>chatcmpl-</c> and 29 letters and digits; Responses
/// objects (<c>resp_</c>, <c>msg_</c>, <c>fc_</c>) carry 50 lowercase hex digits (recordings under
/// tests/fixtures/openai-recordings/).</summary>
internal static class Ids
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string HexDigits = "0123456789abcdef";

    public static string New(string prefix) => prefix + RandomNumberGenerator.GetString(Alphabet, 24);

    public static string ChatCompletion() => "chatcmpl-" + RandomNumberGenerator.GetString(Alphabet, 29);

    public static string Hex(string prefix) => prefix + RandomNumberGenerator.GetString(HexDigits, 50);
}
