using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ToolGen.Conformance.Tests;

/// <summary>What a tool should have received, decoded without ToolGen: System.Text.Json with Web defaults (as
/// Microsoft.Extensions.AI binds), string enums, [Flags] enums as arrays of names (ToolGen's documented form) and
/// polymorphic discriminators anywhere in the object; an absent argument, or <c>null</c> for an optional one, is
/// the parameter's declared default. <see cref="Same"/> says what "equal" means.</summary>
public static class IndependentDecoding
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        AllowOutOfOrderMetadataProperties = true,
        Converters = { new FlagsArrayConverter(), new JsonStringEnumConverter() },
    };

    /// <summary>The value each schema parameter should bind to.</summary>
    public static object?[] Decode(CorpusTool tool, JsonObject arguments)
        => tool.SchemaParameters.Select(p =>
        {
            if (!arguments.TryGetPropertyValue(p.Name!, out var node) || (node is null && p.HasDefaultValue))
            {
                return DefaultOf(p);
            }

            return JsonSerializer.Deserialize(node?.ToJsonString() ?? "null", Concrete(p.ParameterType), s_options);
        }).ToArray();

    private static object? DefaultOf(ParameterInfo parameter)
    {
        var value = parameter.HasDefaultValue ? parameter.DefaultValue : null;
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return value switch
        {
            null when parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null => Activator.CreateInstance(type),
            not null when type.IsEnum && value.GetType() != type => Enum.ToObject(type, value),
            _ => value,
        };
    }

    // System.Text.Json has no IReadOnlySet<T>; a HashSet<T> is what ToolGen binds it to as well.
    private static Type Concrete(Type type)
        => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlySet<>) ? typeof(HashSet<>).MakeGenericType(type.GetGenericArguments()) : type;

    /// <summary>Whether the value ToolGen bound equals the independent decoding; <paramref name="where"/> names the
    /// first difference. Equal means: the same runtime type and, member by member, equal values; sets and
    /// dictionaries regardless of order; floating-point numbers exactly (both sides parse the same text); a
    /// <see cref="DateTimeOffset"/> the same instant and offset; a <see cref="DateTime"/> the same instant when either
    /// side carries a kind (ToolGen converts an offset to UTC, System.Text.Json to local time), else the same ticks;
    /// a <see cref="JsonElement"/> the same JSON (<see cref="JsonElement.DeepEquals"/>); a <see cref="Uri"/> the same
    /// text.</summary>
    public static bool Same(object? expected, object? actual, string path, out string where)
    {
        where = path;
        switch (expected, actual)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (JsonElement a, JsonElement b):
                return JsonElement.DeepEquals(a, b);
            case (DateTime a, DateTime b):
                return a.Kind == DateTimeKind.Unspecified && b.Kind == DateTimeKind.Unspecified
                    ? a.Ticks == b.Ticks
                    : a.Kind != DateTimeKind.Unspecified && b.Kind != DateTimeKind.Unspecified && a.ToUniversalTime() == b.ToUniversalTime();
            case (DateTimeOffset a, DateTimeOffset b):
                return a.EqualsExact(b);
            case (Uri a, Uri b):
                return a.OriginalString == b.OriginalString;
            case (string a, string b):
                return a == b;
        }

        var type = expected.GetType();
        if (type != actual.GetType() && !(IsSet(type) && IsSet(actual.GetType())))
        {
            where = $"{path} (type {type.Name} vs {actual.GetType().Name})";
            return false;
        }

        if (type.IsPrimitive || type.IsEnum || expected is decimal or Guid or DateOnly or TimeOnly or TimeSpan or Half or Int128 or UInt128)
        {
            return expected.Equals(actual);
        }

        if (expected is IDictionary da && actual is IDictionary db)
        {
            if (da.Count != db.Count)
            {
                return false;
            }

            foreach (DictionaryEntry entry in da)
            {
                if (!db.Contains(entry.Key) || !Same(entry.Value, db[entry.Key], $"{path}.{entry.Key}", out where))
                {
                    return false;
                }
            }

            return true;
        }

        if (expected is IEnumerable ea && actual is IEnumerable eb)
        {
            var a = ea.Cast<object?>().ToList();
            var b = eb.Cast<object?>().ToList();
            if (a.Count != b.Count)
            {
                where = $"{path} (count {a.Count} vs {b.Count})";
                return false;
            }

            if (IsSet(type))
            {
                return a.All(x => b.Any(y => Same(x, y, path, out _)));
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (!Same(a[i], b[i], $"{path}[{i}]", out where))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            if (!Same(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}", out where))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSet(Type type)
        => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(ISet<>) || d == typeof(IReadOnlySet<>)));

    /// <summary>A [Flags] enum as an array of member names, combined.</summary>
    private sealed class FlagsArrayConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && typeToConvert.IsDefined(typeof(FlagsAttribute));

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
            => (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

        private sealed class Converter<T> : JsonConverter<T>
            where T : struct, Enum
        {
            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                var names = JsonSerializer.Deserialize<string[]>(ref reader)!;
                ulong bits = 0;
                foreach (var name in names)
                {
                    bits |= Convert.ToUInt64(Enum.Parse<T>(name, ignoreCase: false), System.Globalization.CultureInfo.InvariantCulture);
                }

                return (T)Enum.ToObject(typeof(T), bits);
            }

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => throw new NotSupportedException();
        }
    }
}
