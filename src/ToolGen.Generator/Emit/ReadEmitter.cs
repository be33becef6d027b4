using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ToolGen.Generator.Model;
using ToolGen.Generator.Schema;

namespace ToolGen.Generator.Emit;

/// <summary>Writes how values are read from the arguments: one <c>Read…</c> method per collection, dictionary,
/// object and <c>[Flags]</c> enum type (so recursion and reuse need nothing special), and the statement that reads
/// one value at a site (a parameter, a member, an item) with its null handling and DataAnnotations checks.</summary>
internal static class ReadEmitter
{
    /// <summary>One property of an object being read (a member, or a tool parameter of the arguments object).</summary>
    /// <param name="JsonName">The JSON name.</param>
    /// <param name="Local">The local holding the value.</param>
    /// <param name="Type">The type id.</param>
    /// <param name="Optional">Whether it may be absent, and <c>null</c> then keeps the default.</param>
    /// <param name="Constraints">The rules to check.</param>
    /// <param name="Given">A flag set when a value was read, or <see langword="null"/>.</param>
    public sealed record Slot(string JsonName, string Local, string Type, bool Optional, EquatableArray<ConstraintSpec> Constraints, string? Given)
    {
        public string Seen => Local + "Seen";
    }

    // Member locals end in "Member" (see Local), so this name cannot collide with one.
    private const string DiscriminatorSeen = "discriminatorSeen";

    /// <summary>The loop over an object's properties, reading each into its slot's local and rejecting unknown ones.</summary>
    public static void WriteProperties(IndentedWriter w, IReadOnlyList<Slot> slots, string valueName, ToolsetContext context, string? discriminator = null)
    {
        w.Line("while (arguments.NextProperty())");
        using (w.Block())
        {
            var keyword = "if";
            foreach (var slot in slots)
            {
                w.Line($"{keyword} (arguments.IsProperty({SymbolDisplay.FormatLiteral(slot.JsonName, quote: true)}u8))");
                using (w.Block())
                {
                    // A null for an optional property keeps its default; for a nullable required one the local already
                    // holds null; anywhere else the read method reports it as wrong_type.
                    var nullable = slot.Optional || context.Graph[slot.Type].IsNullable;
                    var condition = $"arguments.Claim(ref {slot.Seen})" + (nullable ? " && !arguments.AcceptNull()" : "");
                    var assign = slot.Local + " = {0};" + (slot.Given is null ? "" : $" {slot.Given} = true;");
                    WriteRead(w, condition, context.Graph.NonNullable(slot.Type), valueName, assign, slot.Constraints, context);
                }

                keyword = "else if";
            }

            if (discriminator is not null)
            {
                // The union's read method has checked its value (the first one); a repeat is a duplicate, as for any
                // other property, so two different kinds in one object cannot pass.
                w.Line($"{keyword} (arguments.IsProperty({SymbolDisplay.FormatLiteral(discriminator, quote: true)}u8))");
                using (w.Block())
                {
                    w.Line($"if ({DiscriminatorSeen})");
                    using (w.Block())
                    {
                        w.Line($"arguments.Claim(ref {DiscriminatorSeen});");
                    }

                    w.Line("else");
                    using (w.Block())
                    {
                        w.Line($"{DiscriminatorSeen} = true;");
                        w.Line("arguments.SkipValue();");
                    }
                }
            }

            var names = SymbolDisplay.FormatLiteral(string.Join(", ", slots.Select(s => s.JsonName)), quote: true);
            if (slots.Count > 0)
            {
                w.Line("else");
                using (w.Block())
                {
                    w.Line($"arguments.RejectUnknown({names});");
                }
            }
            else
            {
                w.Line($"arguments.RejectUnknown({names});");
            }
        }
    }

    /// <summary><c>if (condition &amp;&amp; read &amp;&amp; checks) { assign }</c> for a value of the non-nullable
    /// <paramref name="type"/>.</summary>
    public static void WriteRead(IndentedWriter w, string condition, TypeSpec type, string valueName, string assign, EquatableArray<ConstraintSpec> constraints, ToolsetContext context)
    {
        var parts = new List<string>();
        if (condition.Length > 0)
        {
            parts.Add(condition);
        }

        parts.Add(ReadCall(type, valueName, context));
        parts.AddRange(Checks(type, valueName, constraints, context));
        w.Line($"if ({string.Join(" && ", parts)})");
        using (w.Block())
        {
            w.Line(string.Format(CultureInfo.InvariantCulture, assign, valueName));
        }
    }

