using System.Collections.Immutable;
using CsPerf.Engine.Time;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>
/// The dashboard's data (<c>csperf report</c> in HTML, docs/dashboard.md): for each period of a report, its
/// previous period (<see cref="Comparison"/>), its days (the same request cut by day) and its first response
/// time distribution (the session pass's own first responses). It adds no rule: every number is one the engine
/// already computes, so the dashboard's numbers are the report's.
/// </summary>
/// <remarks>Pure and thread safe.</remarks>
public static class Dashboard
{
    /// <summary>Computes the dashboard's data of <paramref name="report"/>.</summary>
    /// <param name="report">The report, computed from <paramref name="data"/> with <paramref name="request"/>.</param>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config.</param>
    /// <param name="request">The request of <paramref name="report"/>.</param>
    public static DashboardData Compute(Report report, Dataset data, CsPerfConfig config, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        if (report.Periods.IsEmpty)
        {
            return new DashboardData([]);
        }

        var withPrevious = report.Periods.All(p => p.Previous is not null) ? report : Comparison.WithPrevious(report, data, config, request);
        LocalDate from = report.Periods[0].From, to = report.Periods[^1].To;
        var range = request with { From = from, To = to };
        var days = report.By == PeriodGrouping.Day && !report.AllRules ? report
            : CsPerfEngine.Report(data, config, range with { By = PeriodGrouping.Day, AllRules = false });

        // The session pass records each first response where it counts it (DetailTrace); the hot loop is unchanged.
        var run = ReportBuilder.Analyze(data, config, range with { By = PeriodGrouping.All }, peaks: false, firstResponses: true);
        var byDay = run.Details!.FirstResponses!;
        long[] bounds = [.. FirstResponseDistribution.UpperBounds.Select(b => b.BclCompatibleTicks)];

        var periods = ImmutableArray.CreateBuilder<DashboardPeriod>(report.Periods.Length);
        for (int i = 0; i < report.Periods.Length; i++)
        {
            var p = report.Periods[i];
            var answered = new long[bounds.Length + 1];
            long unanswered = 0, ticks = 0;
            foreach (var (day, responses) in byDay)
            {
                var date = ZoneClock.LocalDayToDate(day);
                if (date < p.From || date > p.To)
                {
                    continue;
                }

                foreach (long r in responses)
                {
                    if (r < 0)
                    {
                        unanswered++;
                        continue;
                    }

                    int b = 0;
                    while (b < bounds.Length && r > bounds[b])
                    {
                        b++;
                    }

                    answered[b]++;
                    ticks += r;
                }
            }

            periods.Add(new DashboardPeriod(
                p.From,
                p.To,
                withPrevious.Periods[i].Previous,
                [.. days.Periods.Where(d => d.From >= p.From && d.To <= p.To)],
                new FirstResponseDistribution([.. answered], unanswered, Duration.FromTicks(ticks))));
        }

        return new DashboardData(periods.MoveToImmutable());
    }
}
