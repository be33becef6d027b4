namespace ToolGen.Testing;

/// <summary>
/// Finds the project's shared folder (recorded OpenAI sessions, the OpenAPI description): the sibling <c>shared</c>
/// of the folder holding <c>ToolGen.sln</c>, found by walking up from the test assembly. <c>TOOLGEN_SHARED_DIR</c>
/// overrides it. A missing folder fails the test; it never skips it.
/// </summary>
internal static class SharedFixtures
{
    public static string Root { get; } = Locate();

    public static string Recordings => Path.Combine(Root, "fixtures", "openai-recordings");

    public static string OpenApi => Path.Combine(Root, "fixtures", "openai-openapi", "openapi.yaml");

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
        var fromEnvironment = Environment.GetEnvironmentVariable("TOOLGEN_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new DirectoryNotFoundException($"TOOLGEN_SHARED_DIR points at '{fromEnvironment}', which does not exist.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ToolGen.sln")))
            {
                var shared = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return Directory.Exists(Path.Combine(shared, "fixtures"))
                    ? shared
                    : throw new DirectoryNotFoundException($"The shared fixtures folder '{shared}' beside the repository is missing.");
            }
        }

        throw new DirectoryNotFoundException("No folder holding ToolGen.sln was found above the test assembly.");
    }
}
