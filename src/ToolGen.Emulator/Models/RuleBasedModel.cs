using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ToolGen.Emulator.Http;

namespace ToolGen.Emulator;

/// <summary>
/// The default model: deterministic rules instead of a language model, enough to drive a tool-calling loop end to
/// end offline.
/// <list type="number">
/// <item>While the last user message has no tool output after it, it calls the first tool it can fill from that
/// message: the first URL in the text, in any form a user types (a host name, an IPv4 or bracketed IPv6 literal, a port,
/// userinfo; quotes, brackets and sentence punctuation around it are not part of it; balanced parentheses inside it are) goes to a string parameter named like <c>url</c>, <c>uri</c> or <c>link</c> (or with
/// <c>format: uri</c>); otherwise a tool with a single required string parameter (not URL-like) gets the first quoted
/// string of the message, or the whole message. Other required parameters must accept <c>null</c> (they get <c>null</c>).</item>
/// <item>Once outputs arrived it replies from them: it quotes the first one or two sentences of each output's
/// body (at most about 300 characters; leading <c>Key: value</c> header lines and short headings are skipped; for a
/// JSON object output its <c>text</c>/<c>content</c> field is quoted), e.g. <c>The page says: "…"</c>; for an error output <c>{"error":{…}}</c> it says
/// plainly that the tool failed and gives the error's message.</item>
/// <item>With no tool it can fill, it replies with a short fixed answer naming what it got.</item>
/// </list>
/// </summary>
public sealed partial class RuleBasedModel : IEmulatedModel
{
    private const int QuoteLimit = 300;

    /// <inheritdoc/>
    public ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var conversation = request.Conversation;
        var lastUser = -1;
        for (var i = conversation.Count - 1; i >= 0; i--)
        {
            if (conversation[i] is UserMessageItem)
            {
                lastUser = i;
                break;
            }
        }

        if (lastUser < 0)
        {
            return ValueTask.FromResult(ModelTurn.Reply("I got no message from you, so I have nothing to answer."));
        }

        var userText = ((UserMessageItem)conversation[lastUser]).Text;
        var answered = new List<ToolCallItem>();
        for (var i = lastUser + 1; i < conversation.Count; i++)
        {
            if (conversation[i] is ToolCallItem call)
            {
                answered.Add(call);
            }
        }

        if (answered.Count > 0)
        {
            return ValueTask.FromResult(ModelTurn.Reply(ReplyFromOutputs(answered)));
        }

