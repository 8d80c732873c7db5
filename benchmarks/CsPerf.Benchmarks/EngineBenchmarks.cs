using BenchmarkDotNet.Attributes;
using CsPerf.IO;
using NodaTime;

namespace CsPerf.Benchmarks;

/// <summary>
/// The whole engine (grouping, sessions, classification, attribution, peaks, KPIs of every level) on a generated
/// dataset already in memory: about 10M messages (2 shops, 12 agents, 400,000 customers, 31 days, with orders,
/// refunds, reviews, ratings and complaints: <c>csperf generate --shops 2 --customers 200000 --days 31</c>) and about
/// 1M (20,000 customers per shop); 1M only in the short CI run. <see cref="Aggregate"/> is the same work ending in a mergeable
/// partial instead of a report; <see cref="LoadAndReport"/> is <c>csperf report</c> without process start and JSON
/// writing: read the folder (both cores), then the report.
/// </summary>
[MemoryDiagnoser]
[CsPerfJob(warmupCount: 1, iterationCount: 5)]
public class EngineBenchmarks
{
    private static readonly ReportRequest Request = new() { AsOf = Instant.FromUtc(2026, 12, 15, 0, 0), By = PeriodGrouping.Day };

    private string _dir = null!;
    private Dataset _data = null!;
    private CsPerfConfig _config = null!;

    [ParamsSource(typeof(BenchScale), nameof(BenchScale.EngineMessages))]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = BenchFolders.Standard(Messages, out _config);
        _data = BenchFolders.Load(_dir, _config);
        Console.WriteLine($"// engine input: {_data.MessageCount:N0} messages, {_data.OrderCount:N0} orders in {_dir}");
    }

    [Benchmark]
    public int ReportByDay() => CsPerfEngine.Report(_data, _config, Request).Periods.Length;

    /// <summary>The dataset's partial (every rule, per day; docs/partials.md), what a shop grain or a streamed part computes.</summary>
    [Benchmark]
    public int Aggregate() => CsPerfEngine.Aggregate(_data, _config, Request).AccountDays.Length;

    /// <summary>Folder to report: <see cref="DatasetReader.Load(string, CsPerfConfig, bool)"/> and <see cref="CsPerfEngine.Report(Dataset, CsPerfConfig, ReportRequest)"/>.</summary>
    [Benchmark]
    public int LoadAndReport() => CsPerfEngine.Report(BenchFolders.Load(_dir, _config), _config, Request).Periods.Length;
}

/// <summary>
/// The streamed report in bounded memory (issue 11 item 3, <see cref="StreamingReport"/>): the folder split into
/// customer parts, each part loaded and aggregated, the partials merged and composed. 1M and 10M messages in 4 parts
/// (docs/performance.md "Streaming report in bounded memory"); 100 000 messages in the short CI run. The 100M figure
/// comes from <c>csperf report</c> (the benchmark's repeated runs would take about an hour).
/// </summary>
[MemoryDiagnoser]
[CsPerfJob(warmupCount: 1, iterationCount: 3)]
public class StreamingBenchmarks
{
    private static readonly ReportRequest Request = new() { AsOf = Instant.FromUtc(2026, 12, 15, 0, 0), By = PeriodGrouping.Day };

    private string _dir = null!;
    private CsPerfConfig _config = null!;

    [ParamsSource(typeof(BenchScale), nameof(BenchScale.StreamingMessages))]
    public int Messages { get; set; }

    [Params(4)]
    public int Parts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = BenchFolders.Standard(Messages, out _config);
        Console.WriteLine($"// streaming input: {new FileInfo(Path.Combine(_dir, "messages.jsonl")).Length / 1e6:F0} MB of messages.jsonl in {_dir}");
    }

    [Benchmark]
    public int StreamedReport()
    {
        var result = StreamingReport.Run(_dir, _config, Request, lenient: false, new StreamingOptions { Parts = Parts });
        return result.Report?.Periods.Length ?? throw new InvalidOperationException(string.Join("\n", result.Load.Errors.Take(5)));
    }
}
