using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace ToolGen.Binding;

/// <summary>
/// <see cref="ToolArgumentReader.StackBufferSize"/> bytes that generated dispatchers declare as a local and pass to
/// <see cref="ToolArgumentReader(ToolCall, Span{byte})"/> as its stack buffer. Not meant to be used by hand.
/// </summary>
/// <remarks>A local of this type instead of <c>stackalloc</c>: the JIT compiles a method that uses <c>stackalloc</c>
/// fully optimized on its first call (on-stack replacement cannot handle it), which cost about 7 ms of a process's
/// first tool call; a fixed-size local lets the first call run quickly compiled code, as every other method does.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[InlineArray(ToolArgumentReader.StackBufferSize)]
public struct ToolArgumentBuffer
{
    private byte _element;
}
