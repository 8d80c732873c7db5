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
[CsPerfJob(warmupCount: 2, iterationCount: 7)]
public class HotLoopBenchmarks
{
    private Dataset _data = null!;
    private ConversationStreams _streams = null!;
    private PeriodPlan _plan = null!;
    private ZoneClock[] _clocks = null!;
    private SessionSpans _spans = null!;
    private ReceptionColumn _receptions = null!;
    private readonly HourlyCounts _hourly = new();
    private long _asOf;
    private CsPerfConfig _config = CsPerfConfig.Default;

    [ParamsSource(typeof(BenchScale), nameof(BenchScale.HotLoopMessages))]
    public int Messages { get; set; }

    /// <summary><c>Generator</c>: the project's synthetic shop (runs of customer and agent lines, as in real chats);
    /// <c>Alternating</c>: <see cref="BenchData"/>, directions at random (a branch-hostile worst case).</summary>
    [Params("Generator", "Alternating")]
    public string Data { get; set; } = "Generator";

    [GlobalSetup]
    public void Setup()
    {
        _data = Data == "Generator" ? GeneratedData.Load(Messages) : BenchData.Build(Messages);
        _asOf = Instant.FromUtc(2027, 1, 1, 0, 0).ToUnixTimeTicks();
        _config = Data == "Generator" ? CsPerfConfig.Default with { AdPhrase = new CsPerf.Synthetic.GeneratorOptions().AdPhrase } : CsPerfConfig.Default;
        _streams = ConversationStreams.Build(_data, _config, _asOf);
        _clocks = [.. _data.Shops.Select(s => new ZoneClock(s.Zone))];
        _plan = PeriodPlan.Create(PeriodGrouping.Day, ZoneClock.DateToLocalDay(new LocalDate(2026, 11, 1)), ZoneClock.DateToLocalDay(new LocalDate(2026, 12, 2)));
        _spans = new SessionSpans(_streams.Count / 2);
        _receptions = new ReceptionColumn(_streams.Count / 4);
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
        SessionPass.Run(_data, _config, _streams, _plan, _clocks, _spans, _receptions, _hourly).Sessions.Count;

    [Benchmark]
    public int GroupIntoConversations() => ConversationStreams.Build(_data, _config, _asOf).Count;
}

/// <summary>Datasets made by <see cref="CsPerf.Synthetic.SyntheticData"/>, written once to a temp folder and loaded.</summary>
internal static class GeneratedData
{
    /// <summary>About <paramref name="messages"/> messages: 2 shops, 31 days, customers scaled to fit.</summary>
    public static Dataset Load(int messages, out CsPerfConfig config)
    {
        var probe = new CsPerf.Synthetic.GeneratorOptions { Shops = 2, Customers = 10_000, Days = 31, Seed = 1 };
        long perCustomer = Math.Max(1, CsPerf.Synthetic.SyntheticData.EstimateMessages(probe) / 10_000);
        var options = probe with { Customers = (int)Math.Max(100, messages / perCustomer) };
        string dir = Path.Combine(Path.GetTempPath(), $"csperf-generated-{messages}");
        if (!File.Exists(Path.Combine(dir, "messages.jsonl")))
        {
            CsPerf.Synthetic.SyntheticData.WriteTo(dir, options);
        }

        config = CsPerfConfig.Default with { AdPhrase = options.AdPhrase };
        var load = CsPerf.IO.DatasetReader.Load(dir, config, lenient: false);
        var data = load.Dataset ?? throw new InvalidOperationException(string.Join("\n", load.Errors.Take(5)));
        Console.WriteLine($"// generated input: {data.MessageCount:N0} messages, {data.OrderCount:N0} orders in {dir}");
        return data;
    }

    public static Dataset Load(int messages) => Load(messages, out _);
}
