using System.Text.Encodings.Web;
using System.Text.Json;

namespace ToolGen;

/// <summary>How ToolGen writes JSON meant for a model.</summary>
internal static class ToolJson
{
    /// <summary>Compact output that keeps quotes, apostrophes and non-ASCII letters readable (<c>'</c> rather than
    /// <c>\u0027</c>): tool outputs go to a model, never into HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Options handed to System.Text.Json's built-in converters (dates, times, 128-bit integers), which
    /// read no setting from them; a plain instance rather than <see cref="JsonSerializerOptions.Default"/>, which
    /// trimming and NativeAOT flag.</summary>
    public static readonly JsonSerializerOptions ConverterOptions = new();
}
