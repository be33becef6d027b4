using System.Text;
using ToolGen.Binding;
using ToolGen.Tests.Types;

namespace ToolGen.Tests.Dispatch;

public enum TempUnit
{
    Celsius,
    Fahrenheit,
}

/// <summary>The primitive tool the dispatch benchmarks measure, returning a string made for each call.</summary>
public static partial class WeatherTools
{
    private const string Bars = "**********";

    [AssistantTool]
    public static string GetWeather(string city, int days, TempUnit unit)
        => string.Concat(city, unit == TempUnit.Celsius ? "°C" : "°F", Bars.AsSpan(0, Math.Clamp(days, 0, Bars.Length)));
}

/// <summary>The binder reads the arguments once, from a stack or pooled buffer, and a synchronous tool's dispatch
/// completes synchronously; only the error path reads on to tell malformed JSON from a mistake.</summary>
public class SinglePassTests
{
    private static ToolResult Invoke(ToolSet tools, string name, string arguments)
    {
        var pending = tools.InvokeAsync(new ToolCall("call_1", name, arguments));
        Assert.True(pending.IsCompletedSuccessfully);
        return pending.Result;
    }

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    // The least a batch of calls allocated: a stray allocation of the runtime's own (tiering, a timer) only adds.
    private static long LeastAllocatedPerBatch(Action call, int calls)
    {
        for (var i = 0; i < 1_000; i++)
        {
            call();
        }

        var least = long.MaxValue;
        for (var batch = 0; batch < 5; batch++)
        {
            least = Math.Min(least, AllocatedBy(() =>
            {
                for (var i = 0; i < calls; i++)
                {
                    call();
                }
            }));
        }

        return least;
    }

    [Fact]
    public void Dispatching_a_primitive_sync_tool_allocates_only_its_string_argument_the_output_and_the_result()
    {
        const string arguments = """{"city":"Oslo","days":3,"unit":"Fahrenheit"}""";
        var output = Invoke(WeatherTools.AssistantTools, "get_weather", arguments).Output;
        Assert.Equal("Oslo°F***", output);

        // The sizes of what the call has to create, measured on objects of the same shape.
        var city = AllocatedBy(() => _ = new string('x', "Oslo".Length));
        var text = AllocatedBy(() => _ = new string('x', output.Length));
        var result = AllocatedBy(() => _ = ToolResult.Success("call_1", output));
        Assert.True(city > 0 && text > 0 && result > 0);

        const int calls = 100;
        var allocated = LeastAllocatedPerBatch(() => Invoke(WeatherTools.AssistantTools, "get_weather", arguments), calls);

        Assert.Equal(calls * (city + text + result), allocated);
    }

    [Fact]
    public void Arguments_longer_than_the_stack_buffer_bind_from_a_pooled_buffer_that_is_given_back()
    {
        // Non-ASCII text (two UTF-8 bytes a character) beyond the stack buffer, and the last arguments after a long run
        // of whitespace, so that binding reads the whole transcoded text.
        var city = "Zürich-" + new string('ö', ToolArgumentReader.StackBufferSize);
        var padding = new string(' ', 20_000);
        var arguments = $$"""{"city":"{{city}}",{{padding}}"days":3,{{padding}}"unit":"Celsius"}""";
        var size = Encoding.UTF8.GetByteCount(arguments);

        for (var days = 0; days <= 5; days++)
        {
            var output = Invoke(WeatherTools.AssistantTools, "get_weather", arguments.Replace("\"days\":3", $"\"days\":{days}", StringComparison.Ordinal)).Output;
            Assert.Equal(city + "°C" + new string('*', days), output);
        }

        // A buffer that were not given back would be rented anew, and allocated, for every call.
        const int calls = 20;
        var allocated = LeastAllocatedPerBatch(() => Invoke(WeatherTools.AssistantTools, "get_weather", arguments), calls);
        Assert.True(allocated < calls * (long)size / 4, $"{allocated / calls} bytes a call for {size} bytes of arguments");
    }

