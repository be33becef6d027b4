using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ToolGen.Emulator.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task A_given_logger_factory_receives_the_reason_a_request_was_refused()
    {
        var provider = new CollectingProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { LoggerFactory = factory });
        using var http = Emulated.Http(emulator);

        using var response = await http.GetAsync("threads/thread_000000000000000000000000");

        Assert.Contains(provider.Messages, m => m.Contains("Refused GET /v1/threads/thread_000000000000000000000000: 404", StringComparison.Ordinal));
    }

    private sealed class CollectingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(Messages);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
