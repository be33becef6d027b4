using Microsoft.AspNetCore.Http;

namespace ToolGen.Emulator.Http;

/// <summary>The cursor paging of the Assistants list endpoints: <c>limit</c> (1–100, default 20), <c>order</c>
/// (<c>asc</c> or <c>desc</c> by creation, default <c>desc</c>), <c>after</c> and <c>before</c> (ids). <c>after</c> gives
/// the page following the cursor; <c>before</c> alone gives the page preceding it (the <c>limit</c> items nearest to
/// it, in list order); an id not in the list gives an empty page.</summary>
internal sealed record PageQuery(int Limit, bool Descending, string? After, string? Before)
{
    public static PageQuery From(IQueryCollection query)
    {
        var limit = 20;
        if (query.TryGetValue("limit", out var limitText) && limitText.Count > 0)
        {
            if (!int.TryParse(limitText[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out limit))
            {
                throw ApiException.WrongType("limit", "an integer", "a string");
            }

            if (limit is < 1 or > 100)
            {
                throw new ApiException(400,
                    $"Invalid 'limit': integer {(limit < 1 ? "below minimum" : "above maximum")} value. Expected a value {(limit < 1 ? ">= 1" : "<= 100")}, but got {limit} instead.",
                    "limit", limit < 1 ? "integer_below_min_value" : "integer_above_max_value");
            }
        }

        var descending = true;
        if (query.TryGetValue("order", out var order) && order.Count > 0)
        {
            descending = order[0] switch
            {
                "desc" => true,
                "asc" => false,
                var other => throw new ApiException(400,
                    $"Invalid value: '{other}'. Supported values are: 'asc' and 'desc'.", "order", "invalid_value"),
            };
        }

        return new PageQuery(limit, descending, NonEmpty(query["after"]), NonEmpty(query["before"]));
    }

    /// <summary>Pages <paramref name="items"/>, which are in creation order.</summary>
    public (IReadOnlyList<T> Page, bool HasMore) Apply<T>(IReadOnlyList<T> items, Func<T, string> id)
    {
        IEnumerable<T> ordered = Descending ? items.Reverse() : items;
        var list = ordered.ToList();
        var start = 0;
        var end = list.Count;
        if (After is not null)
        {
            var index = list.FindIndex(item => id(item) == After);
            start = index < 0 ? list.Count : index + 1;
        }

        if (Before is not null)
        {
            var index = list.FindIndex(item => id(item) == Before);
            end = index < 0 ? 0 : index;
        }

        if (end <= start)
        {
            return ([], false);
        }

        // `before` alone asks for "the previous page of the list" (OpenAPI description of the parameter): the items
        // just before the cursor, not the first ones of the list; has_more then says whether more lie further back.
        if (Before is not null && After is null)
        {
            var first = Math.Max(start, end - Limit);
            return (list.GetRange(first, end - first), first > start);
        }

        var page = list.GetRange(start, Math.Min(Limit, end - start));
        return (page, start + page.Count < end);
    }

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count > 0 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
}
