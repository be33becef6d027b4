using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ToolGen;

namespace FetchUrlAssistant.Tests;

public class PublicAddressPolicyTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.255.0.9", false)]
    [InlineData("::1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.4.4", true)]
    public void Only_public_internet_addresses_count_as_public(string address, bool expected)
        => Assert.Equal(expected, PublicAddressPolicy.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task A_loopback_page_is_refused_unless_its_endpoint_is_allowed()
    {
        await using var pages = await LocalPages.StartAsync(app => app.MapGet("/p", () => LocalPages.Html("<p>Loopback page text.</p>")));
        var url = pages.Url("/p");
        var arguments = JsonSerializer.Serialize(new { url = url.AbsoluteUri });

        using var guarded = new HttpClient(new PublicAddressPolicy([]).CreateHandler());
        var refused = await new WebPageTools(guarded).AssistantTools.WithExceptionMessages().InvokeAsync(new ToolCall("c1", "fetch_url", arguments));

        using var allowed = new HttpClient(new PublicAddressPolicy([new IPEndPoint(IPAddress.Loopback, url.Port)]).CreateHandler());
        var fetched = await new WebPageTools(allowed).AssistantTools.InvokeAsync(new ToolCall("c2", "fetch_url", arguments));

        Assert.Equal(ToolErrorKind.ToolFailed, refused.ErrorKind);
        Assert.Contains("127.0.0.1 is on a private network", refused.Output);
        Assert.False(fetched.IsError, fetched.Output);
        Assert.Contains("Loopback page text.", fetched.Output);
    }
}
