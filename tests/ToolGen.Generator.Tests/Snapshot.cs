using System.Runtime.CompilerServices;
using System.Text;
using ToolGen.Testing;

namespace ToolGen.Generator.Tests;

/// <summary>Compares text with a checked-in expected file (<c>Snapshots/NAME.verified.txt</c> next to the test). On a
/// mismatch it writes <c>NAME.received.txt</c> beside it and fails with a line diff; with
/// <c>TOOLGEN_ACCEPT_SNAPSHOTS=1</c> it overwrites the expected file instead.</summary>
internal static class Snapshot
{
    public static void Match(string actual, string name, [CallerFilePath] string testFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(ExpectedFile.SourcePath(testFile))!, "Snapshots");
        if (!Directory.Exists(folder))
        {
            // The sources are not where the compiler saw them; fall back to the copies deployed beside the test
            // assembly.
            folder = Path.Combine(AppContext.BaseDirectory, "Snapshots");
        }

        Compare(actual, folder, name, accept: ExpectedFile.Accepting);
    }

    public static void Compare(string actual, string folder, string name, bool accept)
        => ExpectedFile.Match(actual, Path.Combine(folder, name + ".verified.txt"), Path.Combine(folder, name + ".received.txt"), accept, Diff);

    private static string Diff(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        var text = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(left.Length, right.Length) && shown < 20; i++)
        {
            var l = i < left.Length ? left[i] : null;
            var r = i < right.Length ? right[i] : null;
            if (l != r)
            {
                shown++;
                text.Append("line ").Append(i + 1).Append('\n');
                if (l is not null)
                {
                    text.Append("- ").Append(l).Append('\n');
                }

                if (r is not null)
                {
                    text.Append("+ ").Append(r).Append('\n');
                }
            }
        }

        return text.ToString();
    }
}
