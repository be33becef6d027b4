using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FetchUrlAssistant.Tests;

/// <summary>A throwaway web server on 127.0.0.1 serving fixed responses by path.</summary>
internal sealed class LocalPages : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalPages(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<LocalPages> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LocalPages(app) { BaseAddress = new Uri(app.Urls.First()) };
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");
}
