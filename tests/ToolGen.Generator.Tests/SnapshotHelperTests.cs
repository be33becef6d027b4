using Xunit.Sdk;

namespace ToolGen.Generator.Tests;

public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "toolgen-snapshot-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_mismatch_writes_a_received_file_and_fails_with_a_line_diff()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "Thing.verified.txt"), "same\nold line\n");

        var failure = Assert.Throws<FailException>(() => Snapshot.Compare("same\nnew line\n", _folder, "Thing", accept: false));

        Assert.Contains("- old line", failure.Message);
        Assert.Contains("+ new line", failure.Message);
        Assert.Equal("same\nnew line\n", File.ReadAllText(Path.Combine(_folder, "Thing.received.txt")));
    }

    [Fact]
    public void Accepting_overwrites_the_expected_file_and_a_match_removes_the_received_file()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "Thing.received.txt"), "stale");

        Snapshot.Compare("text\n", _folder, "Thing", accept: true);
        Snapshot.Compare("text\r\n", _folder, "Thing", accept: false);

        Assert.Equal("text\n", File.ReadAllText(Path.Combine(_folder, "Thing.verified.txt")));
        Assert.False(File.Exists(Path.Combine(_folder, "Thing.received.txt")));
    }

    [Fact]
    public void A_missing_snapshot_fails_and_writes_what_was_received()
    {
        Assert.Throws<FailException>(() => Snapshot.Compare("new\n", _folder, "Missing", accept: false));
        Assert.True(File.Exists(Path.Combine(_folder, "Missing.received.txt")));
    }
}
