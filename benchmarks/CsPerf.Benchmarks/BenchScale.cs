using BenchmarkDotNet.Jobs;

namespace CsPerf.Benchmarks;

/// <summary>
/// Sizes of the benchmark inputs. The full run (docs/performance.md) measures at 1M and 10M messages; the short CI
/// run (<c>-- ci</c>, which sets <see cref="Variable"/> for the benchmark processes it starts) at 1M only, and the
/// heavy classes (streaming, merge, Orleans) on small inputs so that the whole short run stays near two minutes.
/// </summary>
internal static class BenchScale
{
    /// <summary>Set to <c>1</c> for the short CI sizes.</summary>
    public const string Variable = "CSPERF_BENCH_SHORT";

    public static bool Short => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Message counts of the hot loop benchmarks.</summary>
    public static IEnumerable<int> HotLoopMessages => Short ? [1_000_000] : [1_000_000, 10_000_000];

    /// <summary>Messages of the whole-engine datasets (<see cref="BenchFolders"/>): about 1M and 10M, 1M in the short run.</summary>
    public static IEnumerable<int> EngineMessages => Short ? [1_000_000] : [1_000_000, 10_000_000];

    /// <summary>Messages of the ingest benchmarks (the standard generated folders of <see cref="BenchFolders"/>).</summary>
    public static IEnumerable<int> IngestMessages => Short ? [1_000_000] : [1_000_000, 10_000_000];

    /// <summary>Messages of the streamed report: 1M and 10M; 100 000 in the short run (a streamed report re-reads its input per part).</summary>
    public static IEnumerable<int> StreamingMessages => Short ? [100_000] : [1_000_000, 10_000_000];

    /// <summary>Customers per shop of the 16-shop, 31-day merge dataset: about 1M messages, or about 60 000 in the short run.</summary>
    public static int MergeCustomers => Short ? 150 : 2_500;

    /// <summary>How the merge dataset is cut into partials: per shop and per day; per shop only in the short run.</summary>
    public static IEnumerable<string> MergeSplits => Short ? ["Shop"] : ["Shop", "Day"];

    /// <summary>Messages sent through the 3-silo Orleans cluster: about 100 000 and 1M; about 20 000 in the short run.</summary>
    public static IEnumerable<int> OrleansMessages => Short ? [20_000] : [100_000, 1_000_000];


}

/// <summary>
/// The standard generated dataset folders, as <c>csperf generate --shops 2 --customers N --days 31 --seed 1</c> writes
/// them (N = 2 000, 20 000, 200 000 for about 100 000, 1M, 10M messages: docs/performance.md's <c>ds1m</c> and
/// <c>ds10m</c>), cached in the temporary folder and shared by the classes and runs.
/// </summary>
internal static class BenchFolders
{
    /// <summary>The folder of about <paramref name="messages"/> messages (100 000, 1M or 10M), written on first use.</summary>
    public static string Standard(int messages, out CsPerfConfig config)
    {
        var options = Options(messages);
        string dir = Path.Combine(Path.GetTempPath(), messages switch
        {
            100_000 => "csperf-engine-100k",
            1_000_000 => "csperf-engine-1m",
            10_000_000 => "csperf-engine-10m",
            _ => $"csperf-engine-{messages}",
        });
        if (!File.Exists(Path.Combine(dir, "messages.jsonl")))
        {
            CsPerf.Synthetic.SyntheticData.WriteTo(dir, options);
        }

        config = CsPerfConfig.Default with { AdPhrase = options.AdPhrase };
        return dir;
    }

    /// <summary>The generator options of <see cref="Standard"/>.</summary>
    public static CsPerf.Synthetic.GeneratorOptions Options(int messages) =>
        new() { Shops = 2, Customers = Math.Max(100, messages / 50), Days = 31, Seed = 1 };

    /// <summary>Loads a folder, failing loudly on any error.</summary>
    public static Dataset Load(string dir, CsPerfConfig config)
    {
        var load = CsPerf.IO.DatasetReader.Load(dir, config, lenient: false);
        return load.Dataset ?? throw new InvalidOperationException(string.Join("\n", load.Errors.Take(5)));
    }
}

/// <summary>
/// A benchmark class's job: launch 1 with the given warm-up and measured iterations in the full run; the short CI job
/// (launch 1, warm-up 1, 3 iterations of about 150 ms instead of BenchmarkDotNet's 500 ms) instead, never next to it,
/// when <see cref="BenchScale.Short"/> is set.
/// BenchmarkDotNet adds the jobs of attributes and of a global config together, so the choice is made here.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class CsPerfJobAttribute : Attribute, BenchmarkDotNet.Configs.IConfigSource
{
    /// <summary>The short job's iteration time: a benchmark of a few milliseconds is invoked about 10 times an iteration.</summary>
    private static readonly Perfolizer.Horology.TimeInterval ShortIterationTime = Perfolizer.Horology.TimeInterval.FromMilliseconds(150);

    public CsPerfJobAttribute(int warmupCount, int iterationCount)
    {
        var job = BenchScale.Short
            ? Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithIterationTime(ShortIterationTime).WithId("ci")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(warmupCount).WithIterationCount(iterationCount);
        var config = BenchmarkDotNet.Configs.ManualConfig.CreateEmpty().AddJob(job);
        if (BenchScale.Short)
        {
            config.AddFilter(new BenchmarkDotNet.Filters.SimpleFilter(b =>
                !b.Descriptor.WorkloadMethod.IsDefined(typeof(FullRunOnlyAttribute), inherit: false)));
        }

        Config = config;
    }

    public BenchmarkDotNet.Configs.IConfig Config { get; }
}

/// <summary>A benchmark left out of the short CI run (<see cref="BenchScale.Short"/>) by its class's <see cref="CsPerfJobAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FullRunOnlyAttribute : Attribute
{
}
