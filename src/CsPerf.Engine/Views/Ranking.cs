using System.Collections.Immutable;

namespace CsPerf.Engine;

/// <summary>
/// Ranks agents by one KPI (客服排名, issue 9 "Ranking view"), with ties broken as domain.md §7 "Ranking": ranks 1…n
/// all distinct; the KPI's value in its order, then gross <c>sales</c> under the same rule descending, then agent id
/// ascending (ordinal). Null values rank last.
/// </summary>
/// <remarks>Pure and thread safe.</remarks>
public static class Ranking
{
    /// <summary>The default order of a KPI: ascending when lower is better, else descending.</summary>
    /// <param name="definition">The KPI.</param>
    public static RankOrder DefaultOrder(KpiDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Better == KpiBetter.Lower ? RankOrder.Ascending : RankOrder.Descending;
    }

    /// <summary>Ranks every period of a report by <paramref name="key"/>: the report with each period's <see cref="PeriodReport.Ranking"/> set.</summary>
    /// <param name="report">The report.</param>
    /// <param name="key">A single-number KPI key the report holds (<c>sales</c>, <c>salesByPayment</c> under <c>--rule all</c>).</param>
    /// <param name="order">The order, or null for the KPI's default (<see cref="DefaultOrder"/>).</param>
    /// <exception cref="ArgumentException">The key is unknown, hourly, or a suffixed key the report does not hold.</exception>
    public static Report Rank(Report report, string key, RankOrder? order = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        Check(key, report.AllRules);
        return report with { Periods = [.. report.Periods.Select(p => p with { Ranking = Rank(p, key, order) })] };
    }

    /// <summary>Ranks the agents of one period by <paramref name="key"/>.</summary>
    /// <param name="period">The period.</param>
    /// <param name="key">A single-number KPI key.</param>
    /// <param name="order">The order, or null for the KPI's default.</param>
    /// <exception cref="ArgumentException">The key is unknown or hourly.</exception>
    public static PeriodRanking Rank(PeriodReport period, string key, RankOrder? order = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        var (definition, rule) = Check(key, allRules: true);
        var dir = order ?? DefaultOrder(definition);
        string salesKey = rule is { } r ? Kpi.Sales + AttributionRules.Suffix(r) : Kpi.Sales;
        var rows = period.Agents
            .Select(a => (Agent: a, Value: Get(a.Kpis, key), Sales: Get(a.Kpis, salesKey)))
            .ToList();
        rows.Sort((x, y) =>
        {
            int c = CompareNullsLast(x.Value, y.Value, dir);
            if (c == 0)
            {
                c = CompareNullsLast(x.Sales, y.Sales, RankOrder.Descending);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Agent.Agent, y.Agent.Agent);
        });
        var entries = rows.Select((row, i) => new RankEntry(i + 1, row.Agent.Agent, row.Agent.Name, row.Value)).ToImmutableArray();
        return new PeriodRanking(key, dir, entries);
    }

    /// <summary>Resolves a key for ranking.</summary>
    /// <exception cref="ArgumentException">Unknown, not one number (hourly, per reason), or suffixed without all rules.</exception>
    private static (KpiDefinition Definition, AttributionRule? Rule) Check(string key, bool allRules)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!KpiDefinitions.TryResolve(key, out var definition, out var rule))
        {
            throw new ArgumentException($"unknown KPI \"{key}\" (see docs/kpis.md)", nameof(key));
        }

        if (!definition.IsNumber)
        {
            throw new ArgumentException($"KPI \"{key}\" holds {definition.NotANumber}, not one number, and cannot be ranked", nameof(key));
        }

        if (rule is not null && !allRules)
        {
            throw new ArgumentException($"KPI \"{key}\" is a rule-suffixed key, present only with --rule all", nameof(key));
        }

        return (definition, rule);
    }

    private static KpiValue Get(KpiSet kpis, string key) => kpis.TryGet(key, out var v) ? v : KpiValue.Null;

    /// <summary>Compares two values in <paramref name="order"/>, nulls after every value.</summary>
    private static int CompareNullsLast(KpiValue x, KpiValue y, RankOrder order)
    {
        if (x.IsNull || y.IsNull)
        {
            return x.IsNull == y.IsNull ? 0 : x.IsNull ? 1 : -1;
        }

        int c = (x.Kind, y.Kind) switch
        {
            (KpiKind.Count, KpiKind.Count) => x.Count.CompareTo(y.Count),
            (KpiKind.Money, KpiKind.Money) => x.Money.CompareTo(y.Money),
            (KpiKind.Real, KpiKind.Real) => x.Real.CompareTo(y.Real),
            _ => (x.AsDouble() ?? 0).CompareTo(y.AsDouble() ?? 0),
        };
        return order == RankOrder.Descending ? -c : c;
    }
}
