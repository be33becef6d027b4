using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ToolGen.Generator.Emit;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Schema;

/// <summary>DataAnnotations rules as JSON Schema keywords. Where strict mode has no keyword for a rule
/// (<c>minLength</c>/<c>maxLength</c>, the <c>uri</c> format, <c>contentEncoding</c>, <c>not</c>), the rule becomes a
/// sentence of the description instead; the binder checks every rule either way. <c>[Range]</c> is written with the
/// type's own bounds by <see cref="SchemaWriter"/>.</summary>
internal static class Rules
{
    public static void Append(StringBuilder json, TypeSpec type, bool nullable, EquatableArray<ConstraintSpec> constraints, bool strict, List<string> notes, ref int enumValues)
    {
        var isArray = type.Shape == TypeShape.Collection || (type.Shape == TypeShape.Enum && type.IsFlags);
        var isString = type.Shape == TypeShape.Scalar && ScalarKinds.Get(type.Scalar).JsonType == "string";
        foreach (var rule in constraints)
        {
            var first = rule.Values.Count > 0 ? rule.Values[0].Value : null;
            switch (rule.Kind)
            {
                case ConstraintKind.MinLength when isArray:
                    json.Append(",\"minItems\":").Append(Literals.Number(first));
                    break;
                case ConstraintKind.MaxLength when isArray:
                    json.Append(",\"maxItems\":").Append(Literals.Number(first));
                    break;
                case ConstraintKind.MinLength when isString && strict:
                    notes.Add($"At least {Literals.Number(first)} characters.");
                    break;
                case ConstraintKind.MinLength when isString:
                    json.Append(",\"minLength\":").Append(Literals.Number(first));
                    break;
                case ConstraintKind.MaxLength when isString && strict:
                    notes.Add($"At most {Literals.Number(first)} characters.");
                    break;
                case ConstraintKind.MaxLength when isString:
                    json.Append(",\"maxLength\":").Append(Literals.Number(first));
                    break;
                case ConstraintKind.Pattern when isString && first is string pattern:
                    json.Append(",\"pattern\":");
                    JsonText.Append(json, Anchored(pattern));
                    break;
                case ConstraintKind.Email when isString:
                    json.Append(",\"format\":\"email\"");
                    break;
                case ConstraintKind.Url when isString && strict:
                    notes.Add("An http, https or ftp URL.");
                    break;
                case ConstraintKind.Url when isString:
                    json.Append(",\"format\":\"uri\"");
                    break;
                case ConstraintKind.Base64 when isString && strict:
                    notes.Add("Base64-encoded.");
                    break;
                case ConstraintKind.Base64 when isString:
                    json.Append(",\"contentEncoding\":\"base64\"");
                    break;
                case ConstraintKind.Allowed when type.Shape == TypeShape.Scalar:
                    var allowed = rule.Values.Select(v => Literals.Json(v.Value)).Where(v => v is not null).ToList();
                    if (nullable)
                    {
                        allowed.Add("null");
                    }

                    enumValues += allowed.Count;
                    json.Append(",\"enum\":[").Append(string.Join(",", allowed)).Append(']');
                    break;
                case ConstraintKind.Range when type.Shape == TypeShape.Scalar && type.Scalar == ScalarKind.TimeSpan:
                    var words = Words(rule, isArray: false);
                    notes.Add(char.ToUpperInvariant(words[0]) + words.Substring(1) + ".");
                    break;
                case ConstraintKind.Denied when type.Shape == TypeShape.Scalar && strict:
                    notes.Add("Not one of: " + string.Join(", ", rule.Values.Select(v => Literals.Json(v.Value))) + ".");
                    break;
                case ConstraintKind.Denied when type.Shape == TypeShape.Scalar:
                    json.Append(",\"not\":{\"enum\":[").Append(string.Join(",", rule.Values.Select(v => Literals.Json(v.Value)))).Append("]}");
                    break;
            }
        }
    }

    // A number, or a duration's text as the attribute gives it.
    private static string Bound(object? value) => value as string ?? Literals.Number(value);

    /// <summary>A <c>[RegularExpression]</c> matches the whole value; a JSON Schema <c>pattern</c> matches anywhere
    /// unless anchored.</summary>
    public static string Anchored(string pattern)
        => pattern.StartsWith("^", System.StringComparison.Ordinal) && pattern.EndsWith("$", System.StringComparison.Ordinal)
            ? pattern
            : "^(?:" + pattern + ")$";

    /// <summary>A rule in words, for the binder's <c>constraint_violation</c> (its <c>expected</c>).</summary>
    public static string Words(ConstraintSpec rule, bool isArray)
    {
        var first = rule.Values.Count > 0 ? rule.Values[0].Value : null;
        var unit = isArray ? "items" : "characters";
        return rule.Kind switch
        {
            ConstraintKind.Range => (rule.Values[2].Value is true ? "greater than " : "from ") + Bound(first)
                + (rule.Values[3].Value is true ? " and less than " : " to ") + Bound(rule.Values[1].Value),
            ConstraintKind.MinLength => $"at least {Literals.Number(first)} {unit}",
            ConstraintKind.MaxLength => $"at most {Literals.Number(first)} {unit}",
            ConstraintKind.Pattern => "a string matching " + Anchored((string)first!),
            ConstraintKind.Email => "an email address",
            ConstraintKind.Url => "an http, https or ftp URL",
            ConstraintKind.Base64 => "a Base64 string",
            ConstraintKind.Allowed => "one of " + string.Join(", ", rule.Values.Select(v => Literals.Json(v.Value))),
            ConstraintKind.Denied => "none of " + string.Join(", ", rule.Values.Select(v => Literals.Json(v.Value))),
            _ => rule.Kind.ToString().ToLower(CultureInfo.InvariantCulture),
        };
    }
}
