using System.Buffers;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace ToolGen.Binding;

/// <summary>
/// Reads a tool call's JSON arguments for generated dispatchers: one property at a time, each value into a typed
/// local, recording the first mistake as a <see cref="ToolError"/> instead of throwing. Not meant to be called by hand.
/// </summary>
/// <remarks>
/// <para>The arguments are read in one pass. Generated code hands the reader a stack buffer
/// (a <see cref="ToolArgumentBuffer"/> local, <see cref="StackBufferSize"/> bytes) to transcode them into; longer arguments go into a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/>, which <see cref="Dispose"/> returns. A malformed document is always
/// <c>invalid_json</c>, whatever property breaks first: when a mistake is recorded, the reader reads the rest of the
/// document to tell a malformed one from a well-formed but wrong one, so only the error path pays for that; the end of
/// the arguments object checks that nothing follows it, and a property is handed out only when a value follows it.
/// Arguments nested deeper than 64 levels (<see cref="Utf8JsonReader"/>'s limit) are <c>invalid_json</c> too.</para>
/// <para>After the first error every <c>Next…</c> method returns <see langword="false"/>. Generated code in users'
/// assemblies calls these members, so they are a contract (pinned by a public API baseline test): what a
/// <c>TryRead…</c> method returns depends on the current value and the calls made about it (<see cref="AcceptNull"/>),
/// never on calls about other values. Text that is no Unicode (an unpaired surrogate escape such as <c>\ud800</c>) is
/// a <c>constraint_violation</c>, and names a model sent are echoed at most 64 characters long. The path of an error
/// is kept as token positions for the first levels inside the reader and built into a string only when an error is
/// recorded.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct ToolArgumentReader
{
    /// <summary>The size, in bytes, of the stack buffer generated code passes to
    /// <see cref="ToolArgumentReader(ToolCall, Span{byte})"/>: arguments whose UTF-8 text fits are read from it, longer
    /// ones from a pooled buffer.</summary>
    public const int StackBufferSize = 512;

    // Utf8JsonReader's default JsonReaderOptions.MaxDepth.
    private const int MaxJsonDepth = 64;

    // Path levels kept inside the reader; deeper arguments move the path to an array. Four levels hold an item of a
    // list inside an object argument, and every level more is 16 bytes the generated method zeroes on every call.
    private const int InlinePathDepth = 4;

    private Utf8JsonReader _json;
    private ReadOnlySpan<byte> _input;

    private readonly string _callId;
    private readonly string _tool;
    private byte[]? _rented;

    // Where the reader is, one entry per object or array entered (the arguments object first): the current property
    // of an object, the current index of an array. Error paths are built from it only when an error is recorded.
    private PathLevels _path;
    private PathSegment[]? _deepPath;
    private int _depth;

    // Where the value AcceptNull was asked about starts; "or null" belongs to that value alone, however the reader
    // moved since.
    private long _nullAcceptedAt;
    private ToolError? _error;

    /// <summary>Starts reading <paramref name="call"/>'s arguments; empty or whitespace arguments read as <c>{}</c>.
    /// The UTF-8 text is allocated per call; generated code uses <see cref="ToolArgumentReader(ToolCall, Span{byte})"/>
    /// instead.</summary>
    /// <param name="call">The tool call.</param>
    public ToolArgumentReader(ToolCall call)
        : this(call, [], pool: false)
    {
    }

    /// <summary>Starts reading <paramref name="call"/>'s arguments, transcoded into <paramref name="scratch"/> when
    /// their UTF-8 text fits, else into a buffer rented from <see cref="ArrayPool{T}.Shared"/> that
    /// <see cref="Dispose"/> returns. Empty or whitespace arguments read as <c>{}</c>.</summary>
    /// <param name="call">The tool call.</param>
    /// <param name="scratch">A buffer the reader may use until it is disposed, typically a
    /// <see cref="ToolArgumentBuffer"/> local (<see cref="StackBufferSize"/> bytes on the stack).</param>
    public ToolArgumentReader(ToolCall call, Span<byte> scratch)
        : this(call, scratch, pool: true)
    {
    }

    // Every field is assigned before the first instance method runs, so the compiler does not zero the whole reader
    // first; and the JSON reader reads its first token as a local, before it is copied into the field (a copy right
    // after its constructor stored it waits for those stores).
    private ToolArgumentReader(ToolCall call, Span<byte> scratch, bool pool)
    {
        _callId = call.Id;
        _tool = call.Name;
        _nullAcceptedAt = -1;
        _path = default;
        _deepPath = null;
        _depth = 0;
        _error = null;
        _rented = null;
        var text = call.Arguments ?? "";
        if (text.Length <= scratch.Length
            && Utf8.FromUtf16(text, scratch, out _, out var written) == OperationStatus.Done)
        {
            _input = scratch[..written];
        }
        else if (pool)
        {
            _rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(text));
            _input = _rented.AsSpan(0, Encoding.UTF8.GetBytes(text, _rented));
        }
        else
        {
            _input = Encoding.UTF8.GetBytes(text);
        }

        var json = new Utf8JsonReader(_input);
        var started = TryReadFirst(ref json);
        if (!started && string.IsNullOrWhiteSpace(text))
        {
            // Blank arguments read as {}. Only text without a first token can be blank, so the check waits till here.
            _input = "{}"u8;
            json = new Utf8JsonReader(_input);
            started = TryReadFirst(ref json);
        }

        _json = json;
        if (started)
        {
            Start();
        }
        else
        {
            // The text is not blank, so there is a first token unless it is malformed.
            Malformed();
        }
    }

    private static bool TryReadFirst(ref Utf8JsonReader json)
    {
        try
        {
            return json.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether a mistake was found; <see cref="Failure"/> returns it.</summary>
    public readonly bool Failed => _error is not null;

    /// <summary>Whether the current value is JSON <c>null</c>.</summary>
    public readonly bool IsNull => _error is null && _json.TokenType == JsonTokenType.Null;

    /// <summary>For a value that may be <c>null</c> (a nullable or optional parameter, a nullable item): whether it is
    /// <c>null</c>. When it is not, a type error for this value expects "… or null", as <see cref="Missing"/> does.</summary>
    /// <returns>Whether the current value is JSON <c>null</c>.</returns>
    public bool AcceptNull()
    {
        if (IsNull)
        {
            return true;
        }

        _nullAcceptedAt = _json.TokenStartIndex;
        return false;
    }

    /// <summary>Moves to the next property of the object entered last: the arguments object, or one entered with
    /// <see cref="TryStartObject"/>.</summary>
    /// <returns><see langword="false"/> at the end of the object (which leaves it) or after an error.</returns>
    public bool NextProperty()
    {
        if (_error is not null || !Advance())
        {
            return false;
        }

        if (_json.TokenType != JsonTokenType.PropertyName)
        {
            if (--_depth == 0)
            {
                EndArguments();
            }

            return false;
        }

        // A plain name is kept as its position and only made a string for an error path; an escaped one is decoded
        // now, since it may be no Unicode text.
        ref var segment = ref Segment(_depth - 1);
        segment.NameAt = (int)_json.TokenStartIndex;
        segment.Name = null;
        if (_json.ValueIsEscaped)
        {
            if (!TryGetText(out var name))
            {
                // The path shows the name as it was written, escape and all.
                segment.Name = ToolText.Echo(Encoding.UTF8.GetString(_json.ValueSpan));
                return UnpairedSurrogate();
            }

            segment.Name = name;
        }

        return !IsBlankFrom((int)_json.BytesConsumed) || Malformed();
    }

    /// <summary>The (unescaped) name of the current property.</summary>
    public readonly string PropertyName => _depth > 0 ? NameOf(SegmentAt(_depth - 1)) ?? "" : "";

    /// <summary>Enters the current value as an object, whose properties <see cref="NextProperty"/> then visits.</summary>
    /// <returns><see langword="false"/> with a <c>wrong_type</c> error when it is not an object.</returns>
    public bool TryStartObject()
    {
        if (_json.TokenType != JsonTokenType.StartObject)
        {
            return WrongType("object");
        }

        Push(isArray: false);
        return true;
    }

    /// <summary>For an object read as a dictionary: moves to the current property's value.</summary>
    /// <param name="duplicate">Whether the key was read before in this object.</param>
    /// <returns><see langword="false"/> with a <c>duplicate_argument</c> error for a repeated key.</returns>
    public bool ClaimEntry(bool duplicate)
    {
        if (duplicate)
        {
            return Fail(ToolErrorKind.DuplicateArgument, null, $"The key '{ToolText.Echo(PropertyName)}' is given more than once. Give each key once.");
        }

        return Advance();
    }

    /// <summary>For a polymorphic value: finds the discriminator property of the current object (wherever it is among
    /// the properties) without moving past the object's start.</summary>
    /// <param name="name">The discriminator property's name (<c>$type</c>).</param>
    /// <param name="values">The discriminator values of the derived types.</param>
    /// <returns>The index of the value in <paramref name="values"/>, or -1 with an error recorded: <c>wrong_type</c>
    /// when the value is not an object, <c>missing_required</c> without the property, <c>unknown_enum_value</c> for an
    /// unknown value.</returns>
    public int ReadDiscriminator(string name, string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (_json.TokenType != JsonTokenType.StartObject)
        {
            WrongType("object");
            return -1;
        }

        var probe = _json;
        var depth = probe.CurrentDepth;
        while (TryRead(ref probe) && !(probe.TokenType == JsonTokenType.EndObject && probe.CurrentDepth == depth))
        {
            if (probe.TokenType != JsonTokenType.PropertyName || !probe.ValueTextEquals(name))
            {
                if (!TryRead(ref probe) || !TrySkip(ref probe))
                {
                    return -1;
                }

                continue;
            }

            if (!TryRead(ref probe))
            {
                return -1;
            }

            // An unpaired surrogate escape decodes to no string, and so matches no discriminator value.
            string? value = null;
            if (probe.TokenType == JsonTokenType.String)
            {
                try
                {
                    value = probe.GetString();
                }
                catch (InvalidOperationException)
                {
                    value = ToolText.Echo(Encoding.UTF8.GetString(probe.ValueSpan));
                }
            }

            var index = value is null ? -1 : Array.IndexOf(values, value);
            if (index < 0 && _error is null)
            {
                Record(new ToolError(ToolErrorKind.UnknownEnumValue, _tool, $"'{ToolText.Echo(value ?? "")}' is not a known kind of this value.") { Path = MemberPath(name), Expected = OneOf(values) });
            }

            return index;
        }

        if (_error is null)
        {
            Record(new ToolError(ToolErrorKind.MissingRequired, _tool, $"The property '{name}' saying which kind of value this is is missing.") { Path = MemberPath(name), Expected = OneOf(values) });
        }

        return -1;
    }

    /// <summary>Moves past the current property's value (one the binder has already checked).</summary>
    public void SkipValue()
    {
        if (Advance())
        {
            TrySkip(ref _json);
        }
    }

    /// <summary>Records a <c>missing_required</c> error for a member of the object read last (which
    /// <see cref="NextProperty"/> has left).</summary>
    /// <param name="name">The member's JSON name.</param>
    /// <param name="expected">Its type in JSON Schema terms.</param>
    /// <returns><see langword="false"/>.</returns>
    public bool MissingMember(string name, string expected)
    {
        if (_error is null)
        {
            Record(new ToolError(ToolErrorKind.MissingRequired, _tool, $"The required property '{ToolText.Echo(name)}' is missing.") { Path = MemberPath(name), Expected = expected });
        }

        return false;
    }

    /// <summary>Records a <c>constraint_violation</c> error for the value read last unless it keeps the rule.</summary>
    /// <param name="satisfied">Whether the value keeps the rule.</param>
    /// <param name="rule">The rule in words, e.g. <c>from 1 to 14</c> or <c>at most 10 characters</c>; it becomes the
    /// error's <c>expected</c>.</param>
    /// <returns><paramref name="satisfied"/>.</returns>
    public bool Check(bool satisfied, string rule)
        => satisfied || Fail(ToolErrorKind.ConstraintViolation, rule, $"The value breaks a rule; expected {rule}.");

    /// <summary>Whether the current property has the given (unescaped) UTF-8 name.</summary>
    /// <param name="utf8Name">The parameter's JSON name.</param>
    /// <returns>Whether the names are equal, ordinally; <see langword="false"/> when there is no current property
    /// (after <see cref="NextProperty"/> returned <see langword="false"/>).</returns>
    public readonly bool IsProperty(ReadOnlySpan<byte> utf8Name)
        => _error is null && _json.TokenType == JsonTokenType.PropertyName && _json.ValueTextEquals(utf8Name);

    /// <summary>Marks the current property as seen and moves to its value.</summary>
    /// <param name="seen">The parameter's seen flag.</param>
    /// <returns><see langword="false"/> with a <c>duplicate_argument</c> error when the property was already seen.</returns>
    public bool Claim(ref bool seen)
    {
        if (seen)
        {
            return Fail(ToolErrorKind.DuplicateArgument, null, $"The argument '{ToolText.Echo(PropertyName)}' is given more than once. Give each argument once.");
        }

        seen = true;
        return Advance();
    }

    /// <summary>Records an <c>unknown_argument</c> error for the current property.</summary>
    /// <param name="parameters">The parameter names, comma-separated, for the message.</param>
    public void RejectUnknown(string parameters)
    {
        var list = _depth > 1
            ? parameters.Length == 0 ? "This object takes no properties." : $"The properties are: {parameters}."
            : parameters.Length == 0 ? "This tool takes no arguments." : $"The parameters are: {parameters}.";
        var what = _depth > 1 ? "property" : "parameter";
        var name = ToolText.Echo(PropertyName);
        Segment(_depth - 1).Name = name;
        Fail(ToolErrorKind.UnknownArgument, null, $"There is no {what} named '{name}'. {list}");
    }

    /// <summary>The first error as a result.</summary>
    /// <returns>An error result for the call.</returns>
    public readonly ToolResult Failure() => ToolResult.Failure(_callId, _error ?? new ToolError(ToolErrorKind.InvalidJson, _tool, "The arguments could not be read."));

    /// <summary>A <c>missing_required</c> error result.</summary>
    /// <param name="name">The parameter's JSON name.</param>
    /// <param name="expected">Its type in JSON Schema terms.</param>
    /// <returns>An error result for the call.</returns>
    public readonly ToolResult Missing(string name, string expected) => ToolResult.Failure(_callId, new ToolError(
        ToolErrorKind.MissingRequired, _tool, $"The required argument '{name}' is missing.") { Path = name, Expected = expected });

    /// <summary>Enters the current value as an array.</summary>
    /// <returns><see langword="false"/> with a <c>wrong_type</c> error when it is not an array.</returns>
    public bool TryStartArray()
    {
        if (_json.TokenType != JsonTokenType.StartArray)
        {
            return WrongType("array");
        }

        Push(isArray: true);
        return true;
    }

    /// <summary>Moves to the next item of the array entered last.</summary>
    /// <returns><see langword="false"/> at the end of the array or after an error.</returns>
    public bool NextItem()
    {
        if (_error is not null || !Advance())
        {
            return false;
        }

        if (_json.TokenType == JsonTokenType.EndArray)
        {
            _depth--;
            return false;
        }

        Segment(_depth - 1).Index++;
        return true;
    }

    /// <summary>Reads a string.</summary>
    /// <param name="value">The string.</param>
    /// <returns>Whether it was read; otherwise a <c>wrong_type</c> error is recorded.</returns>
    public bool TryReadString(out string value)
    {
        if (_json.TokenType != JsonTokenType.String)
        {
            value = "";
            return WrongType("string");
        }

        return TryGetText(out value) || UnpairedSurrogate();
    }

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadBoolean(out bool value)
    {
        value = _json.TokenType == JsonTokenType.True;
        return value || _json.TokenType == JsonTokenType.False || WrongType("boolean");
    }

    /// <summary>Reads an integer from -128 to 127.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadSByte(out sbyte value)
    {
        var ok = TryReadInteger(sbyte.MinValue, sbyte.MaxValue, out var wide);
        value = (sbyte)wide;
        return ok;
    }

    /// <summary>Reads an integer from 0 to 255.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadByte(out byte value)
    {
        var ok = TryReadInteger(byte.MinValue, byte.MaxValue, out var wide);
        value = (byte)wide;
        return ok;
    }

    /// <summary>Reads an integer from -32768 to 32767.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadInt16(out short value)
    {
        var ok = TryReadInteger(short.MinValue, short.MaxValue, out var wide);
        value = (short)wide;
        return ok;
    }

    /// <summary>Reads an integer from 0 to 65535.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadUInt16(out ushort value)
    {
        var ok = TryReadInteger(ushort.MinValue, ushort.MaxValue, out var wide);
        value = (ushort)wide;
        return ok;
    }

    /// <summary>Reads a 32-bit signed integer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadInt32(out int value)
    {
        var ok = TryReadInteger(int.MinValue, int.MaxValue, out var wide);
        value = (int)wide;
        return ok;
    }

    /// <summary>Reads a 32-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadUInt32(out uint value)
    {
        var ok = TryReadInteger(uint.MinValue, uint.MaxValue, out var wide);
        value = (uint)wide;
        return ok;
    }

    /// <summary>Reads a 64-bit signed integer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadInt64(out long value) => TryReadInteger(long.MinValue, long.MaxValue, out value);

    /// <summary>Reads a 64-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadUInt64(out ulong value)
    {
        if (_json.TokenType == JsonTokenType.Number && _json.TryGetUInt64(out value))
        {
            return true;
        }

        value = 0;
        if (!TryReadIntegral(out var number))
        {
            return false;
        }

        return number >= 0 && number <= ulong.MaxValue
            ? Set(out value, (ulong)number)
            : OutOfRange("integer", $"from 0 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Reads a number that fits a 32-bit float.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadSingle(out float value)
    {
        var ok = TryReadDouble(out var wide);
        value = (float)wide;
        return ok && (float.IsFinite(value) || OutOfRange("number", "of at most 3.4E+38 in magnitude"));
    }

    /// <summary>Reads a number.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadDouble(out double value)
    {
        value = 0;
        if (_json.TokenType != JsonTokenType.Number)
        {
            return WrongType("number");
        }

        return (_json.TryGetDouble(out value) && double.IsFinite(value)) || OutOfRange("number", "of at most 1.7E+308 in magnitude");
    }

    /// <summary>Reads a number that fits a decimal (28 significant digits).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadDecimal(out decimal value)
    {
        value = 0;
        if (_json.TokenType != JsonTokenType.Number)
        {
            return WrongType("number");
        }

        return _json.TryGetDecimal(out value) || OutOfRange("number", "of at most 7.9E+28 in magnitude");
    }

    /// <summary>Reads a string in the <c>uuid</c> format (<c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>, either case).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadGuid(out Guid value)
    {
        value = default;

        // The length check keeps out the surrounding whitespace Guid.TryParseExact would trim.
        return TryReadString(out var text)
            && ((text.Length == 36 && Guid.TryParseExact(text, "D", out value))
                || Fail(ToolErrorKind.ConstraintViolation, "uuid", "Expected a UUID such as 123e4567-e89b-12d3-a456-426614174000."));
    }

    /// <summary>Reads a string in the <c>date-time</c> format (RFC 3339, e.g. <c>2026-05-01T12:00:00Z</c>; ISO 8601
    /// forms System.Text.Json reads are accepted too). With an offset or <c>Z</c> the value is in UTC
    /// (<see cref="DateTimeKind.Utc"/>); without one it is <see cref="DateTimeKind.Unspecified"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadDateTime(out DateTime value)
    {
        value = default;
        if (!(_json.TokenType == JsonTokenType.String || WrongType("string")) || !(_json.TryGetDateTime(out value) || DateTimeFormatError()))
        {
            return false;
        }

        // System.Text.Json turns an offset into the host's local time; a tool should not depend on the host's time zone.
        if (value.Kind == DateTimeKind.Local && _json.TryGetDateTimeOffset(out var exact))
        {
            value = exact.UtcDateTime;
        }

        return true;
    }

    /// <summary>Reads a string in the <c>date-time</c> format (RFC 3339, e.g. <c>2026-05-01T12:00:00+02:00</c>). A
    /// value without an offset is taken as UTC.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadDateTimeOffset(out DateTimeOffset value)
    {
        value = default;
        if (!(_json.TokenType == JsonTokenType.String || WrongType("string")) || !(_json.TryGetDateTimeOffset(out value) || DateTimeFormatError()))
        {
            return false;
        }

        // System.Text.Json gives a value without an offset the host's offset; UTC keeps the result the same everywhere.
        if (_json.TryGetDateTime(out var plain) && plain.Kind == DateTimeKind.Unspecified)
        {
            value = new DateTimeOffset(plain, TimeSpan.Zero);
        }

        return true;
    }

    /// <summary>Reads an absolute URI.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadUri(out Uri value)
    {
        value = null!;
        return TryReadString(out var text)
            && ((Uri.TryCreate(text, UriKind.Absolute, out value!) && HasScheme(text, value))
                || Fail(ToolErrorKind.ConstraintViolation, "uri", "Expected an absolute URI such as https://example.com/page."));
    }

    /// <summary>Reads an enum member by its JSON name: an exact match wins, else a unique case-insensitive match;
    /// numbers are never accepted.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="names">The members' JSON names.</param>
    /// <param name="values">The members, in the order of <paramref name="names"/>.</param>
    /// <param name="value">The member.</param>
    /// <returns>Whether it was read; otherwise <c>wrong_type</c> or <c>unknown_enum_value</c> is recorded.</returns>
    public bool TryReadEnum<TEnum>(string[] names, TEnum[] values, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (_json.TokenType != JsonTokenType.String)
        {
            return WrongType(OneOf(names));
        }

        // A plain value is first compared as UTF-8 text, so that only one that is no member's name becomes a string.
        for (var i = 0; !_json.ValueIsEscaped && i < names.Length; i++)
        {
            if (PlainValueIs(names[i]))
            {
                value = values[i];
                return true;
            }
        }

        if (!TryGetText(out var text))
        {
            return UnpairedSurrogate();
        }

        var match = -1;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], text, StringComparison.Ordinal))
            {
                value = values[i];
                return true;
            }

            if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase))
            {
                match = match == -1 ? i : -2;
            }
        }

        if (match >= 0)
        {
            value = values[match];
            return true;
        }

        return Fail(ToolErrorKind.UnknownEnumValue, OrNull(OneOf(names)), $"'{ToolText.Echo(text)}' is not an allowed value.");
    }

    /// <summary>Reads a string in the <c>date</c> format, as System.Text.Json writes a <see cref="DateOnly"/>:
    /// <c>yyyy-MM-dd</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read; a string of another shape is a <c>constraint_violation</c>.</returns>
    public bool TryReadDateOnly(out DateOnly value)
        => TryConvert(JsonMetadataServices.DateOnlyConverter, "date", "Expected a date such as 2026-05-01.", out value);

    /// <summary>Reads a string in the <c>time</c> format, as System.Text.Json writes a <see cref="TimeOnly"/>:
    /// <c>HH:mm:ss[.fffffff]</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read; a string of another shape is a <c>constraint_violation</c>.</returns>
    public bool TryReadTimeOnly(out TimeOnly value)
        => TryConvert(JsonMetadataServices.TimeOnlyConverter, "time", "Expected a time of day such as 14:30:00.", out value);

    /// <summary>Reads a duration in System.Text.Json's <see cref="TimeSpan"/> form <c>[-][d.]hh:mm:ss[.fffffff]</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read; a string of another shape is a <c>constraint_violation</c>.</returns>
    public bool TryReadTimeSpan(out TimeSpan value)
        => TryConvert(JsonMetadataServices.TimeSpanConverter, "duration as [-][d.]hh:mm:ss[.fffffff]", "Expected a duration such as 01:30:00 or 2.00:00:00.", out value);

    /// <summary>Reads a string of exactly one UTF-16 character.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read; another length is a <c>constraint_violation</c>.</returns>
    public bool TryReadChar(out char value)
    {
        value = default;
        if (!TryReadString(out var text))
        {
            return false;
        }

        return text.Length == 1 ? Set(out value, text[0]) : Fail(ToolErrorKind.ConstraintViolation, "one character", "Expected a string of one character.");
    }

    /// <summary>Reads a number that fits a 16-bit float.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadHalf(out Half value)
    {
        var ok = TryReadDouble(out var wide);
        value = (Half)wide;

        // The schema says minimum -65504 and maximum 65504; 65505 would round to 65504, but is past the bound.
        return ok && (Math.Abs(wide) <= (double)Half.MaxValue || OutOfRange("number", "of at most 65504 in magnitude"));
    }

    /// <summary>Reads a 128-bit signed integer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadInt128(out Int128 value)
    {
        value = default;
        return (_json.TokenType == JsonTokenType.Number && IsIntegral(_json.ValueSpan) || WrongType("integer"))
            && (IntegralValue(_json.ValueSpan) is { } number && number >= (BigInteger)Int128.MinValue && number <= (BigInteger)Int128.MaxValue
                ? Set(out value, (Int128)number)
                : OutOfRange("integer", "of at most 39 digits"));
    }

    /// <summary>Reads a 128-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was read.</returns>
    public bool TryReadUInt128(out UInt128 value)
    {
        value = default;
        return (_json.TokenType == JsonTokenType.Number && IsIntegral(_json.ValueSpan) || WrongType("integer"))
            && (IntegralValue(_json.ValueSpan) is { } number && number >= BigInteger.Zero && number <= (BigInteger)UInt128.MaxValue
                ? Set(out value, (UInt128)number)
                : OutOfRange("integer", "from 0 with at most 39 digits"));
    }

    /// <summary>Reads any JSON value (for a <see cref="JsonElement"/> parameter or member), copied out of the
    /// arguments text.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/>: every well-formed value is accepted.</returns>
    public bool TryReadJsonElement(out JsonElement value)
    {
        try
        {
            value = JsonElement.ParseValue(ref _json);
            return true;
        }
        catch (JsonException)
        {
            value = default;
            return Malformed();
        }
    }

    private bool TryConvert<T>(JsonConverter<T> converter, string format, string message, out T value)
    {
        value = default!;
        if (_json.TokenType != JsonTokenType.String)
        {
            return WrongType("string");
        }

        try
        {
            value = converter.Read(ref _json, typeof(T), ToolJson.ConverterOptions)!;
            return true;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException or OverflowException)
        {
            return Fail(ToolErrorKind.ConstraintViolation, format, message);
        }
    }

    // On Unix a rooted path such as "/page" parses as an absolute file URI; a model meant a relative reference.
    private static bool HasScheme(string text, Uri uri)
        => text.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);

    private static string OneOf(string[] names)
    {
        var builder = new StringBuilder("one of ");
        for (var i = 0; i < names.Length; i++)
        {
            builder.Append(i == 0 ? "\"" : ", \"").Append(names[i]).Append('"');
        }

        return builder.ToString();
    }

    // Whether the current string value, which has no escapes, is name. UTF-8 takes as many bytes as UTF-16 takes
    // characters only for ASCII text, and more otherwise.
    private readonly bool PlainValueIs(string name)
    {
        var text = _json.ValueSpan;
        return text.Length == name.Length
            ? Ascii.Equals(text, name)
            : text.Length > name.Length && !Ascii.IsValid(name) && _json.ValueTextEquals(name);
    }

    private static bool Set<T>(out T target, T value)
    {
        target = value;
        return true;
    }

    private bool TryReadInteger(long min, long max, out long value)
    {
        value = 0;
        if (_json.TokenType == JsonTokenType.Number && _json.TryGetInt64(out value) && value >= min && value <= max)
        {
            return true;
        }

        if (!TryReadIntegral(out var number))
        {
            return false;
        }

        return number >= min && number <= max
            ? Set(out value, (long)number)
            : OutOfRange("integer", string.Create(CultureInfo.InvariantCulture, $"from {min} to {max}"));
    }

    // A JSON number is an integer when it has no fractional part (1.0 and 1e2 count). That is decided on the text:
    // decimal and double round, so 1e-400 or 1.00000000000000000000000000001 would pass for 0 and 1. An integer
    // too large for decimal is reported as decimal.MaxValue, which is out of every range.
    private bool TryReadIntegral(out decimal number)
    {
        number = 0;
        if (_json.TokenType != JsonTokenType.Number || !IsIntegral(_json.ValueSpan))
        {
            return WrongType("integer");
        }

        if (!_json.TryGetDecimal(out number))
        {
            number = decimal.MaxValue;
        }

        return true;
    }

    // text is a well-formed JSON number (-?digits(.digits)?([eE][+-]?digits)?); numbers are never escaped.
    private static bool IsIntegral(ReadOnlySpan<byte> text)
    {
        Split(text, out _, out var integer, out var fraction, out var exponent);
        var lastNonZero = fraction.LastIndexOfAnyExcept((byte)'0');
        lastNonZero = lastNonZero >= 0 ? integer.Length + lastNonZero : integer.LastIndexOfAnyExcept((byte)'0');

        // The decimal point sits after digit number integer.Length + exponent; every non-zero digit must be before it.
        return lastNonZero < 0 || lastNonZero < integer.Length + exponent;
    }

    // The exact value of an integral JSON number in any notation (1.0, 1e2 and 12.5e1 too), or null when it has more
    // than 40 digits, which is outside every 128-bit range. Works on the text, so hostile input costs linear time.
    private static BigInteger? IntegralValue(ReadOnlySpan<byte> text)
    {
        Split(text, out var negative, out var integer, out var fraction, out var exponent);
        var significant = (Encoding.ASCII.GetString(integer) + Encoding.ASCII.GetString(fraction)).TrimStart('0');
        var trimmed = significant.TrimEnd('0');
        if (trimmed.Length == 0)
        {
            return BigInteger.Zero;
        }

        // The number is integral (checked before), so the zeros dropped at the end cover every negative scale.
        var scale = exponent - fraction.Length + (significant.Length - trimmed.Length);
        if (trimmed.Length + scale > 40)
        {
            return null;
        }

        var value = BigInteger.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture) * BigInteger.Pow(10, (int)scale);
        return negative ? -value : value;
    }

    // A well-formed JSON number's parts: its integer and fraction digits, and its exponent, held within a billion
    // either way (past that it can only push the point further away from the digits).
    private static void Split(ReadOnlySpan<byte> text, out bool negative, out ReadOnlySpan<byte> integer, out ReadOnlySpan<byte> fraction, out long exponent)
    {
        negative = text.Length > 0 && text[0] == '-';
        var i = negative ? 1 : 0;
        var start = i;
        i = DigitsEnd(text, i);
        integer = text[start..i];
        fraction = default;
        if (i < text.Length && text[i] == '.')
        {
            start = ++i;
            i = DigitsEnd(text, i);
            fraction = text[start..i];
        }

        exponent = 0;
        if (i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            var negativeExponent = text[++i] == '-';
            i += text[i] is (byte)'-' or (byte)'+' ? 1 : 0;
            for (; i < text.Length; i++)
            {
                exponent = Math.Min((exponent * 10) + (text[i] - '0'), 1_000_000_000);
            }

            exponent = negativeExponent ? -exponent : exponent;
        }
    }

    private static int DigitsEnd(ReadOnlySpan<byte> text, int start)
    {
        var length = text[start..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return length < 0 ? text.Length : start + length;
    }

    private bool DateTimeFormatError()
        => Fail(ToolErrorKind.ConstraintViolation, "date-time", "Expected an RFC 3339 date-time such as 2026-05-01T12:00:00Z.");

    private bool OutOfRange(string type, string range)
        => Fail(ToolErrorKind.OutOfRange, $"{type} {range}", $"The number is out of range; expected {type} {range}.");

    private bool WrongType(string expected)
    {
        expected = OrNull(expected);
        return Fail(ToolErrorKind.WrongType, expected, $"Expected {expected}, got {Describe(_json.TokenType)}.");
    }

    private readonly string OrNull(string expected) => _nullAcceptedAt == _json.TokenStartIndex ? expected + " or null" : expected;

    // "\ud800" alone is well-formed JSON, but no Unicode text: System.Text.Json will not decode it into a string. Only
    // an escape can be one: the reader reads UTF-8 transcoded from a .NET string, which is always well-formed.
    private readonly bool TryGetText(out string text)
    {
        if (!_json.ValueIsEscaped)
        {
            text = _json.GetString()!;
            return true;
        }

        return TryGetEscapedText(out text);
    }

    private readonly bool TryGetEscapedText(out string text)
    {
        try
        {
            text = _json.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private bool UnpairedSurrogate() => Fail(
        ToolErrorKind.ConstraintViolation,
        "valid Unicode text",
        "The text has an unpaired surrogate escape such as \\ud800, which is no character. Send valid Unicode text.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => "something else",
    };

    private bool Fail(ToolErrorKind kind, string? expected, string message)
    {
        if (_error is null)
        {
            Record(new ToolError(kind, _tool, message) { Path = CurrentPath(), Expected = expected });
        }

        return false;
    }

    // A binding mistake stands only if the document is well-formed: the rest of it is read to find out.
    private void Record(ToolError error)
    {
        _error = error;
        while (TryRead(ref _json))
        {
        }
    }

    // Malformed JSON wins over any mistake found before it.
    private bool Malformed() => Malformed(_json.CurrentDepth);

    private bool Malformed(int depth)
    {
        // Utf8JsonReader stops at 64 levels; such a document may well be valid JSON, so say what went wrong.
        var message = depth >= MaxJsonDepth - 1
            ? $"The arguments nest deeper than {MaxJsonDepth} levels."
            : "The arguments are not valid JSON.";
        _error = new ToolError(ToolErrorKind.InvalidJson, _tool, message);
        return false;
    }

    private bool TryRead(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException)
        {
            return Malformed(reader.CurrentDepth);
        }
    }

    private bool TrySkip(ref Utf8JsonReader reader)
    {
        try
        {
            reader.Skip();
            return true;
        }
        catch (JsonException)
        {
            return Malformed(reader.CurrentDepth);
        }
    }

    // Whether the input from start on is JSON whitespace. Utf8JsonReader hands out the name of '{"a":' before it sees
    // that no value follows; the name's token ends after the colon, so a value starts at the next byte that is no
    // whitespace.
    private readonly bool IsBlankFrom(int start)
    {
        for (var i = start; i < _input.Length; i++)
        {
            if (_input[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private readonly string? CurrentPath()
    {
        if (_depth == 1)
        {
            return NameOf(SegmentAt(0));
        }

        var builder = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            var segment = SegmentAt(i);
            if (segment.IsArray && segment.Index >= 0)
            {
                builder.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (!segment.IsArray && NameOf(segment) is { } name)
            {
                builder.Append(builder.Length == 0 ? "" : ".").Append(name);
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private readonly string MemberPath(string name) => CurrentPath() is { } parent ? parent + "." + name : name;

    // A name kept as its position is a plain one: its UTF-8 bytes run from after the opening quote to the next quote.
    private readonly string? NameOf(PathSegment segment)
    {
        if (segment.Name is not null || segment.NameAt < 0)
        {
            return segment.Name;
        }

        var text = _input[(segment.NameAt + 1)..];
        return Encoding.UTF8.GetString(text[..text.IndexOf((byte)'"')]);
    }

    private void Push(bool isArray)
    {
        if (_deepPath is null && _depth == InlinePathDepth)
        {
            _deepPath = new PathSegment[InlinePathDepth * 2];
            ((ReadOnlySpan<PathSegment>)_path).CopyTo(_deepPath);
        }
        else if (_deepPath is not null && _depth == _deepPath.Length)
        {
            Array.Resize(ref _deepPath, _depth * 2);
        }

        Segment(_depth++) = new PathSegment { Index = isArray ? -1 : PathSegment.Object, NameAt = -1 };
    }

    [UnscopedRef]
    private ref PathSegment Segment(int level) => ref _deepPath is null ? ref _path[level] : ref _deepPath[level];

    private readonly PathSegment SegmentAt(int level) => _deepPath is null ? _path[level] : _deepPath[level];

    private struct PathSegment
    {
        // The Index of an object's segment.
        public const int Object = int.MinValue;

        // An object's current property name, once it is a string (an escaped name, or one an error echoes).
        public string? Name;

        // Where an object's current property name starts in the input (its opening quote); -1 before the first.
        public int NameAt;

        // An array's current index (-1 before the first item), or Object.
        public int Index;

        public readonly bool IsArray => Index != Object;
    }

    [InlineArray(InlinePathDepth)]
    private struct PathLevels
    {
        private PathSegment _level;
    }

    // Not TryRead(ref _json): a method that catches is not inlined, and this is the one call per token on the happy path.
    private bool Advance()
    {
        try
        {
            return _json.Read();
        }
        catch (JsonException)
        {
            return Malformed();
        }
    }

    // The arguments must be one object; anything else is still read to its end, since malformed JSON wins.
    private void Start()
    {
        var first = _json.TokenType;
        if (first == JsonTokenType.StartObject)
        {
            Push(isArray: false);
            return;
        }

        Record(new ToolError(ToolErrorKind.ArgumentsNotObject, _tool,
            $"The arguments must be a JSON object of named parameters, not {Describe(first)}.") { Expected = "object" });
    }

    // The arguments object has ended: nothing but whitespace may follow it (what Utf8JsonReader would check on one
    // more Read).
    private void EndArguments()
    {
        if (!IsBlankFrom((int)_json.BytesConsumed))
        {
            Malformed();
        }
    }

    /// <summary>Returns the pooled buffer the arguments were read from, if any. After this only <see cref="Failed"/>,
    /// <see cref="Failure"/> and <see cref="Missing"/> may be called.</summary>
    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _json = default;
            _input = default;
            _rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
