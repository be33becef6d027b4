using System.Collections.Generic;
using System.Linq;
using System.Text;
using ToolGen.Generator.Model;

namespace ToolGen.Generator.Schema;

/// <summary>Writes the JSON Schema of a tool's arguments object as compact JSON text.</summary>
/// <remarks>
/// Strict mode (OpenAI Structured Outputs) lists every property in <c>required</c> and gives optional ones a union
/// with <c>null</c>; it never uses <c>default</c>, <c>minLength</c>/<c>maxLength</c> or the <c>uri</c> format.
/// Non-strict schemas list only parameters without a default in <c>required</c>. Both forbid additional properties,
/// since the binder rejects unknown arguments anyway. A default value is stated in the description.
/// </remarks>
internal static class SchemaWriter
{
    public static string Write(ToolSpec tool)
    {
        var json = new StringBuilder();
        json.Append("{\"type\":\"object\",\"properties\":{");
        var arguments = tool.Parameters.Where(p => !p.IsCancellationToken).ToList();
        for (var i = 0; i < arguments.Count; i++)
        {
            var parameter = arguments[i];
            if (i > 0)
            {
                json.Append(',');
            }

            JsonText.Append(json, parameter.Name);
            json.Append(':');
            WriteType(json, parameter.Type!, IsNullable(tool, parameter), tool.Strict, Description(parameter));
        }

        json.Append("},\"required\":[");
        var required = arguments.Where(p => tool.Strict || !p.HasDefault).ToList();
        for (var i = 0; i < required.Count; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            JsonText.Append(json, required[i].Name);
        }

        json.Append("],\"additionalProperties\":false}");
        return json.ToString();
    }

    /// <summary>Whether the schema of <paramref name="parameter"/> admits <c>null</c>: for a nullable type, and in
    /// strict mode for an optional parameter, whose <c>null</c> stands for "use the default".</summary>
    public static bool IsNullable(ToolSpec tool, ParameterSpec parameter)
        => parameter.Type!.IsNullable || (tool.Strict && parameter.HasDefault);

    private static string? Description(ParameterSpec parameter)
    {
        if (!parameter.HasDefault || parameter.DefaultJson is null)
        {
            return parameter.Description;
        }

        var note = $"Default: {parameter.DefaultJson}.";
        return parameter.Description is null ? note : $"{parameter.Description.TrimEnd()} {note}";
    }

    private static void WriteType(StringBuilder json, TypeSpec type, bool nullable, bool strict, string? description)
    {
        var kind = ScalarKinds.Get(type.Kind);
        json.Append("{\"type\":");
        if (nullable)
        {
            json.Append("[\"").Append(kind.JsonType).Append("\",\"null\"]");
        }
        else
        {
            json.Append('"').Append(kind.JsonType).Append('"');
        }

        if (kind.Format is not null && (kind.FormatIsStrict || !strict))
        {
            json.Append(",\"format\":\"").Append(kind.Format).Append('"');
        }

        if (kind.Minimum is not null)
        {
            json.Append(",\"minimum\":").Append(kind.Minimum);
        }

        if (kind.Maximum is not null)
        {
            json.Append(",\"maximum\":").Append(kind.Maximum);
        }

        if (type.Kind == ValueKind.Enum)
        {
            json.Append(",\"enum\":[");
            var values = type.EnumMembers.Select(m => JsonText.String(m.JsonName)).ToList();
            if (nullable)
            {
                values.Add("null");
            }

            json.Append(string.Join(",", values)).Append(']');
        }

        if (type.Kind == ValueKind.Array)
        {
            json.Append(",\"items\":");
            WriteType(json, type.Element!, type.Element!.IsNullable, strict, null);
        }

        if (description is not null)
        {
            json.Append(",\"description\":");
            JsonText.Append(json, description);
        }

        json.Append('}');
    }
}
