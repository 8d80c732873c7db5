using BenchmarkDotNet.Attributes;
using CsPerf.Engine;
using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;
using NodaTime;

namespace CsPerf.Benchmarks;

/// <summary>
/// The hot session loop (sessions + burst clocks + reception counters) against a baseline that only reads the same
/// arrays once; and the linear regrouping of messages into conversation order.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class HotLoopBenchmarks
{
    private Dataset _data = null!;
    private ConversationStreams _streams = null!;
    private CustomerOrders _orders = null!;
    private PeriodPlan _plan = null!;
    private ZoneClock[] _clocks = null!;
    private SessionSpans _spans = null!;
    private long _asOf;

    [Params(1_000_000, 10_000_000)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchData.Build(Messages);
        _asOf = Instant.FromUtc(2027, 1, 1, 0, 0).ToUnixTimeTicks();
        _streams = ConversationStreams.Build(_data, CsPerfConfig.Default, _asOf);
        _orders = CustomerOrders.Build(_data, _asOf);
        _clocks = [.. _data.Shops.Select(s => new ZoneClock(s.Zone))];
        _plan = PeriodPlan.Create(PeriodGrouping.Day, ZoneClock.DateToLocalDay(new LocalDate(2026, 11, 1)), ZoneClock.DateToLocalDay(new LocalDate(2026, 11, 30)));
        _spans = new SessionSpans(_streams.Count / 2);
    }

    /// <summary>Reads every column the hot loop reads, once, in the same order.</summary>
    [Benchmark(Baseline = true)]
    public long ReadArraysOnce()
    {
        long sum = 0;
        var rows = _streams.Rows;
        for (int i = 0; i < rows.Length; i++)
        {
            sum += rows[i].Ticks + rows[i].Flags + rows[i].Chars;
        }

        return sum;
    }

    [Benchmark]
    public int SessionLoop() =>
        SessionPass.Run(_data, CsPerfConfig.Default, _streams, _orders, _plan, _clocks, _spans, _asOf).Sessions.Count;

    [Benchmark]
    public int GroupIntoConversations() => ConversationStreams.Build(_data, CsPerfConfig.Default, _asOf).Count;
}

/// <summary>The whole reception engine on a dataset already in memory.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class EngineBenchmarks
{
    private Dataset _data = null!;

    [Params(10_000_000)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup() => _data = BenchData.Build(Messages);

    [Benchmark]
    public int Report() => CsPerfEngine.Report(_data, CsPerfConfig.Default, new ReportRequest
    {
        AsOf = Instant.FromUtc(2027, 1, 1, 0, 0),
        By = PeriodGrouping.Day,
    }).Periods.Length;
}
