using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ToolGen;

namespace FetchUrlAssistant.Tests;

public class FetchUrlToolTests
{
    private const string Article = """
        <html><head><title>Tide tables</title><script>var hidden = "SCRIPT TEXT";</script></head>
        <body><nav>Menu</nav><p>High tide at Porthallow is at 06:42 on Tuesday.</p><style>p { color: red }</style></body></html>
        """;

    [Fact]
    public async Task Fetch_url_returns_the_title_and_readable_text_without_scripts()
    {
        await using var pages = await LocalPages.StartAsync(app => app.MapGet("/tides", () => LocalPages.Html(Article)));
        using var http = new HttpClient();
        var tools = new WebPageTools(http).AssistantTools;

        var url = pages.Url("/tides").AbsoluteUri;
        var result = await tools.InvokeAsync(new ToolCall("call_1", "fetch_url", JsonSerializer.Serialize(new { url })));

        var envelope = Fetching.Envelope(result);
        Assert.Equal("Tide tables", envelope["title"].GetString());
        Assert.Equal(url, envelope["url"].GetString());
        Assert.Contains("High tide at Porthallow is at 06:42 on Tuesday.", envelope["text"].GetString());
        Assert.DoesNotContain("SCRIPT TEXT", result.Output);
        Assert.DoesNotContain("color: red", result.Output);
    }

    [Fact]
    public async Task Each_block_is_one_line_whatever_the_line_breaks_in_the_source()
    {
        const string Page = """
            <html><head><title>Harbour notes</title></head><body><article>
              <h1>Harbour notes</h1>
              <p>The harbour master rings the bell
                 at noon, and the ferry leaves
                 ten minutes later for the outer islands every single day of the week.</p>
              <p>Fishing boats unload their catch on the north quay before dawn, and the market opens at six in the morning.</p>
              <ul><li>North quay</li><li>South
              quay</li></ul>
            </article></body></html>
            """;
        await using var pages = await LocalPages.StartAsync(app => app.MapGet("/notes", () => LocalPages.Html(Page)));
        using var http = new HttpClient();

        var output = await new WebPageTools(http).FetchUrlAsync(pages.Url("/notes").AbsoluteUri, CancellationToken.None);

        using var envelope = JsonDocument.Parse(output);
        var lines = envelope.RootElement.GetProperty("text").GetString()!.Split('\n');
        Assert.Contains("The harbour master rings the bell at noon, and the ferry leaves ten minutes later for the outer islands every single day of the week.", lines);
        Assert.Contains("Fishing boats unload their catch on the north quay before dawn, and the market opens at six in the morning.", lines);
        Assert.Contains("South quay", lines);
    }

    [Fact]
    public async Task Long_pages_are_cut_to_the_output_limit()
    {
        var body = string.Concat(Enumerable.Repeat("<p>Waves break on the shingle beach every few seconds.</p>", 2000));
        await using var pages = await LocalPages.StartAsync(app => app.MapGet("/long", () => LocalPages.Html($"<html><body>{body}</body></html>")));
        using var http = new HttpClient();

        var output = await new WebPageTools(http).FetchUrlAsync(pages.Url("/long").AbsoluteUri, CancellationToken.None);

        using var envelope = JsonDocument.Parse(output);
        Assert.InRange(output.Length, FetchLimits.Default.MaxOutputChars - 20, FetchLimits.Default.MaxOutputChars);
        Assert.True(envelope.RootElement.GetProperty("truncated").GetBoolean());
        Assert.EndsWith(UntrustedContent.TruncationMarker, envelope.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Http_errors_become_tool_failed_results_naming_the_status()
    {
        await using var pages = await LocalPages.StartAsync(app => app.MapGet("/gone", () => Results.NotFound()));
        using var http = new HttpClient();
        var tools = new WebPageTools(http).AssistantTools.WithExceptionMessages();

        var result = await tools.InvokeAsync(new ToolCall("call_1", "fetch_url", JsonSerializer.Serialize(new { url = pages.Url("/gone").AbsoluteUri })));

        Assert.True(result.IsError);
        Assert.Equal(ToolErrorKind.ToolFailed, result.ErrorKind);
        Assert.Contains("404", result.Error!.Message);
    }

    [Theory]
    [InlineData("ftp://example.com/file")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    public async Task Only_absolute_http_urls_are_fetched(string url)
    {
        using var http = new HttpClient();
        var result = await new WebPageTools(http).AssistantTools.WithExceptionMessages()
            .InvokeAsync(new ToolCall("call_1", "fetch_url", JsonSerializer.Serialize(new { url })));

        Assert.True(result.IsError);
        Assert.Equal("The tool failed: The address must be an absolute http or https URL.", result.Error!.Message);
    }

    [Fact]
    public async Task A_missing_url_is_the_models_mistake_and_the_page_is_not_fetched()
    {
        using var http = new HttpClient();
        var result = await new WebPageTools(http).AssistantTools.InvokeAsync(new ToolCall("call_1", "fetch_url", "{}"));

        Assert.Equal(ToolErrorKind.MissingRequired, result.ErrorKind);
        Assert.Equal("url", result.Error!.Path);
    }
}
