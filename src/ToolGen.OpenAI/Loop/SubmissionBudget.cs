using System.Globalization;
using System.Text;

namespace ToolGen.OpenAI;

/// <summary>Keeps the outputs of one submission within a byte budget (the Assistants service refuses more than 512 KB
/// of tool outputs in one request).</summary>
internal static class SubmissionBudget
{
    /// <summary>The outputs, cut where needed: error outputs stay whole; the others share what is left, the smallest
    /// first, so an output within its fair share is never cut. Every cut output ends with a marker giving its full
    /// length. Returns the same array when everything fits.</summary>
    public static ToolResult[] Apply(ToolResult[] outputs, int budget, out int cutCount)
    {
        cutCount = 0;
        var sizes = new long[outputs.Length];
        long total = 0;
        for (var i = 0; i < outputs.Length; i++)
        {
            sizes[i] = Encoding.UTF8.GetByteCount(outputs[i].Output);
            total += sizes[i];
        }

        if (total <= budget)
        {
            return outputs;
        }

        long left = budget;
        var cuttable = new List<int>();
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i].IsError)
            {
                left -= sizes[i];
            }
            else
            {
                cuttable.Add(i);
            }
        }

        cuttable.Sort((a, b) => sizes[a].CompareTo(sizes[b]));
        var result = (ToolResult[])outputs.Clone();
        var remaining = cuttable.Count;
        foreach (var index in cuttable)
        {
            var share = Math.Max(0, left / remaining);
            remaining--;
            if (sizes[index] <= share)
            {
                left -= sizes[index];
                continue;
            }

            result[index] = Cut(outputs[index], share, budget);
            left -= Encoding.UTF8.GetByteCount(result[index].Output);
            cutCount++;
        }

        return result;
    }

    private static ToolResult Cut(ToolResult result, long share, int budget)
    {
        var output = result.Output;
        var marker = string.Create(
            CultureInfo.InvariantCulture,
            $"… [output truncated: {output.Length} characters; round budget {budget} bytes]");
        var keep = share - Encoding.UTF8.GetByteCount(marker);
        var length = 0;
        long bytes = 0;

        // Whole runes only: a cut through a surrogate pair would send a replacement character.
        foreach (var rune in output.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > keep)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }

        return result with { Output = string.Concat(output.AsSpan(0, length), marker) };
    }
}
