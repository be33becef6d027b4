using System.Text.RegularExpressions;

namespace ToolGen.Emulator.Http;

/// <summary>The limits every API puts on function tools (OpenAI API reference): at most 128 tools per request, and a
/// name of at most 64 characters matching <c>^[a-zA-Z0-9_-]+$</c>. Error texts follow the service's.</summary>
internal static partial class FunctionRules
{
    public const int MaxTools = 128;

    public static void CheckCount(RequestBody body, string field)
    {
        var count = body.ArrayLength(field);
        if (count > MaxTools)
        {
            throw new ApiException(400,
                $"Invalid '{body.Name(field)}': array too long. Expected an array with maximum length {MaxTools}, but got an array with length {count} instead.",
                body.Name(field), "array_above_max_length");
        }
    }

    /// <summary>Reads the required <c>name</c> of a function definition and checks it.</summary>
    public static string RequiredName(RequestBody function)
    {
        var name = function.RequiredString("name");
        if (!Name().IsMatch(name))
        {
            throw new ApiException(400,
                $"Invalid '{function.Name("name")}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
                function.Name("name"), "invalid_value");
        }

        if (name.Length > 64)
        {
            throw new ApiException(400,
                $"Invalid '{function.Name("name")}': string too long. Expected a string with maximum length 64, but got a string with length {name.Length} instead.",
                function.Name("name"), "string_above_max_length");
        }

        return name;
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
