using System.CommandLine;

namespace FetchUrlAssistant;

/// <summary>The samples' <c>--allow-origin</c> option (linked into each sample): exact origins the fetch tool may read
/// although they are on loopback, a private network or another special-purpose range.</summary>
internal static class AllowOriginOption
{
    /// <summary>Creates the option; it may be repeated, and each value must be an absolute http or https origin.</summary>
    /// <param name="byDefault">What the tool reads without the option, for the help text.</param>
    /// <returns>The option.</returns>
    public static Option<string[]> Create(string byDefault)
    {
        var option = new Option<string[]>("--allow-origin")
        {
            Description = "Let the fetch tool read this exact origin (scheme://host:port) even on loopback, a private network or another special-purpose range; repeat for more. " + byDefault,
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !Uri.TryCreate(t.Value, UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https")))
            {
                result.AddError($"--allow-origin needs an absolute http or https origin such as http://127.0.0.1:8080, not '{token.Value}'.");
            }
        });
        return option;
    }

    /// <summary>The option's values as URIs; none when it was not given.</summary>
    /// <param name="values">The parsed values.</param>
    /// <returns>The origins.</returns>
    public static Uri[] Origins(string[]? values) => [.. (values ?? []).Select(origin => new Uri(origin))];
}
