using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CsPerf.Benchmarks;

/// <summary>
/// Adds the columns <c>Input MB</c> and <c>MB/s</c> (input bytes ÷ mean time) to a class that declares
/// <c>public static long InputBytes(BenchmarkCase benchmarkCase)</c>: the bytes one invocation reads, or 0 when the
/// case has no byte input. The columns are computed in the host process after the run, so the method must find the
/// size without the benchmark's state (e.g. from the cached input file the case's parameters name).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ThroughputColumnsAttribute : BenchmarkDotNet.Attributes.ColumnConfigBaseAttribute
{
    public ThroughputColumnsAttribute()
        : base(new ThroughputColumn(rate: false), new ThroughputColumn(rate: true))
    {
    }
}

/// <summary>One of the columns of <see cref="ThroughputColumnsAttribute"/>.</summary>
internal sealed class ThroughputColumn(bool rate) : IColumn
{
    public string Id => rate ? "CsPerf.MBps" : "CsPerf.InputMB";

    public string ColumnName => rate ? "MB/s" : "Input MB";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => rate ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => rate ? "Input megabytes (10^6 bytes) read per second of mean time" : "Input megabytes (10^6 bytes) one invocation reads";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        long bytes = InputBytes(benchmarkCase);
        if (bytes <= 0)
        {
            return "-";
        }

        if (!rate)
        {
            return (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture);
        }

        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNs is > 0 ? (bytes / 1e6 / (meanNs.Value / 1e9)).ToString("F0", CultureInfo.InvariantCulture) : "-";
    }

    private static long InputBytes(BenchmarkCase benchmarkCase)
    {
        var method = benchmarkCase.Descriptor.Type.GetMethod("InputBytes", BindingFlags.Public | BindingFlags.Static, [typeof(BenchmarkCase)]);
        return method?.Invoke(null, [benchmarkCase]) is long bytes ? bytes : 0;
    }
}
