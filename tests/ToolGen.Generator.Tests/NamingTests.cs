using System.Text.Json;
using ToolGen.Generator.Parsing;

namespace ToolGen.Generator.Tests;

public class NamingTests
{
    public static TheoryData<string> MethodNames => new()
    {
        "GetHTTPStatus", "XMLReader", "SHA512Hash", "getFavoriteFood", "GetFavoriteFoodForDayOfWeek", "Get_Weather",
        "ABC", "A", "a", "IOStream", "Version2Beta", "HTML5Parser", "already_snake", "UPPER", "lowerThenUPPER",
        "X1Y2", "MyURLIsHere", "ÉtéNice", "Tool2Go", "_leading", "trailing_", "Double__Underscore", "ID", "Id",
        "getIDs", "PDFToText", "K8sPods", "A1B2C3", "iPhone", "Ünïcödé", "fetch-url", "Fetch-Url",
    };

    [Theory]
    [MemberData(nameof(MethodNames))]
    public void Default_tool_names_agree_with_JsonNamingPolicy_SnakeCaseLower(string methodName)
        => Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(methodName), ToolNames.FromMethodName(methodName));

    [Theory]
    [InlineData("FetchUrlAsync", "fetch_url")]
    [InlineData("GetHTTPStatusAsync", "get_http_status")]
    [InlineData("Async", "async")]
    [InlineData("Asynchronous", "asynchronous")]
    public void An_Async_suffix_is_dropped_before_conversion(string methodName, string toolName)
        => Assert.Equal(toolName, ToolNames.FromMethodName(methodName));

    [Theory]
    [InlineData("fetch_url", true)]
    [InlineData("Fetch-URL-2", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("été", false)]
    [InlineData("dotted.name", false)]
    public void Tool_names_follow_the_OpenAI_pattern(string name, bool valid)
        => Assert.Equal(valid, ToolNames.IsValid(name));

    [Fact]
    public void Tool_names_longer_than_64_characters_are_invalid()
    {
        Assert.True(ToolNames.IsValid(new string('a', 64)));
        Assert.False(ToolNames.IsValid(new string('a', 65)));
    }
}
