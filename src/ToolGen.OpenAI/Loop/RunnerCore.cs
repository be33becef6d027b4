namespace ToolGen.OpenAI;

/// <summary>What every runner facade holds: its API's name and SDK client, the tools and the checked options; it
/// starts one <see cref="ToolLoop"/> per call.</summary>
/// <typeparam name="TClient">The SDK client type.</typeparam>
internal sealed class RunnerCore<TClient>
    where TClient : class
{
    private readonly string _api;

    public RunnerCore(string api, TClient client, ToolSet tools, ToolRunnerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(tools);
        Client = client;
        options ??= new ToolRunnerOptions();
        options.Validate(nameof(options));
        _api = api;
        Tools = tools;
        Options = options;
    }

    public TClient Client { get; }

    public ToolSet Tools { get; }

    public ToolRunnerOptions Options { get; }

    /// <summary>Drives one loop through the adapter <paramref name="turns"/> makes for it.</summary>
    public Task<ToolRunOutcome> RunAsync(Func<ToolLoop, TClient, IModelTurns> turns, CancellationToken cancellationToken)
    {
        var loop = new ToolLoop(_api, Tools, Options);
        return loop.RunAsync(turns(loop, Client), cancellationToken);
    }
}
