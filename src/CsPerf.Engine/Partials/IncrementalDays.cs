using System.Collections.Immutable;
using CsPerf.Engine.Time;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>
/// Incremental days (docs/partials.md "Incremental days"): a range kept as one partial per local date, and a new day
/// of data that recomputes only the dates it can change — the new date, the dates whose windows reach it
/// (<see cref="CsPerfConfig.InquiryWindowDays"/> + <see cref="CsPerfConfig.PaymentWindow"/> in whole days), the start
/// dates of sessions still open at its midnight, and the creation dates of orders it pays and refunds it completes.
/// Merging the days and composing gives the report of the whole range recomputed at once.
/// </summary>
/// <remarks>
/// Per-date partials, not one partial of the range with a date range cut out: what the filters removed
/// (<see cref="KpiPartial.Filtered"/>) and the input reports are counted per partial, not per date. All the partials of
/// one range share the as-of instant (<see cref="KpiPartial.Basis"/>); when it moves, the dates not yet final must be
/// recomputed too.
/// </remarks>
public static class IncrementalDays
{
    /// <summary>One partial per local date <paramref name="from"/>..<paramref name="to"/> (each <see cref="CsPerfEngine.Aggregate(Dataset, CsPerfConfig, ReportRequest)"/> with that date as its range).</summary>
    /// <param name="data">The dataset (with the history the windows need).</param>
    /// <param name="config">The config.</param>
    /// <param name="asOf">The as-of instant of every partial.</param>
    /// <param name="from">The first date.</param>
    /// <param name="to">The last date, inclusive.</param>
    public static ImmutableSortedDictionary<LocalDate, KpiPartial> Aggregate(Dataset data, CsPerfConfig config, Instant asOf, LocalDate from, LocalDate to)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var days = ImmutableSortedDictionary.CreateBuilder<LocalDate, KpiPartial>();
        for (var d = from; d <= to; d = d.PlusDays(1))
        {
            days[d] = Day(data, config, asOf, d);
        }

        return days.ToImmutable();
    }

    /// <summary>
    /// The dates among <paramref name="days"/> (and <paramref name="newDay"/> itself) whose partials data dated
    /// <paramref name="newDay"/> can change, in order (the rule of docs/partials.md "Incremental days").
    /// </summary>
    /// <param name="days">The per-date partials computed before the new day's data arrived.</param>
    /// <param name="data">The dataset holding the new day (its records as of the new day's end) and the history.</param>
    /// <param name="config">The config.</param>
    /// <param name="newDay">The new local date.</param>
    public static ImmutableArray<LocalDate> Affected(IReadOnlyDictionary<LocalDate, KpiPartial> days, Dataset data, CsPerfConfig config, LocalDate newDay)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var dates = new SortedSet<LocalDate> { newDay };

        // Windows: an inquiry on D sees orders created until D + InquiryWindowDays, and its `paid` outcome payments
        // PaymentWindow after those; a session may cross midnight (at least one day back).
        long paymentDays = (config.PaymentWindow.BclCompatibleTicks + ZoneClock.TicksPerDay - 1) / ZoneClock.TicksPerDay;
        int back = (int)Math.Max(1, config.InquiryWindowDays + paymentDays);
        for (int i = 1; i <= back; i++)
        {
            dates.Add(newDay.PlusDays(-i));
        }

        int n = ZoneClock.DateToLocalDay(newDay);

        // Sessions still open at the new day's midnight (their last message less than SessionGap before it) belong to
        // their start date, however far back.
        long gap = config.SessionGap.BclCompatibleTicks;
        foreach (var (date, partial) in days)
        {
            if (date >= newDay.PlusDays(-back))
            {
                continue;
            }

            var zones = partial.Shops.ToDictionary(s => s.Id, s => new ZoneClock(DateTimeZoneProviders.Tzdb[s.TimeZone]), StringComparer.Ordinal);
            foreach (var cell in partial.AccountDays)
            {
                long midnight = zones[cell.Shop].StartOfDay(n);
                for (int s = 1; s < cell.Sessions.Length; s += 2)
                {
                    if (cell.Sessions[s] >= midnight - gap)
                    {
                        dates.Add(date);
                        break;
                    }
                }
            }
        }

        // Orders paid and refunds completed on or after the new day: their creation dates (the counters dated by
        // creation look at the outcome).
        var clocks = data.Shops.Select(s => new ZoneClock(s.Zone)).ToArray();
        foreach (var o in data.Orders)
        {
            var clock = clocks[o.Shop];
            if (o.IsPaid && clock.LocalDay(o.Paid) >= n && clock.LocalDay(o.Created) < n)
            {
                dates.Add(ZoneClock.LocalDayToDate(clock.LocalDay(o.Created)));
            }
        }

        foreach (var r in data.Refunds)
        {
            var clock = clocks[data.Orders[r.Order].Shop];
            if (r.Completed != Ticks.None && clock.LocalDay(r.Completed) >= n && clock.LocalDay(r.Created) < n)
            {
                dates.Add(ZoneClock.LocalDayToDate(clock.LocalDay(r.Created)));
            }
        }

        return [.. dates.Where(d => d == newDay || days.ContainsKey(d))];
    }

    /// <summary>
    /// Adds a day: recomputes the partials of <see cref="Affected"/> from <paramref name="data"/> and keeps the others.
    /// Merging the result (<see cref="KpiPartial.Merge(IEnumerable{KpiPartial})"/>) and composing gives the report of
    /// the range computed at once from <paramref name="data"/>.
    /// </summary>
    /// <param name="days">The per-date partials before the new day (all as of <paramref name="asOf"/>).</param>
    /// <param name="data">The dataset holding the new day and the history the windows need.</param>
    /// <param name="config">The config.</param>
    /// <param name="asOf">The as-of instant of the partials.</param>
    /// <param name="newDay">The new local date.</param>
    public static ImmutableSortedDictionary<LocalDate, KpiPartial> AddDay(ImmutableSortedDictionary<LocalDate, KpiPartial> days, Dataset data, CsPerfConfig config, Instant asOf, LocalDate newDay)
    {
        ArgumentNullException.ThrowIfNull(days);
        var result = days.ToBuilder();
        foreach (var d in Affected(days, data, config, newDay))
        {
            result[d] = Day(data, config, asOf, d);
        }

        return result.ToImmutable();
    }

    private static KpiPartial Day(Dataset data, CsPerfConfig config, Instant asOf, LocalDate d) =>
        CsPerfEngine.Aggregate(data, config, new ReportRequest { AsOf = asOf, From = d, To = d });
}
