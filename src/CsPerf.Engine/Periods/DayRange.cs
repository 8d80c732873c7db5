using CsPerf.Engine.Time;

namespace CsPerf.Engine.Periods;

/// <summary>
/// The local dates a request names explicitly (<c>From</c>/<c>To</c>, each bound only when given), in each shop's
/// zone: what a partial owns of the dataset-wide facts that are not KPIs (filtered message counts).
/// </summary>
internal sealed class DayRange(ZoneClock[] clocks, int from, int to)
{
    /// <summary>The same range with clocks of its own, for another thread (a <see cref="ZoneClock"/> caches and is not thread safe).</summary>
    public DayRange Copy() => new(ZoneClock.Copy(clocks), from, to);

    /// <summary>Whether the instant <paramref name="ticks"/> falls on a local date of shop <paramref name="shop"/> inside the range.</summary>

    public bool Holds(int shop, long ticks)
    {
        int day = clocks[shop].LocalDay(ticks);
        return day >= from && day <= to;
    }
}
