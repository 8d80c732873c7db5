using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>docs/architecture.md "Why columnar": the session pass allocates nothing per message when no detail list is asked for.</summary>
public class HotLoopAllocationTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 2, 1, 0);

    /// <summary>10 customers, each one session of <paramref name="perCustomer"/> messages 10 s apart (alternating in/out).</summary>
    private static Dataset Data(int perCustomer)
    {
        var messages = new List<Message>();
        for (int c = 0; c < 10; c++)
        {
            for (int m = 0; m < perCustomer; m++)
            {
                messages.Add(new Message($"m{c}-{m}", "s1", $"c{c}", "s1:a", m % 2 == 0 ? Direction.In : Direction.Out, Start.Plus(Duration.FromSeconds(10 * m)), "好的"));
            }
        }

        return Dataset.Create(CsPerfConfig.Default, null, messages);
    }

    private static long Allocated(Dataset data)
    {
        var config = CsPerfConfig.Default;
        var streams = ConversationStreams.Build(data, config, long.MaxValue);
        var clocks = data.Shops.Select(s => new ZoneClock(s.Zone)).ToArray();
        int day = clocks[0].LocalDay(Start.ToUnixTimeTicks());
        var plan = PeriodPlan.Create(PeriodGrouping.All, day, day);
        var spans = new SessionSpans(64);
        var receptions = new ReceptionColumn(64);
        var hourly = new HourlyCounts();
        SessionPass.Run(data, config, streams, plan, clocks, spans, receptions, hourly); // warm up: JIT, buffers sized
        long before = GC.GetAllocatedBytesForCurrentThread();
        SessionPass.Run(data, config, streams, plan, clocks, spans, receptions, hourly);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact] // issue 9 item 1: the detail lists' trace costs the hot loop nothing when no list is requested
    public void SessionPass_WithoutDetailList_AllocatesNothingPerMessage()
    {
        long small = Allocated(Data(10));
        long large = Allocated(Data(1000));
        Assert.True(large - small < 1024, $"100 messages: {small} bytes; 10,000 messages: {large} bytes");
    }

    [Fact] // docs/performance.md "Fresh memory of the engine stage": one row per kept message, 16 bytes (it was 24 with the int declared before the long)
    public void StreamRow_OneKeptMessage_TakesSixteenBytes() =>
        Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<StreamRow>());
}
