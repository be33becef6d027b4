using System.Security.Cryptography;

namespace ToolGen.Emulator.Assistants;

/// <summary>Ids shaped like the real service's: a prefix (<c>asst_</c>, <c>thread_</c>, <c>msg_</c>, <c>run_</c>,
/// <c>call_</c>) and 24 letters and digits, e.g. <c>run_SQHx3Z6TDUBXWlOChOJ76TJL</c>.</summary>
internal static class Ids
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(string prefix) => prefix + RandomNumberGenerator.GetString(Alphabet, 24);
}
