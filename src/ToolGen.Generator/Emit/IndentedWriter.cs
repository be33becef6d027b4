using System;
using System.Text;

namespace ToolGen.Generator.Emit;

/// <summary>Builds C# text line by line with four-space indentation and <c>\n</c> line ends (so output is the same
/// on every OS).</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line)
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
    }

    public void Line() => _text.Append('\n');

    /// <summary>Writes <c>{</c>, indents until the returned scope is disposed, then writes <c>}</c> plus
    /// <paramref name="after"/>.</summary>
    public Block Block(string after = "")
    {
        Line("{");
        _indent++;
        return new Block(this, after);
    }

    public override string ToString() => _text.ToString();

    internal void Close(string after)
    {
        _indent--;
        Line("}" + after);
    }
}

internal readonly struct Block : IDisposable
{
    private readonly IndentedWriter _writer;
    private readonly string _after;

    public Block(IndentedWriter writer, string after)
    {
        _writer = writer;
        _after = after;
    }

    public void Dispose() => _writer.Close(_after);
}
