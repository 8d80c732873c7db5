using System.Collections.Immutable;
using CsPerf.Engine;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Properties;

/// <summary>
/// Incremental days (issue 11 item 4, docs/partials.md "Incremental days"): per-date partials kept from the data as
/// it was, each new day recomputing only <see cref="IncrementalDays.Affected"/>, give the report recomputed at once
/// from the data as it is (domain.md §5 invariant 7).
/// </summary>
public class IncrementalInvariantTests
{
    private static readonly PeriodGrouping[] Groupings = [PeriodGrouping.Day, PeriodGrouping.Week, PeriodGrouping.All];

    /// <summary>
    /// The dataset as it stood at the start of local date <paramref name="day"/> (in each shop's zone): later records
    /// absent, later payments not yet made, later refund completions still pending.
    /// </summary>
    private static Dataset AsAtStartOf(PartialSpec spec, LocalDate day)
    {
        var zones = PartialSpec.Roster.Shops.ToDictionary(s => s.Id, s => DateTimeZoneProviders.Tzdb[s.TimeZone]);
        Instant Cut(string shop) => day.AtStartOfDayInZone(zones[shop]).ToInstant();
        var orders = spec.Orders.Where(o => o.CreatedAt < Cut(o.Shop))
            .Select(o => o.PaidAt is { } p && p >= Cut(o.Shop) ? o with { PaidAt = null } : o)
            .ToDictionary(o => o.Id);
        return Dataset.Create(
            PartialSpec.Config,
            PartialSpec.Roster,
            spec.Messages.Where(m => m.At < Cut(m.Shop)),
            orders.Values,
            spec.Refunds.Where(r => orders.TryGetValue(r.Order, out var o) && r.CreatedAt < Cut(o.Shop))
                .Select(r => r.CompletedAt is { } c && c >= Cut(orders[r.Order].Shop) ? r with { CompletedAt = null, Status = RefundStatus.Pending } : r),
            spec.Reviews.Where(r => orders.TryGetValue(r.Order, out var o) && r.At < Cut(o.Shop)),
            spec.Ratings.Where(r => r.At < Cut(r.Shop)),
            spec.Complaints.Where(c => c.At < Cut(c.Shop)));
    }

    [CsPerfProperty(10)] // §5 invariant 7: days added one by one from a random day, each recomputing only what it can change, equal the range recomputed at once
    public bool Incremental_DaysAddedOneByOne_EqualFullRecompute(PartialSpec spec)
    {
        var rnd = new Random(spec.Seed);
        var first = PartialSpec.From.PlusDays(rnd.Next(1, 16));
        var last = PartialSpec.To;
        var config = PartialSpec.Config;
        var days = IncrementalDays.Aggregate(AsAtStartOf(spec, first), config, PartialSpec.AsOf, PartialSpec.From, first.PlusDays(-1));
        for (var day = first; day <= last; day = day.PlusDays(1))
        {
            var data = AsAtStartOf(spec, day.PlusDays(1));
            var affected = IncrementalDays.Affected(days, data, config, day);
            Assert.Contains(day, affected);
            Assert.True(affected.Length <= days.Count + 1);
            days = IncrementalDays.AddDay(days, data, config, PartialSpec.AsOf, day);
            Same(data, days, day);
        }

        return true;
    }

    [CsPerfProperty(60)] // §5 invariant 7: one new day on a random split day, equal to the full recompute; the days before the windows are kept
    public bool Incremental_OneNewDay_RecomputesOnlyReachableDays_EqualFullRecompute(PartialSpec spec)
    {
        var rnd = new Random(spec.Seed);
        var day = PartialSpec.From.PlusDays(rnd.Next(1, 19));
        var config = PartialSpec.Config;
        var before = IncrementalDays.Aggregate(AsAtStartOf(spec, day), config, PartialSpec.AsOf, PartialSpec.From, day.PlusDays(-1));
        var data = AsAtStartOf(spec, day.PlusDays(1));
        var after = IncrementalDays.AddDay(before, data, config, PartialSpec.AsOf, day);
        Same(data, after, day);

        // The days not recomputed are the ones kept, and they equal a recompute.
        var affected = IncrementalDays.Affected(before, data, config, day);
        foreach (var (d, partial) in before)
        {
            if (!affected.Contains(d))
            {
                Assert.Same(partial, after[d]);
            }
        }

        return true;
    }

    private static void Same(Dataset data, ImmutableSortedDictionary<LocalDate, KpiPartial> days, LocalDate to)
    {
        var merged = KpiPartial.Merge(days.Values);
        foreach (var by in Groupings)
        {
            var request = new ReportRequest { AsOf = PartialSpec.AsOf, By = by, From = PartialSpec.From, To = to, AllRules = true };
            var whole = CsPerfEngine.Report(data, PartialSpec.Config, request);
            var composed = CsPerfEngine.Compose(merged, PartialSpec.Roster, PartialSpec.Config, request);
            Assert.Equal(Canonical.Of(whole), Canonical.Of(composed));
        }
    }
}
