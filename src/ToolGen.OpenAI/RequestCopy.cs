using System.ClientModel.Primitives;
using OpenAI;

namespace ToolGen.OpenAI;

/// <summary>Copies an SDK request object through the SDK's own JSON serializer.</summary>
/// <remarks>The runners change the request between rounds (tools, <c>tool_choice</c>, input items); they work on a copy
/// so the caller's options object is left as it was and can be reused. The JSON round trip keeps every property the
/// SDK sends, including additions made through <c>Patch</c>.</remarks>
internal static class RequestCopy
{
    public static T Of<T>(T model)
        where T : IJsonModel<T>
    {
        var json = ModelReaderWriter.Write(model, ModelReaderWriterOptions.Json, OpenAIContext.Default);
        return ModelReaderWriter.Read<T>(json, ModelReaderWriterOptions.Json, OpenAIContext.Default)
            ?? throw new InvalidOperationException($"The SDK could not copy a {typeof(T).Name}.");
    }
}
