using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ToolGen.Benchmarks.Dispatch;

/// <summary>
/// The floor: what careful hand-written code pays to bind a tool call. The arguments are transcoded into a stack
/// buffer (an <see cref="ArrayPool{T}"/> buffer above 256 bytes), read once with <see cref="Utf8JsonReader"/>,
/// checked for exactly the required properties, and the tool is called directly. A mistake gives a plain error result
/// (no structured error object), so this is a lower bound, not a rival.
/// </summary>
public static class HandWrittenBinders
{
    private const int StackLimit = 256;

    /// <summary>Binds <c>{"city","days","unit"}</c> and calls <see cref="BenchTools.GetWeather"/>.</summary>
    /// <param name="call">The call.</param>
    /// <returns>The tool's output, or an error result for arguments that do not fit.</returns>
    public static ToolResult GetWeather(ToolCall call)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(call.Arguments.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(call.Arguments, buffer);
            return TryReadWeather(buffer[..length], out var city, out var days, out var unit)
                ? new ToolResult(call.Id, BenchTools.GetWeather(city, days, unit), false)
                : new ToolResult(call.Id, "invalid arguments", true);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Binds <c>{"order":{…}}</c> with a source-generated System.Text.Json context and calls
    /// <see cref="BenchTools.PlaceOrder"/>.</summary>
    /// <param name="call">The call.</param>
    /// <returns>The tool's output, or an error result for arguments that do not fit.</returns>
    public static ToolResult PlaceOrder(ToolCall call)
    {
        try
        {
            var arguments = JsonSerializer.Deserialize(call.Arguments, FloorJsonContext.Default.PlaceOrderArguments);
            return arguments?.Order is { } order
                ? new ToolResult(call.Id, BenchTools.PlaceOrder(order), false)
                : new ToolResult(call.Id, "invalid arguments", true);
        }
        catch (JsonException)
        {
            return new ToolResult(call.Id, "invalid arguments", true);
        }
    }

    /// <summary>Checks that the arguments are an empty object (or empty) and calls <see cref="BenchTools.GetTime"/>.</summary>
    /// <param name="call">The call.</param>
    /// <returns>The tool's output, or an error result for arguments that are not an empty object.</returns>
    public static ToolResult GetTime(ToolCall call)
    {
        Span<byte> buffer = stackalloc byte[StackLimit];
        if (call.Arguments.Length > StackLimit / 3 || !IsEmptyObject(buffer[..Encoding.UTF8.GetBytes(call.Arguments, buffer)]))
        {
            return new ToolResult(call.Id, "invalid arguments", true);
        }

        return new ToolResult(call.Id, BenchTools.GetTime(), false);
    }

    private static bool TryReadWeather(ReadOnlySpan<byte> json, out string city, out int days, out TempUnit unit)
    {
        (city, days, unit) = (null!, 0, default);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var seen = 0;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("city"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    city = reader.GetString()!;
                    seen |= 1;
                }
                else if (reader.ValueTextEquals("days"u8))
                {
                    if (!reader.Read() || !reader.TryGetInt32(out days))
                    {
                        return false;
                    }

                    seen |= 2;
                }
                else if (reader.ValueTextEquals("unit"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    if (reader.ValueTextEquals("Celsius"u8))
                    {
                        unit = TempUnit.Celsius;
                    }
                    else if (reader.ValueTextEquals("Fahrenheit"u8))
                    {
                        unit = TempUnit.Fahrenheit;
                    }
                    else
                    {
                        return false;
                    }

                    seen |= 4;
                }
                else
                {
                    return false;
                }
            }

            return seen == 7 && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsEmptyObject(ReadOnlySpan<byte> json)
    {
        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
