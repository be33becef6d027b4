using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ToolGen.Generator.Tests;

/// <summary>Broken versions of tool classes, as an editor sees them while someone types: tokens deleted or swapped,
/// a declaration cut off in the middle, the file cut off at the end. Variant <c>i</c> of a seed is always the same
/// text.</summary>
internal static class TypingVariants
{
    /// <summary>Tool classes using every feature the parser looks at: doc comments, attributes and their arguments,
    /// defaults, enums with renamed members, arrays, nullables, nested and generic types, primary constructors, and
    /// the mistakes the analyzer reports.</summary>
    public static readonly string[] Bases =
    [
        """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using ToolGen;

        namespace Demo.Shop;

        /// <summary>A color.</summary>
        public enum Color { Red, Green, [JsonStringEnumMemberName("deep-blue")] Blue }

        /// <summary>Shop tools.</summary>
        public static partial class ShopTools
        {
            /// <summary>Finds products matching <paramref name="query"/>.</summary>
            /// <param name="query">Words to look for, e.g. <c>red shoes</c>.</param>
            /// <param name="limit">At most this many.</param>
            /// <returns>The matches.</returns>
            [AssistantTool("find_products", Description = "Finds products", Strict = true)]
            public static string FindProducts(string query, int limit = 10, Color? color = null, CancellationToken cancellationToken = default) => query;

            [AssistantTool]
            public static async Task<int[]> CountAsync(List<string> names, IReadOnlyList<Color> colors, int?[] gaps, CancellationToken ct)
            {
                await Task.Yield();
                return new int[names.Count];
            }

            [AssistantTool(Strict = false)]
            public static ValueTask<Guid?> Lookup([Description("The id")] Guid id, DateTimeOffset when, Uri link, decimal price = 1.5m, ulong max = ulong.MaxValue) => default;
        }

        public sealed partial class Outer<T> where T : class
        {
            public partial class CalendarTools(string zone)
            {
                public string Zone => zone;

                /// <summary>Books a slot in <c>zone</c>.</summary>
                [AssistantTool] public Task BookAsync(DateTime start, double hours, bool remind = true, string? note = "x \"q\"") => Task.CompletedTask;
                [AssistantTool] public void Cancel(long id, sbyte a, byte b, short c, ushort d, uint e, float f = -0.5f) { }
                [AssistantTool] public static Color Pick(Color[][] grid, Color fallback = Color.Blue) => grid[0][0];
            }
        }
        """,
        """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using ToolGen;

        public partial record RecordTools
        {
            [AssistantTool] public static string Generic<T>(T value) => "";
            [AssistantTool] public static void Refs(ref int a, out int b, params int[] c) { b = 0; }
            [AssistantTool("bad name!")] public static void Bad() { }
            [AssistantTool("dup")] public static void One() { }
            [AssistantTool("dup")] public static void Two() { }
            [AssistantTool] public RecordTools() { }
            [AssistantTool] public static RecordTools operator +(RecordTools a, RecordTools b) => a;

            public void Host()
            {
                [AssistantTool] static string Local() => "";
                var f = [AssistantTool] () => 1;
                var g = [AssistantTool] (int x) => x;
            }
        }

        file partial class Hidden { [AssistantTool] public static int Get() => 1; }
        public partial struct Values { [AssistantTool] public static int Get() => 1; }
        public partial interface IThings { [AssistantTool] static int Get() => 1; }
        public class NotPartial { public partial class Inner { [AssistantTool] public static int Get(Dictionary<string, int> d) => 1; } }
        public enum Dup { A, [JsonStringEnumMemberName("A")] B }

        public partial class Base { [AssistantTool] public static int Base1() => 1; }
        public partial class Derived : Base
        {
            /// <param name="d">A <see cref="Dup"/>.</param>
            [AssistantTool] public static object Thing(Dup d, char c, int[,] matrix) => new();
            [AssistantTool(Name = "x")] public static void Named(string @class, int @default = default) { }
        }
        """,
        """
        #nullable disable
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Threading.Tasks;
        using ToolGen;

        namespace Demo.Odd
        {
            public enum Level : byte { Low = 1, High = 200 }

            public static partial class OddTools
            {
                /// <summary>Malformed <b>docs <paramref name=""/></summary>
                /// <param>no name</param>
                /// <param name="missing">Not a parameter.</param>
                /// <param name="level">A <see cref="Nowhere"/> level.</param>
                /// <inheritdoc/>
                [AssistantTool(null, Description = null)]
                public static string Levels(Level level = (Level)7, Level? maybe = Level.High, decimal big = 79228162514264337593543950335m) => "";

                [AssistantTool(123)]
                public static Unknown Broken(Missing missing, List<Unknown> list, int value = Nope.Value) => default;

                [AssistantTool, Obsolete("old")]
                public static Task<Unknown> Later(string text = null, double ratio = double.NaN, float f = float.PositiveInfinity) => null;

        #if DEBUG
                [AssistantTool] public static int Debug() => 1;
        #else
                [AssistantTool] public static int Release(char c = 'x', string s = "\u0000") => 1;
        #endif

                [AssistantTool("same")] public static void Overload(int a) { }
                [AssistantTool("same")] public static void Overload(string a) { }

                [AssistantTool] public static extern int External(uint u = uint.MaxValue);
                [AssistantTool] public static partial string Partial(string text);
                [AssistantTool] public static async void Fire(DateTime at = default) { await Task.Yield(); }
                [AssistantTool, Description("desc")] public static IReadOnlyList<int?> Items([Description(null)] int?[] items, Guid id = new Guid()) => items;
            }
        }
        """,
    ];

