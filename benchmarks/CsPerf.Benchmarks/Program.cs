using System.Diagnostics;
using BenchmarkDotNet.Running;
using CsPerf.Engine;
using CsPerf.IO;
using NodaTime;

namespace CsPerf.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/CsPerf.Benchmarks -- --filter '*'</c>;
/// or <c>-- stages DIR</c> to time load, engine and JSON output of one dataset folder once.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "stages")
        {
            Stages(args[1]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void Stages(string dir)
    {
        var config = ConfigLoader.Merge([ConfigLoader.FromFile(Path.Combine(dir, "config.json"))]).Config;
        var sw = Stopwatch.StartNew();
        var load = DatasetReader.Load(dir, config, lenient: false);
        var data = load.Dataset ?? throw new InvalidOperationException(string.Join("\n", load.Errors.Take(5)));
        Console.WriteLine($"load      {sw.Elapsed.TotalSeconds,7:F2} s  {data.MessageCount:N0} messages, {load.Counts.Bytes / 1e6:F0} MB, {load.Counts.Bytes / 1e6 / sw.Elapsed.TotalSeconds:F0} MB/s");
        sw.Restart();
        var report = CsPerfEngine.Report(data, config, new ReportRequest { AsOf = Instant.FromUtc(2026, 12, 15, 0, 0), By = PeriodGrouping.Day });
        Console.WriteLine($"engine    {sw.Elapsed.TotalSeconds,7:F2} s  {report.Periods.Length} periods");
        sw.Restart();
        using (var stream = new MemoryStream())
        {
            JsonReportWriter.Write(report, stream);
            Console.WriteLine($"json      {sw.Elapsed.TotalSeconds,7:F2} s  {stream.Length / 1e6:F1} MB");
        }

        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB");
    }
}
