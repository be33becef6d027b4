namespace ToolGen.Testing;

/// <summary>Compares text with a checked-in expected file: on a mismatch it writes the text received beside it and
/// fails with a diff; with <c>TOOLGEN_ACCEPT_SNAPSHOTS=1</c> it overwrites the expected file instead. Generator
/// snapshots and public API baselines both use it.</summary>
internal static class ExpectedFile
{
    /// <summary>Whether <c>TOOLGEN_ACCEPT_SNAPSHOTS=1</c> asks for new output to be accepted.</summary>
    public static bool Accepting => Environment.GetEnvironmentVariable("TOOLGEN_ACCEPT_SNAPSHOTS") == "1";

    /// <summary>Compares <paramref name="actual"/> (line endings normalised) with <paramref name="expectedPath"/>.</summary>
    /// <param name="diff">Describes the difference between the expected and the received text for the failure.</param>
    public static void Match(string actual, string expectedPath, string receivedPath, bool accept, Func<string, string, string> diff)
    {
        actual = actual.Replace("\r\n", "\n");
        if (accept)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(expectedPath)!);
            File.WriteAllText(expectedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(receivedPath)!);
        File.WriteAllText(receivedPath, actual);
        var hint = $"Wrote {receivedPath}; if the change is meant, run the test with TOOLGEN_ACCEPT_SNAPSHOTS=1 to accept it.";
        Assert.Fail(expected is null ? $"No expected file {expectedPath}. {hint}" : $"{expectedPath} differs. {hint}\n{diff(expected, actual)}");
    }

    /// <summary>Where a source file of the repository is: <paramref name="callerFile"/> as the compiler saw it, or, in
    /// a CI build (ContinuousIntegrationBuild maps source paths to <c>/_/…</c>), the same path below the repository
    /// root, the folder holding ToolGen.sln above the test assembly.</summary>
    public static string SourcePath(string callerFile)
    {
        const string Mapped = "/_/";
        if (!callerFile.StartsWith(Mapped, StringComparison.Ordinal) || File.Exists(callerFile))
        {
            return callerFile;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ToolGen.sln")))
            {
                return Path.Combine(dir.FullName, callerFile[Mapped.Length..]);
            }
        }

        return callerFile;
    }
}
