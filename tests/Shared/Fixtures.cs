namespace ToolGen.Testing;

/// <summary>
/// Finds the test fixtures the repository carries (<c>tests/fixtures/</c>: recorded OpenAI sessions, with their
/// upstream license and notice), found by walking up from the test assembly to the folder holding
/// <c>ToolGen.sln</c>. Nothing outside the clone is read. A missing fixture fails the test; it never skips it.
/// </summary>
internal static class Fixtures
{
    public static string Root { get; } = Locate();

    public static string Recordings => Path.Combine(Root, "openai-recordings");

    /// <summary>The path of a recorded session, e.g. <c>Recording("assistants", "FunctionToolsWorkAsync")</c>.</summary>
    public static string Recording(string api, string name)
    {
        var path = Path.Combine(Recordings, api, name + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The recorded session '{path}' is missing.", path);
        }

        return path;
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ToolGen.sln")))
            {
                var fixtures = Path.Combine(dir.FullName, "tests", "fixtures");
                return Directory.Exists(fixtures)
                    ? fixtures
                    : throw new DirectoryNotFoundException($"The test fixtures folder '{fixtures}' is missing.");
            }
        }

        throw new DirectoryNotFoundException("No folder holding ToolGen.sln was found above the test assembly.");
    }
}
