using System.ClientModel;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenAI.Assistants;
using ToolGen.Emulator;

namespace FetchUrlAssistant.Tests;

/// <summary>The finished command line: parsing, every exit code, errors as one line, cancellation, plain output
/// when redirected.</summary>
public class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Theory]
    [InlineData("--bogus", "What does it say?")]
    [InlineData("What", "--bogus")]
    [InlineData("--api", "fax")]
    [InlineData("--allow-origin", "not-a-url")]
    public async Task A_command_line_error_prints_the_error_and_a_usage_hint_and_exits_2(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await Program.RunAsync(args, output, error, NoEnvironment, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--help", error.ToString());
        Assert.Contains(args.First(a => a is "--bogus" or "fax" or "not-a-url"), error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Theory]
    [InlineData(new[] { "What", "does", "http://example.com/a", "say?" }, "What does http://example.com/a say?")]
    [InlineData(new[] { "--stream", "Is", "it", "cold?", "--api", "chat" }, "Is it cold?")]
    [InlineData(new[] { "--", "-5", "degrees", "--is", "cold?" }, "-5 degrees --is cold?")]
    [InlineData(new string[0], null)]
    public void All_remaining_words_form_the_question(string[] args, string? question)
    {
        var (root, options) = Program.Command(args);
        var parse = root.Parse(args);

        Assert.Empty(parse.Errors);
        Assert.Equal(question, options(parse).Question);
    }

    [Fact]
    public async Task Help_documents_every_option_and_exit_code()
    {
        var output = new StringWriter();

        var exit = await Program.RunAsync(["--help"], output, new StringWriter(), NoEnvironment, CancellationToken.None);

        Assert.Equal(0, exit);
        var help = output.ToString();
        foreach (var option in Program.Command([]).Root.Options)
        {
            Assert.Contains(option.Name, help);
        }

        foreach (var code in new[] { ExitCodes.Completed, ExitCodes.NotCompleted, ExitCodes.Usage, ExitCodes.Configuration, ExitCodes.Service, ExitCodes.Unexpected, ExitCodes.Cancelled })
        {
            Assert.Matches($@"(?m)^\s+{code}\s+\w", help);
        }
    }

    [Theory]
    [InlineData("missing-folder/transcript.json")]
    [InlineData(".")]
    public async Task A_transcript_that_cannot_be_written_is_a_configuration_error_before_the_run(string path)
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await Program.RunAsync(["--transcript", path], output, error, NoEnvironment, CancellationToken.None);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Contains("--transcript", error.ToString());
        Assert.DoesNotContain("User:", output.ToString());
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:9/v1", "OPENAI_API_KEY must be set")]
    [InlineData("sk-test", "not a url", "not an absolute URL")]
    public async Task An_unusable_environment_is_a_configuration_error(string? key, string baseUrl, string message)
    {
        var error = new StringWriter();
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = key, ["OPENAI_BASE_URL"] = baseUrl };

        var exit = await Program.RunAsync(["--api", "chat"], new StringWriter(), error, n => environment.GetValueOrDefault(n), CancellationToken.None);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Contains(message, error.ToString());
    }

    [Theory]
    [InlineData(401, "refused the API key (HTTP 401)")]
    [InlineData(403, "refused the API key (HTTP 403)")]
    [InlineData(404, "no such endpoint or model (HTTP 404)")]
    [InlineData(429, "rate limiting this key or it is out of quota (HTTP 429), still after retries")]
    [InlineData(500, "answered HTTP 500")]
    public async Task A_service_error_is_one_line_and_exit_code_4_for_every_api(int status, string message)
    {
        await using var server = await LocalPages.StartAsync(app => app.MapFallback((HttpContext context) =>
        {
            // Retry at once: the SDK honours retry-after-ms, so the 429 and 500 retries cost no waiting.
            context.Response.Headers["retry-after-ms"] = "1";
            return Results.Json(new { error = new { message = "Fake failure", type = "test", code = "test" } }, statusCode: status);
        }));
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-fake", ["OPENAI_BASE_URL"] = server.Url("/v1").AbsoluteUri };

        foreach (var api in new[] { "assistants", "responses", "chat" })
        {
            var error = new StringWriter();
            var exit = await Program.RunAsync(["--api", api], new StringWriter(), error, n => environment.GetValueOrDefault(n), CancellationToken.None);

            Assert.Equal(ExitCodes.Service, exit);
            var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(message, line);
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_and_verbose_adds_the_stack_trace()
    {
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-fake", ["OPENAI_BASE_URL"] = "http://127.0.0.1:1/v1" };
        var (quiet, verbose) = (new StringWriter(), new StringWriter());

        var exit = await Program.RunAsync(["--api", "responses"], new StringWriter(), quiet, n => environment.GetValueOrDefault(n), CancellationToken.None);
        var verboseExit = await Program.RunAsync(["--api", "responses", "--verbose"], new StringWriter(), verbose, n => environment.GetValueOrDefault(n), CancellationToken.None);

        Assert.Equal(ExitCodes.Service, exit);
        Assert.Equal(ExitCodes.Service, verboseExit);
        Assert.Equal("Could not reach http://127.0.0.1:1/v1: Connection refused", quiet.ToString().Trim());
        Assert.Contains("   at ", verbose.ToString());
    }

    [Fact]
    public async Task A_run_that_fails_on_the_server_exits_1()
    {
        await using var emulator = await OpenAIEmulator.StartAsync(new EmulatorOptions { Model = new ScriptedModel(ModelTurn.Fail("server_error", "The model broke.")) });
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-test", ["OPENAI_BASE_URL"] = emulator.Endpoint.AbsoluteUri };
        var output = new StringWriter();

        var exit = await Program.RunAsync([], output, new StringWriter(), n => environment.GetValueOrDefault(n), CancellationToken.None);

        Assert.Equal(ExitCodes.NotCompleted, exit);
        Assert.Contains("The conversation ended failed", output.ToString());
    }

    [Fact]
    public void An_unexpected_exception_is_exit_code_5_and_one_line()
    {
        var (exit, message) = Failures.Describe(new InvalidOperationException("Broken\n   at Somewhere()"), cancelled: false, server: null);

        Assert.Equal(ExitCodes.Unexpected, exit);
        Assert.Equal("Unexpected error: Broken (run with --verbose for details)", message);
    }

    [Fact]
    public async Task Cancelling_while_a_tool_runs_cancels_the_run_on_the_server_and_exits_130()
    {
        using var cancel = new CancellationTokenSource();
        await using var slow = new RawHttpServer(async (stream, token) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, token);
        });
        await using var emulator = await OpenAIEmulator.StartAsync();
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-test", ["OPENAI_BASE_URL"] = emulator.Endpoint.AbsoluteUri };
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await Program.RunAsync(
            ["What", "does", slow.Url("/slow").AbsoluteUri, "say?", "--allow-origin", slow.Origin.AbsoluteUri], output, error, n => environment.GetValueOrDefault(n), cancel.Token);

        Assert.True(exit == ExitCodes.Cancelled, $"exit {exit}: {output}{error}");
        Assert.Equal("Cancelled.", error.ToString().Trim());
        var match = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"Cancelled run (\S+) on thread (\S+) on the server\.");
        Assert.True(match.Success, output.ToString());
        var client = new AssistantClient(new ApiKeyCredential("sk-test"), new AssistantClientOptions { Endpoint = emulator.Endpoint });
        ThreadRun run = await client.GetRunAsync(match.Groups[2].Value, match.Groups[1].Value);
        Assert.True(run.Status == RunStatus.Cancelled || run.Status == RunStatus.Cancelling, run.Status.ToString());
    }

    [Fact]
    public async Task Redirected_output_is_plain_lines_without_escape_codes()
    {
        var (exit, stdout, _) = await RunSampleProcessAsync([], signalWhen: null);

        Assert.Equal(ExitCodes.Completed, exit);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.Contains("\nAssistant: The page says: \"The lighthouse on Gannet Rock", stdout);
        Assert.Matches(@"(?m)^  run_\w+: completed$", stdout);
    }

    [Fact]
    public async Task Sigterm_cancels_the_run_and_the_process_exits_130()
    {
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = new RawHttpServer(async (stream, token) =>
        {
            requested.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        });

        var (exit, stdout, stderr) = await RunSampleProcessAsync(
            ["What", "does", slow.Url("/slow").AbsoluteUri, "say?", "--allow-origin", slow.Origin.AbsoluteUri], signalWhen: requested.Task);

        Assert.True(exit == ExitCodes.Cancelled, $"exit {exit}: {stdout}{stderr}");
        Assert.Contains("Cancelled run", stdout);
        Assert.Equal("Cancelled.", stderr.Trim());
    }

    /// <summary>Runs the built sample as its own process, offline, with output redirected; sends SIGTERM once
    /// <paramref name="signalWhen"/> completes.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunSampleProcessAsync(string[] args, Task? signalWhen)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FetchUrlAssistant.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "NO_COLOR" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (signalWhen is not null)
        {
            await signalWhen.WaitAsync(TimeSpan.FromMinutes(2));
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout, await stderr);
    }
}

public class StatusLineTests
{
    [Theory]
    [InlineData(true, false, null, true)]
    [InlineData(true, false, "", true)]
    [InlineData(true, false, "1", false)]
    [InlineData(true, true, null, false)]
    [InlineData(false, false, null, false)]
    public void The_status_line_is_live_only_on_an_unredirected_console_without_no_color(bool isConsole, bool redirected, string? noColor, bool live)
        => Assert.Equal(live, RunConsole.IsLiveFor(isConsole, redirected, noColor));

    [Fact]
    public async Task The_status_line_shows_the_run_status_and_the_running_tool()
    {
        await using var console = RunConsole.For(new StringWriter(), _ => null);
        console.Status("requires_action");

        string during;
        using (console.ToolRunning("fetch_url"))
        {
            during = console.Line();
        }

        Assert.False(console.IsLive);
        Assert.Matches(@"^run requires_action · fetch_url running \d+\.\d s$", during);
        Assert.Equal("run requires_action", console.Line());
    }
}
