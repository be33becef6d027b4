using System.Diagnostics;
using Spectre.Console;

namespace FetchUrlAssistant;

/// <summary>
/// Where a run is shown. On a terminal it keeps a live status line at the bottom (Spectre.Console): the run's status
/// and the tool that is running, with its elapsed time, while progress lines scroll above it. When the output is
/// redirected, is not the console, or <c>NO_COLOR</c> is set, it writes the same progress lines as plain text and no
/// status line, so logs and pipes get no escape codes.
/// </summary>
internal sealed class RunConsole : IAsyncDisposable
{
    private readonly TextWriter _output;
    private readonly IAnsiConsole? _live;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _display = Task.CompletedTask;
    private readonly Lock _gate = new();
    private readonly Stopwatch _toolClock = new();
    private string _status = "starting";
    private string? _tool;
    private bool _inText;
    private string _streamed = "";

    private RunConsole(TextWriter output, bool live)
    {
        _output = output;
        if (live)
        {
            _live = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Detect,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = InteractionSupport.Yes,
                Out = new AnsiConsoleOutput(output),
            });
            _display = _live.Status().StartAsync(Markup.Escape(_status), RefreshAsync);
        }
    }

    /// <summary>Whether the live status line is shown.</summary>
    public bool IsLive => _live is not null;

    /// <summary>A console for <paramref name="output"/>: live only on an interactive console without <c>NO_COLOR</c>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="environment">Reads <c>NO_COLOR</c>.</param>
    public static RunConsole For(TextWriter output, Func<string, string?> environment) =>
        new(output, IsLiveFor(output == Console.Out, Console.IsOutputRedirected, environment("NO_COLOR")));

    /// <summary>The rule: a status line only when writing to the console itself, not redirected, and
    /// <c>NO_COLOR</c> (<see href="https://no-color.org"/>) unset or empty.</summary>
    internal static bool IsLiveFor(bool isConsole, bool isRedirected, string? noColor) =>
        isConsole && !isRedirected && string.IsNullOrEmpty(noColor);

    /// <summary>Prints a progress line (above the status line when it is live).</summary>
    public async Task WriteLineAsync(string line)
    {
        await EndTextAsync();
        if (_live is null)
        {
            await _output.WriteLineAsync(line);
            return;
        }

        lock (_gate)
        {
            _live.WriteLine(line);
        }
    }

    /// <summary>Prints streamed answer text as it arrives: on a line of its own when plain, in the status line while
    /// it streams when live (the whole line is printed when it ends).</summary>
    public async Task WriteTextAsync(string delta)
    {
        if (_live is null)
        {
            if (!_inText)
            {
                await _output.WriteAsync("  streamed: ");
            }

            await _output.WriteAsync(delta);
        }
        else
        {
            lock (_gate)
            {
                _streamed += delta;
            }
        }

        _inText = true;
    }

    /// <summary>Ends a streamed line.</summary>
    public async Task EndTextAsync()
    {
        if (!_inText)
        {
            return;
        }

        _inText = false;
        if (_live is null)
        {
            await _output.WriteLineAsync();
            return;
        }

        lock (_gate)
        {
            _live.WriteLine("  streamed: " + _streamed);
            _streamed = "";
        }
    }

    /// <summary>Shows the run's latest status in the status line.</summary>
    public void Status(string status)
    {
        lock (_gate)
        {
            _status = status;
        }
    }

    /// <summary>Shows <paramref name="tool"/> as running, with its elapsed time, until the returned scope ends.</summary>
    public IDisposable ToolRunning(string tool)
    {
        lock (_gate)
        {
            _tool = tool;
            _toolClock.Restart();
        }

        return new Scope(this);
    }

    public async ValueTask DisposeAsync()
    {
        await EndTextAsync();
        _finished.TrySetResult();
        await _display;
    }

    /// <summary>The status line's text: <c>run in_progress · fetch_url running 1.2 s</c>.</summary>
    internal string Line()
    {
        lock (_gate)
        {
            var line = "run " + _status;
            if (_tool is not null)
            {
                line += $" · {_tool} running {_toolClock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s";
            }

            if (_streamed.Length > 0)
            {
                line += " · " + (_streamed.Length <= 60 ? _streamed : "…" + _streamed[^59..]).ReplaceLineEndings(" ");
            }

            return line;
        }
    }

    private async Task RefreshAsync(StatusContext context)
    {
        while (!_finished.Task.IsCompleted)
        {
            context.Status = Markup.Escape(Line());
            await Task.WhenAny(_finished.Task, Task.Delay(100));
        }
    }

    private sealed class Scope(RunConsole console) : IDisposable
    {
        public void Dispose()
        {
            lock (console._gate)
            {
                console._tool = null;
                console._toolClock.Reset();
            }
        }
    }
}
