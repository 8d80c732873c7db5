using BenchmarkDotNet.Jobs;

namespace CsPerf.Benchmarks;

/// <summary>
/// Sizes of the benchmark inputs. The full run (docs/performance.md) measures at 1M and 10M messages; the short CI
/// run (<c>-- ci</c>, which sets <see cref="Variable"/> for the benchmark processes it starts) at 1M only.
/// </summary>
internal static class BenchScale
{
    /// <summary>Set to <c>1</c> for the short CI sizes.</summary>
    public const string Variable = "CSPERF_BENCH_SHORT";

    public static bool Short => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Message counts of the hot loop benchmarks.</summary>
    public static IEnumerable<int> HotLoopMessages => Short ? [1_000_000] : [1_000_000, 10_000_000];

    /// <summary>Customers of the whole-engine dataset: about 10M messages, or about 1M in the short run.</summary>
    public static int EngineCustomers => Short ? 20_000 : 200_000;
}

/// <summary>
/// A benchmark class's job: launch 1 with the given warm-up and measured iterations in the full run; the short CI job
/// (launch 1, warm-up 1, 3 iterations) instead, never next to it, when <see cref="BenchScale.Short"/> is set.
/// BenchmarkDotNet adds the jobs of attributes and of a global config together, so the choice is made here.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class CsPerfJobAttribute : Attribute, BenchmarkDotNet.Configs.IConfigSource
{
    public CsPerfJobAttribute(int warmupCount, int iterationCount)
    {
        var job = BenchScale.Short
            ? Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithId("ci")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(warmupCount).WithIterationCount(iterationCount);
        Config = BenchmarkDotNet.Configs.ManualConfig.CreateEmpty().AddJob(job);
    }

    public BenchmarkDotNet.Configs.IConfig Config { get; }
}
