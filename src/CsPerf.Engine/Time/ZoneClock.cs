using System.Runtime.CompilerServices;
using NodaTime;

namespace CsPerf.Engine.Time;

/// <summary>
/// Maps unix ticks to local day numbers and hours in one time zone, caching the current zone interval so the hot
/// loop does not ask NodaTime for every session. One instance per engine call (the cache is mutable).
/// </summary>
internal sealed class ZoneClock
{
    public const long TicksPerHour = NodaConstants.TicksPerHour;
    public const long TicksPerDay = NodaConstants.TicksPerDay;

    private long _start = long.MaxValue;
    private long _end = long.MinValue;
    private long _offset;
    private long[] _dayStarts = [];
    private int _firstTableDay;

    public ZoneClock(DateTimeZone zone) => Zone = zone;

    public DateTimeZone Zone { get; }

    /// <summary>Offset of the zone at <paramref name="ticks"/>, in ticks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long OffsetAt(long ticks)
    {
        if (ticks < _start || ticks >= _end)
        {
            Refresh(ticks);
        }

        return _offset;
    }

    /// <summary>Local ticks (wall clock as if it were UTC) of an instant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long LocalTicks(long ticks) => ticks + OffsetAt(ticks);

    /// <summary>Local date of an instant, as days since 1970-01-01.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int LocalDay(long ticks) => (int)FloorDiv(LocalTicks(ticks), TicksPerDay);

    /// <summary>Local hour of day (0–23) of an instant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int LocalHour(long ticks) => (int)(FloorMod(LocalTicks(ticks), TicksPerDay) / TicksPerHour);

    /// <summary>
    /// Local hour of day (0–23) of an instant, and the instant up to which (exclusive) every later instant has the same
    /// local hour: the end of that hour or of the zone interval, whichever comes first. A sorted run of instants
    /// then needs one division per hour, not one per instant.
    /// </summary>
    public int LocalHour(long ticks, out long sameHourUntil)
    {
        long offset = OffsetAt(ticks);
        long intoDay = FloorMod(ticks + offset, TicksPerDay);
        long intoHour = intoDay % TicksPerHour;
        sameHourUntil = Math.Min(ticks - intoHour + TicksPerHour, _end);
        return (int)(intoDay / TicksPerHour);
    }

    /// <summary>Start of a local date (days since 1970-01-01) as unix ticks, resolving a gap at midnight leniently.</summary>
    public long StartOfDay(int day)
    {
        // Receptions ask for day starts in no particular order: a table over the days seen so far answers from memory.
        uint i = (uint)(day - _firstTableDay);
        if (i < (uint)_dayStarts.Length)
        {
            return _dayStarts[i];
        }

        GrowTable(day);
        return _dayStarts[day - _firstTableDay];
    }

    private void GrowTable(int day)
    {
        int first = _dayStarts.Length == 0 ? day - 64 : Math.Min(_firstTableDay, day - 64);
        int last = _dayStarts.Length == 0 ? day + 64 : Math.Max(_firstTableDay + _dayStarts.Length - 1, day + 64);
        var table = new long[last - first + 1];
        for (int d = first; d <= last; d++)
        {
            uint old = (uint)(d - _firstTableDay);
            table[d - first] = old < (uint)_dayStarts.Length ? _dayStarts[old] : Zone.AtStartOfDay(LocalDayToDate(d)).ToInstant().ToUnixTimeTicks();
        }

        _dayStarts = table;
        _firstTableDay = first;
    }

    /// <summary>
    /// The first instant after <paramref name="ticks"/> at which a new local hour starts (in this zone).
    /// </summary>
    public long NextHourBoundary(long ticks)
    {
        long offset = OffsetAt(ticks);
        long local = ticks + offset;
        long nextLocal = (FloorDiv(local, TicksPerHour) + 1) * TicksPerHour;
        long candidate = nextLocal - offset;
        long offsetThere = OffsetAt(candidate);
        if (offsetThere != offset)
        {
            // A transition lies in between: the wall clock jumped; the next boundary is the transition itself or the
            // hour start under the new offset, whichever comes first after ticks.
            long transition = Zone.GetZoneInterval(Instant.FromUnixTimeTicks(ticks)).End.ToUnixTimeTicks();
            long alt = nextLocal - offsetThere;
            candidate = Math.Max(ticks + 1, Math.Min(transition, alt > ticks ? alt : transition));
        }

        return candidate;
    }

    /// <summary>
    /// Fresh clocks of the same zones, for another thread: a clock caches its current zone interval and day table, so one
    /// clock must not be read by two threads at once.
    /// </summary>
    public static ZoneClock[] Copy(ZoneClock[] clocks)
    {
        var copy = new ZoneClock[clocks.Length];
        for (int i = 0; i < clocks.Length; i++)
        {
            copy[i] = new ZoneClock(clocks[i].Zone);
        }

        return copy;
    }

    public static LocalDate LocalDayToDate(int day) => new LocalDate(1970, 1, 1).PlusDays(day);

    public static int DateToLocalDay(LocalDate date) => (int)(date.ToDateOnly().DayNumber - new DateOnly(1970, 1, 1).DayNumber);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorDiv(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorMod(long a, long b)
    {
        long m = a % b;
        return m < 0 ? m + b : m;
    }

    private void Refresh(long ticks)
    {
        var interval = Zone.GetZoneInterval(Instant.FromUnixTimeTicks(ticks));
        _start = interval.HasStart ? interval.Start.ToUnixTimeTicks() : long.MinValue;
        _end = interval.HasEnd ? interval.End.ToUnixTimeTicks() : long.MaxValue;
        _offset = interval.WallOffset.Ticks;
    }
}
