using System.Net.Http.Headers;
using ToolGen;

namespace FetchUrlAssistant;

/// <summary>The fetch-URL assistant's tool: download a page and hand the model its readable text, marked as
/// untrusted.</summary>
/// <param name="http">The client pages are downloaded with; give it <see cref="PublicAddressPolicy.CreateHandler"/>'s
/// handler so every connection is checked.</param>
/// <param name="policy">Checks an address literal before anything is sent; <see langword="null"/> to leave every check
/// to the client's handler.</param>
/// <param name="limits">The deadline and caps; <see cref="FetchLimits.Default"/> when <see langword="null"/>.</param>
public sealed partial class WebPageTools(HttpClient http, PublicAddressPolicy? policy = null, FetchLimits? limits = null)
{
    private readonly FetchLimits _limits = limits ?? FetchLimits.Default;

    /// <summary>Downloads a web page and returns its title and readable text (at most 4000 characters).</summary>
    /// <param name="url">The absolute http or https address of a public page.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A JSON object: source, url (after redirects), status, content_type, truncated and notice, written by the
    /// tool; then the page's own title and text, untrusted.</returns>
    /// <remarks>The model reads the summary and the returns text in the tool's description;
    /// <see cref="UntrustedContent"/> writes the object.</remarks>
    /// <exception cref="ArgumentException">The address is not an absolute http(s) URL.</exception>
    /// <exception cref="DestinationRefusedException">The address, or one its host name resolves to, is not on the
    /// public internet and its origin is not allowed.</exception>
    /// <exception cref="HttpRequestException">The page could not be downloaded, or is not text or HTML.</exception>
    /// <exception cref="TimeoutException">The call took longer than <see cref="FetchLimits.Deadline"/>.</exception>
    [AssistantTool]
    public async Task<string> FetchUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            // No parameter name: ArgumentException would append "(Parameter 'url')", .NET detail the model need not read.
            throw new ArgumentException("The address must be an absolute http or https URL.");
        }

        if (policy?.Check(address) is { } refusal)
        {
            throw refusal;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_limits.Deadline);
        try
        {
            using var response = await http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The server answered {(int)response.StatusCode} ({response.ReasonPhrase}).", null, response.StatusCode);
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is null || !FetchLimits.AllowedMediaTypes.Contains(mediaType))
            {
                throw new HttpRequestException($"The page is not text or HTML (content type {mediaType ?? "not given"}); fetch_url reads only {string.Join(", ", FetchLimits.AllowedMediaTypes)}.");
            }

            var (body, bodyTruncated) = await ReadBoundedAsync(response.Content, deadline.Token);
            var finalUrl = response.RequestMessage?.RequestUri ?? address;
            var (title, text) = mediaType.Contains("html", StringComparison.OrdinalIgnoreCase)
                ? await PageText.ExtractAsync(finalUrl, body, _limits, deadline.Token)
                : (null, body.Length > _limits.MaxOutputChars ? body[..(_limits.MaxOutputChars + 1)] : body.Trim());
            return UntrustedContent.Write(new PageProvenance(finalUrl, (int)response.StatusCode, mediaType, bodyTruncated), title, text, _limits.MaxOutputChars);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The page did not finish within {_limits.Deadline.TotalSeconds:0.#} seconds (connecting, downloading and reading it).");
        }
        catch (HttpRequestException exception) when (Refusal(exception) is { } inner)
        {
            // The handler wraps what its connect callback throws; the model needs the refusal itself.
            throw inner;
        }
    }

    private static DestinationRefusedException? Refusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DestinationRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>Reads at most <see cref="FetchLimits.MaxBodyBytes"/> bytes of the (decompressed) body, whatever
    /// <c>Content-Length</c> says, and decodes them.</summary>
    private async Task<(string Body, bool Truncated)> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[_limits.MaxBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        var truncated = length == buffer.Length && await stream.ReadAsync(new byte[1], cancellationToken) > 0;
        return (EncodingOf(content.Headers.ContentType).GetString(buffer, 0, length), truncated);
    }

    private static System.Text.Encoding EncodingOf(MediaTypeHeaderValue? contentType) => FetchLimits.EncodingFor(contentType?.CharSet);
}
