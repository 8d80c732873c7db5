using System.Collections.Immutable;

namespace CsPerf.Engine.Kpis;

/// <summary>Turns reception counters and peaks into the reception KPI group of domain.md §6, in its order.</summary>
internal static class ReceptionKpis
{
    /// <summary>The reception KPI keys, in report order.</summary>
    public static readonly ImmutableArray<string> Keys =
    [
        "consulted", "received", "inquiries", "inSale", "afterSale", "replied", "unreplied", "replyRate", "sessions",
        "firstResponseAvg", "responseAvg", "firstResponseHitRate", "slowReceptions", "noResponseRecords", "longSessions",
        "longReceptions", "messages", "characters", "sessionSecondsAvg", "peakConcurrency", "peakConcurrencyByHour",
    ];

    private const double TicksPerSecond = 10_000_000d;

    public static void Append(List<KeyValuePair<string, KpiValue>> kpis, in ReceptionCounters c, int peak, ReadOnlySpan<int> hourly)
    {
        Add(kpis, "consulted", KpiValue.FromCount(c.Consulted));
        Add(kpis, "received", KpiValue.FromCount(c.Received));
        Add(kpis, "inquiries", KpiValue.FromCount(c.Inquiries));
        Add(kpis, "inSale", KpiValue.FromCount(c.InSale));
        Add(kpis, "afterSale", KpiValue.FromCount(c.AfterSale));
        Add(kpis, "replied", KpiValue.FromCount(c.Replied));
        Add(kpis, "unreplied", KpiValue.FromCount(c.Unreplied));
        Add(kpis, "replyRate", KpiValue.FromReal(Ratio(c.Replied, c.Received)));
        Add(kpis, "sessions", KpiValue.FromCount(c.Sessions));
        Add(kpis, "firstResponseAvg", KpiValue.FromReal(Seconds(c.FirstResponseTicks, c.FirstAnswered)));
        Add(kpis, "responseAvg", KpiValue.FromReal(Seconds(c.ResponseTicks, c.AnsweredBursts)));
        Add(kpis, "firstResponseHitRate", KpiValue.FromReal(Ratio(c.FirstHits, c.CustomerStarted)));
        Add(kpis, "slowReceptions", KpiValue.FromCount(c.SlowReceptions));
        Add(kpis, "noResponseRecords", KpiValue.FromCount(c.NoResponseRecords));
        Add(kpis, "longSessions", KpiValue.FromCount(c.LongSessions));
        Add(kpis, "longReceptions", KpiValue.FromCount(c.LongReceptions));
        Add(kpis, "messages", KpiValue.FromCount(c.Messages));
        Add(kpis, "characters", KpiValue.FromCount(c.Characters));
        Add(kpis, "sessionSecondsAvg", KpiValue.FromReal(Seconds(c.SessionTicks, c.Sessions)));
        Add(kpis, "peakConcurrency", KpiValue.FromCount(peak));
        Add(kpis, "peakConcurrencyByHour", KpiValue.FromHourly(hourly.ToImmutableArray()));
    }

    /// <summary>A ratio, or null for 0 ÷ 0 (domain.md §6 "Division and rounding").</summary>
    public static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;

    /// <summary>An average duration in seconds, or null over nothing.</summary>
    public static double? Seconds(long ticks, long count) => count == 0 ? null : ticks / TicksPerSecond / count;

    private static void Add(List<KeyValuePair<string, KpiValue>> kpis, string key, KpiValue value) => kpis.Add(new(key, value));
}
