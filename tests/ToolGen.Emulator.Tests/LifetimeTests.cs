using System.Net;
using System.Text;
using System.Text.Json;

namespace ToolGen.Emulator.Tests;

public sealed class LifetimeTests
{
    /// <summary>A model that never answers on its own: it waits until its cancellation token fires.</summary>
    private sealed class WaitingModel : IEmulatedModel
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<ModelTurn> NextTurnAsync(ModelRequest request, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return ModelTurn.Reply("unreachable");
        }
    }

    [Fact]
    public async Task Disposing_while_a_request_waits_on_the_model_cancels_it_instead_of_waiting_for_the_shutdown_timeout()
    {
        var model = new WaitingModel();
        var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = model });
        using var http = Emulated.Http(emulator);
        var pending = http.PostAsync("chat/completions",
            new StringContent("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        await model.Entered.Task;

        // Not a timing assertion: disposing takes milliseconds, and without the fix it takes the host's 30-second
        // graceful-shutdown timeout; 15 seconds only tells the two apart without hanging the test run.
        var dispose = emulator.DisposeAsync().AsTask();
        var finished = await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(15)));

        Assert.Same(dispose, finished);
        await dispose;
        await Assert.ThrowsAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task Emulators_started_in_parallel_listen_on_different_ports_and_share_no_state()
    {
        var started = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAIEmulator.StartAsync()));
        try
        {
            Assert.Equal(4, started.Select(e => e.Endpoint.Port).Distinct().Count());
            using var first = Emulated.Http(started[0]);
            using var second = Emulated.Http(started[1]);
            using var created = await first.PostAsync("assistants", new StringContent("""{"model":"gpt-4o"}""", Encoding.UTF8, "application/json"));
            using var document = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            var id = document.RootElement.GetProperty("id").GetString();

            using var here = await first.GetAsync($"assistants/{id}");
            using var elsewhere = await second.GetAsync($"assistants/{id}");

            Assert.Equal(HttpStatusCode.OK, here.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        }
        finally
        {
            foreach (var emulator in started)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Disposing_twice_is_harmless()
    {
        var emulator = await OpenAIEmulator.StartAsync();

        await emulator.DisposeAsync();
        await emulator.DisposeAsync();

        using var http = Emulated.Http(emulator);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("assistants"));
    }

    [Fact]
    public async Task A_start_cancelled_beforehand_throws_OperationCanceledException()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OpenAIEmulator.StartAsync(cancellationToken: new CancellationToken(canceled: true)));
    }
}
