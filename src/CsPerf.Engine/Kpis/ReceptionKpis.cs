using System.Collections.Immutable;

namespace CsPerf.Engine.Kpis;

/// <summary>Turns reception counters and peaks into the reception KPI group of domain.md §6, in its order.</summary>
internal static class ReceptionKpis
{
    /// <summary>The reception KPI keys, in report order (the <see cref="KpiGroup.Reception"/> group of the catalogue).</summary>
    public static readonly ImmutableArray<string> Keys = [.. KpiDefinitions.All.Where(d => d.Group == KpiGroup.Reception).Select(d => d.Key)];

    private const double TicksPerSecond = 10_000_000d;

    public static void Append(Dictionary<string, KpiValue> kpis, in ReceptionCounters c, int peak, ReadOnlySpan<int> hourly)
    {
        Add(kpis, Kpi.Consulted, KpiValue.FromCount(c.Consulted));
        Add(kpis, Kpi.Received, KpiValue.FromCount(c.Received));
        Add(kpis, Kpi.Inquiries, KpiValue.FromCount(c.Inquiries));
        Add(kpis, Kpi.InSale, KpiValue.FromCount(c.InSale));
        Add(kpis, Kpi.AfterSale, KpiValue.FromCount(c.AfterSale));
        Add(kpis, Kpi.Replied, KpiValue.FromCount(c.Replied));
        Add(kpis, Kpi.Unreplied, KpiValue.FromCount(c.Unreplied));
        Add(kpis, Kpi.ReplyRate, KpiValue.FromReal(Ratio(c.Replied, c.Received)));
        Add(kpis, Kpi.Sessions, KpiValue.FromCount(c.Sessions));
        Add(kpis, Kpi.FirstResponseAvg, KpiValue.FromReal(Seconds(c.FirstResponseTicks, c.FirstAnswered)));
        Add(kpis, Kpi.ResponseAvg, KpiValue.FromReal(Seconds(c.ResponseTicks, c.AnsweredBursts)));
        Add(kpis, Kpi.FirstResponseHitRate, KpiValue.FromReal(Ratio(c.FirstHits, c.CustomerStarted)));
        Add(kpis, Kpi.SlowReceptions, KpiValue.FromCount(c.SlowReceptions));
        Add(kpis, Kpi.NoResponseRecords, KpiValue.FromCount(c.NoResponseRecords));
        Add(kpis, Kpi.LongSessions, KpiValue.FromCount(c.LongSessions));
        Add(kpis, Kpi.LongReceptions, KpiValue.FromCount(c.LongReceptions));
        Add(kpis, Kpi.Messages, KpiValue.FromCount(c.Messages));
        Add(kpis, Kpi.Characters, KpiValue.FromCount(c.Characters));
        Add(kpis, Kpi.SessionSecondsAvg, KpiValue.FromReal(Seconds(c.SessionTicks, c.Sessions)));
        Add(kpis, Kpi.PeakConcurrency, KpiValue.FromCount(peak));
        Add(kpis, Kpi.PeakConcurrencyByHour, KpiValue.FromHourly(hourly.ToImmutableArray()));
    }

    /// <summary>A ratio, or null for 0 ÷ 0 (domain.md §6 "Division and rounding").</summary>
    public static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;

    /// <summary>An average duration in seconds, or null over nothing.</summary>
    public static double? Seconds(long ticks, long count) => count == 0 ? null : ticks / TicksPerSecond / count;

    private static void Add(Dictionary<string, KpiValue> kpis, string key, KpiValue value) => kpis.Add(key, value);
}
