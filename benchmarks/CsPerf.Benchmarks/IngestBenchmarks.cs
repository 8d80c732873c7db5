using BenchmarkDotNet.Attributes;
using CsPerf.IO;
using CsPerf.Synthetic;

namespace CsPerf.Benchmarks;

/// <summary>Loading a generated dataset folder (JSON Lines) into a <see cref="Dataset"/>; MB/s = file bytes ÷ mean time.</summary>
[MemoryDiagnoser]
[CsPerfJob(warmupCount: 1, iterationCount: 5)]
public class IngestBenchmarks
{
    private string _dir = null!;
    private CsPerfConfig _config = null!;

    [Params(1_000_000)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new GeneratorOptions { Shops = 2, Customers = 10_000, Days = 1 };
        long perCustomerDay = Math.Max(1, SyntheticData.EstimateMessages(options) / 10_000);
        options = options with { Customers = (int)(Messages / perCustomerDay / 2), Days = 2 };
        _dir = Path.Combine(Path.GetTempPath(), $"csperf-ingest-{Messages}");
        if (!File.Exists(Path.Combine(_dir, "messages.jsonl")))
        {
            SyntheticData.WriteTo(_dir, options);
        }

        _config = CsPerfConfig.Default with { AdPhrase = options.AdPhrase };
        long bytes = new FileInfo(Path.Combine(_dir, "messages.jsonl")).Length;
        Console.WriteLine($"// ingest input: {bytes / 1e6:F1} MB of messages.jsonl in {_dir}");
    }

    [Benchmark]
    public int LoadJsonl()
    {
        var result = DatasetReader.Load(_dir, _config, lenient: false);
        return result.Dataset?.MessageCount ?? throw new InvalidOperationException(string.Join("\n", result.Errors.Take(5)));
    }
}
