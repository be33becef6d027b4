using System.Globalization;
using System.Text;

namespace ToolGen;

/// <summary>
/// A set of tools: their definitions, and dispatch of a <see cref="ToolCall"/> to the tool it names. The source
/// generator emits one per partial class holding <c>[AssistantTool]</c> methods (its <c>AssistantTools</c> member);
/// API adapters consume any <see cref="ToolSet"/>.
/// </summary>
/// <remarks>
/// <see cref="InvokeAsync"/> never throws for anything the model did or the tool threw: every such case is a
/// <see cref="ToolResult"/> with <see cref="ToolResult.IsError"/> set. Only cancellation of the caller's token
/// propagates, as <see cref="OperationCanceledException"/>.
/// </remarks>
public abstract class ToolSet
{
    /// <summary>The definitions of every tool in the set, in a stable order.</summary>
    public abstract IReadOnlyList<ToolDefinition> Definitions { get; }

    /// <summary>The default of <see cref="MaxArgumentsSize"/>: 1 MiB (1,048,576 bytes).</summary>
    public const int DefaultMaxArgumentsSize = 1 << 20;

    /// <summary>Whether a <c>tool_failed</c> error carries the exception's message. Off by default, since a message
    /// may reveal details of the host; turn it on with <see cref="WithExceptionMessages"/>.</summary>
    protected virtual bool IncludeExceptionMessages => false;

    /// <summary>The longest arguments text <see cref="InvokeAsync"/> reads, in UTF-8 bytes; a longer one is an
    /// <c>arguments_too_large</c> error, found before any parsing. <see cref="DefaultMaxArgumentsSize"/> (1 MiB)
    /// unless set with <see cref="WithMaxArgumentsSize"/>.</summary>
    public virtual int MaxArgumentsSize => DefaultMaxArgumentsSize;

    /// <summary>Runs the tool <paramref name="call"/> names with its arguments. Tools that take services get them
    /// from the provider given to <see cref="WithServices"/>, if any.</summary>
    /// <param name="call">The model's tool call.</param>
    /// <param name="cancellationToken">The caller's token; it is passed to tools that take a <see cref="CancellationToken"/>.</param>
    /// <returns>The tool's output, or an error result (<c>arguments_too_large</c>, <c>unknown_tool</c>, an argument
    /// error, <c>tool_failed</c>).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual ValueTask<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken = default)
        => InvokeWithServicesAsync(call, services: null, cancellationToken);

    /// <summary>Runs the tool <paramref name="call"/> names with its arguments, resolving the parameters a tool takes
    /// from the host rather than the model (an <see cref="IServiceProvider"/> parameter, <c>[FromServices]</c> and
    /// <c>[FromKeyedServices]</c> ones) from <paramref name="services"/>.</summary>
    /// <param name="call">The model's tool call.</param>
    /// <param name="services">The services for this call (for example a request scope's provider), or
    /// <see langword="null"/> for those given to <see cref="WithServices"/>. A service a tool requires that neither
    /// provides makes the call <c>tool_failed</c>, naming the service.</param>
    /// <param name="cancellationToken">The caller's token; it is passed to tools that take a <see cref="CancellationToken"/>.</param>
    /// <returns>The tool's output, or an error result (<c>arguments_too_large</c>, <c>unknown_tool</c>, an argument
    /// error, <c>tool_failed</c>).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>A tool that completes synchronously gives a completed <see cref="ValueTask{TResult}"/>, with nothing
    /// allocated for awaiting it.</remarks>
    public virtual ValueTask<ToolResult> InvokeWithServicesAsync(ToolCall call, IServiceProvider? services, CancellationToken cancellationToken = default)
    {
        // Every character is at least one UTF-8 byte and at most three, so the length alone clears almost every call;
        // only a long text pays for the call that counts its bytes.
        var limit = MaxArgumentsSize;
        if (call.Arguments is { } arguments && arguments.Length > limit / 3 && TooLarge(call, arguments, limit) is { } tooLarge)
        {
            return new(tooLarge);
        }

        ValueTask<ToolResult> pending;
        try
        {
            pending = InvokeCoreAsync(call, services, cancellationToken);
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromException<ToolResult>(exception);
        }
        catch (Exception exception)
        {
            return new(ToolFailed(call, exception));
        }

        return pending.IsCompletedSuccessfully ? pending : AwaitToolAsync(call, pending, cancellationToken);
    }

