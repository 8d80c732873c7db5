using System.Collections.Immutable;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>
/// Period comparison 环比 (issue 9 "Period comparison"): each period of a report next to the previous period of the same
/// length: the day before (<c>--by day</c>), the same days of the week before (<c>week</c>), the same days of the month
/// before (<c>month</c>; a period ending on a month's last day compares with the whole previous month's end), or the
/// same number of days just before (<c>all</c>). The previous periods are computed by the engine over the shifted range
/// and paired with this report's entities by id.
/// </summary>
/// <remarks>Pure and thread safe.</remarks>
public static class Comparison
{
    /// <summary>The previous period of <c>[from, to]</c> under <paramref name="by"/>.</summary>
    /// <param name="by">The report's grouping.</param>
    /// <param name="from">First local date of the period.</param>
    /// <param name="to">Last local date of the period, inclusive.</param>
    public static (LocalDate From, LocalDate To) PreviousRange(PeriodGrouping by, LocalDate from, LocalDate to)
    {
        switch (by)
        {
            case PeriodGrouping.Day:
                return (from.PlusDays(-1), to.PlusDays(-1));
            case PeriodGrouping.Week:
                return (from.PlusDays(-7), to.PlusDays(-7));
            case PeriodGrouping.Month:
                var prevTo = to.PlusDays(1).Day == 1 ? to.PlusDays(1).PlusMonths(-1).PlusDays(-1) : to.PlusMonths(-1);
                return (from.PlusMonths(-1), prevTo);
            default:
                int days = Period.Between(from, to, PeriodUnits.Days).Days + 1;
                return (from.PlusDays(-days), from.PlusDays(-1));
        }
    }

    /// <summary>
    /// The report with each period's <see cref="PeriodReport.Previous"/> set: the engine run again (same as-of instant,
    /// rule and grouping) over the previous range.
    /// </summary>
    /// <param name="report">The report, computed from <paramref name="data"/> with <paramref name="request"/>.</param>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config.</param>
    /// <param name="request">The request of <paramref name="report"/>.</param>
    public static Report WithPrevious(Report report, Dataset data, CsPerfConfig config, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(request);
        if (report.Periods.IsEmpty)
        {
            return report;
        }

        var first = PreviousRange(report.By, report.Periods[0].From, report.Periods[0].To);
        var last = PreviousRange(report.By, report.Periods[^1].From, report.Periods[^1].To);
        var shifted = CsPerfEngine.Report(data, config, request with { From = first.From, To = last.To });
        var byRange = shifted.Periods.ToDictionary(p => (p.From, p.To));
        var periods = ImmutableArray.CreateBuilder<PeriodReport>(report.Periods.Length);
        foreach (var p in report.Periods)
        {
            var (from, to) = PreviousRange(report.By, p.From, p.To);
            if (!byRange.TryGetValue((from, to), out var prev))
            {
                // Cut differently (a month range not aligned with the current one): run that range alone.
                var alone = CsPerfEngine.Report(data, config, request with { From = from, To = to, By = PeriodGrouping.All });
                prev = alone.Periods.IsEmpty ? null : alone.Periods[0];
            }

            periods.Add(p with { Previous = Of(from, to, prev) });
        }

        return report with { Periods = periods.MoveToImmutable() };
    }

    private static PreviousPeriod Of(LocalDate from, LocalDate to, PeriodReport? prev)
    {
        if (prev is null)
        {
            var empty = ImmutableDictionary<string, KpiSet>.Empty;
            return new PreviousPeriod(from, to, new KpiSet([]), empty, empty, empty);
        }

        return new PreviousPeriod(
            from,
            to,
            prev.Total,
            prev.Shops.ToImmutableDictionary(s => s.Shop, s => s.Kpis, StringComparer.Ordinal),
            prev.Agents.ToImmutableDictionary(a => a.Agent, a => a.Kpis, StringComparer.Ordinal),
            prev.Agents.SelectMany(a => a.Accounts).GroupBy(acc => acc.Account, StringComparer.Ordinal)
                .ToImmutableDictionary(g => g.Key, g => g.First().Kpis, StringComparer.Ordinal))
        {
            Groups = prev.Groups.ToImmutableDictionary(g => g.Group, g => g.Kpis, StringComparer.Ordinal),
        };
    }
}
