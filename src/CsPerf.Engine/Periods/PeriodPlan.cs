using CsPerf.Engine.Time;
using NodaTime;

namespace CsPerf.Engine.Periods;

/// <summary>The reported local dates cut into periods (days since 1970-01-01, both ends inclusive).</summary>
internal sealed class PeriodPlan
{
    private readonly int[] _dayToPeriod;

    private PeriodPlan(PeriodGrouping by, int firstDay, int lastDay, List<(int From, int To)> periods)
    {
        By = by;
        FirstDay = firstDay;
        LastDay = lastDay;
        Periods = periods.ToArray();
        _dayToPeriod = new int[Math.Max(0, lastDay - firstDay + 1)];
        for (int p = 0; p < Periods.Length; p++)
        {
            for (int d = Periods[p].From; d <= Periods[p].To; d++)
            {
                _dayToPeriod[d - firstDay] = p;
            }
        }
    }

    public PeriodGrouping By { get; }

    public int FirstDay { get; }

    public int LastDay { get; }

    public (int From, int To)[] Periods { get; }

    public int Count => Periods.Length;

    /// <summary>The period holding a local day, or -1 outside the range.</summary>
    public int PeriodOf(int day)
    {
        uint i = (uint)(day - FirstDay);
        return i < (uint)_dayToPeriod.Length ? _dayToPeriod[i] : -1;
    }

    /// <summary>An empty plan (a dataset with nothing in range).</summary>
    public static PeriodPlan Empty(PeriodGrouping by) => new(by, 0, -1, []);

    public static PeriodPlan Create(PeriodGrouping by, int firstDay, int lastDay)
    {
        if (lastDay < firstDay)
        {
            return Empty(by);
        }

        var periods = new List<(int, int)>();
        int d = firstDay;
        while (d <= lastDay)
        {
            int end = by switch
            {
                PeriodGrouping.Day => d,
                PeriodGrouping.Week => d + (6 - IsoWeekdayIndex(d)),
                PeriodGrouping.Month => LastDayOfMonth(d),
                _ => lastDay,
            };
            end = Math.Min(end, lastDay);
            periods.Add((d, end));
            d = end + 1;
        }

        return new PeriodPlan(by, firstDay, lastDay, periods);
    }

    /// <summary>Whether period <paramref name="p"/> is exactly one whole calendar month.</summary>
    public bool IsWholeMonth(int p)
    {
        var from = ZoneClock.LocalDayToDate(Periods[p].From);
        var to = ZoneClock.LocalDayToDate(Periods[p].To);
        return from.Day == 1 && to == from.PlusMonths(1).PlusDays(-1);
    }

    /// <summary>Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).</summary>
    private static int IsoWeekdayIndex(int day) => (int)ZoneClock.FloorMod(day + 3, 7);

    private static int LastDayOfMonth(int day)
    {
        LocalDate date = ZoneClock.LocalDayToDate(day);
        var last = new LocalDate(date.Year, date.Month, 1).PlusMonths(1).PlusDays(-1);
        return ZoneClock.DateToLocalDay(last);
    }
}
