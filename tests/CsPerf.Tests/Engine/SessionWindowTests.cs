using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;
using CsPerf.Synthetic;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>
/// docs/architecture.md "Parallel stages" and docs/performance.md (stop 19): the parts of a parallel session pass write
/// their sessions and receptions side by side in windows of the caller's buffers. Whatever the buffers' capacity (too
/// small for a window, so a part moves out; or left over from a bigger run, holding its rows past the end), the pass
/// gives the single-thread sessions, receptions and counters.
/// </summary>
public class SessionWindowTests
{
    private static (Dataset Data, CsPerfConfig Config, ConversationStreams Streams, PeriodPlan Plan, ZoneClock[] Clocks) Setup(int customers, int seed)
    {
        var g = SyntheticData.Generate(new GeneratorOptions { Shops = 2, Agents = 4, Customers = customers, Days = 3, Seed = seed });
        var data = Dataset.Create(g.Config, g.Roster, g.Messages, g.Orders, g.Refunds, g.Reviews, g.Ratings, g.Complaints);
        long asOf = g.End.ToUnixTimeTicks();
        var streams = ConversationStreams.Build(data, g.Config, asOf);
        var clocks = data.Shops.Select(s => new ZoneClock(s.Zone)).ToArray();
        int first = clocks.Min(c => c.LocalDay(g.Messages.Min(m => m.At).ToUnixTimeTicks())) - 1;
        var plan = PeriodPlan.Create(PeriodGrouping.Day, first, first + 6);
        return (data, g.Config, streams, plan, clocks);
    }

    private static string Dump(SessionPassResult r)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < r.Sessions.Count; i++)
        {
            sb.Append($"s{r.Sessions.Start[i]},{r.Sessions.End[i]},{r.Sessions.Account[i]},{r.Sessions.Period[i]};");
        }

        foreach (var row in r.Receptions.Rows)
        {
            sb.Append($"r{row};");
        }

        foreach (var c in r.Counters)
        {
            sb.Append($"c{c.Received},{c.Replied},{c.SlowReceptions},{c.LongReceptions};");
        }

        sb.Append(string.Join(",", r.Hourly.Receptions)).Append(string.Join(",", r.Hourly.Messages)).Append($"a{r.Advert},{r.SingleLine}");
        return sb.ToString();
    }

    [Theory] // Capacities: minimal (every window but the first too small), the usual sizing, and far too large
    [InlineData(1, 2)]
    [InlineData(1, 3)]
    [InlineData(-1, 2)]
    [InlineData(-1, 5)]
    [InlineData(100_000, 2)]
    public void SessionPass_PartsInWindowsOfAnyCapacity_SameAsSingleThread(int capacity, int degree)
    {
        var (data, config, streams, plan, clocks) = Setup(120, 5);
        var single = SessionPass.Run(data, config, streams, plan, clocks, new SessionSpans(16), new ReceptionColumn(16));
        Assert.True(single.Sessions.Count > 40 && single.Receptions.Count > 40, $"{single.Sessions.Count} sessions, {single.Receptions.Count} receptions");
        string expected = Dump(single);
        int spans = capacity < 0 ? (streams.Count / 4) + 16 : capacity, receptions = capacity < 0 ? (streams.Count / 8) + 16 : capacity;
        string actual = Dump(SessionPass.Run(data, config, streams, plan, clocks, new SessionSpans(spans), new ReceptionColumn(receptions), null, null, degree));
        Assert.Equal(expected, actual);
    }

    [Fact] // Buffers kept from a bigger run hold its rows past the new end: none may leak into the next run's result
    public void SessionPass_BuffersReusedAfterBiggerRun_SameAsFreshBuffers()
    {
        var big = Setup(300, 7);
        var small = Setup(60, 8);
        var spans = new SessionSpans(16);
        var receptions = new ReceptionColumn(16);
        var hourly = new HourlyCounts();
        SessionPass.Run(big.Data, big.Config, big.Streams, big.Plan, big.Clocks, spans, receptions, hourly, null, 2);
        string reused = Dump(SessionPass.Run(small.Data, small.Config, small.Streams, small.Plan, small.Clocks, spans, receptions, hourly, null, 2));
        string fresh = Dump(SessionPass.Run(small.Data, small.Config, small.Streams, small.Plan, small.Clocks, new SessionSpans(16), new ReceptionColumn(16)));
        Assert.Equal(fresh, reused);
    }

    [Theory] // Windows of one buffer, some outgrowing their rows (the first, a middle one, the last): gathered in order, nothing lost or overwritten
    [InlineData(new[] { 25, 20, 5 })]
    [InlineData(new[] { 5, 40, 5 })]
    [InlineData(new[] { 10, 20, 31 })]
    [InlineData(new[] { 0, 0, 12 })]
    [InlineData(new[] { 10, 20, 10 })]
    public void Windows_SomeOverflowing_GatheredInOrder(int[] counts)
    {
        int[] rooms = [10, 20, 10];
        var spans = new SessionSpans(40);
        var receptions = new ReceptionColumn(40);
        for (int i = 0; i < 40; i++)
        {
            spans.Add(-1, -1, -1, -1); // stale rows of an earlier run
            receptions.Add(new ReceptionRow(-1, -1, -1, -1, -1));
        }

        spans.Clear();
        receptions.Clear();
        var spanWindows = new SessionSpans[3];
        var receptionWindows = new ReceptionColumn[3];
        int origin = 0;
        for (int k = 0; k < 3; k++)
        {
            spanWindows[k] = spans.Window(origin, rooms[k]);
            receptionWindows[k] = receptions.Window(origin, rooms[k]);
            origin += rooms[k];
        }

        var expected = new List<long>();
        for (int k = 0; k < 3; k++)
        {
            for (int i = 0; i < counts[k]; i++)
            {
                long v = (k * 1000) + i;
                expected.Add(v);
                spanWindows[k].Add(v, v + 1, k, i);
                receptionWindows[k].Add(new ReceptionRow(k, i, 0, 0, v));
            }
        }

        spans.Gather(spanWindows);
        receptions.Gather(receptionWindows);
        Assert.Equal(expected, spans.Start.Take(spans.Count));
        Assert.Equal(expected.Select(v => v + 1), spans.End.Take(spans.Count));
        Assert.Equal(expected, receptions.Rows.ToArray().Select(r => r.T0));
    }
}
