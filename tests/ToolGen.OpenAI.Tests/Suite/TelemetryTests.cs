using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using ToolGen.Emulator;

namespace ToolGen.OpenAI.Tests.Suite;

/// <summary>Listeners are process-wide: these tests run alone so other tests' spans and measurements stay out.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>The loop's traces and metrics follow the OpenTelemetry GenAI conventions, through System.Diagnostics
/// only, whatever the API.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests
{
    public static TheoryData<Api> Apis => new() { Api.Assistants, Api.Responses, Api.Chat };

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task A_run_span_holds_one_execute_tool_span_per_call_with_gen_ai_tags_and_the_meter_records_durations_and_errors(Api api)
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ToolGenTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ToolGenTelemetry.SourceName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        meterListener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        meterListener.Start();

        var model = new ScriptedModel(
            ModelTurn.CallTools(new EmulatedToolCall("get_weather", """{"city":"Paris"}"""), new EmulatedToolCall("get_wether", "{}")),
            ModelTurn.Reply("Sunny."));
        await using var harness = await ApiHarness.StartAsync(api, model, LoopTools.AssistantTools);
        var outcome = await harness.AskAsync(LoopTools.AssistantTools, new ToolRunnerOptions { InitialPollInterval = TimeSpan.Zero });

        var run = Assert.Single(spans, s => s.OperationName.StartsWith("orchestrate_tools", StringComparison.Ordinal));
        var apiName = api.ToString().ToLowerInvariant();
        Assert.Equal("orchestrate_tools " + apiName, run.DisplayName);
        Assert.Equal(
            [("gen_ai.provider.name", "openai"), ("toolgen.api", apiName), ("toolgen.id", outcome.Id), ("toolgen.status", "completed")],
            run.Tags.Where(t => t.Key != "toolgen.tool_rounds").Select(t => (t.Key, (string?)t.Value)).Order());
        Assert.Equal(1, run.GetTagItem("toolgen.tool_rounds"));

        var tools = spans.Where(s => s.OperationName.StartsWith("execute_tool", StringComparison.Ordinal)).OrderBy(s => s.DisplayName, StringComparer.Ordinal).ToArray();
        Assert.Equal(["execute_tool get_weather", "execute_tool get_wether"], tools.Select(s => s.DisplayName));
        Assert.All(tools, s => Assert.Equal((run.TraceId, run.SpanId), (s.TraceId, s.ParentSpanId)));
        var (ok, failed) = (tools[0], tools[1]);
        Assert.Equal(
            [("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.call.id", outcome.ToolCalls[0].Call.Id), ("gen_ai.tool.name", "get_weather"), ("gen_ai.tool.type", "function")],
            ok.Tags.Select(t => (t.Key, t.Value)).Order());
        Assert.Equal(ActivityStatusCode.Unset, ok.Status);
        Assert.Equal("unknown_tool", failed.GetTagItem("error.type"));
        Assert.Equal(outcome.ToolCalls[1].Call.Id, failed.GetTagItem("gen_ai.tool.call.id"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);

        meterListener.RecordObservableInstruments();
        var durations = measurements.Where(m => m.Instrument == ToolGenTelemetry.ToolCallDurationName).ToArray();
        Assert.Equal(["get_weather", "get_wether"], durations.Select(m => (string?)m.Tags["gen_ai.tool.name"]).Order());
        Assert.All(durations, m => Assert.True(m.Value >= 0));
        var error = Assert.Single(measurements, m => m.Instrument == ToolGenTelemetry.ToolErrorsName);
        Assert.Equal((1d, "get_wether", "unknown_tool"), (error.Value, (string?)error.Tags["gen_ai.tool.name"], (string?)error.Tags["error.type"]));

        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            where T : struct, IConvertible
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value.ToDouble(System.Globalization.CultureInfo.InvariantCulture), copy));
            }
        }
    }

    [Fact]
    public void Every_log_message_of_the_library_has_its_own_event_id_and_name()
    {
        var messages = typeof(ToolRunOutcome).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToArray();

        Assert.True(messages.Length >= 15, $"only {messages.Length} [LoggerMessage] methods found");
        Assert.Equal(messages.Length, messages.Select(m => m.EventId).Distinct().Count());
        Assert.Equal(messages.Length, messages.Select(m => m.EventName).Distinct().Count());
    }
}