    private async ValueTask<ToolResult> AwaitToolAsync(ToolCall call, ValueTask<ToolResult> pending, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            return ToolFailed(call, exception);
        }
    }

    private ToolResult ToolFailed(ToolCall call, Exception exception)
    {
        var message = IncludeExceptionMessages && !string.IsNullOrWhiteSpace(exception.Message)
            ? $"The tool failed: {exception.Message}"
            : "The tool failed while running. Try again or use another approach.";
        return ToolResult.Failure(call.Id, new ToolError(ToolErrorKind.ToolFailed, ToolText.Echo(call.Name), message));
    }

    /// <summary>Dispatches <paramref name="call"/>: binds its arguments and calls the tool. Argument errors and
    /// unknown names are returned as error results; exceptions thrown by the tool may escape (the caller turns
    /// them into <c>tool_failed</c>).</summary>
    /// <param name="call">The model's tool call.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The result.</returns>
    protected internal abstract ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken);

    /// <summary>Dispatches <paramref name="call"/> with the services its tool may take; sets whose tools take no
    /// services need not override it (the default ignores <paramref name="services"/>).</summary>
    /// <param name="call">The model's tool call.</param>
    /// <param name="services">The host's services, or <see langword="null"/> when it gave none.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The result.</returns>
    protected internal virtual ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, IServiceProvider? services, CancellationToken cancellationToken)
        => InvokeCoreAsync(call, cancellationToken);

    /// <summary>The result for a call that names no tool of this set; its message lists the tools there are (as
    /// many as fit in a short message). The called name is echoed cut to 64 characters, without control characters.</summary>
    /// <param name="call">The call.</param>
    /// <returns>An <c>unknown_tool</c> error result.</returns>
    protected ToolResult UnknownTool(ToolCall call)
    {
        const int room = 600;
        var names = new StringBuilder();
        var listed = 0;
        foreach (var definition in Definitions)
        {
            if (names.Length + definition.Name.Length > room)
            {
                break;
            }

            names.Append(listed++ == 0 ? "" : ", ").Append(definition.Name);
        }

        var more = Definitions.Count - listed;
        if (more > 0)
        {
            names.Append(CultureInfo.InvariantCulture, $" and {more} more");
        }

        return ToolResult.Failure(call.Id, new ToolError(
            ToolErrorKind.UnknownTool,
            ToolText.Echo(call.Name),
            names.Length == 0 ? "There is no tool with this name." : $"There is no tool with this name. Available tools: {names}."));
    }

    /// <summary>A view of this set whose <c>tool_failed</c> errors include the exception's message.</summary>
    /// <returns>A set with the same tools and the same <see cref="MaxArgumentsSize"/>.</returns>
    public ToolSet WithExceptionMessages() => Configure(includeExceptionMessages: true, MaxArgumentsSize);

    /// <summary>A view of this set that reads arguments of at most <paramref name="maxBytes"/> UTF-8 bytes; longer
    /// ones are <c>arguments_too_large</c> errors, found before any parsing.</summary>
    /// <param name="maxBytes">The limit, in UTF-8 bytes of the arguments text.</param>
    /// <returns>A set with the same tools, keeping <see cref="WithExceptionMessages"/> if it was set.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is zero or negative.</exception>
    public ToolSet WithMaxArgumentsSize(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return Configure(IncludeExceptionMessages, maxBytes);
    }

    private ConfiguredToolSet Configure(bool includeExceptionMessages, int maxArgumentsSize)
        => new(this is ConfiguredToolSet configured ? configured.Inner : this, includeExceptionMessages, maxArgumentsSize);

    // Checked on the text, before any parsing, for text longer than a third of the limit (shorter text cannot pass
    // it); the bytes are only counted when the length alone does not decide.
    private static ToolResult? TooLarge(ToolCall call, string arguments, int limit)
    {
        var size = arguments.Length > limit ? arguments.Length : Encoding.UTF8.GetByteCount(arguments);
        if (size <= limit)
        {
            return null;
        }

        var message = arguments.Length > limit
            ? string.Create(CultureInfo.InvariantCulture, $"The arguments are longer than the {limit:N0} bytes this tool set reads. Send shorter arguments.")
            : string.Create(CultureInfo.InvariantCulture, $"The arguments are {size:N0} bytes long, more than the {limit:N0} this tool set reads. Send shorter arguments.");
        return ToolResult.Failure(call.Id, new ToolError(ToolErrorKind.ArgumentsTooLarge, ToolText.Echo(call.Name), message));
    }

    /// <summary>A view of this set whose tools get the parameters the host supplies (an <see cref="IServiceProvider"/>
    /// parameter, <c>[FromServices]</c> and <c>[FromKeyedServices]</c> ones) from <paramref name="services"/>. A
    /// tool whose required service the provider lacks gives <c>tool_failed</c> naming the service. Views nest: the
    /// outermost provider wins, so a per-request provider can be laid over an application-wide one.</summary>
    /// <param name="services">The provider, e.g. the application's root provider or a request scope's.</param>
    /// <returns>A set with the same tools.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public ToolSet WithServices(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new ServicesToolSet(this, services);
    }

    private sealed class ServicesToolSet(ToolSet inner, IServiceProvider services) : ToolSet
    {
        public override IReadOnlyList<ToolDefinition> Definitions => inner.Definitions;

        public override int MaxArgumentsSize => inner.MaxArgumentsSize;

        protected override bool IncludeExceptionMessages => inner.IncludeExceptionMessages;

        public override ValueTask<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken = default)
            => inner.InvokeWithServicesAsync(call, services, cancellationToken);

        public override ValueTask<ToolResult> InvokeWithServicesAsync(ToolCall call, IServiceProvider? callServices, CancellationToken cancellationToken = default)
            => inner.InvokeWithServicesAsync(call, callServices ?? services, cancellationToken);

        protected internal override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
            => inner.InvokeCoreAsync(call, services, cancellationToken);

        protected internal override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, IServiceProvider? callServices, CancellationToken cancellationToken)
            => inner.InvokeCoreAsync(call, callServices ?? services, cancellationToken);
    }

    /// <summary>Combines sets into one. Definitions keep the order given.</summary>
    /// <param name="sets">The sets to combine.</param>
    /// <returns>A set dispatching each call to the set that defines its name.</returns>
    /// <exception cref="ArgumentException">Two sets define the same tool name.</exception>
    public static ToolSet Combine(params ToolSet[] sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        return new CompositeToolSet(sets);
    }

    private sealed class ConfiguredToolSet(ToolSet inner, bool includeExceptionMessages, int maxArgumentsSize) : ToolSet
    {
        public ToolSet Inner => inner;

        public override IReadOnlyList<ToolDefinition> Definitions => inner.Definitions;

        public override int MaxArgumentsSize => maxArgumentsSize;

        protected override bool IncludeExceptionMessages => includeExceptionMessages;

        protected internal override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
            => inner.InvokeCoreAsync(call, cancellationToken);

        protected internal override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, IServiceProvider? services, CancellationToken cancellationToken)
            => inner.InvokeCoreAsync(call, services, cancellationToken);
    }

    private sealed class CompositeToolSet : ToolSet
    {
        private readonly Dictionary<string, ToolSet> _byName = new(StringComparer.Ordinal);
        private readonly ToolDefinition[] _definitions;

        public CompositeToolSet(ToolSet[] sets)
        {
            var definitions = new List<ToolDefinition>();
            foreach (var set in sets)
            {
                ArgumentNullException.ThrowIfNull(set, nameof(sets));
                foreach (var definition in set.Definitions)
                {
                    if (!_byName.TryAdd(definition.Name, set))
                    {
                        throw new ArgumentException($"Two tool sets define a tool named '{definition.Name}'.", nameof(sets));
                    }

                    definitions.Add(definition);
                }
            }

            _definitions = definitions.ToArray();
        }

        public override IReadOnlyList<ToolDefinition> Definitions => _definitions;

        public override ValueTask<ToolResult> InvokeWithServicesAsync(ToolCall call, IServiceProvider? services, CancellationToken cancellationToken = default)
            => !_byName.TryGetValue(call.Name, out var set) ? ValueTask.FromResult(UnknownTool(call))
                : services is null ? set.InvokeAsync(call, cancellationToken)
                : set.InvokeWithServicesAsync(call, services, cancellationToken);

        protected internal override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
            => InvokeCoreAsync(call, null, cancellationToken);

        protected internal override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, IServiceProvider? services, CancellationToken cancellationToken)
            => _byName.TryGetValue(call.Name, out var set)
                ? set.InvokeCoreAsync(call, services, cancellationToken)
                : ValueTask.FromResult(UnknownTool(call));
    }
}
