using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace ToolGen.Testing;

/// <summary>A text form of an assembly's public surface, compared with a checked-in baseline, so that a change to
/// what other code (generated code in users' assemblies above all) calls fails a test until the baseline is
/// updated on purpose.</summary>
internal static class PublicApi
{
    // NullabilityInfoContext caches as it goes and is not thread-safe; tests describe assemblies in parallel.
    [ThreadStatic]
    private static NullabilityInfoContext? t_nullability;

    private static NullabilityInfoContext Nullability => t_nullability ??= new();

    /// Public and protected members of the exported types the filter picks, one line each, C#-like, sorted ordinally.
    public static string Describe(Assembly assembly, Func<Type, bool>? includeType = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().Where(t => includeType?.Invoke(t) ?? true))
        {
            var name = TypeName(type);
            lines.Add($"{name}: {TypeKind(type)}{BaseTypes(type)}");
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(all))
            {
                if (Describe(member) is { } line)
                {
                    lines.Add($"{name}: {line}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines) + "\n";
    }

    /// Compares with the checked-in baseline (path relative to the calling test file's folder); on mismatch writes
    /// <baseline>.received beside it and fails with a diff; TOOLGEN_ACCEPT_SNAPSHOTS=1 overwrites the baseline.
    public static void AssertMatchesBaseline(string actual, string baselineFile, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(ExpectedFile.SourcePath(callerFile)) ?? "", baselineFile);
        ExpectedFile.Match(actual, path, path + ".received", ExpectedFile.Accepting, Diff);
    }

    // The baseline's lines are sorted, so the lines only one side has say all there is to say.
    private static string Diff(string expected, string actual)
    {
        var before = expected.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var after = actual.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = new StringBuilder();
        foreach (var line in before.Except(after, StringComparer.Ordinal))
        {
            text.Append("- ").Append(line).Append('\n');
        }

        foreach (var line in after.Except(before, StringComparer.Ordinal))
        {
            text.Append("+ ").Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static string? Describe(MemberInfo member) => member switch
    {
        _ when member.Name.StartsWith('<') => null,
        ConstructorInfo constructor when Visible(constructor) => $"{Access(constructor)}{(constructor.IsStatic ? "static " : "")}{constructor.DeclaringType!.Name.Split('`')[0]}({Parameters(constructor)})",
        MethodInfo method when Visible(method) && !method.IsSpecialName || method.Name.StartsWith("op_", StringComparison.Ordinal) && Visible(method)
            => $"{Access(method)}{Modifiers(method)}{Type(method.ReturnType, Nullability.Create(method.ReturnParameter))} {method.Name}{GenericParameters(method)}({Parameters(method)}){Constraints(method)}",
        PropertyInfo property when Accessors(property) is { Length: > 0 } accessors
            => $"{Access(accessors[0])}{Modifiers(accessors[0])}{Type(property.PropertyType, Nullability.Create(property))} {Indexer(property)} {{ {string.Join(" ", accessors.Select(Accessor))} }}",
        FieldInfo field when (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && !field.IsSpecialName
            => field.DeclaringType!.IsEnum
                ? $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}"
                : $"{Access(field)}{FieldModifiers(field)}{Type(field.FieldType, Nullability.Create(field))} {field.Name}{ConstantValue(field)}",
        EventInfo @event when @event.AddMethod is { } add && Visible(add) => $"{Access(add)}{Modifiers(add)}event {Type(@event.EventHandlerType!, Nullability.Create(@event))} {@event.Name}",
        _ => null,
    };

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static MethodInfo[] Accessors(PropertyInfo property)
        => new[] { property.GetMethod, property.SetMethod }.OfType<MethodInfo>().Where(Visible).ToArray();

    private static string Accessor(MethodInfo accessor)
    {
        var init = accessor.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
        return accessor.Name.StartsWith("get_", StringComparison.Ordinal) ? "get;" : init ? "init;" : "set;";
    }

    private static string Indexer(PropertyInfo property)
    {
        var index = property.GetIndexParameters();
        return index.Length == 0 ? property.Name : $"this[{string.Join(", ", index.Select(Parameter))}]";
    }

    private static string Access(MethodBase method) => method.IsPublic ? "public " : "protected ";

    private static string Access(FieldInfo field) => field.IsPublic ? "public " : "protected ";

    private static string Modifiers(MethodInfo method)
    {
        var text = new StringBuilder();
        if (method.IsStatic)
        {
            text.Append("static ");
        }

        if (method.IsAbstract && !method.DeclaringType!.IsInterface)
        {
            text.Append("abstract ");
        }
        else if (method.IsVirtual && !method.IsFinal && !method.DeclaringType!.IsInterface)
        {
            text.Append(method.GetBaseDefinition() != method ? "override " : "virtual ");
        }
        else if (method.IsVirtual && method.GetBaseDefinition() != method)
        {
            text.Append("sealed override ");
        }

        if (method.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IsReadOnlyAttribute"))
        {
            text.Append("readonly ");
        }

        return text.ToString();
    }

    private static string FieldModifiers(FieldInfo field)
        => field.IsLiteral ? "const " : (field.IsStatic ? "static " : "") + (field.IsInitOnly ? "readonly " : "");

    private static string ConstantValue(FieldInfo field) => field.IsLiteral ? " = " + Literal(field.GetRawConstantValue()) : "";

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string text => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        bool flag => flag ? "true" : "false",
        char c => "'" + c + "'",
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string TypeKind(Type type)
    {
        if (type.IsEnum)
        {
            return "enum";
        }

        if (type.IsInterface)
        {
            return "interface";
        }

        if (typeof(Delegate).IsAssignableFrom(type.BaseType))
        {
            return "delegate";
        }

        if (type.IsValueType)
        {
            var readOnly = type.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IsReadOnlyAttribute");
            return (readOnly ? "readonly " : "") + (type.IsByRefLike ? "ref " : "") + "struct";
        }

        return type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";
    }

    private static string BaseTypes(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum) && !type.IsEnum)
        {
            bases.Add(TypeName(baseType));
        }

        bases.AddRange(type.GetInterfaces().Select(i => TypeName(i)).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
    }

    private static string GenericParameters(MethodInfo method)
        => method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Constraints(MethodInfo method)
    {
        if (!method.IsGenericMethodDefinition)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var argument in method.GetGenericArguments())
        {
            var constraints = new List<string>();
            var attributes = argument.GenericParameterAttributes;
            if (attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("struct");
            }
            else if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add("class");
            }

            constraints.AddRange(argument.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(c => TypeName(c)));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                text.Append(" where ").Append(argument.Name).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return text.ToString();
    }

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(Parameter));

    private static string Parameter(ParameterInfo parameter)
    {
        var prefix = parameter.ParameterType.IsByRef ? parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref " : "";
        if (parameter.GetCustomAttributesData().Any(a => a.AttributeType == typeof(ParamArrayAttribute)))
        {
            prefix = "params ";
        }

        var type = Type(parameter.ParameterType, Nullability.Create(parameter));
        var value = parameter.HasDefaultValue ? " = " + (parameter.RawDefaultValue is null && parameter.ParameterType.IsValueType ? "default" : Literal(parameter.RawDefaultValue)) : "";
        return $"{prefix}{type} {parameter.Name}{value}";
    }

    // A type as C# writes it, with the nullable annotations of its use.
    private static string Type(Type type, NullabilityInfo? nullability)
    {
        if (type.IsByRef)
        {
            return Type(type.GetElementType()!, nullability?.ElementType ?? nullability);
        }

        if (type.IsArray)
        {
            return Type(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + Annotation(type, nullability);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Type(underlying, null) + "?";
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            var arguments = type.GetGenericArguments();
            var infos = nullability?.GenericTypeArguments;
            var written = arguments.Select((a, i) => Type(a, infos is { Length: > 0 } && i < infos.Length ? infos[i] : null));
            return TypeName(type.GetGenericTypeDefinition(), definition: true).Split('<')[0] + "<" + string.Join(", ", written) + ">" + Annotation(type, nullability);
        }

        return TypeName(type) + Annotation(type, nullability);
    }

    private static string Annotation(Type type, NullabilityInfo? nullability)
        => !type.IsValueType && !type.IsGenericParameter && nullability?.ReadState == NullabilityState.Nullable ? "?" : "";

    private static string TypeName(Type type, bool withNamespace = true, bool definition = false)
    {
        if (Keyword(type) is { } keyword)
        {
            return keyword;
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = type.Name.Split('`')[0];
        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            name += "<" + string.Join(", ", arguments.Select(a => definition ? a.Name : TypeName(a))) + ">";
        }

        if (type.IsNested)
        {
            return TypeName(type.DeclaringType!, withNamespace, definition: true).Split('<')[0] + "." + name;
        }

        return withNamespace && type.Namespace is { Length: > 0 } ns ? ns + "." + name : name;
    }

    private static string? Keyword(Type type) => System.Type.GetTypeCode(type) switch
    {
        _ when type == typeof(void) => "void",
        _ when type == typeof(object) => "object",
        TypeCode.Boolean => "bool",
        TypeCode.Char when !type.IsEnum => "char",
        TypeCode.SByte when !type.IsEnum => "sbyte",
        TypeCode.Byte when !type.IsEnum => "byte",
        TypeCode.Int16 when !type.IsEnum => "short",
        TypeCode.UInt16 when !type.IsEnum => "ushort",
        TypeCode.Int32 when !type.IsEnum => "int",
        TypeCode.UInt32 when !type.IsEnum => "uint",
        TypeCode.Int64 when !type.IsEnum => "long",
        TypeCode.UInt64 when !type.IsEnum => "ulong",
        TypeCode.Single => "float",
        TypeCode.Double => "double",
        TypeCode.Decimal => "decimal",
        TypeCode.String => "string",
        _ => null,
    };
}
