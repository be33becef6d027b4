namespace ToolGen.Emulator;

/// <summary>A request as fault injection sees it.</summary>
/// <param name="Method">The HTTP method, upper case (<c>GET</c>, <c>POST</c>, …).</param>
/// <param name="Path">The request path, e.g. <c>/v1/threads/thread_abc/runs/run_def/submit_tool_outputs</c>.</param>
public sealed record EmulatedRequest(string Method, string Path);

/// <summary>
/// An HTTP failure the emulator answers instead of handling a request, in OpenAI's error body
/// <c>{"error":{"message","type","param","code"}}</c>. The request is refused before anything happens, so the client may
/// safely send it again, as the official SDK does by itself for 429 and 5xx (its <c>ClientRetryPolicy</c>).
/// </summary>
/// <param name="StatusCode">The HTTP status, 400–599, e.g. 429, 500, 503 (<see cref="FaultPlan.Fail"/> refuses
/// others).</param>
/// <param name="Type">The error body's <c>type</c>, e.g. <c>requests</c> (rate limits) or <c>server_error</c>.</param>
/// <param name="Code">The error body's <c>code</c>, e.g. <c>rate_limit_exceeded</c>, or <see langword="null"/>.</param>
/// <param name="Message">The error body's <c>message</c>.</param>
public sealed record EmulatedFault(int StatusCode, string Type, string? Code, string Message)
{
    /// <summary>Sent as the <c>Retry-After</c> header in whole seconds (rounded up) when set; the SDK waits that
    /// long before it retries. <see cref="TimeSpan.Zero"/> asks for an immediate retry, which keeps tests fast.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A 429 as the real service sends it when a rate limit is reached
    /// (<c>type: requests</c>, <c>code: rate_limit_exceeded</c>).</summary>
    /// <param name="retryAfter">The <c>Retry-After</c> to send; <see cref="TimeSpan.Zero"/> by default.</param>
    /// <returns>The fault.</returns>
    public static EmulatedFault RateLimited(TimeSpan? retryAfter = null) => new(
        429,
        "requests",
        "rate_limit_exceeded",
        "Rate limit reached for requests (injected by the ToolGen emulator). Please try again shortly.")
    { RetryAfter = retryAfter ?? TimeSpan.Zero };

    /// <summary>A 500 as the real service sends it for its own failures (<c>type: server_error</c>).</summary>
    /// <returns>The fault.</returns>
    public static EmulatedFault ServerError() => new(
        500,
        "server_error",
        null,
        "The server had an error while processing your request. Sorry about that! (injected by the ToolGen emulator)")
    { RetryAfter = TimeSpan.Zero };

    /// <summary>A 503 as the real service sends it when overloaded.</summary>
    /// <returns>The fault.</returns>
    public static EmulatedFault Overloaded() => new(
        503,
        "server_error",
        null,
        "The engine is currently overloaded, please try again later. (injected by the ToolGen emulator)")
    { RetryAfter = TimeSpan.Zero };
}

/// <summary>
/// Which requests fail, and how: rules checked in the order added, each answering its fault to the next
/// <c>times</c> requests it matches. Thread-safe; set it as <see cref="EmulatorOptions.Faults"/>, add rules at any time.
/// </summary>
/// <example><code>
/// var faults = new FaultPlan()
///     .Fail(r => r.Path.EndsWith("/submit_tool_outputs"), EmulatedFault.RateLimited(), times: 2);
/// await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Faults = faults });
/// </code></example>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private readonly List<(EmulatedRequest Request, EmulatedFault Fault)> _injected = [];

    /// <summary>The requests that were answered with a fault, oldest first.</summary>
    public IReadOnlyList<(EmulatedRequest Request, EmulatedFault Fault)> Injected
    {
        get
        {
            lock (_gate)
            {
                return _injected.ToArray();
            }
        }
    }

    /// <summary>Answers <paramref name="fault"/> to the next <paramref name="times"/> requests that
    /// <paramref name="match"/> accepts.</summary>
    /// <param name="match">Chooses the requests; it must not throw.</param>
    /// <param name="fault">The failure to answer.</param>
    /// <param name="times">How many matching requests fail; at least 1.</param>
    /// <returns>This plan, to add more rules.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> or <paramref name="fault"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is less than 1, or the fault's
    /// <see cref="EmulatedFault.StatusCode"/> is not an HTTP error status (400–599).</exception>
    public FaultPlan Fail(Func<EmulatedRequest, bool> match, EmulatedFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);

        // Checked here rather than when answering: Kestrel writes any number as the status line, and a client then
        // fails on a malformed response (99, 1000) or takes an error body as a success (200).
        if (fault.StatusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault.StatusCode, "A fault's status code must be an HTTP error status, 400 to 599.");
        }

        lock (_gate)
        {
            _rules.Add(new Rule(match, fault, times));
        }

        return this;
    }

    /// <summary>The fault for <paramref name="request"/>, if a rule with failures left matches it; counts it.</summary>
    internal EmulatedFault? Next(EmulatedRequest request)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (rule.Remaining > 0 && rule.Match(request))
                {
                    rule.Remaining--;
                    _injected.Add((request, rule.Fault));
                    return rule.Fault;
                }
            }

            return null;
        }
    }

    private sealed class Rule(Func<EmulatedRequest, bool> match, EmulatedFault fault, int times)
    {
        public Func<EmulatedRequest, bool> Match { get; } = match;

        public EmulatedFault Fault { get; } = fault;

        public int Remaining { get; set; } = times;
    }
}
