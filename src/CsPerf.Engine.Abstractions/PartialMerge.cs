using System.Collections.Immutable;

namespace CsPerf.Engine;

/// <summary>
/// <see cref="KpiPartial.Merge(KpiPartial, KpiPartial)"/>: a merge of canonically sorted lists. Keys present in both
/// partials add their counters element-wise (checked: an overflow throws) and merge their sessions; complaint reasons
/// of one (shop, account, date, reason) add their counts; review records
/// form a multiset union; input reports a set union. Linear in the sizes of the two partials.
/// </summary>
internal static class PartialMerge
{
    public static KpiPartial Merge(KpiPartial left, KpiPartial right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (ReferenceEquals(left, KpiPartial.Empty))
        {
            return right;
        }

        if (ReferenceEquals(right, KpiPartial.Empty))
        {
            return left;
        }

        if (left.Basis is { } lb && right.Basis is { } rb && lb != rb)
        {
            throw new ArgumentException(
                lb.AsOf != rb.AsOf
                    ? $"Partials computed as of different instants ({lb.AsOf} and {rb.AsOf}) cannot be merged."
                    : $"Partials computed with different counting knobs cannot be merged: \"{lb.Rules}\" and \"{rb.Rules}\".",
                nameof(right));
        }

        var f1 = left.Filtered;
        var f2 = right.Filtered;
        return new KpiPartial
        {
            Basis = left.Basis ?? right.Basis,
            DataFrom = Min(left.DataFrom, right.DataFrom),
            DataTo = Max(left.DataTo, right.DataTo),
            Shops = Sorted(left.Shops, right.Shops, PartialOrder.CompareShop, MergeShop, keepBoth: false),
            Accounts = Sorted(left.Accounts, right.Accounts, PartialOrder.CompareAccount, MergeAccount, keepBoth: false),
            AccountDays = Sorted(left.AccountDays, right.AccountDays, PartialOrder.CompareAccountDay, MergeAccountDay, keepBoth: false),
            ShopDays = Sorted(left.ShopDays, right.ShopDays, PartialOrder.CompareShopDay, MergeShopDay, keepBoth: false),
            SharedReviews = Sorted(left.SharedReviews, right.SharedReviews, PartialOrder.CompareReview, (x, _) => x, keepBoth: true),
            ComplaintReasons = Sorted(left.ComplaintReasons, right.ComplaintReasons, PartialOrder.CompareComplaintReason,
                (x, y) => x with { Count = checked(x.Count + y.Count) }, keepBoth: false),
            Filtered = new FilteredCounts(
                checked(f1.Internal + f2.Internal),
                checked(f1.Listed + f2.Listed),
                checked(f1.Broadcast + f2.Broadcast),
                checked(f1.Advert + f2.Advert),
                checked(f1.SingleLine + f2.SingleLine)),
            Inputs = Sorted(left.Inputs, right.Inputs, PartialOrder.CompareInput, (x, _) => x, keepBoth: false),
        };
    }

    private static PartialShop MergeShop(PartialShop x, PartialShop y)
    {
        if (!string.Equals(x.TimeZone, y.TimeZone, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Shop \"{x.Id}\" has time zone \"{x.TimeZone}\" in one partial and \"{y.TimeZone}\" in another.", nameof(y));
        }

        return x.HasOrders || !y.HasOrders ? x : y;
    }

    private static PartialAccount MergeAccount(PartialAccount x, PartialAccount y)
    {
        if (x.Role != y.Role)
        {
            throw new ArgumentException($"Account \"{x.Account}\" of shop \"{x.Shop}\" is {x.Role} in one partial and {y.Role} in another.", nameof(y));
        }

        return x.HasData || !y.HasData ? x : y;
    }

    private static PartialAccountDay MergeAccountDay(PartialAccountDay x, PartialAccountDay y) => x with
    {
        Counts = Add(x.Counts, y.Counts),
        SalesCounts = Add(x.SalesCounts, y.SalesCounts),
        SalesMoney = Add(x.SalesMoney, y.SalesMoney),
        ReceptionsByHour = Add(x.ReceptionsByHour, y.ReceptionsByHour),
        MessagesByHour = Add(x.MessagesByHour, y.MessagesByHour),
        Sessions = MergeSessions(x.Sessions, y.Sessions),
    };

