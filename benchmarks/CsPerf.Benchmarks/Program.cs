using System.Diagnostics;
using BenchmarkDotNet.Running;
using CsPerf.Engine;
using CsPerf.IO;
using NodaTime;

namespace CsPerf.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/CsPerf.Benchmarks -- --filter '*'</c>;
/// or <c>-- stages DIR</c> to time load, engine and JSON output of one dataset folder once; or <c>-- load DIR</c> for the load alone; or <c>-- ci [--filter …]</c>
/// for the short run CI makes (one job that replaces the classes' own, 1M-message or smaller inputs, about 2 minutes;
/// docs/performance.md "Short CI run" and "Benchmarks (issue 11 item 6)").
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length >= 1 && args[0] == "ci")
        {
            Short(args[1..]);
            return;
        }

        if (args.Length == 2 && args[0] == "probe")
        {
            Probe(args[1]);
            return;
        }

        if (args.Length == 2 && args[0] == "engine")
        {
            EngineSplit(args[1]);
            return;
        }

        if (args.Length == 2 && args[0] == "stages")
        {
            Stages(args[1]);
            return;
        }

        if (args.Length == 2 && args[0] == "load")
        {
            // Only the load, for `perf stat` (instructions are steadier than times on a shared machine).
            var config = ConfigLoader.Merge([ConfigLoader.FromFile(Path.Combine(args[1], "config.json"))]).Config;
            var sw = Stopwatch.StartNew();
            var load = DatasetReader.Load(args[1], config, lenient: false);
            Console.WriteLine($"load      {sw.Elapsed.TotalSeconds,7:F2} s  {load.Dataset?.MessageCount:N0} messages, {load.Counts.Bytes / 1e6 / sw.Elapsed.TotalSeconds:F0} MB/s");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void EngineStages(Dataset data, CsPerfConfig config)
    {
        long asOf = Instant.FromUtc(2026, 12, 15, 0, 0).ToUnixTimeTicks();
        var sw = Stopwatch.StartNew();
        var clocks = data.Shops.Select(s => new CsPerf.Engine.Time.ZoneClock(s.Zone)).ToArray();
        var streams = CsPerf.Engine.Prepare.ConversationStreams.Build(data, config, asOf);
        Console.WriteLine($"  group     {sw.Elapsed.TotalSeconds,7:F2} s  {data.ConversationCount:N0} conversations, {data.CustomerCount:N0} customers, {UnsortedRuns(data)} runs out of order in the input");
        sw.Restart();
        var orders = CsPerf.Engine.Prepare.CustomerOrders.Build(data, asOf);
        Console.WriteLine($"  orders    {sw.Elapsed.TotalSeconds,7:F2} s");
        sw.Restart();
        var plan = CsPerf.Engine.Periods.PeriodPlan.Create(PeriodGrouping.Day, CsPerf.Engine.Time.ZoneClock.DateToLocalDay(new LocalDate(2026, 11, 1)), CsPerf.Engine.Time.ZoneClock.DateToLocalDay(new LocalDate(2026, 12, 3)));
        var pass = CsPerf.Engine.Sessions.SessionPass.Run(data, config, streams, plan, clocks, new CsPerf.Engine.Sessions.SessionSpans(streams.Count / 4), new CsPerf.Engine.Sessions.ReceptionColumn(streams.Count / 8));
        Console.WriteLine($"  sessions  {sw.Elapsed.TotalSeconds,7:F2} s  {pass.Sessions.Count:N0} sessions, {pass.Receptions.Count:N0} receptions");
        if (Environment.GetEnvironmentVariable("CSPERF_PROBE_SESSIONS") == "1")
        {
            var spans = new CsPerf.Engine.Sessions.SessionSpans(streams.Count / 4);
            var receptions = new CsPerf.Engine.Sessions.ReceptionColumn(streams.Count / 8);
            for (int round = 0; round < 3; round++)
            {
                sw.Restart();
                CsPerf.Engine.Sessions.SessionPass.Run(data, config, streams, plan, clocks, spans, receptions);
                Console.WriteLine($"  warm session pass: {sw.Elapsed.TotalMilliseconds:F0} ms");
            }
        }

        for (int round = 0; round < 3; round++)
        {
            var counters = new CsPerf.Engine.Kpis.ReceptionCounters[pass.Counters.Length];
            sw.Restart();
            CsPerf.Engine.Sessions.Transfers.Run(data, config, streams, plan, clocks, counters);
            long transfers = 0;
            foreach (var c in counters)
            {
                transfers += c.TransfersOut;
            }

            Console.WriteLine($"  transfers {sw.Elapsed.TotalSeconds,7:F2} s  {transfers:N0} transfers (round {round + 1})");
        }

        sw.Restart();
        var classified = CsPerf.Engine.Classification.ReceptionClassifier.Run(data, config, pass.Receptions, orders, plan, clocks);
        Console.WriteLine($"  classify  {sw.Elapsed.TotalSeconds,7:F2} s");
        sw.Restart();
        var peaks = CsPerf.Engine.Kpis.Concurrency.Compute(data, pass.Sessions, plan, clocks);
        Console.WriteLine($"  peaks     {sw.Elapsed.TotalSeconds,7:F2} s");
        sw.Restart();
        var attribution = CsPerf.Engine.Attribution.AttributionPass.Run(data, config, streams, orders, plan, clocks, classified, asOf);
        Console.WriteLine($"  attribute {sw.Elapsed.TotalSeconds,7:F2} s  {peaks.Total.Length + attribution.OrderAgent.Length} ");
    }

    private static int UnsortedRuns(Dataset data)
    {
        var last = new long[data.ConversationCount];
        Array.Fill(last, long.MinValue);
        var bad = new bool[data.ConversationCount];
        for (int i = 0; i < data.MessageCount; i++)
        {
            int c = data.MsgConversation[i];
            bad[c] |= data.MsgTicks[i] < last[c];
            last[c] = data.MsgTicks[i];
        }

        return bad.Count(b => b);
    }

    /// <summary>
    /// The short run for CI: every benchmark but the <see cref="FullRunOnlyAttribute"/> ones with the short job (1 warm-up,
    /// 3 measured iterations of about 150 ms) in place of its class's own (<see cref="CsPerfJobAttribute"/>), and the
    /// short inputs of <see cref="BenchScale"/>.
    /// </summary>
    private static void Short(string[] args)
    {
        Environment.SetEnvironmentVariable(BenchScale.Variable, "1"); // read by the attributes, inherited by the benchmark processes
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
    }

    /// <summary>Warm per-step times and GC counts of Aggregate (its analysis, then the partial) and Compose.</summary>
    private static void Probe(string dir)
    {
        var config = ConfigLoader.Merge([ConfigLoader.FromFile(Path.Combine(dir, "config.json"))]).Config;
        var data = DatasetReader.Load(dir, config, lenient: false).Dataset!;
        var request = new ReportRequest { AsOf = Instant.FromUtc(2026, 12, 15, 0, 0), By = PeriodGrouping.Day };
        var roster = CsPerf.Engine.Partials.Aggregator.RosterOf(data);
        for (int round = 0; round < 6; round++)
        {
            GC.Collect();
            int g0 = GC.CollectionCount(0), g2 = GC.CollectionCount(2);
            long bytes = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            ReportBuilder.Analyze(data, config, request, peaks: false, widen: true);
            double analyze = sw.Elapsed.TotalMilliseconds;
            int a0 = GC.CollectionCount(0) - g0, a2 = GC.CollectionCount(2) - g2;
            long ab = GC.GetTotalAllocatedBytes(precise: true) - bytes;
            sw.Restart();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var partial = CsPerfEngine.Aggregate(data, config, request);
            double aggregate = sw.Elapsed.TotalMilliseconds;
            long aggregated = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            CsPerfEngine.Compose(partial, roster, config, request);
            double compose = sw.Elapsed.TotalMilliseconds;
            long composed = GC.GetTotalAllocatedBytes(precise: true);
            Console.WriteLine($"analyze {analyze,6:F0} ms (gen0 {a0}, gen2 {a2}, {ab / 1e6:F0} MB); aggregate (analyze + partial) {aggregate,6:F0} ms ({(aggregated - before) / 1e6:F0} MB); compose {compose,5:F0} ms ({(composed - aggregated) / 1e6:F0} MB); " +
                $"all gen0 {GC.CollectionCount(0) - g0}, gen2 {GC.CollectionCount(2) - g2}, {(GC.GetTotalAllocatedBytes(precise: true) - bytes) / 1e6:F0} MB");
        }
    }

    /// <summary>
    /// Warm per-stage times of the analysis at one thread and at the processor count, then Aggregate and Report at both
    /// (alternating), checking that the report JSON and the partial JSON are byte-identical.
    /// </summary>
    private static void EngineSplit(string dir)
    {
        var config = ConfigLoader.Merge([ConfigLoader.FromFile(Path.Combine(dir, "config.json"))]).Config;
        var data = DatasetReader.Load(dir, config, lenient: false).Dataset!;
        var request = new ReportRequest { AsOf = Instant.FromUtc(2026, 12, 15, 0, 0) };
        long asOf = request.AsOf.ToUnixTimeTicks();
        var clocks = data.Shops.Select(s => new CsPerf.Engine.Time.ZoneClock(s.Zone)).ToArray();
        var plan = CsPerf.Engine.Periods.PeriodPlan.Create(PeriodGrouping.Day, CsPerf.Engine.Time.ZoneClock.DateToLocalDay(new LocalDate(2026, 10, 25)), CsPerf.Engine.Time.ZoneClock.DateToLocalDay(new LocalDate(2026, 12, 15)));
        int cores = Environment.ProcessorCount;
        for (int round = 0; round < 3; round++)
        {
            foreach (int degree in new[] { 1, cores })
            {
                GC.Collect();
                var sw = Stopwatch.StartNew();
                var t = new List<(string, double)>();
                long allocated = GC.GetTotalAllocatedBytes(true);
                void Lap(string name)
                {
                    long now = GC.GetTotalAllocatedBytes(true);
                    t.Add(($"{name} ({(now - allocated) / 1_000_000} MB)", sw.Elapsed.TotalMilliseconds));
                    allocated = now;
                    sw.Restart();
                }

                var streams = CsPerf.Engine.Prepare.ConversationStreams.Build(data, config, asOf, null, degree);
                Lap("streams");
                var orders = CsPerf.Engine.Prepare.CustomerOrders.Build(data, asOf);
                Lap("orders");
                var pass = CsPerf.Engine.Sessions.SessionPass.Run(data, config, streams, plan, clocks, new CsPerf.Engine.Sessions.SessionSpans((streams.Count / 4) + 16), new CsPerf.Engine.Sessions.ReceptionColumn((streams.Count / 8) + 16), new CsPerf.Engine.Sessions.HourlyCounts(), null, degree);
                Lap("sessions");
                CsPerf.Engine.Sessions.Transfers.Run(data, config, streams, plan, clocks, pass.Counters, degree);
                Lap("transfers");
                var classified = CsPerf.Engine.Classification.ReceptionClassifier.Run(data, config, pass.Receptions, orders, plan, clocks, degree);
                Lap("classify");
                CsPerf.Engine.Attribution.AttributionPass.Run(data, config, streams, orders, plan, clocks, classified, asOf, null, null, degree);
                Lap("attribute");
                CsPerf.Engine.Kpis.Concurrency.Compute(data, pass.Sessions, plan, clocks);
                Lap("peaks");
                Console.WriteLine($"degree {degree}: " + string.Join("  ", t.Select(x => $"{x.Item1} {x.Item2:F0}")));
            }
        }

        byte[]? reportJson = null, partialJson = null;
        for (int round = 0; round < 3; round++)
        {
            foreach (int degree in new[] { 1, cores })
            {
                var options = new EngineOptions { MaxDegreeOfParallelism = degree };
                GC.Collect();
                var sw = Stopwatch.StartNew();
                var partial = CsPerfEngine.Aggregate(data, config, request, options);
                double aggregate = sw.Elapsed.TotalMilliseconds;
                GC.Collect();
                long before = GC.GetTotalAllocatedBytes(true);
                sw.Restart();
                var report = CsPerfEngine.Report(data, config, request, options);
                double whole = sw.Elapsed.TotalMilliseconds;
                long reportBytes = GC.GetTotalAllocatedBytes(true) - before;
                using var stream = new MemoryStream();
                JsonReportWriter.Write(report, stream);
                byte[] r = stream.ToArray(), p = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(partial, CsPerfJsonContext.Default.KpiPartial);
                reportJson ??= r;
                partialJson ??= p;
                Console.WriteLine($"degree {degree}: aggregate {aggregate,5:F0} ms, report {whole,5:F0} ms ({reportBytes / 1_000_000} MB); report JSON {(r.AsSpan().SequenceEqual(reportJson) ? "identical" : "DIFFERENT")}, partial JSON {(p.AsSpan().SequenceEqual(partialJson) ? "identical" : "DIFFERENT")} ({r.Length:N0} / {p.Length:N0} bytes)");
            }
        }
    }

    private static void Stages(string dir)
    {
        var config = ConfigLoader.Merge([ConfigLoader.FromFile(Path.Combine(dir, "config.json"))]).Config;
        var sw = Stopwatch.StartNew();
        var load = DatasetReader.Load(dir, config, lenient: false);
        var data = load.Dataset ?? throw new InvalidOperationException(string.Join("\n", load.Errors.Take(5)));
        Console.WriteLine($"load      {sw.Elapsed.TotalSeconds,7:F2} s  {data.MessageCount:N0} messages, {load.Counts.Bytes / 1e6:F0} MB, {load.Counts.Bytes / 1e6 / sw.Elapsed.TotalSeconds:F0} MB/s; " +
            $"GC gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, {GC.GetTotalAllocatedBytes() / 1e6:F0} MB allocated");
        EngineStages(data, config);
        var request = new ReportRequest { AsOf = Instant.FromUtc(2026, 12, 15, 0, 0), By = PeriodGrouping.Day };
        for (int round = 0; round < 3; round++)
        {
            sw.Restart();
            var partial = CsPerfEngine.Aggregate(data, config, request);
            double aggregate = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var composed = CsPerfEngine.Compose(partial, CsPerf.Engine.Partials.Aggregator.RosterOf(data), config, request);
            Console.WriteLine($"aggregate {aggregate,7:F2} s  {partial.AccountDays.Length:N0} account-days, {partial.AccountDays.Sum(d => d.Sessions.Length / 2):N0} sessions; compose {sw.Elapsed.TotalSeconds,7:F2} s  {composed.Periods.Length} periods");
        }

        sw.Restart();
        var report = CsPerfEngine.Report(data, config, request);
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
