using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ToolGen.Build;

/// <summary>
/// Writes every tool definition the ToolGen generator recorded in an assembly to a JSON file: the Assistants API's
/// and Chat Completions' <c>tools</c> array (<c>[{"type":"function","function":{"description","name","parameters","strict"}}]</c>),
/// the same bytes the OpenAI .NET SDK writes for the runtime's definitions. The assembly is read with
/// System.Reflection.Metadata and never loaded, so none of its code runs.
/// </summary>
/// <remarks>
/// Tools are ordered by the class holding them, then by name (ordinal). An assembly without tools gets no file, and
/// an existing file at <see cref="ToolsFile"/> is deleted. A file whose bytes would not change is left untouched.
/// </remarks>
public sealed class WriteToolsFile : Task
{
    /// <summary>The compiled assembly to read (usually <c>@(IntermediateAssembly)</c>).</summary>
    [Required]
    public string Assembly { get; set; } = "";

    /// <summary>The JSON file to write, e.g. <c>bin/Release/net10.0/MyApp.tools.json</c>.</summary>
    [Required]
    public string ToolsFile { get; set; } = "";

    /// <summary>How many tool definitions the file holds (0 when the assembly has none).</summary>
    [Output]
    public int ToolCount { get; private set; }

    /// <summary>Reads the definitions and writes, replaces or deletes <see cref="ToolsFile"/>.</summary>
    /// <returns><see langword="false"/> (with an error logged) when the assembly cannot be read, a recorded
    /// definition is malformed or the file cannot be written.</returns>
    public override bool Execute()
    {
        try
        {
            var tools = RecordedTools.Read(Assembly);
            ToolCount = tools.Count;
            if (tools.Count == 0)
            {
                if (File.Exists(ToolsFile))
                {
                    File.Delete(ToolsFile);
                    Log.LogMessage(MessageImportance.Normal, "ToolGen: {0} has no tools; deleted {1}.", Assembly, ToolsFile);
                }

                return true;
            }

            var json = ToolsJson.Write(tools);
            if (File.Exists(ToolsFile) && File.ReadAllBytes(ToolsFile).SequenceEqual(json))
            {
                Log.LogMessage(MessageImportance.Low, "ToolGen: {0} is up to date.", ToolsFile);
                return true;
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(ToolsFile));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllBytes(ToolsFile, json);
            Log.LogMessage(MessageImportance.High, "ToolGen: wrote {0} tool definition(s) to {1}", tools.Count, ToolsFile);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or JsonException)
        {
            Log.LogError("ToolGen could not write the tools file {0} from {1}: {2}", ToolsFile, Assembly, e.Message);
            return false;
        }
    }
}
