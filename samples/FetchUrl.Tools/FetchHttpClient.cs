using System.Net;

namespace FetchUrlAssistant;

/// <summary>The <see cref="HttpClient"/> a sample hands its fetch tool: behind the <see cref="PublicAddressPolicy"/>
/// unless the user allowed private addresses.</summary>
internal static class FetchHttpClient
{
    /// <summary>Creates the client.</summary>
    /// <param name="allowPrivateAddresses">Whether pages on loopback and private networks may be fetched.</param>
    /// <param name="allowedEndpoints">Local endpoints the tool may reach even so (the demo page).</param>
    /// <param name="userAgent">The <c>User-Agent</c> the tool sends, <c>product/version</c>.</param>
    /// <returns>A client following at most 5 redirects, each checked against the policy.</returns>
    public static HttpClient Create(bool allowPrivateAddresses, IReadOnlyCollection<IPEndPoint> allowedEndpoints, string userAgent)
    {
        var http = new HttpClient(allowPrivateAddresses
            ? new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5 }
            : new PublicAddressPolicy(allowedEndpoints).CreateHandler());
        http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return http;
    }
}
