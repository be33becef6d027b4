using System.Globalization;
using System.Numerics;
using CsCheck;

namespace ToolGen.Tests.Dispatch;

/// <summary>Integer parameters against exact arithmetic: whatever notation a JSON number uses, an integer parameter
/// binds it exactly when its value is integral and in range, reports <c>out_of_range</c> when it is integral but
/// outside, and <c>wrong_type</c> when it has a fraction.</summary>
public class NumberPropertyTests
{
    /// <summary>A JSON number (sign, integer part, fraction, exponent) with its exact value as a fraction.</summary>
    private sealed record Number(string Text, BigInteger Numerator, BigInteger Denominator)
    {
        public bool IsIntegral => Numerator % Denominator == 0;

        public BigInteger Value => Numerator / Denominator;

        public override string ToString() => Text;
    }

    private static readonly Gen<string> Digits = Gen.Char["0123456789"].Array[0, 25].Select(c => new string(c));

    private static readonly Gen<Number> Numbers =
        from negative in Gen.Bool
        from head in Gen.Char["0123456789"]
        from tail in Digits
        from fraction in Gen.OneOf(Gen.Const(""), Digits.Where(d => d.Length > 0))
        from exponent in Gen.OneOf(Gen.Const((int?)null), Gen.Int[-45, 45].Select(e => (int?)e))
        from marker in Gen.OneOf(Gen.Const("e"), Gen.Const("E"), Gen.Const("e+"))
        select Build(negative, head == '0' ? "0" : head + tail, fraction, exponent, marker);

    private static Number Build(bool negative, string integer, string fraction, int? exponent, string marker)
    {
        var text = (negative ? "-" : "") + integer + (fraction.Length > 0 ? "." + fraction : "")
            + (exponent is { } e ? (e >= 0 ? marker + e.ToString(CultureInfo.InvariantCulture) : "e" + e.ToString(CultureInfo.InvariantCulture)) : "");
        var digits = BigInteger.Parse(integer + fraction, CultureInfo.InvariantCulture) * (negative ? -1 : 1);
        var scale = fraction.Length - (exponent ?? 0);
        return scale <= 0
            ? new Number(text, digits * BigInteger.Pow(10, -scale), BigInteger.One)
            : new Number(text, digits, BigInteger.Pow(10, scale));
    }

    [Fact]
    public async Task An_int_parameter_binds_exactly_the_integral_numbers_in_its_range()
    {
        await Numbers.SampleAsync(async number =>
        {
            var tools = new RecordingTools();
            var result = await tools.AssistantTools.Call("basics", $$"""{"text":"a","number":{{number.Text}},"flag":true}""");
            if (!number.IsIntegral)
            {
                Assert.Equal(ToolErrorKind.WrongType, result.ErrorKind);
            }
            else if (number.Value < int.MinValue || number.Value > int.MaxValue)
            {
                Assert.Equal(ToolErrorKind.OutOfRange, result.ErrorKind);
            }
            else
            {
                Assert.False(result.IsError, result.Output);
                Assert.Equal((int)number.Value, tools.Received[1]);
            }
        }, iter: 3000);
    }

    [Fact]
    public async Task A_ulong_parameter_binds_exactly_the_integral_numbers_in_its_range()
    {
        await Numbers.SampleAsync(async number =>
        {
            var tools = new RecordingTools();
            var result = await tools.AssistantTools.Call("numbers", $$"""
                {"tiny":1,"small":1,"medium":1,"umedium":1,"unumber":1,"big":1,"ubig":{{number.Text}},"single":1,"real":1,"money":1}
                """);
            if (!number.IsIntegral)
            {
                Assert.Equal(ToolErrorKind.WrongType, result.ErrorKind);
            }
            else if (number.Value < 0 || number.Value > ulong.MaxValue)
            {
                Assert.Equal(ToolErrorKind.OutOfRange, result.ErrorKind);
            }
            else
            {
                Assert.False(result.IsError, result.Output);
                Assert.Equal((ulong)number.Value, tools.Received[6]);
            }
        }, iter: 3000);
    }
}
