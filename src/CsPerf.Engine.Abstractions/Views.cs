using System.Collections.Immutable;
using NodaTime;

namespace CsPerf;

/// <summary>The order of a ranking: which values come first.</summary>
public enum RankOrder : byte
{
    /// <summary>Highest value first (rank 1 is the highest).</summary>
    Descending = 0,

    /// <summary>Lowest value first (rank 1 is the lowest).</summary>
    Ascending = 1,
}

/// <summary>One agent's place in a ranking (客服排名).</summary>
/// <param name="Rank">1…n, all distinct.</param>
/// <param name="Agent">Agent id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Value">The ranked KPI's value (null ranks last).</param>
public sealed record RankEntry(int Rank, string Agent, string Name, KpiValue Value);

/// <summary>The agents of one period ranked by one KPI (issue 9 "Ranking view").</summary>
/// <param name="Kpi">The ranked key, as the report holds it (<c>sales</c>, <c>salesByPayment</c>).</param>
/// <param name="Order">Which values come first.</param>
/// <param name="Entries">The agents, rank 1 first.</param>
public sealed record PeriodRanking(string Kpi, RankOrder Order, ImmutableArray<RankEntry> Entries);

/// <summary>
/// The previous period of a period (issue 9 "Period comparison"): its range and its KPI sets by entity id. An entity
/// absent from the previous period (a new agent) has no entry: its previous values are null.
/// </summary>
/// <param name="From">First local date of the previous period.</param>
/// <param name="To">Last local date of the previous period, inclusive.</param>
/// <param name="Total">KPIs over all shops.</param>
/// <param name="Shops">Per shop id.</param>
/// <param name="Agents">Per agent id.</param>
/// <param name="Accounts">Per account id.</param>
public sealed record PreviousPeriod(
    LocalDate From,
    LocalDate To,
    KpiSet Total,
    ImmutableDictionary<string, KpiSet> Shops,
    ImmutableDictionary<string, KpiSet> Agents,
    ImmutableDictionary<string, KpiSet> Accounts);

/// <summary>The change of one KPI from the previous period.</summary>
/// <param name="Previous">The previous value (null when absent).</param>
/// <param name="Change">Current − previous, of the same kind (count, money or real); null when either side is null or hourly.</param>
/// <param name="Relative">(current − previous) ÷ |previous|; null when either side is null or the previous is 0.</param>
public readonly record struct KpiChange(KpiValue Previous, KpiValue Change, double? Relative)
{
    /// <summary>The change from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    /// <param name="current">This period's value.</param>
    /// <param name="previous">The previous period's value.</param>
    public static KpiChange Of(KpiValue current, KpiValue previous)
    {
        if (current.IsNull || previous.IsNull || current.Kind != previous.Kind || current.Kind == KpiKind.Hourly)
        {
            return new(previous, KpiValue.Null, null);
        }

        (KpiValue change, double? relative) = current.Kind switch
        {
            KpiKind.Count => (KpiValue.FromCount(current.Count - previous.Count),
                previous.Count == 0 ? (double?)null : (double)(current.Count - previous.Count) / Math.Abs(previous.Count)),
            KpiKind.Money => (KpiValue.FromMoney(current.Money - previous.Money),
                previous.Money == 0 ? null : (double)((current.Money - previous.Money) / Math.Abs(previous.Money))),
            _ => (KpiValue.FromReal(current.Real - previous.Real),
                previous.Real == 0 ? null : (current.Real - previous.Real) / Math.Abs(previous.Real)),
        };
        return new(previous, change, relative);
    }

    /// <summary>The change of each KPI of <paramref name="current"/> (null previous when <paramref name="previous"/> is null or lacks it).</summary>
    /// <param name="current">This period's KPIs.</param>
    /// <param name="previous">The previous period's KPIs, or null for a new entity.</param>
    public static ImmutableArray<KeyValuePair<string, KpiChange>> Of(KpiSet current, KpiSet? previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        var result = ImmutableArray.CreateBuilder<KeyValuePair<string, KpiChange>>(current.Count);
        foreach (var (key, value) in current)
        {
            KpiValue prev = previous is not null && previous.TryGet(key, out var p) ? p : KpiValue.Null;
            result.Add(new(key, Of(value, prev)));
        }

        return result.MoveToImmutable();
    }
}
