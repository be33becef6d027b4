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

    /// <summary>Runs the tool <paramref name="call"/> names with its arguments.</summary>
    /// <param name="call">The model's tool call.</param>
    /// <param name="cancellationToken">The caller's token; it is passed to tools that take a <see cref="CancellationToken"/>.</param>
    /// <returns>The tool's output, or an error result (<c>arguments_too_large</c>, <c>unknown_tool</c>, an argument
    /// error, <c>tool_failed</c>).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual async ValueTask<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken = default)
    {
        if (TooLarge(call) is { } tooLarge)
        {
            return tooLarge;
        }

        try
        {
            return await InvokeCoreAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            var message = IncludeExceptionMessages && !string.IsNullOrWhiteSpace(exception.Message)
                ? $"The tool failed: {exception.Message}"
                : "The tool failed while running. Try again or use another approach.";
            return ToolResult.Failure(call.Id, new ToolError(ToolErrorKind.ToolFailed, ToolText.Echo(call.Name), message));
        }
    }

    /// <summary>Dispatches <paramref name="call"/>: binds its arguments and calls the tool. Argument errors and
    /// unknown names are returned as error results; exceptions thrown by the tool may escape (the caller turns
    /// them into <c>tool_failed</c>).</summary>
    /// <param name="call">The model's tool call.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The result.</returns>
    protected internal abstract ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken);

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

    // Checked on the text, before any parsing. Every character is at least one UTF-8 byte and at most three, so the
    // bytes are only counted when the length alone does not decide.
    private ToolResult? TooLarge(ToolCall call)
    {
        var arguments = call.Arguments;
        var limit = MaxArgumentsSize;
        if (arguments is null || arguments.Length <= limit / 3)
        {
            return null;
        }

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

        public override ValueTask<ToolResult> InvokeAsync(ToolCall call, CancellationToken cancellationToken = default)
            => _byName.TryGetValue(call.Name, out var set)
                ? set.InvokeAsync(call, cancellationToken)
                : ValueTask.FromResult(UnknownTool(call));

        protected internal override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
            => _byName.TryGetValue(call.Name, out var set)
                ? set.InvokeCoreAsync(call, cancellationToken)
                : ValueTask.FromResult(UnknownTool(call));
    }
}