    [Fact]
    public void A_mistake_in_arguments_longer_than_the_stack_buffer_is_reported_and_the_next_call_binds()
    {
        var padding = new string(' ', 4 * ToolArgumentReader.StackBufferSize);
        var wrong = Invoke(WeatherTools.AssistantTools, "get_weather", $$"""{"city":5,{{padding}}"days":3,"unit":"Celsius"}""");
        var malformed = Invoke(WeatherTools.AssistantTools, "get_weather", $$"""{"city":5,{{padding}}"days":3,"unit":"Celsius" """);
        var right = Invoke(WeatherTools.AssistantTools, "get_weather", $$"""{"city":"Bergen",{{padding}}"days":2,"unit":"Celsius"}""");

        Assert.Equal(ToolErrorKind.WrongType, wrong.ErrorKind);
        Assert.Equal("city", wrong.ErrorObject().Field("path"));
        Assert.Equal(ToolErrorKind.InvalidJson, malformed.ErrorKind);
        Assert.Equal("Bergen°C**", right.Output);
    }

    // JSON written with single quotes, for readability.
    private static string J(string text) => text.Replace('\'', '"');

    public static TheoryData<string, string, string, ToolErrorKind> MistakesThenMalformed => new()
    {
        // tool, the arguments up to and with the mistake, what follows it, the mistake's kind when the rest is well-formed
        { "get_weather", J("{'city':5"), J(",'days':3,'unit':'Celsius'}"), ToolErrorKind.WrongType },
        { "get_weather", J("{'town':'Oslo'"), J(",'days':3,'unit':'Celsius'}"), ToolErrorKind.UnknownArgument },
        { "get_weather", J("{'city':'Oslo','city':'Bergen'"), J(",'days':3,'unit':'Celsius'}"), ToolErrorKind.DuplicateArgument },
        { "get_weather", J("{'city':'Oslo','days':99999999999"), J(",'unit':'Celsius'}"), ToolErrorKind.OutOfRange },
        { "get_weather", J("{'city':'Oslo','days':3,'unit':'Kelvin'"), "}", ToolErrorKind.UnknownEnumValue },
        { "get_weather", J("{'city':'\\ud800'"), J(",'days':3,'unit':'Celsius'}"), ToolErrorKind.ConstraintViolation },
        { "get_weather", "[1", ",2]", ToolErrorKind.ArgumentsNotObject },
        { "get_weather", "\"weather\"", "", ToolErrorKind.ArgumentsNotObject },
        { "deliver", J("{'address':{'street':'Storgata 1'}"), J(",'lines':[],'codes':[]}"), ToolErrorKind.MissingRequired },
        { "deliver", J("{'address':{'street':'Storgata 1','postalCode':'0155'},'lines':[],'codes':['a','a']"), "}", ToolErrorKind.ConstraintViolation },
        { "total_area", J("{'shapes':[{'kind':'hexagon','side':1}"), "]}", ToolErrorKind.UnknownEnumValue },
        { "total_area", J("{'shapes':[{'side':1}"), "]}", ToolErrorKind.MissingRequired },
        { "count_folders", J("{'root':{'name':1,'children':[]}"), "}", ToolErrorKind.WrongType },
    };

    [Theory]
    [MemberData(nameof(MistakesThenMalformed))]
    public async Task Malformed_json_after_a_binding_mistake_is_still_invalid_json(string tool, string head, string tail, ToolErrorKind mistake)
    {
        var tools = ToolSet.Combine(WeatherTools.AssistantTools, new ShopTools().AssistantTools, ShapeTools.AssistantTools);

        var wellFormed = await tools.Call(tool, head + tail);
        Assert.Equal(mistake, wellFormed.ErrorKind);

        // An extra brace, trailing text, a trailing comma, a cut-off end, a character left out.
        List<string> malformations = [tail + "}", tail + " x", tail + ","];
        if (tail.Length > 0)
        {
            malformations.Add(tail[..^1]);
        }

        if (tail.Length > 1)
        {
            malformations.Add(tail[..1] + tail[2..]);
        }

        foreach (var malformed in malformations)
        {
            var result = await tools.Call(tool, head + malformed);
            Assert.True(result.ErrorKind == ToolErrorKind.InvalidJson, $"{head + malformed}: {result.Output}");
            Assert.Null(result.ErrorObject().Field("path"));
        }
    }