    public static void WriteMethod(IndentedWriter w, TypeSpec type, ToolsetContext context)
    {
        w.Line();
        w.Line($"private static bool {context.ReadMethod(type)}(ref {Names.ArgumentReader} arguments, out {type.TypeName} value)");
        using (w.Block())
        {
            w.Line(type.IsValueType ? "value = default;" : "value = default!;");
            switch (type.Shape)
            {
                case TypeShape.Enum:
                    WriteFlags(w, type, context);
                    break;
                case TypeShape.Collection:
                    WriteCollection(w, type, context);
                    break;
                case TypeShape.Dictionary:
                    WriteDictionary(w, type, context);
                    break;
                case TypeShape.Object:
                    WriteObject(w, type, context);
                    break;
                case TypeShape.Union:
                    WriteUnion(w, type, context);
                    break;
            }
        }
    }

    // The discriminator is looked up first (wherever it is in the object), then the derived type's read method reads
    // the object.
    private static void WriteUnion(IndentedWriter w, TypeSpec type, ToolsetContext context)
    {
        var values = string.Join(", ", type.Derived.Select(d => SymbolDisplay.FormatLiteral(d.Discriminator, quote: true)));
        w.Line($"switch (arguments.ReadDiscriminator({SymbolDisplay.FormatLiteral(type.Discriminator!, quote: true)}, [{values}]))");
        using (w.Block())
        {
            for (var i = 0; i < type.Derived.Count; i++)
            {
                var derived = context.Graph[type.Derived[i].Type];
                w.Line($"case {i}:");
                using (w.Block())
                {
                    w.Line($"var ok = {context.ReadMethod(derived)}(ref arguments, out var item);");
                    w.Line("value = item;");
                    w.Line("return ok;");
                }
            }

            w.Line("default:");
            w.Line("    return false;");
        }
    }

    private static string ReadCall(TypeSpec type, string valueName, ToolsetContext context) => type.Shape switch
    {
        TypeShape.Scalar => $"arguments.{ScalarKinds.Get(type.Scalar).ReadMethod}(out var {valueName})",
        TypeShape.Enum when !type.IsFlags => $"arguments.TryReadEnum({context.EnumPrefix(type)}Names, {context.EnumPrefix(type)}Values, out var {valueName})",
        TypeShape.Any => $"arguments.TryReadJsonElement(out var {valueName})",
        _ => $"{context.ReadMethod(type)}(ref arguments, out var {valueName})",
    };

    private static IEnumerable<string> Checks(TypeSpec type, string value, EquatableArray<ConstraintSpec> constraints, ToolsetContext context)
    {
        var isArray = type.Shape == TypeShape.Collection;
        var isString = type.Shape == TypeShape.Scalar && type.Scalar == ScalarKind.String;
        var isNumber = type.Shape == TypeShape.Scalar && ScalarKinds.Get(type.Scalar).JsonType is "integer" or "number";
        foreach (var rule in constraints)
        {
            var first = rule.Values.Count > 0 ? rule.Values[0].Value : null;
            string? test = rule.Kind switch
            {
                ConstraintKind.Range when type.Shape == TypeShape.Scalar && type.Scalar == ScalarKind.TimeSpan
                    => $"{value} {(rule.Values[2].Value is true ? ">" : ">=")} {Duration(first)} && {value} {(rule.Values[3].Value is true ? "<" : "<=")} {Duration(rule.Values[1].Value)}",
                ConstraintKind.Range when isNumber => $"(double){value} {(rule.Values[2].Value is true ? ">" : ">=")} {Literals.Number(first)} && (double){value} {(rule.Values[3].Value is true ? "<" : "<=")} {Literals.Number(rule.Values[1].Value)}",
                ConstraintKind.MinLength when isArray || isString => $"{Length(type, value)} >= {Literals.Number(first)}",
                ConstraintKind.MaxLength when isArray || isString => $"{Length(type, value)} <= {Literals.Number(first)}",
                ConstraintKind.Pattern when isString => $"{Names.Constraints}.Matches({context.PatternField(Rules.Anchored((string)first!))}, {value})",
                ConstraintKind.Email when isString => $"{Names.Constraints}.IsEmail({value})",
                ConstraintKind.Url when isString => $"{Names.Constraints}.IsUrl({value})",
                ConstraintKind.Base64 when isString => $"{Names.Constraints}.IsBase64({value})",
                ConstraintKind.Allowed when type.Shape == TypeShape.Scalar => $"{value} is {Alternatives(rule, type)}",
                ConstraintKind.Denied when type.Shape == TypeShape.Scalar => $"{value} is not ({Alternatives(rule, type)})",
                _ => null,
            };
            if (test is not null)
            {
                yield return $"arguments.Check({test}, {SymbolDisplay.FormatLiteral(Rules.Words(rule, isArray), quote: true)})";
            }
        }
    }