        var planned = PlanCall(userText, request.Tools);
        return ValueTask.FromResult(planned is null
            ? ModelTurn.Reply(NoToolReply(userText, request.Tools))
            : ModelTurn.CallTools(planned));
    }

    private static EmulatedToolCall? PlanCall(string userText, IReadOnlyList<EmulatedTool> tools)
    {
        var url = FindUrl(userText);
        if (url is not null)
        {
            foreach (var tool in tools)
            {
                var schema = ParameterSchema.Parse(tool.ParametersJson);
                var target = schema?.Properties.FirstOrDefault(p => p.AcceptsString && p.LooksLikeUrl);
                if (target is not null && BuildArguments(schema!, target, url) is { } arguments)
                {
                    return new EmulatedToolCall(tool.Name, arguments);
                }
            }
        }

        foreach (var tool in tools)
        {
            var schema = ParameterSchema.Parse(tool.ParametersJson);
            if (schema is null)
            {
                continue;
            }

            // A URL-like parameter takes only a URL: a model would not pass "hello" as an address.
            var mandatory = schema.Properties.Where(p => p.Required && !p.AcceptsNull).ToList();
            if (mandatory.Count == 1 && mandatory[0].AcceptsString && !mandatory[0].LooksLikeUrl
                && BuildArguments(schema, mandatory[0], FindQuoted(userText) ?? userText.Trim()) is { } arguments)
            {
                return new EmulatedToolCall(tool.Name, arguments);
            }
        }

        return null;
    }

    private static string? BuildArguments(ParameterSchema schema, ParameterSchema.Property target, string value)
    {
        foreach (var property in schema.Properties)
        {
            if (property != target && property.Required && !property.AcceptsNull)
            {
                return null;
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in schema.Properties)
            {
                if (property == target)
                {
                    writer.WriteString(property.Name, value);
                }
                else if (property.Required)
                {
                    writer.WriteNull(property.Name);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ReplyFromOutputs(List<ToolCallItem> calls)
    {
        var parts = new List<string>(calls.Count);
        foreach (var call in calls)
        {
            if (TryReadError(call.Output, out var reason))
            {
                parts.Add(reason is null
                    ? $"The tool {call.Name} failed and gave no reason."
                    : $"The tool {call.Name} failed: {EndSentence(WithoutFailurePrefix(reason))}");
                continue;
            }

            var quote = Quote(QuotableText(call.Output));
            if (quote.Length == 0)
            {
                parts.Add($"The tool {call.Name} returned nothing.");
            }
            else
            {
                var subject = FindUrl(call.Arguments) is not null ? "The page" : $"The tool {call.Name}";
                parts.Add($"{subject} says: \"{quote}\"");
            }
        }

        return string.Join(" ", parts);
    }

    private static string NoToolReply(string userText, IReadOnlyList<EmulatedTool> tools)
    {
        var got = Shorten(Collapse(userText), 120);
        return tools.Count == 0
            ? $"You said: \"{got}\". I have no tools to help with that."
            : $"You said: \"{got}\". None of my tools ({string.Join(", ", tools.Select(t => t.Name))}) can be called with that.";
    }

    private static bool TryReadError(string output, out string? reason)
    {
        reason = null;
        var trimmed = output.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{')
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(output);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error))
            {
                return false;
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                reason = error.GetString();
            }
            else if (error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                reason = message.GetString();
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The text worth quoting from an output: a JSON string's value; for a JSON object its <c>text</c>,
    /// <c>content</c>, <c>body</c>, <c>summary</c> or <c>result</c> string, else its longest string; otherwise the
    /// output itself.</summary>
    private static string QuotableText(string output)
    {
        var trimmed = output.Trim();
        if (trimmed.Length < 2 || trimmed[0] is not ('"' or '{'))
        {
            return output;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String)
            {
                return root.GetString()!;
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "text", "content", "body", "summary", "result" })
                {
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString()!;
                    }
                }

                var longest = root.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .Select(p => p.Value.GetString()!)
                    .MaxBy(text => text.Length);
                return longest ?? output;
            }

            return output;
        }
        catch (JsonException)
        {
            return output;
        }
    }

    /// <summary>Quotes the first one or two sentences of the body of a text: leading header lines
    /// (<c>Title: …</c>, <c>URL: …</c>) and headings (short lines without sentence punctuation) are skipped when
    /// sentences follow, so a fetched page is quoted from its prose.</summary>
    private static string Quote(string text)
    {
        var lines = text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        var skip = 0;
        while (skip < lines.Count && HeaderLine().IsMatch(lines[skip]))
        {
            skip++;
        }

        while (skip < lines.Count - 1 && IsHeading(lines[skip]))
        {
            skip++;
        }

        var body = Collapse(string.Join(" ", skip < lines.Count ? lines.Skip(skip) : lines));
        var sentences = SentenceEnd().Split(body);
        var quote = sentences[0];
        if (sentences.Length > 1 && quote.Length + 1 + sentences[1].Length <= QuoteLimit)
        {
            quote = quote + " " + sentences[1];
        }

        return Shorten(quote, QuoteLimit);
    }

    private static bool IsHeading(string line) =>
        line[^1] is not ('.' or '!' or '?' or ':' or ';' or ',') && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 8;

    private static string Shorten(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', limit - 1);
        return (cut > limit / 2 ? text[..cut] : Tokens.Prefix(text, limit - 1)).TrimEnd() + "…";
    }

    // Error messages often start by saying the tool failed; the reply already says so.
    private static string WithoutFailurePrefix(string reason)
    {
        var match = FailurePrefix().Match(reason);
        return match.Success && match.Length < reason.Length ? reason[match.Length..] : reason;
    }

    private static string EndSentence(string text)
    {
        var collapsed = Collapse(text);
        return collapsed.Length > 0 && collapsed[^1] is '.' or '!' or '?' ? collapsed : collapsed + ".";
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    private static string? FindUrl(string text)
    {
        var match = Url().Match(text);
        return match.Success ? match.Value.TrimEnd('.', ',', ';', ':', '!', '?', '*', '。', '，', '；', '：', '！', '？', '、', '…') : null;
    }

    private static string? FindQuoted(string text)
    {
        var match = Quoted().Match(text);
        if (!match.Success)
        {
            return null;
        }

        foreach (var group in match.Groups.Values.Skip(1))
        {
            if (group.Success)
            {
                return group.Value;
            }
        }

        return null;
    }

    // Quotes, backticks and brackets end a URL (typographic ones too: “https://…” is quoted, not part of the address), except
    // a balanced pair of parentheses inside it, as in https://en.wikipedia.org/wiki/Rust_(programming_language), and the
    // square brackets of an IPv6 host right after the scheme or userinfo (RFC 3986 section 3.2.2: http://user@[::1]:8080/).
    [GeneratedRegex(@"https?://(?:(?:[^\s<>""'`()\[\]{}“”‘’«»「」/@]*@)?\[[0-9a-z:.%_-]+\](?:[^\s<>""'`()\[\]{}“”‘’«»「」]|\([^\s<>""'`()\[\]{}“”‘’«»「」]*\))*|(?:[^\s<>""'`()\[\]{}“”‘’«»「」]|\([^\s<>""'`()\[\]{}“”‘’«»「」]*\))+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"""([^""]+)""|“([^”]+)”|'([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?<=[.!?])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z _-]{0,20}:\s+\S", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^\s*(the\s+)?tool(\s+\S+)?\s+failed\s*[:.]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FailurePrefix();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    /// <summary>Just enough of a parameters JSON Schema to decide what the rules can fill.</summary>
    private sealed class ParameterSchema
    {
        public required List<Property> Properties { get; init; }

        public static ParameterSchema? Parse(string json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                var required = new HashSet<string>(StringComparer.Ordinal);
                if (root.TryGetProperty("required", out var requiredList) && requiredList.ValueKind == JsonValueKind.Array)
                {
                    foreach (var name in requiredList.EnumerateArray())
                    {
                        if (name.ValueKind == JsonValueKind.String)
                        {
                            required.Add(name.GetString()!);
                        }
                    }
                }

                var properties = new List<Property>();
                if (root.TryGetProperty("properties", out var propertyMap) && propertyMap.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in propertyMap.EnumerateObject())
                    {
                        properties.Add(Property.From(property.Name, property.Value, required.Contains(property.Name)));
                    }
                }

                return new ParameterSchema { Properties = properties };
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public sealed record Property(string Name, bool Required, bool AcceptsString, bool AcceptsNull, bool LooksLikeUrl)
        {
            public static Property From(string name, JsonElement schema, bool required)
            {
                var acceptsString = false;
                var acceptsNull = false;
                var isUri = false;
                if (schema.ValueKind == JsonValueKind.Object)
                {
                    if (schema.TryGetProperty("type", out var type))
                    {
                        if (type.ValueKind == JsonValueKind.String)
                        {
                            acceptsString = type.ValueEquals("string");
                            acceptsNull = type.ValueEquals("null");
                        }
                        else if (type.ValueKind == JsonValueKind.Array)
                        {
                            // Only string members name types; a schema the service never validated may hold others.
                            foreach (var item in type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String))
                            {
                                acceptsString |= item.ValueEquals("string");
                                acceptsNull |= item.ValueEquals("null");
                            }
                        }
                    }
                    else
                    {
                        acceptsString = !schema.TryGetProperty("enum", out _) && !schema.TryGetProperty("$ref", out _);
                    }

                    isUri = schema.TryGetProperty("format", out var format)
                        && (format.ValueEquals("uri") || format.ValueEquals("url"));
                }

                var looksLikeUrl = isUri
                    || name.Contains("url", StringComparison.OrdinalIgnoreCase)
                    || name.Contains("uri", StringComparison.OrdinalIgnoreCase)
                    || name.Contains("link", StringComparison.OrdinalIgnoreCase);
                return new Property(name, required, acceptsString, acceptsNull, looksLikeUrl);
            }
        }
    }
}
