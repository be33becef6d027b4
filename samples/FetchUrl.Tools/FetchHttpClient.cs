namespace FetchUrlAssistant;

/// <summary>The <see cref="HttpClient"/> and tool a sample hands the model: every connection, redirect hop included,
/// checked by one <see cref="PublicAddressPolicy"/>.</summary>
internal static class FetchHttpClient
{
    /// <summary>Creates the policy's client.</summary>
    /// <param name="policy">Where the tool may connect: public addresses and the policy's exact allowed origins.</param>
    /// <param name="userAgent">The <c>User-Agent</c> the tool sends, <c>product/version</c>.</param>
    /// <returns>A client with no proxy, following at most 5 redirects, each new connection checked by the policy.</returns>
    public static HttpClient Create(PublicAddressPolicy policy, string userAgent)
    {
        var http = new HttpClient(policy.CreateHandler());
        http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return http;
    }
}
