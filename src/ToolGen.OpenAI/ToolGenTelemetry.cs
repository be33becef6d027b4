using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ToolGen.OpenAI;

/// <summary>The names ToolGen's traces and metrics go by, following the OpenTelemetry semantic conventions for
/// generative AI (<see href="https://opentelemetry.io/docs/specs/semconv/gen-ai/">gen_ai</see>). Everything goes
/// through <see cref="System.Diagnostics"/> only; subscribe with the OpenTelemetry SDK's
/// <c>AddSource(ToolGenTelemetry.SourceName)</c> and <c>AddMeter(ToolGenTelemetry.SourceName)</c> (see
/// docs/observability.md).</summary>
/// <remarks>
/// <para>Spans (<see cref="ActivitySource"/> <c>ToolGen</c>): one <c>orchestrate_tools {api}</c> span per runner call
/// (tags <c>gen_ai.provider.name</c> = <c>openai</c>, <c>toolgen.api</c>, <c>toolgen.tool_rounds</c>,
/// <c>toolgen.status</c>, and <c>error.type</c> when it did not complete), and one <c>execute_tool {name}</c> span per
/// tool call, a child of the run's span (tags <c>gen_ai.operation.name</c> = <c>execute_tool</c>,
/// <c>gen_ai.tool.name</c>, <c>gen_ai.tool.call.id</c>, <c>gen_ai.tool.type</c> = <c>function</c>, and on an error
/// output <c>error.type</c> = the error kind, e.g. <c>missing_required</c>, <c>tool_timeout</c>).</para>
/// <para>Metrics (<see cref="Meter"/> <c>ToolGen</c>): the histogram <c>toolgen.tool.call.duration</c> (seconds, tag
/// <c>gen_ai.tool.name</c>, and <c>error.type</c> on an error) and the counter <c>toolgen.tool.errors</c> (tags
/// <c>gen_ai.tool.name</c> and <c>error.type</c>).</para>
/// </remarks>
public static class ToolGenTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <see cref="Meter"/>: <c>ToolGen</c>.</summary>
    public const string SourceName = "ToolGen";

    /// <summary>The name of the tool-call duration histogram, in seconds.</summary>
    public const string ToolCallDurationName = "toolgen.tool.call.duration";

    /// <summary>The name of the tool-error counter, tagged with <c>error.type</c> (the error kind).</summary>
    public const string ToolErrorsName = "toolgen.tool.errors";

    internal static readonly ActivitySource Source = new(SourceName, typeof(ToolGenTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(SourceName, typeof(ToolGenTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> ToolCallDuration = Meter.CreateHistogram<double>(
        ToolCallDurationName, "s", "How long a tool call took, from its start to its result.");

    internal static readonly Counter<long> ToolErrors = Meter.CreateCounter<long>(
        ToolErrorsName, "{error}", "Tool calls answered with an error output, by kind.");

    /// <summary>Starts the span of one tool call, or returns <see langword="null"/> when nobody listens.</summary>
    internal static Activity? StartToolCall(ToolCall call)
    {
        var activity = Source.StartActivity("execute_tool " + call.Name, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "execute_tool");
            activity.SetTag("gen_ai.tool.name", call.Name);
            activity.SetTag("gen_ai.tool.call.id", call.Id);
            activity.SetTag("gen_ai.tool.type", "function");
        }

        return activity;
    }

    /// <summary>Ends a tool call's span and records its measurements.</summary>
    internal static void EndToolCall(Activity? activity, ToolCall call, ToolResult result, TimeSpan elapsed)
    {
        var errorType = result.IsError ? (result.Error is { } error ? ToolError.KindName(error.Kind) : "tool_error") : null;
        if (activity is not null)
        {
            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            activity.Dispose();
        }

        var toolTag = new KeyValuePair<string, object?>("gen_ai.tool.name", call.Name);
        if (errorType is null)
        {
            ToolCallDuration.Record(elapsed.TotalSeconds, toolTag);
            return;
        }

        var errorTag = new KeyValuePair<string, object?>("error.type", errorType);
        ToolCallDuration.Record(elapsed.TotalSeconds, toolTag, errorTag);
        ToolErrors.Add(1, toolTag, errorTag);
    }

    /// <summary>Starts the span of one runner call, or returns <see langword="null"/> when nobody listens.</summary>
    internal static Activity? StartRun(string api)
    {
        var activity = Source.StartActivity("orchestrate_tools " + api, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.provider.name", "openai");
            activity.SetTag("toolgen.api", api);
        }

        return activity;
    }

    /// <summary>Tags a runner call's span with how it ended.</summary>
    internal static void EndRun(Activity? activity, ToolRunOutcome outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("toolgen.tool_rounds", outcome.ToolRounds);
        activity.SetTag("toolgen.status", StatusName(outcome.Status));
        if (outcome.Id is { } id)
        {
            activity.SetTag("toolgen.id", id);
        }

        if (outcome.Status != ToolRunStatus.Completed)
        {
            activity.SetTag("error.type", StatusName(outcome.Status));
            activity.SetStatus(ActivityStatusCode.Error, outcome.Error?.Message);
        }
    }

    /// <summary>The status in snake case, as tags and logs spell it.</summary>
    internal static string StatusName(ToolRunStatus status) => status switch
    {
        ToolRunStatus.Completed => "completed",
        ToolRunStatus.Failed => "failed",
        ToolRunStatus.Incomplete => "incomplete",
        ToolRunStatus.Cancelled => "cancelled",
        ToolRunStatus.Expired => "expired",
        ToolRunStatus.ToolRoundLimit => "tool_round_limit",
        _ => "tool_error_limit",
    };
}
