using System.Net.Http.Headers;
using System.Text;
using ToolGen;

namespace FetchUrlAssistant;

/// <summary>The fetch-URL assistant's tool: download a page and hand the model its readable text.</summary>
/// <param name="http">The client pages are downloaded with.</param>
public sealed partial class WebPageTools(HttpClient http)
{
    /// <summary>How much of a response body is read, in bytes; the rest is ignored.</summary>
    public const int MaxDownloadBytes = 1024 * 1024;

    /// <summary>How much page text the model receives, in characters.</summary>
    public const int MaxOutputChars = 4000;

    /// <summary>How long one download may take.</summary>
    public static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Downloads a web page and returns its title and readable text (at most 4000 characters).</summary>
    /// <param name="url">The absolute http or https address of the page.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The page's title and readable text.</returns>
    /// <exception cref="ArgumentException">The address is not an absolute http(s) URL.</exception>
    /// <exception cref="HttpRequestException">The page could not be downloaded.</exception>
    /// <exception cref="TimeoutException">The page took longer than <see cref="DownloadTimeout"/>.</exception>
    [AssistantTool]
    public async Task<string> FetchUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            // No parameter name: ArgumentException would append "(Parameter 'url')", .NET detail the model need not read.
            throw new ArgumentException("The address must be an absolute http or https URL.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DownloadTimeout);
        try
        {
            using var response = await http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The server answered {(int)response.StatusCode} ({response.ReasonPhrase}).", null, response.StatusCode);
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "text/html";
            if (!mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && !mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
            {
                throw new HttpRequestException($"The page is not text or HTML (content type {mediaType}).");
            }

            var body = await ReadBoundedAsync(response.Content, timeout.Token);
            var (title, text) = mediaType.Contains("html", StringComparison.OrdinalIgnoreCase)
                ? PageText.Extract(address, body)
                : (null, body.Trim());
            return Format(address, title, text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The page did not answer within {DownloadTimeout.TotalSeconds:0} seconds.");
        }
    }

    private static string Format(Uri address, string? title, string text)
    {
        var output = new StringBuilder();
        if (title is not null)
        {
            output.Append("Title: ").Append(title).Append('\n');
        }

        output.Append("URL: ").Append(address.AbsoluteUri).Append("\n\n");
        var room = MaxOutputChars - output.Length;
        output.Append(text.Length <= room ? text : string.Concat(text.AsSpan(0, Math.Max(0, room - 1)), "…"));
        return output.ToString();
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxDownloadBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return EncodingOf(content.Headers.ContentType).GetString(buffer, 0, length);
    }

    private static Encoding EncodingOf(MediaTypeHeaderValue? contentType)
    {
        try
        {
            return contentType?.CharSet is { Length: > 0 } charset ? Encoding.GetEncoding(charset.Trim('"')) : Encoding.UTF8;
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }
}
