using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ToolGen.Conformance.Corpus;

/// <summary>Which files a search returns.</summary>
/// <param name="NameContains">Part of the file name.</param>
/// <param name="Extensions">File extensions without the dot.</param>
/// <param name="ModifiedAfter">Only files changed after this moment.</param>
/// <param name="MaxSize">Largest size in bytes.</param>
public sealed record FileSearchFilter(
    string? NameContains = null,
    HashSet<string>? Extensions = null,
    DateTimeOffset? ModifiedAfter = null,
    [Range(0L, 1099511627776L)] long? MaxSize = null);

/// <summary>A folder and what is in it.</summary>
public sealed record FolderNode(string Name, IReadOnlyList<FolderNode> Folders, IReadOnlyList<string> Files);

/// <summary>A hash algorithm.</summary>
public enum HashAlgorithmKind
{
    Sha256,
    Sha512,
    Md5,
}

/// <summary>A link that shares a file.</summary>
public sealed record ShareLink(Uri Url, DateTimeOffset Expires);

public static partial class FileTools
{
    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Searches files.")]
    public static IReadOnlyList<string> SearchFiles(FileSearchFilter? filter = null, [Range(1, 500)] int limit = 50)
    {
        Received.Record(filter, limit);
        return ["/docs/a.txt"];
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Reads part of a file.")]
    public static string ReadFile([MinLength(1)] string path, [Range(0L, long.MaxValue)] long offset = 0, [Range(1, 1048576)] int length = 4096)
    {
        Received.Record(path, offset, length);
        return "text";
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Writes a file.")]
    public static long WriteFile(string path, [Base64String] string content, bool overwrite = false)
    {
        Received.Record(path, content, overwrite);
        return content.Length;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Moves files into a folder.")]
    public static int MoveFiles([Length(1, 20)] IList<string> sources, string destination)
    {
        Received.Record(sources, destination);
        return sources.Count;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Gets a folder tree.")]
    public static FolderNode GetFolderTree(string root, [Range(1, 5)] sbyte depth = 2)
    {
        Received.Record(root, depth);
        return new FolderNode("root", [new FolderNode("docs", [], ["a.txt"])], []);
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Tags files.")]
    public static int TagFiles(ICollection<string> paths, ISet<string> tags)
    {
        Received.Record(paths, tags);
        return paths.Count * tags.Count;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Shares a file with people, or posts it to an endpoint.")]
    public static ShareLink ShareFile(string path, [Length(1, 10)] string[] emails, Uri? notify = null, TimeSpan validFor = default)
    {
        Received.Record(path, emails, notify, validFor);
        return new ShareLink(new Uri("https://files.example/s/1"), new DateTimeOffset(2026, 5, 8, 0, 0, 0, TimeSpan.Zero));
    }

    [AssistantTool(Strict = false)]
    [Description("Sets free-form metadata on a file.")]
    public static JsonElement SetMetadata(string path, JsonElement metadata)
    {
        Received.Record(path, metadata);
        return metadata;
    }

    [AssistantTool(Strict = CorpusMode.Strict)]
    [Description("Computes a file's checksum.")]
    public static string Checksum(string path, HashAlgorithmKind algorithm = HashAlgorithmKind.Sha256)
    {
        Received.Record(path, algorithm);
        return "00";
    }
}
