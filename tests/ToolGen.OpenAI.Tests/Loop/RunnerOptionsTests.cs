using System.ClientModel;
using OpenAI.Assistants;

namespace ToolGen.OpenAI.Tests.Loop;

public sealed class RunnerOptionsTests
{
    private static readonly AssistantClient Client = new(new ApiKeyCredential("test"), new AssistantClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1") });

    public static TheoryData<string, ToolRunnerOptions> InvalidOptions => new()
    {
        { "negative initial interval", new ToolRunnerOptions { InitialPollInterval = TimeSpan.FromSeconds(-1) } },
        { "cap below initial interval", new ToolRunnerOptions { InitialPollInterval = TimeSpan.FromSeconds(5), MaxPollInterval = TimeSpan.FromSeconds(1) } },
        { "shrinking backoff", new ToolRunnerOptions { PollBackoffFactor = 0.5 } },
        { "backoff not a number", new ToolRunnerOptions { PollBackoffFactor = double.NaN } },
        { "negative round limit", new ToolRunnerOptions { MaxToolRounds = -1 } },
        { "cap longer than a timer can wait", new ToolRunnerOptions { MaxPollInterval = TimeSpan.FromDays(60) } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_polling_or_limit_options_are_rejected_when_the_runner_is_created(string because, ToolRunnerOptions options)
    {
        Assert.NotNull(because);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssistantRunner(Client, new WeatherTools().AssistantTools, options));
    }

    [Fact]
    public void Default_options_poll_from_250_ms_growing_by_half_up_to_2_s_with_16_tool_rounds()
    {
        var options = new ToolRunnerOptions();

        Assert.Equal(
            (TimeSpan.FromMilliseconds(250), 1.5, TimeSpan.FromSeconds(2), 16, TimeProvider.System),
            (options.InitialPollInterval, options.PollBackoffFactor, options.MaxPollInterval, options.MaxToolRounds, options.TimeProvider));
    }
}
