using CsPerf.Engine.Kpis;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;
using CsPerf.Tests.Properties;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>
/// The peak concurrency sweep's compact events (docs/performance.md, stop 20): keys in the coarsest unit every instant
/// is a multiple of, accounts packed into the keys when they fit, two radix passes of equal width. Pressure 接待压力
/// (domain.md §3) must not depend on the layout: whole seconds, milliseconds and ticks, one account to thousands, zones
/// with daylight saving and half-hour shifts, sessions over hour boundaries and periods.
/// </summary>
public class ConcurrencySweepTests
{
    private static readonly string[] Zones = ["Asia/Shanghai", "Europe/Berlin", "Australia/Lord_Howe", "America/St_Johns", "Asia/Kolkata"];

    [CsPerfProperty(150)] // domain.md §3 pressure: the same peaks whatever the event layout
    public bool Peaks_CompactEvents_SameAsTicksWithAccountsApart(Seed seed)
    {
        var random = new Random(seed.Value);
        int shops = random.Next(1, 4);
        int accounts = random.Next(4) switch { 0 => 1, 1 => random.Next(2, 6), 2 => random.Next(6, 60), _ => random.Next(2000, 5000) };
        int agents = Math.Max(1, accounts / 2);
        long unit = random.Next(3) switch { 0 => NodaConstants.TicksPerSecond, 1 => NodaConstants.TicksPerMillisecond, _ => 1 };

        // Over a long range in ticks with thousands of accounts, key and account no longer fit in 63 bits: accounts apart.
        long range = random.Next(4) == 0 ? 3L * 365 * NodaConstants.TicksPerDay : random.Next(1, 40) * NodaConstants.TicksPerDay;
        int periods = random.Next(1, 4);
        var clocks = Enumerable.Range(0, shops).Select(_ => new ZoneClock(DateTimeZoneProviders.Tzdb[Zones[random.Next(Zones.Length)]])).ToArray();
        var accountShop = Enumerable.Range(0, accounts).Select(_ => random.Next(shops)).ToArray();
        var accountAgent = Enumerable.Range(0, accounts).Select(_ => random.Next(agents)).ToArray();
        int groups = random.Next(3);
        int[]? accountGroup = groups == 0 ? null : [.. Enumerable.Range(0, accounts).Select(_ => random.Next(-1, groups))];

        // Around the spring-forward of Europe/Berlin and Australia/Lord_Howe's shifts, with heavy ties.
        long origin = Instant.FromUtc(2026, 3, 20, 0, 0).ToUnixTimeTicks();
        int n = random.Next(0, 3000);
        var spans = new SessionSpans(16);
        var instants = new long[Math.Max(1, n / 8)];
        for (int i = 0; i < instants.Length; i++)
        {
            instants[i] = origin + (NextLong(random, range) / unit * unit);
        }

        for (int i = 0; i < n; i++)
        {
            long start = random.Next(2) == 0 ? instants[random.Next(instants.Length)] : origin + (NextLong(random, range) / unit * unit);
            long length = random.Next(4) switch
            {
                0 => 0,
                1 => random.Next(1, 600) * unit,
                2 => NextLong(random, 5 * NodaConstants.TicksPerHour) / unit * unit,
                _ => NextLong(random, 30 * NodaConstants.TicksPerHour) / unit * unit,
            };
            spans.Add(start, start + length, random.Next(accounts), random.Next(periods));
        }

        var compact = Concurrency.Compute(new Concurrency.SpanSource(spans, periods), periods, accountAgent, accountShop, agents, clocks, accountGroup, groups);
        var reference = Concurrency.Compute(new Concurrency.SpanSource(spans, periods), periods, accountAgent, accountShop, agents, ZoneClock.Copy(clocks), accountGroup, groups, compact: false);
        Same(reference, compact);

        // In parts on 2 or 3 threads, from any size of period; and with the one-period scan of report's own sessions.
        int degree = random.Next(2, 4);
        Same(reference, Concurrency.Compute(new Concurrency.SpanSource(spans, periods), periods, accountAgent, accountShop, agents, ZoneClock.Copy(clocks), accountGroup, groups, degree: degree, minEventsInParts: 0));
        var identity = Enumerable.Range(0, accounts).ToArray();
        var all = Concurrency.Compute(new Concurrency.SpanSource(spans, 1, [.. Enumerable.Repeat(0, periods)], identity), 1, accountAgent, accountShop, agents, ZoneClock.Copy(clocks), accountGroup, groups, compact: false);
        Same(all, Concurrency.Compute(new Concurrency.SpanSource(spans, 1, [.. Enumerable.Repeat(0, periods)], identity), 1, accountAgent, accountShop, agents, ZoneClock.Copy(clocks), accountGroup, groups, degree: degree, minEventsInParts: 0));
        return true;
    }

