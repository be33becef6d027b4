using System.Text.Json;

namespace ToolGen.Emulator.Http;

/// <summary>Reads a JSON request object field by field, refusing what the real service refuses: unknown fields,
/// wrong JSON types, missing required fields. <see cref="Path"/> prefixes parameter names in errors
/// (<c>thread.messages[0].content</c>).</summary>
internal readonly struct RequestBody
{
    private readonly JsonElement _root;

    public RequestBody(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.WrongType(path.Length == 0 ? "body" : path, "an object", Describe(root.ValueKind));
        }

        _root = root;
        Path = path;
    }

    public string Path { get; }

    /// <summary>The object as JSON without insignificant whitespace (see <see cref="Compact"/>).</summary>
    public string CompactJson => Compact(_root);

    public static JsonDocument Parse(byte[] bytes)
    {
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return JsonDocument.Parse("{}");
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            throw new ApiException(400,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)");
        }
    }

    public string Name(string field) => Path.Length == 0 ? field : Path + "." + field;

    public void AllowOnly(params string[] fields)
    {
        foreach (var property in _root.EnumerateObject())
        {
            if (Array.IndexOf(fields, property.Name) < 0)
            {
                throw ApiException.Unknown(Name(property.Name));
            }
        }
    }

    public JsonElement? Get(string field) =>
        _root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string RequiredString(string field) =>
        OptionalString(field) ?? throw ApiException.Missing(Name(field));

    public string? OptionalString(string field) => Get(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } value => throw ApiException.WrongType(Name(field), "a string", Describe(value.ValueKind)),
    };

    public double? OptionalNumber(string field) => Get(field) switch
    {
        null => null,
        // A number beyond double's range (1e400) is valid JSON but reads as infinity, which no JSON writer can echo
        // back: refuse it here rather than fail as a 500 when the response is written.
        { ValueKind: JsonValueKind.Number } value when value.TryGetDouble(out var number) && double.IsFinite(number) => number,
        { ValueKind: JsonValueKind.Number } => throw new ApiException(400,
            $"Invalid '{Name(field)}': number out of range.", Name(field), "invalid_value"),
        { } value => throw ApiException.WrongType(Name(field), "a decimal", Describe(value.ValueKind)),
    };

    public long? OptionalInteger(string field) => Get(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        { } value => throw ApiException.WrongType(Name(field), "an integer", Describe(value.ValueKind)),
    };

    /// <summary>An optional integer of at least <paramref name="minimum"/>, refused as the service refuses a
    /// <c>limit</c> of 0 (<c>integer_below_min_value</c>).</summary>
    public long? OptionalInteger(string field, long minimum) => OptionalInteger(field) switch
    {
        { } number when number < minimum => throw new ApiException(400,
            $"Invalid '{Name(field)}': integer below minimum value. Expected a value >= {minimum}, but got {number} instead.",
            Name(field), "integer_below_min_value"),
        var number => number,
    };

    public bool? OptionalBool(string field) => Get(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } value => throw ApiException.WrongType(Name(field), "a boolean", Describe(value.ValueKind)),
    };

    public string ObjectJson(string field, string fallback) => Get(field) switch
    {
        null => fallback,
        { ValueKind: JsonValueKind.Object } value => Compact(value),
        { } value => throw ApiException.WrongType(Name(field), "an object", Describe(value.ValueKind)),
    };

    /// <summary>A field that is either a string or an object (<c>tool_choice</c>, <c>response_format</c>), as raw JSON.</summary>
    public string StringOrObjectJson(string field, string fallback) => Get(field) switch
    {
        null => fallback,
        { ValueKind: JsonValueKind.Object or JsonValueKind.String } value => Compact(value),
        { } value => throw ApiException.WrongType(Name(field), "a string or an object", Describe(value.ValueKind)),
    };

    public IEnumerable<(RequestBody Item, int Index)> ObjectArray(string field)
    {
        var value = Get(field);
        if (value is null)
        {
            yield break;
        }

        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.WrongType(Name(field), "an array", Describe(value.Value.ValueKind));
        }

        var index = 0;
        foreach (var item in value.Value.EnumerateArray())
        {
            yield return (new RequestBody(item, $"{Name(field)}[{index}]"), index);
            index++;
        }
    }

    public int ArrayLength(string field) =>
        Get(field) is { ValueKind: JsonValueKind.Array } value ? value.GetArrayLength() : 0;

    /// <summary>The value as JSON text without insignificant whitespace: echoed objects go into server-sent events,
    /// where a line break would end the <c>data:</c> line, and the service re-serializes them too.</summary>
    public static string Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
