using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace ToolGen.Testing;

/// <summary>An assembly's public surface as text, one line per member, and its comparison with a checked-in baseline,
/// so a change to the public API shows up as a diff in review.</summary>
internal static class PublicApi
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// Public and protected members of the exported types the filter picks, one line each, C#-like, sorted ordinally.
    public static string Describe(Assembly assembly, Func<Type, bool>? includeType = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var nullability = new NullabilityInfoContext();
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            if (includeType is not null && !includeType(type))
            {
                continue;
            }

            var owner = TypeName(type);
            lines.Add(Header(type));
            foreach (var member in type.GetMembers(Declared))
            {
                if (Describe(member, type, nullability) is { } line)
                {
                    lines.Add(owner + ": " + line);
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines) + "\n";
    }

    /// Compares with the checked-in baseline (path relative to the calling test file's folder); on mismatch writes
    /// <baseline>.received beside it and fails with a diff; TOOLGEN_ACCEPT_SNAPSHOTS=1 overwrites the baseline.
    public static void AssertMatchesBaseline(string actual, string baselineFile, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, baselineFile);
        var received = path + ".received";
        if (Environment.GetEnvironmentVariable("TOOLGEN_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        var diff = new StringBuilder();
        var before = (expected ?? "").Split('\n').ToHashSet(StringComparer.Ordinal);
        var after = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
        foreach (var line in before.Where(l => !after.Contains(l)))
        {
            diff.Append("- ").AppendLine(line);
        }

        foreach (var line in after.Where(l => !before.Contains(l)))
        {
            diff.Append("+ ").AppendLine(line);
        }

        Assert.Fail(expected is null
            ? $"No baseline {path}; wrote {received}. Review it and run with TOOLGEN_ACCEPT_SNAPSHOTS=1 to accept."
            : $"The public API differs from {path} (wrote {received}; TOOLGEN_ACCEPT_SNAPSHOTS=1 accepts it):\n{diff}");
    }

    private static string Header(Type type)
    {
        var kind = type.IsEnum ? "enum"
            : type.IsInterface ? "interface"
            : type.IsValueType ? (IsRecord(type) ? "record struct" : "struct")
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
            : IsRecord(type) ? "record"
            : "class";
        var modifiers = type.IsAbstract && type.IsSealed ? "static "
            : type.IsAbstract && !type.IsInterface ? "abstract "
            : type.IsSealed && !type.IsValueType && !type.IsEnum && kind != "delegate" ? "sealed "
            : "";
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum) && kind != "delegate")
        {
            bases.Add(TypeName(baseType));
        }

        bases.AddRange(type.GetInterfaces()
            .Where(i => !type.IsEnum && i.IsPublic && !(i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEquatable<>)))
            .Select(TypeName)
            .Order(StringComparer.Ordinal));
        return $"{TypeName(type)}: public {modifiers}{kind}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null
        || type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null
        || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static string? Describe(MemberInfo member, Type owner, NullabilityInfoContext nullability)
    {
        switch (member)
        {
            case ConstructorInfo constructor when Visible(constructor) && !constructor.IsStatic:
                return $"{Access(constructor)} {owner.Name.Split('`')[0]}({Parameters(constructor.GetParameters(), nullability)})";
            case MethodInfo method when Visible(method) && !method.IsSpecialName && !IsRecordPlumbing(method):
                var returns = method.ReturnType == typeof(void) ? "void" : TypeName(nullability.Create(method.ReturnParameter));
                var generics = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";
                return $"{Access(method)} {Modifiers(method)}{returns} {method.Name}{generics}({Parameters(method.GetParameters(), nullability)})";
            case MethodInfo op when Visible(op) && op.IsSpecialName && op.Name.StartsWith("op_", StringComparison.Ordinal) && !IsRecordPlumbing(op):
                return $"{Access(op)} static {TypeName(op.ReturnType)} {op.Name}({Parameters(op.GetParameters(), nullability)})";
            case PropertyInfo property:
                var getter = property.GetMethod is { } get && Visible(get) ? get : null;
                var setter = property.SetMethod is { } set && Visible(set) ? set : null;
                if ((getter ?? setter) is not { } accessor || property.Name == "EqualityContract")
                {
                    return null;
                }

                var isInit = setter?.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") == true;
                var accessors = (getter is null ? "" : "get; ") + (setter is null ? "" : isInit ? "init; " : "set; ");
                var required = property.GetCustomAttributes().Any(a => a.GetType().Name == "RequiredMemberAttribute") ? "required " : "";
                var indexer = property.GetIndexParameters() is { Length: > 0 } index ? $"this[{Parameters(index, nullability)}]" : property.Name;
                return $"{Access(accessor)} {required}{Modifiers(accessor)}{TypeName(nullability.Create(property))} {indexer} {{ {accessors}}}";
            case FieldInfo field when (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && !field.IsSpecialName:
                if (owner.IsEnum)
                {
                    return $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
                }

                var kind = field.IsLiteral ? "const " : (field.IsStatic ? "static " : "") + (field.IsInitOnly ? "readonly " : "");
                var value = field.IsLiteral ? " = " + Literal(field.GetRawConstantValue()) : "";
                return $"{(field.IsPublic ? "public" : "protected")} {kind}{TypeName(nullability.Create(field))} {field.Name}{value}";
            case EventInfo @event when @event.AddMethod is { } add && Visible(add):
                return $"{Access(add)} {Modifiers(add)}event {TypeName(@event.EventHandlerType!)} {@event.Name}";
            case Type nested when nested.IsNestedPublic || nested.IsNestedFamily:
                return "nested " + Header(nested);
            default:
                return null;
        }
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "public" : "protected";

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return "static ";
        }

        if (method.DeclaringType!.IsInterface)
        {
            return "";
        }

        if (method.IsAbstract)
        {
            return "abstract ";
        }

        if (method.IsVirtual && !method.IsFinal)
        {
            return method.GetBaseDefinition() == method ? "virtual " : "override ";
        }

        return method.IsVirtual && method.GetBaseDefinition() != method ? "sealed override " : "";
    }

    /// <summary>Members a compiler writes for every record: they change only when the record's members do.</summary>
    private static bool IsRecordPlumbing(MethodInfo method)
        => IsRecord(method.DeclaringType!) && method.Name is "<Clone>$" or "Equals" or "GetHashCode" or "ToString" or "PrintMembers" or "op_Equality" or "op_Inequality";

    private static string Parameters(ParameterInfo[] parameters, NullabilityInfoContext nullability)
        => string.Join(", ", parameters.Select(p =>
        {
            var prefix = p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : p.GetCustomAttribute<ParamArrayAttribute>() is not null ? "params " : "";
            var type = p.ParameterType.IsByRef ? TypeName(p.ParameterType.GetElementType()!) : TypeName(nullability.Create(p));
            var defaultValue = !p.HasDefaultValue ? ""
                : p.RawDefaultValue is null && p.ParameterType.IsValueType ? " = default"
                : " = " + Literal(p.RawDefaultValue);
            return $"{prefix}{type} {p.Name}{defaultValue}";
        }));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string TypeName(NullabilityInfo info)
    {
        var type = info.Type;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        string name;
        if (type.IsArray && info.ElementType is { } element)
        {
            name = TypeName(element) + "[]";
        }
        else if (type.IsGenericType && info.GenericTypeArguments.Length > 0)
        {
            var definition = TypeName(type.GetGenericTypeDefinition());
            name = definition[..definition.IndexOf('<', StringComparison.Ordinal)]
                + "<" + string.Join(", ", info.GenericTypeArguments.Select(TypeName)) + ">";
        }
        else
        {
            name = TypeName(type);
        }

        return !type.IsValueType && info.ReadState == NullabilityState.Nullable ? name + "?" : name;
    }

    private static string TypeName(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        var name = type.IsNested ? TypeName(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (type.IsGenericType)
        {
            name = name[..name.IndexOf('`', StringComparison.Ordinal)]
                + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
        }

        return name switch
        {
            "System.String" => "string",
            "System.Int32" => "int",
            "System.Int64" => "long",
            "System.Boolean" => "bool",
            "System.Double" => "double",
            "System.Object" => "object",
            "System.Byte" => "byte",
            _ => name,
        };
    }
}