    private static void Same(Peaks reference, Peaks compact)
    {
        Assert.Equal(reference.Account, compact.Account);
        Assert.Equal(reference.AccountHourly, compact.AccountHourly);
        Assert.Equal(reference.Agent, compact.Agent);
        Assert.Equal(reference.AgentHourly, compact.AgentHourly);
        Assert.Equal(reference.Shop, compact.Shop);
        Assert.Equal(reference.ShopHourly, compact.ShopHourly);
        Assert.Equal(reference.Total, compact.Total);
        Assert.Equal(reference.TotalHourly, compact.TotalHourly);
        Assert.Equal(reference.Group, compact.Group);
        Assert.Equal(reference.GroupHourly, compact.GroupHourly);
    }

    [CsPerfProperty(200)] // the sweep reads events in key order, simultaneous ones in the order they were made
    public bool RadixSort_PackedOrApart_StableByKeyBits(Seed seed)
    {
        var random = new Random(seed.Value);
        int n = random.Next(0, 5000);
        int keyBits = random.Next(1, 50);
        bool apart = random.Next(2) == 0;
        int shift = apart ? 0 : random.Next(0, Math.Min(14, 63 - keyBits));
        long spread = random.Next(3) == 0 ? Math.Min(5, (1L << keyBits) - 1) : (1L << keyBits) - 1;
        var keys = new long[n + random.Next(3)];
        var items = apart ? new int[keys.Length] : [];
        for (int i = 0; i < n; i++)
        {
            long key = NextLong(random, spread + 1);
            int item = random.Next(1 << shift);
            keys[i] = apart ? key : (key << shift) | (long)item;
            if (apart)
            {
                items[i] = random.Next();
            }
        }

        var expected = Enumerable.Range(0, n).OrderBy(i => keys[i] >> shift).Select(i => (keys[i], apart ? items[i] : 0)).ToArray();
        long[] scratchKeys = [];
        int[] scratchItems = [];
        int[] counts = [];
        Concurrency.RadixSort(ref keys, ref items, ref scratchKeys, ref scratchItems, n, shift, keyBits, apart, ref counts);
        Assert.Equal(expected, Enumerable.Range(0, n).Select(i => (keys[i], apart ? items[i] : 0)).ToArray());
        return true;
    }

    [Fact] // an instant off the unit is noticed, so the sweep makes the period again in ticks
    public void Events_InstantOffTheUnit_IsInexact()
    {
        var clocks = new[] { new ZoneClock(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]) };
        long origin = Instant.FromUtc(2026, 11, 1, 0, 0).ToUnixTimeTicks();
        var extent = new Concurrency.Extent();
        extent.Add(origin, origin + (90 * NodaConstants.TicksPerMinute));
        var events = new Concurrency.Events(clocks, [0]);
        events.Reset(extent, 1, compact: true);
        Assert.Equal(NodaConstants.TicksPerSecond, events.Unit);
        events.Session(origin, origin + (90 * NodaConstants.TicksPerMinute), 0);
        Assert.False(events.Inexact);
        Assert.Equal(3, events.Count); // opening, the probe at 09:00 local, closing
        events.Session(origin + 1, origin + NodaConstants.TicksPerSecond, 0);
        Assert.True(events.Inexact);
    }

    private static long NextLong(Random random, long bound) => bound <= 1 ? 0 : random.NextInt64(bound);
}
