using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FetchUrlAssistant;

/// <summary>A local web site with one demo page, so the sample has something to fetch without a network.</summary>
internal sealed class DemoSite : IAsyncDisposable
{
    /// <summary>The sentence the offline answer quotes: the proof that the page was fetched and read.</summary>
    public const string DistinctiveSentence =
        "The lighthouse on Gannet Rock has been kept by the same family for 143 years and its lamp was last relit on 3 March 1987.";

    private const string Page = $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><title>Gannet Rock Lighthouse</title><style>body { font-family: serif; }</style></head>
        <body>
          <nav><a href="/">Home</a> | <a href="/history">History</a></nav>
          <main>
            <article>
              <h1>Gannet Rock Lighthouse</h1>
              <p>{{DistinctiveSentence}}</p>
              <p>Visitors can climb the 112 steps to the gallery on summer weekends, weather permitting.
                 The keepers log every passing ship in a ledger that now fills eleven volumes.</p>
              <p>The fog signal, a diaphone installed in 1931, still sounds twice a minute whenever the
                 visibility drops below two nautical miles.</p>
            </article>
          </main>
          <script>console.log("not part of the text");</script>
        </body>
        </html>
        """;

    private readonly WebApplication _app;

    private DemoSite(WebApplication app, Uri pageUrl)
    {
        _app = app;
        PageUrl = pageUrl;
    }

    /// <summary>The demo page's address, on 127.0.0.1 at a free port.</summary>
    public Uri PageUrl { get; }

    /// <summary>The site's origin (<c>http://127.0.0.1:port</c>): the one loopback origin the sample puts on the fetch
    /// tool's allow-list.</summary>
    public Uri Origin => new(PageUrl.GetLeftPart(UriPartial.Authority));

    public static async Task<DemoSite> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/lighthouse", () => Results.Content(Page, "text/html; charset=utf-8"));
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Urls.First());
        return new DemoSite(app, new Uri(address, "/lighthouse"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
