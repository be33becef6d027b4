using System.ClientModel.Primitives;
using System.Text;
using ToolGen.OpenAI;

namespace ToolGen.Build.Tests;

/// <summary>The WriteToolsFile task: the build's <c>&lt;AssemblyName&gt;.tools.json</c>.</summary>
public sealed class ToolsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("toolgen-tools-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ToolsFile => Path.Combine(_folder, "out", "Tests.tools.json");

    [Fact]
    public void The_file_holds_every_tool_of_the_assembly_as_the_OpenAI_SDK_writes_its_tools_array()
    {
        var (task, engine) = Task(typeof(Notes).Assembly.Location);

        Assert.True(task.Execute(), string.Join("\n", engine.Errors));

        // Classes in ordinal order of their full names, each class's tools in the order of its Definitions.
        var definitions = ToolSet.Combine(Clock.AssistantTools, new Notes().AssistantTools).Definitions;
        Assert.Equal(["now", "count", "save"], definitions.Select(d => d.Name));
        var assistants = "[" + string.Join(",", definitions.Select(d => Sdk(d.ToFunctionToolDefinition()))) + "]";
        var chat = "[" + string.Join(",", definitions.Select(d => Sdk(d.ToChatTool()))) + "]";
        var written = File.ReadAllBytes(ToolsFile);
        Assert.Equal(assistants, Encoding.UTF8.GetString(written));
        Assert.Equal(chat, Encoding.UTF8.GetString(written));
        Assert.Equal(Encoding.UTF8.GetBytes(assistants), written);
        Assert.Equal(3, task.ToolCount);
    }

    [Fact]
    public void Every_character_is_escaped_as_the_OpenAI_SDKs_writer_escapes_it()
    {
        var everyCharacter = new StringBuilder();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (!char.IsSurrogate((char)c))
            {
                everyCharacter.Append((char)c);
            }
        }

        var description = everyCharacter.Append("🎉 𝄞").ToString();
        var schema = """{"type":"object","description":"kept verbatim: é <b> \u00e9","properties":{}}""";

        var written = ToolsJson.Write([new RecordedTool("Demo.Tools", "all_characters", description, schema, Strict: true)]);

        var sdk = new global::OpenAI.Assistants.FunctionToolDefinition("all_characters")
        {
            Description = description,
            Parameters = BinaryData.FromString(schema),
            StrictParameterSchemaEnabled = true,
        };
        Assert.Equal("[" + Sdk(sdk) + "]", Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void An_assembly_without_tools_gets_no_file_and_a_stale_one_is_deleted()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ToolsFile)!);
        File.WriteAllText(ToolsFile, """[{"type":"function","function":{"name":"removed_tool"}}]""");
        var (task, engine) = Task(typeof(ToolSet).Assembly.Location);

        Assert.True(task.Execute(), string.Join("\n", engine.Errors));

        Assert.False(File.Exists(ToolsFile));
        Assert.Equal(0, task.ToolCount);
    }

    [Fact]
    public void An_unchanged_file_is_not_rewritten()
    {
        var (first, _) = Task(typeof(Notes).Assembly.Location);
        Assert.True(first.Execute());
        var earlier = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(ToolsFile, earlier);

        var (second, engine) = Task(typeof(Notes).Assembly.Location);
        Assert.True(second.Execute(), string.Join("\n", engine.Errors));

        Assert.Equal(earlier, File.GetLastWriteTimeUtc(ToolsFile));
    }

    [Fact]
    public void A_changed_file_is_replaced()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ToolsFile)!);
        File.WriteAllText(ToolsFile, "[]");
        var (task, _) = Task(typeof(Notes).Assembly.Location);

        Assert.True(task.Execute());

        Assert.StartsWith("""[{"type":"function","function":{"description":"The time in UTC""", File.ReadAllText(ToolsFile));
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_fails_the_build_with_an_error_naming_it()
    {
        var notAnAssembly = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(notAnAssembly, "not a PE file");
        var (task, engine) = Task(notAnAssembly);

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Contains(notAnAssembly, error);
        Assert.False(File.Exists(ToolsFile));
    }

    private (WriteToolsFile Task, BuildEngine Engine) Task(string assembly)
    {
        var engine = new BuildEngine();
        return (new WriteToolsFile { Assembly = assembly, ToolsFile = ToolsFile, BuildEngine = engine }, engine);
    }

    private static string Sdk<T>(T model)
        where T : IPersistableModel<T>
        => ModelReaderWriter.Write(model, ModelReaderWriterOptions.Json).ToString();
}
