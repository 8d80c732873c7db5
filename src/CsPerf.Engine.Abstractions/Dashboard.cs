using System.Collections.Immutable;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>
/// How fast a period's customer-started sessions got their first effective reply (the dashboard's "first response time"
/// panel, docs/dashboard.md): exactly the sessions of <c>firstResponseAvg</c> (the answered ones) and of
/// <c>firstResponseHitRate</c> (all of them), counted per bucket of <see cref="UpperBounds"/>.
/// </summary>
/// <param name="Answered">
/// Answered sessions per bucket, <see cref="UpperBounds"/>.Length + 1 of them: bucket i holds the responses in
/// (UpperBounds[i − 1], UpperBounds[i]] (the first from 0), the last one those above the last bound.
/// </param>
/// <param name="Unanswered">Customer-started sessions whose first burst was never answered.</param>
/// <param name="AnsweredTotal">The summed first responses of the answered sessions (their mean is <c>firstResponseAvg</c>).</param>
public sealed record FirstResponseDistribution(ImmutableArray<long> Answered, long Unanswered, Duration AnsweredTotal)
{
    /// <summary>The buckets' inclusive upper bounds: 15 s, 30 s, 1 min, 3 min (docs/decisions.md "Dashboard").</summary>
    public static ImmutableArray<Duration> UpperBounds { get; } =
        [Duration.FromSeconds(15), Duration.FromSeconds(30), Duration.FromMinutes(1), Duration.FromMinutes(3)];

    /// <summary>No sessions.</summary>
    public static FirstResponseDistribution Empty { get; } = new([.. new long[UpperBounds.Length + 1]], 0, Duration.Zero);

    /// <summary>All customer-started sessions: the answered ones of every bucket plus the unanswered.</summary>
    public long Sessions => Answered.Sum() + Unanswered;
}

/// <summary>What the dashboard shows of one report period beyond the period itself (docs/dashboard.md).</summary>
/// <param name="From">First local date of the period.</param>
/// <param name="To">Last local date of the period, inclusive.</param>
/// <param name="Previous">The previous period of the same length (the report's own when it has one), or null.</param>
/// <param name="Days">The period's days, each computed as a by-day period of the same report (date order).</param>
/// <param name="FirstResponses">The first response time distribution of the period.</param>
public sealed record DashboardPeriod(LocalDate From, LocalDate To, PreviousPeriod? Previous, ImmutableArray<PeriodReport> Days, FirstResponseDistribution FirstResponses);

/// <summary>The dashboard's data for a report: one entry per report period, in the same order.</summary>
/// <param name="Periods">Per report period.</param>
public sealed record DashboardData(ImmutableArray<DashboardPeriod> Periods);