    private static PartialShopDay MergeShopDay(PartialShopDay x, PartialShopDay y) => x with
    {
        Counts = Add(x.Counts, y.Counts),
        SilentCounts = Add(x.SilentCounts, y.SilentCounts),
        SilentMoney = Add(x.SilentMoney, y.SilentMoney),
    };

    private static ImmutableArray<long> Add(ImmutableArray<long> x, ImmutableArray<long> y)
    {
        CheckLength(x.Length, y.Length);
        var r = new long[x.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = checked(x[i] + y[i]);
        }

        return ImmutableArray.Create(r);
    }

    private static ImmutableArray<int> Add(ImmutableArray<int> x, ImmutableArray<int> y)
    {
        CheckLength(x.Length, y.Length);
        var r = new int[x.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = checked(x[i] + y[i]);
        }

        return ImmutableArray.Create(r);
    }

    private static ImmutableArray<decimal> Add(ImmutableArray<decimal> x, ImmutableArray<decimal> y)
    {
        CheckLength(x.Length, y.Length);
        var r = new decimal[x.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = x[i] + y[i];
        }

        return ImmutableArray.Create(r);
    }

    private static void CheckLength(int x, int y)
    {
        if (x != y)
        {
            throw new ArgumentException($"Counter vectors of different lengths ({x} and {y}) cannot be merged.");
        }
    }

    /// <summary>Merges two sorted [first, last, …] session lists into one sorted by (first, last).</summary>
    private static ImmutableArray<long> MergeSessions(ImmutableArray<long> x, ImmutableArray<long> y)
    {
        if (y.IsDefaultOrEmpty)
        {
            return x;
        }

        if (x.IsDefaultOrEmpty)
        {
            return y;
        }

        var r = new long[x.Length + y.Length];
        int i = 0, j = 0, k = 0;
        while (i < x.Length || j < y.Length)
        {
            bool takeX = j >= y.Length || (i < x.Length && (x[i] < y[j] || (x[i] == y[j] && x[i + 1] <= y[j + 1])));
            var source = takeX ? x : y;
            int at = takeX ? i : j;
            r[k++] = source[at];
            r[k++] = source[at + 1];
            if (takeX)
            {
                i += 2;
            }
            else
            {
                j += 2;
            }
        }

        return ImmutableArray.Create(r);
    }

    /// <summary>Merges two lists sorted by <paramref name="compare"/>; equal keys are combined, or both kept (multiset).</summary>
    private static ImmutableArray<T> Sorted<T>(ImmutableArray<T> x, ImmutableArray<T> y, Comparison<T> compare, Func<T, T, T> combine, bool keepBoth)
    {
        if (y.IsDefaultOrEmpty)
        {
            return x.IsDefault ? [] : x;
        }

        if (x.IsDefaultOrEmpty)
        {
            return y;
        }

        var r = ImmutableArray.CreateBuilder<T>(x.Length + y.Length);
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            int c = compare(x[i], y[j]);
            if (c < 0 || (c == 0 && keepBoth))
            {
                r.Add(x[i++]);
            }
            else if (c > 0)
            {
                r.Add(y[j++]);
            }
            else
            {
                r.Add(combine(x[i++], y[j++]));
            }
        }

        while (i < x.Length)
        {
            r.Add(x[i++]);
        }

        while (j < y.Length)
        {
            r.Add(y[j++]);
        }

        return r.ToImmutable();
    }

    private static NodaTime.LocalDate? Min(NodaTime.LocalDate? x, NodaTime.LocalDate? y) =>
        x is null ? y : y is null ? x : (x.Value <= y.Value ? x : y);

    private static NodaTime.LocalDate? Max(NodaTime.LocalDate? x, NodaTime.LocalDate? y) =>
        x is null ? y : y is null ? x : (x.Value >= y.Value ? x : y);
}
