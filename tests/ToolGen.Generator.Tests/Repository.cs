namespace ToolGen.Generator.Tests;

/// <summary>The repository root: the folder holding ToolGen.sln above the test assembly, the working directory
/// or this source file.</summary>
internal static class Repository
{
    public static string Root { get; } = Locate();

    private static string Locate()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), SourceDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ToolGen.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("No folder holding ToolGen.sln was found.");
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.GetDirectoryName(path) ?? "/";
}
