using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ToolGen.Build;

/// <summary>Reads the tool definitions recorded in an assembly's metadata, without loading the assembly, so nothing of
/// it runs.</summary>
internal static class RecordedTools
{
    private const string AttributeNamespace = "ToolGen";
    private const string AttributeName = "GeneratedToolDefinitionAttribute";

    /// <summary>The recorded tools, ordered by class, then by tool name (ordinal): the order of each class's
    /// <c>AssistantTools.Definitions</c>, classes one after another.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly, or a recorded definition is malformed.</exception>
    public static IReadOnlyList<RecordedTool> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("The file has no .NET metadata.", assemblyPath);
        }

        var reader = pe.GetMetadataReader();
        var tools = new List<RecordedTool>();
        foreach (var handle in reader.GetCustomAttributes(EntityHandle.AssemblyDefinition))
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (IsRecordedDefinition(reader, attribute.Constructor))
            {
                tools.Add(Decode(attribute.DecodeValue(ArgumentTypes.Instance)));
            }
        }

        tools.Sort((a, b) =>
        {
            var byToolSet = string.CompareOrdinal(a.ToolSet, b.ToolSet);
            return byToolSet != 0 ? byToolSet : string.CompareOrdinal(a.Name, b.Name);
        });
        return tools;
    }

    private static bool IsRecordedDefinition(MetadataReader reader, EntityHandle constructor)
    {
        switch (constructor.Kind)
        {
            case HandleKind.MemberReference:
                var parent = reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
                if (parent.Kind != HandleKind.TypeReference)
                {
                    return false;
                }

                var reference = reader.GetTypeReference((TypeReferenceHandle)parent);
                return reader.StringComparer.Equals(reference.Name, AttributeName)
                    && reader.StringComparer.Equals(reference.Namespace, AttributeNamespace);
            case HandleKind.MethodDefinition:
                var definition = reader.GetTypeDefinition(reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType());
                return reader.StringComparer.Equals(definition.Name, AttributeName)
                    && reader.StringComparer.Equals(definition.Namespace, AttributeNamespace);
            default:
                return false;
        }
    }

    private static RecordedTool Decode(CustomAttributeValue<PrimitiveTypeCode> value)
    {
        var arguments = value.FixedArguments;
        if (arguments.Length != 5
            || arguments[0].Value is not string toolSet
            || arguments[1].Value is not string name
            || arguments[2].Type != PrimitiveTypeCode.String
            || arguments[3].Value is not string schema
            || arguments[4].Value is not bool strict)
        {
            throw new BadImageFormatException($"A [{AttributeName}] does not have the arguments (string, string, string?, string, bool).");
        }

        return new RecordedTool(toolSet, name, (string?)arguments[2].Value, schema, strict);
    }

    /// <summary>Decodes attribute arguments of primitive types only; the recorded definition has no others.</summary>
    private sealed class ArgumentTypes : ICustomAttributeTypeProvider<PrimitiveTypeCode>
    {
        public static readonly ArgumentTypes Instance = new();

        public PrimitiveTypeCode GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode;

        public PrimitiveTypeCode GetSystemType() => throw Unsupported();

        public PrimitiveTypeCode GetSZArrayType(PrimitiveTypeCode elementType) => throw Unsupported();

        public PrimitiveTypeCode GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => throw Unsupported();

        public PrimitiveTypeCode GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => throw Unsupported();

        public PrimitiveTypeCode GetTypeFromSerializedName(string name) => throw Unsupported();

        public PrimitiveTypeCode GetUnderlyingEnumType(PrimitiveTypeCode type) => throw Unsupported();

        public bool IsSystemType(PrimitiveTypeCode type) => false;

        private static BadImageFormatException Unsupported()
            => new($"A [{AttributeName}] has an argument that is not a string or a bool.");
    }
}
