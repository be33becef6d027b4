namespace ToolGen.Generator.Tests;

/// <summary>Representative consumer code the generator tests run over.</summary>
internal static class Sources
{
    public const string StaticTools = """
        using System.Threading;
        using System.Threading.Tasks;
        using ToolGen;

        namespace Demo;

        public static partial class FoodTools
        {
            /// <summary>Gets the user's favorite food for a day of the week.</summary>
            /// <param name="day_of_week">The day, e.g. <c>Monday</c>.</param>
            [AssistantTool]
            public static string GetFavoriteFoodForDayOfWeek(string day_of_week) => "tacos";

            /// <summary>Downloads a web page and returns its readable text.</summary>
            /// <param name="url">The absolute URL of the page.</param>
            [AssistantTool]
            public static Task<string> FetchUrlAsync(string url, CancellationToken cancellationToken) => Task.FromResult(url);
        }
        """;

    public const string InstanceTools = """
        using System.ComponentModel;
        using ToolGen;

        namespace Demo.Accounts;

        public partial class AccountTools
        {
            private int _balance = 100;

            [AssistantTool(Description = "Adds money to the account and returns the new balance.")]
            public int Deposit([Description("How much to add, in cents.")] int amount, bool notify = false)
            {
                _balance += amount;
                return _balance;
            }

            [AssistantTool("reset_account", Strict = false)]
            public void Reset(int to = 0, string? reason = null) => _balance = to;
        }
        """;

    public const string NestedTools = """
        using System.Threading.Tasks;
        using ToolGen;

        namespace Demo
        {
            public static partial class Outer
            {
                internal partial class Inner
                {
                    /// <summary>Says hello.</summary>
                    [AssistantTool]
                    internal static ValueTask GreetAsync(string name) => default;

                    [AssistantTool]
                    private static ValueTask<bool> IsReadyAsync() => new(true);
                }
            }
        }
        """;

    public const string GlobalNamespaceTools = """
        using ToolGen;

        partial class Calculator
        {
            [AssistantTool]
            public long Add(long a, long b) => a + b;
        }
        """;

    public const string AllTypes = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using ToolGen;

        namespace Demo.Types;

        public enum Color { Red, Green, [JsonStringEnumMemberName("deep-blue")] Blue }

        public partial class AllTypeTools
        {
            [AssistantTool]
            public string Scalars(
                string text, bool flag, sbyte tiny, byte small, short medium, ushort umedium,
                int number, uint unumber, long big, ulong ubig, float single, double real, decimal money,
                Guid id, DateTime when, DateTimeOffset whenOffset, Uri link, Color color) => text;

            [AssistantTool]
            public Task<int?> Nullables(
                string? maybeText, int? maybeNumber, Color? maybeColor, Guid? maybeId, Uri? maybeLink, CancellationToken cancellationToken) => Task.FromResult(maybeNumber);

            [AssistantTool]
            public IReadOnlyList<Color> Collections(
                int[] numbers, List<string> names, IReadOnlyList<Color> colors, List<int?> gaps, int[][] grid, string?[]? labels = null) => colors;

            [AssistantTool]
            public ValueTask<DateTimeOffset> Defaults(
                string text = "a \"quoted\" text", int count = 3, double ratio = 0.5, decimal price = 1.25m, bool flag = true,
                Color color = Color.Blue, long? limit = null, ulong max = 18446744073709551615, float scale = 2.5f) => default;
        }
        """;

    public const string Records = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using ToolGen;

        namespace Demo.Shop;

        /// <summary>A postal address.</summary>
        /// <param name="Street">Street and number.</param>
        public sealed record Address(string Street, [RegularExpression("[0-9]{4}")] string PostalCode, string Country = "NO");

        /// <summary>One line of an order.</summary>
        public sealed record Line(string Sku, [Range(1, 100)] int Quantity)
        {
            /// <summary>A note for the packer.</summary>
            [MaxLength(200)]
            public string? Note { get; init; }
        }

        public sealed class Category
        {
            public string Name { get; set; } = "";

            [Description("Sub-categories.")]
            public List<Category> Children { get; set; } = [];
        }

        [Flags]
        public enum Days { None = 0, Monday = 1, Tuesday = 2 }

        public sealed record Receipt(string Number, DateOnly Date, TimeSpan Wait, IReadOnlyDictionary<string, decimal> Totals, Days Open);

        public static partial class ShopTools
        {
            /// <summary>Places an order.</summary>
            /// <param name="lines">What to ship.</param>
            /// <returns>The receipt.</returns>
            [AssistantTool]
            public static Task<Receipt> PlaceOrder(IReadOnlyList<Line> lines, Address shipTo, Address? billTo, HashSet<string> tags, DateOnly deliverOn, TimeOnly after, Days days = Days.None)
                => Task.FromResult(new Receipt("R1", deliverOn, TimeSpan.Zero, new Dictionary<string, decimal>(), days));

            [AssistantTool]
            public static int CountCategories(Category root, [Length(1, 3)] string[] names, [EmailAddress, StringLength(50, MinimumLength = 3)] string email) => 0;

            [AssistantTool(Strict = false)]
            public static int Loose(Category root, Dictionary<string, int> counts, [StringLength(5)] string code, [Url] string page, HashSet<int> ids) => 0;
        }
        """;
}
