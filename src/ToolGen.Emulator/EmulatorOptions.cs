using Microsoft.Extensions.Logging;

namespace ToolGen.Emulator;

/// <summary>Settings of an <see cref="OpenAIEmulator"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The model consulted at each model step of an Assistants run, and once per Chat Completions or Responses
    /// request. Default: a new <see cref="RuleBasedModel"/>.</summary>
    public IEmulatedModel Model { get; set; } = new RuleBasedModel();

    /// <summary>The clock for every timestamp (<c>created_at</c>, <c>started_at</c>, <c>expires_at</c>, …) and for run
    /// expiry. Inject a <c>FakeTimeProvider</c> to expire a run without waiting.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long after its creation a run that has not reached a terminal status becomes <c>expired</c>
    /// (<c>expires_at = created_at + RunExpiresAfter</c>). The real service uses 10 minutes, as the recorded
    /// sessions show (<c>expires_at - created_at == 600</c>). Must be positive; a fraction of a second is rounded up, as
    /// timestamps are whole Unix seconds. A run expires once the clock reaches <c>expires_at</c>.</summary>
    public TimeSpan RunExpiresAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Where the server (Kestrel, routing and the emulator itself) logs. <see langword="null"/> (the
    /// default) turns logging off.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>HTTP failures to answer instead of handling chosen requests (429, 500, 503 in OpenAI's error shape),
    /// to test how a client copes with them. <see langword="null"/> (the default): no request fails on purpose.</summary>
    public FaultPlan? Faults { get; set; }
}