    [Fact]
    public async Task Arguments_nested_deeper_than_the_limit_after_a_mistake_say_so()
    {
        var deep = new string('[', 70) + new string(']', 70);
        var result = await WeatherTools.AssistantTools.Call("get_weather", "{\"city\":5,\"days\":" + deep + "}");

        Assert.Equal(ToolErrorKind.InvalidJson, result.ErrorKind);
        Assert.Equal("The arguments nest deeper than 64 levels.", result.ErrorObject().Field("message"));
    }

    [Fact]
    public async Task A_property_name_cut_off_before_its_value_is_invalid_json_even_after_whitespace()
    {
        var result = await WeatherTools.AssistantTools.Call("get_weather", "{\"city\":\"Oslo\",\"days\" :  \r\n");

        Assert.Equal(ToolErrorKind.InvalidJson, result.ErrorKind);
    }

    [Fact]
    public async Task A_mistake_deeper_than_the_inline_path_levels_has_its_whole_path()
    {
        // Each folder adds two levels (the folder object and its children array).
        const int folders = 12;
        var json = new StringBuilder("{\"root\":");
        var path = new StringBuilder("root");
        for (var i = 0; i < folders; i++)
        {
            json.Append("{\"name\":\"f\",\"children\":[");
            path.Append(".children[0]");
        }

        json.Append("{\"name\":false,\"children\":[]}");
        json.Insert(json.Length, "]}", folders).Append('}');

        var result = await new ShopTools().AssistantTools.Call("count_folders", json.ToString());

        Assert.Equal(ToolErrorKind.WrongType, result.ErrorKind);
        Assert.Equal(path + ".name", result.ErrorObject().Field("path"));
    }

    [Fact]
    public async Task A_synchronous_tool_completes_its_ValueTask_synchronously_through_every_view_of_the_set()
    {
        var call = new ToolCall("call_1", "get_weather", """{"city":"Oslo","days":1,"unit":"Celsius"}""");
        var services = new EmptyServices();
        ToolSet[] views =
        [
            WeatherTools.AssistantTools,
            WeatherTools.AssistantTools.WithServices(services),
            WeatherTools.AssistantTools.WithExceptionMessages().WithMaxArgumentsSize(1_000),
            ToolSet.Combine(WeatherTools.AssistantTools, ShapeTools.AssistantTools),
        ];

        foreach (var tools in views)
        {
            var pending = tools.InvokeAsync(call);
            Assert.True(pending.IsCompletedSuccessfully);
            Assert.Equal("Oslo°C*", (await pending).Output);

            var withServices = tools.InvokeWithServicesAsync(call, services);
            Assert.True(withServices.IsCompletedSuccessfully);
            Assert.Equal("Oslo°C*", (await withServices).Output);
        }
    }

    [Fact]
    public async Task A_tool_that_throws_synchronously_is_tool_failed_and_the_callers_cancellation_still_propagates()
    {
        var tools = new ThrowingTools();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var failed = tools.InvokeAsync(new ToolCall("call_1", "boom", "{}"));
        var notOurs = tools.InvokeAsync(new ToolCall("call_1", "cancel", "{}"));

        Assert.True(failed.IsCompletedSuccessfully);
        Assert.Equal(ToolErrorKind.ToolFailed, (await failed).ErrorKind);
        Assert.Equal(ToolErrorKind.ToolFailed, (await notOurs).ErrorKind);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await tools.InvokeAsync(new ToolCall("call_1", "cancel", "{}"), cancelled.Token));
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    // Throws from InvokeCoreAsync itself, as a hand-written set may: before any ValueTask exists.
    private sealed class ThrowingTools : ToolSet
    {
        public override IReadOnlyList<ToolDefinition> Definitions => [];

        protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
        {
            if (call.Name == "cancel")
            {
                throw new OperationCanceledException(cancellationToken.IsCancellationRequested ? cancellationToken : CancellationToken.None);
            }

            throw new InvalidOperationException("boom");
        }
    }
}