    private static string Duration(object? text)
        => $"global::System.TimeSpan.FromTicks({System.TimeSpan.Parse((string)text!, CultureInfo.InvariantCulture).Ticks.ToString(CultureInfo.InvariantCulture)}L)";

    private static string Alternatives(ConstraintSpec rule, TypeSpec type)
        => string.Join(" or ", rule.Values.Select(v => v.Value switch
        {
            null => "null",
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            // A double constant is no float pattern; the cast keeps it a constant, rounded as the binder rounds the value.
            double d when type.Scalar == ScalarKind.Single => "(float)" + d.ToString("R", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            _ => System.Convert.ToString(v.Value, CultureInfo.InvariantCulture),
        }));

    private static string Length(TypeSpec type, string value) => type.Shape switch
    {
        TypeShape.Collection when type.Collection == CollectionKind.Enumerable => $"global::System.Linq.Enumerable.Count({value})",
        TypeShape.Collection when type.Collection is CollectionKind.List or CollectionKind.Set => value + ".Count",
        _ => value + ".Length",
    };

    private static void WriteFlags(IndentedWriter w, TypeSpec type, ToolsetContext context)
    {
        var prefix = context.EnumPrefix(type);
        w.Line("if (!arguments.TryStartArray())");
        using (w.Block())
        {
            w.Line("return false;");
        }

        w.Line();
        w.Line("while (arguments.NextItem())");
        using (w.Block())
        {
            w.Line($"if (arguments.TryReadEnum({prefix}Names, {prefix}Values, out var item))");
            using (w.Block())
            {
                w.Line("value |= item;");
            }
        }

        w.Line();
        w.Line("return !arguments.Failed;");
    }

    private static void WriteCollection(IndentedWriter w, TypeSpec type, ToolsetContext context)
    {
        var element = context.Graph[type.Element!];
        var isSet = type.Collection == CollectionKind.Set;
        w.Line("if (!arguments.TryStartArray())");
        using (w.Block())
        {
            w.Line("return false;");
        }

        w.Line();
        w.Line(isSet
            ? $"var items = new global::System.Collections.Generic.HashSet<{element.TypeName}>();"
            : $"var items = new {Names.List}<{element.TypeName}>();");
        w.Line("while (arguments.NextItem())");
        using (w.Block())
        {
            var add = isSet ? "_ = arguments.Check(items.Add({0}), \"items without repeats\");" : "items.Add({0});";
            WriteItem(w, element, add, context);
        }

        w.Line();
        WriteFinish(w, type.Collection switch
        {
            CollectionKind.Array => "items.ToArray()",
            CollectionKind.ImmutableArray => "global::System.Collections.Immutable.ImmutableArray.CreateRange(items)",
            _ => "items",
        });
    }

    private static void WriteDictionary(IndentedWriter w, TypeSpec type, ToolsetContext context)
    {
        var element = context.Graph[type.Element!];
        w.Line("if (!arguments.TryStartObject())");
        using (w.Block())
        {
            w.Line("return false;");
        }

        w.Line();
        w.Line($"var items = new global::System.Collections.Generic.Dictionary<string, {element.TypeName}>(global::System.StringComparer.Ordinal);");
        w.Line("while (arguments.NextProperty())");
        using (w.Block())
        {
            w.Line("var key = arguments.PropertyName;");
            w.Line("if (arguments.ClaimEntry(items.ContainsKey(key)))");
            using (w.Block())
            {
                WriteItem(w, element, "items[key] = {0};", context);
            }
        }

        w.Line();
        WriteFinish(w, "items");
    }

    // An item of a collection or a value of a dictionary: null is added as null when the type allows it.
    private static void WriteItem(IndentedWriter w, TypeSpec element, string add, ToolsetContext context)
    {
        var condition = "";
        if (element.IsNullable)
        {
            w.Line("if (arguments.AcceptNull())");
            using (w.Block())
            {
                w.Line(string.Format(CultureInfo.InvariantCulture, add, "null"));
            }

            w.Line("else");
            using (w.Block())
            {
                WriteRead(w, condition, context.Graph[element.Element!], "item", add, EquatableArray<ConstraintSpec>.Empty, context);
            }

            return;
        }

        WriteRead(w, condition, element, "item", add, EquatableArray<ConstraintSpec>.Empty, context);
    }

    private static void WriteFinish(IndentedWriter w, string result)
    {
        w.Line("if (arguments.Failed)");
        using (w.Block())
        {
            w.Line("return false;");
        }

        w.Line();
        w.Line($"value = {result};");
        w.Line("return true;");
    }

    private static void WriteObject(IndentedWriter w, TypeSpec type, ToolsetContext context)
    {
        var members = type.Members.Where(m => m.CanBind).ToList();
        w.Line("if (!arguments.TryStartObject())");
        using (w.Block())
        {
            w.Line("return false;");
        }

        w.Line();
        var slots = new List<Slot>();
        foreach (var member in members)
        {
            var local = Local(member);
            var memberType = context.Graph[member.Type];
            var initial = member.DefaultValue is { } value ? Literals.CSharp(value, member.Type, context.Graph) : memberType.IsValueType ? "default" : "null";
            var localType = memberType.IsValueType || memberType.IsNullable ? memberType.TypeName : memberType.TypeName + "?";
            w.Line($"{localType} {local} = {initial};");
            w.Line($"var {local}Seen = false;");
            var given = member.IsRequired || member.ConstructorParameter >= 0 ? null : local + "Given";
            if (given is not null)
            {
                w.Line($"var {given} = false;");
            }

            slots.Add(new Slot(member.JsonName, local, member.Type, !member.IsRequired, member.Constraints, given));
        }

        var discriminator = context.DiscriminatorOf(type);
        if (discriminator is not null)
        {
            w.Line($"var {DiscriminatorSeen} = false;");
        }

        w.Line();
        WriteProperties(w, slots, "item", context, discriminator);
        w.Line();
        w.Line("if (arguments.Failed)");
        using (w.Block())
        {
            w.Line("return false;");
        }

        foreach (var member in members.Where(m => m.IsRequired))
        {
            w.Line();
            w.Line($"if (!{Local(member)}Seen)");
            using (w.Block())
            {
                w.Line($"return arguments.MissingMember({SymbolDisplay.FormatLiteral(member.JsonName, quote: true)}, {SymbolDisplay.FormatLiteral(context.Graph.Expected(member.Type), quote: true)});");
            }
        }

        // Members outside the constructor: required ones (and 'required' members, which C# insists on) in the
        // initializer; optional init-only ones by creating the object again, reading the absent ones' values from the
        // first; optional settable ones last, so an absent one keeps the value the type gives it.
        var byName = members.ToDictionary(m => m.Name, System.StringComparer.Ordinal);
        var constructor = string.Join(", ", type.ConstructorParameters.Select(name => Value(byName[name], context)));
        var required = members.Where(m => m.ConstructorParameter < 0 && m.IsRequired).ToList();
        var lateInit = members.Where(m => m.ConstructorParameter < 0 && !m.IsRequired && m.IsInitOnly).ToList();
        var lateSet = members.Where(m => m.ConstructorParameter < 0 && !m.IsRequired && m.CanSet).ToList();
        w.Line();
        w.Line($"var created = new {type.TypeName}({constructor}){Initializer(required.Select(m => $"{Names.Identifier(m.Name)} = {Value(m, context)}"))};");
        if (lateInit.Count > 0)
        {
            w.Line($"if ({string.Join(" || ", lateInit.Select(m => Local(m) + "Given"))})");
            using (w.Block())
            {
                var assignments = required.Select(m => $"{Names.Identifier(m.Name)} = {Value(m, context)}")
                    .Concat(lateInit.Select(m => $"{Names.Identifier(m.Name)} = {Local(m)}Given ? {Value(m, context)} : created.{Names.Identifier(m.Name)}"));
                w.Line($"created = new {type.TypeName}({constructor}){Initializer(assignments)};");
            }
        }

        foreach (var member in lateSet)
        {
            w.Line($"if ({Local(member)}Given)");
            using (w.Block())
            {
                w.Line($"created.{Names.Identifier(member.Name)} = {Value(member, context)};");
            }
        }

        w.Line();
        w.Line("value = created;");
        w.Line("return true;");
    }

    private static string Initializer(IEnumerable<string> assignments)
    {
        var list = assignments.ToList();
        return list.Count == 0 ? "" : " { " + string.Join(", ", list) + " }";
    }

    private static string Local(MemberSpec member) => member.Name + "Member";

    // Non-nullable references are read into nullable locals (so a required one can start out empty); by now the
    // binder has assigned them, or they keep the default the constructor declares.
    private static string Value(MemberSpec member, ToolsetContext context)
    {
        var type = context.Graph[member.Type];
        return type.IsValueType || type.IsNullable ? Local(member) : Local(member) + "!";
    }
}