    /// <summary>The text of variant <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public static string Create(int seed, int index)
    {
        var random = new Random(HashCode.Combine(seed, index) & int.MaxValue);
        var text = Bases[index % Bases.Length];
        var edits = 1 + random.Next(3);
        for (var i = 0; i < edits; i++)
        {
            text = Edit(text, random);
        }

        return text;
    }

    private static string Edit(string text, Random random)
    {
        var root = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions).GetRoot();
        var tokens = root.DescendantTokens(descendIntoTrivia: true).Where(t => t.Span.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            return text;
        }

        switch (random.Next(5))
        {
            case 0:
            case 1:
            {
                // Delete one to three neighbouring tokens, sometimes gluing their neighbours together.
                var start = random.Next(tokens.Count);
                var end = Math.Min(tokens.Count - 1, start + random.Next(3));
                var span = TextSpan(tokens[start].SpanStart, tokens[end].Span.End);
                return string.Concat(text.AsSpan(0, span.Start), random.Next(2) == 0 ? " " : "", text.AsSpan(span.End));
            }

            case 2:
            {
                // Replace a token by another token of the file.
                var target = tokens[random.Next(tokens.Count)];
                var source = tokens[random.Next(tokens.Count)];
                return string.Concat(text.AsSpan(0, target.SpanStart), source.Text, text.AsSpan(target.Span.End));
            }

            case 3:
            {
                // Cut a declaration off in the middle, keeping what follows it.
                var declarations = root.DescendantNodes().Where(n => n is MemberDeclarationSyntax or ParameterSyntax or AttributeSyntax).ToList();
                if (declarations.Count == 0)
                {
                    return text;
                }

                var declaration = declarations[random.Next(declarations.Count)];
                var cut = declaration.SpanStart + random.Next(declaration.Span.Length);
                return string.Concat(text.AsSpan(0, cut), text.AsSpan(declaration.Span.End));
            }

            default:
            {
                // The file ends where the typing is, anywhere in a token or between tokens.
                return text[..random.Next(text.Length)];
            }
        }
    }

    private static Microsoft.CodeAnalysis.Text.TextSpan TextSpan(int start, int end) => Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end);
}
