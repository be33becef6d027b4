using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FetchUrlAssistant.Tests;

[CollectionDefinition(nameof(PathologicalPageTests), DisableParallelization = true)]
public sealed class MeasuredAlone;

/// <summary>Pages built to make extraction slow or memory-hungry. Each must come back as a normal, capped result
/// before the deadline (a timeout error would mean the deadline was hit), allocating a bounded amount. The class runs
/// alone so the allocation count is this test's.</summary>
[Collection(nameof(PathologicalPageTests))]
public class PathologicalPageTests
{
    private const int MiB = 1024 * 1024;

    // The old extractor allocated 5 GB on the 1 MiB table; what stays is the 1 MiB body, its text and a bounded parse.
    private const long AllocationBound = 256L * MiB;

    // The pages cost well under a second of CPU each (docs/fetch-url.md), but this machine's cores are shared with
    // parallel builds: the deadline is raised so a starved test process still shows the limits, not the scheduler.
    private static readonly FetchLimits Limits = FetchLimits.Default with { Deadline = TimeSpan.FromSeconds(30) };

    public static TheoryData<string> Shapes => ["nested divs", "links", "unclosed links", "br", "paragraphs", "table cells", "nested inline", "title"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_one_mebibyte_pathological_page_gives_a_capped_result_within_the_deadline(string shape)
    {
        var html = Page(shape);
        await using var pages = await LocalPages.StartAsync(app => app.MapGet("/page", () => LocalPages.Html(html)));

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var result = await Fetching.FetchAsync(pages.BaseAddress, pages.Url("/page"), Limits);
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        var envelope = Fetching.Envelope(result);
        Assert.True(result.Output.Length <= FetchLimits.Default.MaxOutputChars, $"{result.Output.Length} characters");
        Assert.True(envelope["truncated"].GetBoolean());
        Assert.True(allocated < AllocationBound, $"{allocated / MiB} MiB allocated");
        if (shape == "title")
        {
            Assert.EndsWith(UntrustedContent.TruncationMarker, envelope["title"].GetString());
        }
        else
        {
            Assert.Contains("word", envelope["text"].GetString());
        }
    }

    [Fact]
    public async Task A_gzip_bomb_is_read_only_up_to_the_byte_cap_after_decompression()
    {
        var bomb = GzipBomb.Value;
        await using var pages = await LocalPages.StartAsync(app => app.MapGet("/bomb", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(bomb);
        }));

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var result = await Fetching.FetchAsync(pages.BaseAddress, pages.Url("/bomb"), Limits);
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        var envelope = Fetching.Envelope(result);
        Assert.True(envelope["truncated"].GetBoolean());
        Assert.Contains("word", envelope["text"].GetString());
        Assert.True(allocated < AllocationBound, $"{allocated / MiB} MiB allocated for a page that expands to 256 MiB");
    }

    [Fact]
    public async Task A_lying_content_length_is_not_trusted_the_body_stops_at_the_byte_cap()
    {
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<p>word</p>", 10_000)));
        await using var server = new RawHttpServer(async (stream, cancellationToken) =>
        {
            await stream.WriteAsync(RawHttpServer.Ascii("HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 53687091200\n\n"), cancellationToken);
            for (var sent = 0; sent < 2 * MiB; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk, cancellationToken);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        });

        var result = await Fetching.FetchAsync(server.Origin, server.Url("/lying"), Limits);

        var envelope = Fetching.Envelope(result);
        Assert.True(envelope["truncated"].GetBoolean());
        Assert.Contains("word", envelope["text"].GetString());
    }

    [Fact]
    public async Task A_slow_drip_ends_at_the_deadline_as_a_timeout_the_model_can_read()
    {
        await using var server = new RawHttpServer(async (stream, cancellationToken) =>
        {
            await stream.WriteAsync(RawHttpServer.Ascii("HTTP/1.1 200 OK\nContent-Type: text/html\nConnection: close\n\n<p>"), cancellationToken);
            while (true)
            {
                await stream.WriteAsync("w"u8.ToArray(), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                await Task.Delay(100, cancellationToken);
            }
        });
        var limits = FetchLimits.Default with { Deadline = TimeSpan.FromSeconds(1) };

        // The wait only keeps a broken deadline from hanging the test run; it asserts no time.
        var result = await Fetching.FetchAsync(server.Origin, server.Url("/drip"), limits).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(result.IsError);
        Assert.Equal(ToolGen.ToolErrorKind.ToolFailed, result.ErrorKind);
        Assert.Contains("did not finish within 1 seconds", result.Error!.Message);
    }

    private static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        var unit = Encoding.UTF8.GetBytes("<p>word word word word</p>\n");
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize))
        {
            gzip.Write("<html><body>"u8);
            for (var written = 0L; written < 256L * MiB; written += unit.Length)
            {
                gzip.Write(unit);
            }
        }

        return compressed.ToArray();
    });

    private static string Page(string shape)
    {
        var (head, unit) = shape switch
        {
            "nested divs" => ("<p>word</p>", "<div>"),
            "links" => ("", "<a href=\"/x\">word</a> "),
            "unclosed links" => ("", "<a href=\"/x\">word "),
            "br" => ("word", "<br>"),
            "paragraphs" => ("", "<p>word"),
            "table cells" => ("<table>", "<tr><td>word<td>word<td>word"),
            "nested inline" => ("word", "<b><i><span>"),
            _ => ("", ""),
        };
        var html = new StringBuilder(MiB + 100);
        html.Append("<html><head><title>");
        if (shape == "title")
        {
            html.Append('T', 100_000).Append("</title></head><body><p>word</p>");
            while (html.Length < MiB)
            {
                html.Append("<p>more words here and there</p>");
            }
        }
        else
        {
            html.Append("Pathological</title></head><body>").Append(head);
            while (html.Length < MiB)
            {
                html.Append(unit);
            }
        }

        return html.Append("</body></html>").ToString();
    }
}
