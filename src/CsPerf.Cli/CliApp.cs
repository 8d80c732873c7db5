using System.Globalization;
using System.Text;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.IO.Ingest;
using CsPerf.Synthetic;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.Cli;

/// <summary>
/// The <c>csperf</c> command line (contract "Command line"), callable in-process: every output goes to the given
/// writers and the result is the exit code (0 ok, 2 bad input or arguments, 1 unexpected failure).
/// </summary>
public static class CliApp
{
    /// <summary>The tool version.</summary>
    /// <summary>
    /// The product version: every package and the tool carry the one <c>VersionPrefix</c> of Directory.Build.props; the
    /// informational version adds the commit (<c>0.9.0+1a2b3c4…</c>) when the build knows it.
    /// </summary>
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false) is [System.Reflection.AssemblyInformationalVersionAttribute a, ..]
            ? a.InformationalVersion
            : typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Runs a command line with the system clock.</summary>
    /// <param name="args">The arguments (without the program name).</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, SystemClock.Instance);

    /// <summary>Runs a command line.</summary>
    /// <param name="args">The arguments (without the program name).</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="clock">The clock giving the default <c>--as-of</c>.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(clock);
        if (args.Contains("--quiet"))
        {
            // Global: no progress on stderr (errors and warnings still go there).
            stderr = stderr is TerminalError t ? t.Inner : stderr;
        }

        try
        {
            return CommandLine.Run(args, stdout, stderr, clock);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine("csperf: " + ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            stderr.WriteLine("csperf: " + ex.Message);
            return 2;
        }
        catch (Exception ex)
        {
            stderr.WriteLine("csperf: unexpected failure: " + ex.Message);
            if (Environment.GetEnvironmentVariable("CSPERF_DEBUG") == "1")
            {
                stderr.WriteLine(ex.ToString());
            }

            return 1;
        }
    }

    internal static int Validate(CommandContext a)
    {
        var (stdout, stderr) = (a.Out, a.Error);
        string dir = a.Dir;
        var config = LoadConfig(dir, a);
        if (config is null)
        {
            return 2;
        }

        WarmUp.Wait();
        var load = DatasetReader.Load(dir, config, a.Has(a.Options.Lenient), TerminalError.For(stderr));
        PrintProblems(load, stderr);
        long problems = load.ErrorCount + PayrollCommand.CheckFiles(dir, stderr);
        var c = load.Counts;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{c.Messages} messages, {c.Orders} orders, {c.Refunds} refunds, {c.Reviews} reviews, {c.Ratings} ratings, {c.Complaints} complaints; {problems} problems, {load.Warnings.Count} warnings"));
        return problems == 0 ? 0 : 2;
    }

    internal static int Report(CommandContext a)
    {
        var (stdout, stderr, clock, o) = (a.Out, a.Error, a.Clock, a.Options);
        string dir = a.Dir;
        string format = a.Parse.GetValue<string>("--format")!;
        bool lenient = a.Has(o.Lenient);
        if (a.Parse.GetValue<bool>("--bom") && format != "csv")
        {
            throw new UsageException("--bom: only for --format csv (a byte order mark for Excel)");
        }

        bool withDetails = a.Parse.GetValue<bool>("--details");
        if (withDetails && format != "html")
        {
            throw new UsageException($"--details: only with --format html (the page links each number to its rows); for {format}, list the rows with csperf details DIR --list NAME");
        }

        var by = a.Get(o.By) ?? PeriodGrouping.All;
        var (from, to) = Range(a);
        bool compare = a.Parse.GetValue<string?>("--compare") is not null;
        // The other line files parse while the config loads (the load takes them over; docs/performance.md "Stop 19:
        // fixed costs at 1M"), unless the folder is read in parts.
        bool needsDataset = compare || format == "html";
        int parts = Parts(a, dir, needsDataset);
        var prefetch = parts == 1 ? DatasetReader.Prefetch(dir) : null;
        var config = LoadConfig(dir, a);
        if (config is null)
        {
            return 2;
        }

        string? ruleText = a.Parse.GetValue<string?>("--rule");
        bool allRules = ruleText == "all";
        AttributionRule? rule = ruleText switch
        {
            null => null,
            "order" => AttributionRule.Order,
            "payment" => AttributionRule.Payment,
            "order-first" => AttributionRule.OrderFirst,
            _ => config.AttributionRule,
        };
        var asOf = AsOf(a.Get(o.AsOf), config, clock);
        var (rankKey, rankOrder) = RankOption(a.Parse.GetValue<string?>("--rank"), allRules);

        var request = new ReportRequest { AsOf = asOf, By = by, From = from, To = to, Rule = rule, AllRules = allRules };
        WarmUp.Wait();
        CheckChunks(a, needsDataset);
        if (parts > 1)
        {
            // Streaming (docs/partials.md "Streaming"): customer parts read one after the other, the same report.
            var streamed = StreamingReport.Run(dir, config, request, lenient, new StreamingOptions { Parts = parts });
            PrintProblems(streamed.Load, stderr);
            if (streamed.Report is null)
            {
                return Refused(streamed.Load, dir, lenient, stderr);
            }

            var ranked = rankKey is null ? streamed.Report : Ranking.Rank(streamed.Report, rankKey, rankOrder);
            WriteReport(ranked, format, a.Get(o.Out), stdout, null, a.Parse.GetValue<bool>("--bom"), null);
            return 0;
        }

        var timings = Timings.FromEnvironment(stderr);
        var load = DatasetReader.Load(dir, config, lenient, TerminalError.For(stderr), prefetch);
        timings?.Lap("load");
        AfterLoad(load);
        timings?.Lap("collect");
        PrintProblems(load, stderr);
        if (load.Dataset is null)
        {
            return Refused(load, dir, lenient, stderr);
        }

        var report = CsPerfEngine.Report(load.Dataset, config, request);
        timings?.Lap("engine");
        if (compare)
        {
            report = Comparison.WithPrevious(report, load.Dataset, config, request);
        }

        if (rankKey is not null)
        {
            report = Ranking.Rank(report, rankKey, rankOrder);
        }

        HtmlDetails? details = null;
        if (withDetails)
        {
            // The command that lists a section in full: the same folder, config, knobs and --lenient as this report.
            var command = new StringBuilder("csperf details ").Append(HtmlDetails.Quote(dir));
            if (a.Get(o.Config) is { } configPath)
            {
                command.Append(" --config ").Append(HtmlDetails.Quote(configPath));
            }

            foreach (var (knob, value) in a.Knobs)
            {
                command.Append(" --set ").Append(HtmlDetails.Quote($"{knob}={value}"));
            }

            if (lenient)
            {
                command.Append(" --lenient");
            }

            details = HtmlDetails.Compute(report, load.Dataset, config, from, to, rule, command.ToString());
        }

        var dashboard = format == "html" ? Dashboard.Compute(report, load.Dataset, config, request) : null;
        WriteReport(report, format, a.Get(o.Out), stdout, details, a.Parse.GetValue<bool>("--bom"), dashboard);
        timings?.Lap("write");
        timings?.Print();
        return 0;
    }

    private static int Refused(DatasetLoadResult load, string dir, bool lenient, TextWriter stderr)
    {
        stderr.WriteLine(lenient
            ? $"csperf: {load.ErrorCount} problem(s) in {dir} that --lenient cannot skip"
            : $"csperf: {load.ErrorCount} problem(s) in {dir}; fix them, or use --lenient to skip bad lines");
        return 2;
    }

    /// <summary>Refuses <c>--chunks N</c> (N &gt; 1) for a report that needs the whole dataset (<c>--compare</c>, <c>--format html</c>).</summary>
    private static void CheckChunks(CommandContext a, bool needsDataset)
    {
        if (a.Parse.GetValue<int?>("--chunks") is > 1 && needsDataset)
        {
            throw new UsageException("--chunks: not with --compare or --format html, which need the whole dataset in memory");
        }
    }

    /// <summary>
    /// How many customer parts <c>report</c> reads: <c>--chunks N</c>, else by the size of the messages file against a
    /// 4 GB budget (<see cref="StreamingReport.PartsFor"/>); 1 (all at once) when the report needs the whole dataset
    /// (<c>--compare</c>, <c>--format html</c>).
    /// </summary>
    private static int Parts(CommandContext a, string dir, bool needsDataset)
    {
        if (a.Parse.GetValue<int?>("--chunks") is int forced)
        {
            return forced;
        }

        if (needsDataset)
        {
            return 1;
        }

        string jsonl = Path.Combine(dir, "messages.jsonl"), csv = Path.Combine(dir, "messages.csv");
        string? path = File.Exists(jsonl) ? jsonl : File.Exists(csv) ? csv : null;
        return path is null ? 1 : StreamingReport.PartsFor(new FileInfo(path).Length, StreamingOptions.DefaultMemoryBudget);
    }

    /// <summary>Parses <c>--rank KPI[:asc|desc]</c> (issue 9 "Ranking view").</summary>
    internal static (string? Key, RankOrder? Order) RankOption(string? text, bool allRules)
    {
        if (text is null)
        {
            return (null, null);
        }

        string key = text;
        RankOrder? order = null;
        int colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            key = text[..colon];
            order = text[(colon + 1)..] switch
            {
                "asc" => RankOrder.Ascending,
                "desc" => RankOrder.Descending,
                var x => throw new UsageException($"--rank: expected KPI, KPI:asc or KPI:desc, order was \"{x}\""),
            };
        }

        if (!KpiDefinitions.TryResolve(key, out var definition, out var rule))
        {
            throw new UsageException($"--rank: unknown KPI \"{key}\" (docs/kpis.md lists the keys)");
        }

        if (!definition.IsNumber)
        {
            throw new UsageException($"--rank: {key} holds {definition.NotANumber}, not one number, and cannot be ranked");
        }

        if (rule is not null && !allRules)
        {
            throw new UsageException($"--rank: {key} is present only with --rule all");
        }

        return (key, order);
    }

    internal static int Explain(CommandContext a)
    {
        var (stdout, stderr, o) = (a.Out, a.Error, a.Options);
        string dir = a.Dir;
        string orderId = a.Parse.GetValue<string?>("--order") ?? throw new UsageException("explain needs --order ID");
        string format = a.Parse.GetValue<string>("--format")!;
        var config = LoadConfig(dir, a);
        if (config is null)
        {
            return 2;
        }

        var asOf = AsOf(a.Get(o.AsOf), config, a.Clock);
        WarmUp.Wait();
        var load = DatasetReader.Load(dir, config, a.Has(o.Lenient), TerminalError.For(stderr));
        AfterLoad(load);
        PrintProblems(load, stderr);
        if (load.Dataset is null)
        {
            stderr.WriteLine($"csperf: {load.ErrorCount} problem(s) in {dir}; fix them, or use --lenient to skip bad lines");
            return 2;
        }

        var explanation = CsPerfEngine.Explain(load.Dataset, config, orderId, asOf);
        if (explanation is null)
        {
            stderr.WriteLine($"csperf: no order \"{orderId}\" in {dir} as of {asOf}");
            return 2;
        }

        if (format == "json")
        {
            stdout.Write(ExplainWriter.ToJson(explanation));
        }
        else
        {
            ExplainWriter.WriteTable(explanation, stdout);
        }

        return 0;
    }

    internal static int Demo(CommandContext a)
    {
        var (stdout, o) = (a.Out, a.Options);
        string? outPath = a.Get(o.Out);
        var demo = SyntheticData.Demo();
        var data = Dataset.Create(demo.Config, demo.Roster, demo.Messages, demo.Orders, demo.Refunds, demo.Reviews, demo.Ratings, demo.Complaints);
        var request = new ReportRequest { AsOf = demo.End, By = a.Get(o.By) ?? PeriodGrouping.All };
        string format = a.Parse.GetValue<string>("--format")!;
        var demoReport = CsPerfEngine.Report(data, demo.Config, request);
        WriteReport(demoReport, format, outPath, stdout, dashboard: format == "html" ? Dashboard.Compute(demoReport, data, demo.Config, request) : null);
        if (format == "table" && outPath is null)
        {
            // The demo's month paid under its built-in plans (provisional while the month is open), after the report.
            var month = SyntheticPayroll.DemoMonth;
            var (scores, attendance) = SyntheticPayroll.Demo(demo.Roster);
            var input = IO.Payroll.DatasetPayrollInput.Build(data, demo.Config, month, demo.End) with { Scores = scores, Attendance = attendance };
            var result = PayrollEngine.Score(input, SyntheticPayroll.DemoPlans, new CsPerf.Engine.Payroll.PayrollOptions { Provisional = !input.Final, DefaultRule = demo.Config.AttributionRule });
            stdout.WriteLine();
            PayrollTableWriter.WriteSummary(result, stdout);
        }

        return 0;
    }

    internal static int Generate(CommandContext a)
    {
        var (stdout, stderr) = (a.Out, a.Error);
        string dir = a.Parse.GetValue<string?>("--out") ?? throw new UsageException("generate needs --out DIR");

        var defaults = new GeneratorOptions();
        var options = defaults with
        {
            Shops = Int(a, "shops", defaults.Shops),
            Agents = Int(a, "agents", defaults.Agents),
            Customers = Int(a, "customers", defaults.Customers),
            Days = Int(a, "days", defaults.Days),
            Seed = Int(a, "seed", defaults.Seed),
        };
        GenerateSummary summary;
        try
        {
            summary = SyntheticData.WriteTo(dir, options, TerminalError.ForDays(stderr, options.Days));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new UsageException(ex.Message);
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {dir}: {summary.Messages} messages, {summary.Orders} orders, {summary.Refunds} refunds, {summary.Reviews} reviews, {summary.Ratings} ratings, {summary.Complaints} complaints, {summary.Bytes} bytes"));
        return 0;
    }

    private static int Int(CommandContext a, string option, int fallback) => a.Parse.GetValue<int?>("--" + option) ?? fallback;

    /// <summary>Parses <c>--by</c>.</summary>
    internal static PeriodGrouping Grouping(string text) => text switch
    {
        "all" => PeriodGrouping.All,
        "day" => PeriodGrouping.Day,
        "week" => PeriodGrouping.Week,
        "month" => PeriodGrouping.Month,
        _ => throw new UsageException($"--by: expected day, week, month or all, was \"{text}\""),
    };

    private static void WriteReport(Report report, string format, string? outPath, TextWriter stdout, HtmlDetails? details = null, bool bom = false, DashboardData? dashboard = null)
    {
        if (format == "json")
        {
            if (outPath is null)
            {
                stdout.Write(JsonReportWriter.ToJson(report));
            }
            else
            {
                using var file = File.Create(outPath);
                JsonReportWriter.Write(report, file);
            }

            return;
        }

        using var writer = outPath is null ? null : new StreamWriter(outPath, false, new UTF8Encoding(false));
        var target = (TextWriter?)writer ?? stdout;
        switch (format)
        {
            case "csv":
                if (bom)
                {
                    target.Write('\uFEFF'); // Excel reads the Chinese names as UTF-8 only after a byte order mark
                }

                CsvReportWriter.Write(report, target);
                break;
            case "html":
                HtmlReportWriter.Write(report, target, details, dashboard);
                break;
            default:
                TableReportWriter.Write(report, target);
                break;
        }
    }

    /// <summary>The <c>--from</c>/<c>--to</c> range, checked.</summary>
    internal static (LocalDate? From, LocalDate? To) Range(CommandContext a)
    {
        var from = a.Get(a.Options.From);
        var to = a.Get(a.Options.To);
        if (from is not null && to is not null && from > to)
        {
            throw new UsageException($"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}");
        }

        return (from, to);
    }

    /// <summary>The merged config: DIR/config.json, <c>--config F</c>, then the knob flags; null (after saying why) when invalid.</summary>
    internal static CsPerfConfig? LoadConfig(string? dir, CommandContext a)
    {
        var stderr = a.Error;
        var sources = new List<ConfigSource>();
        string? datasetConfig = dir is null ? null : Path.Combine(dir, "config.json");
        if (datasetConfig is not null && (File.Exists(datasetConfig) || Directory.Exists(datasetConfig)))
        {
            sources.Add(ConfigLoader.FromFile(datasetConfig, "config.json"));
        }

        if (a.Get(a.Options.Config) is { } path)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new UsageException($"--config: file \"{path}\" not found");
            }

            sources.Add(ConfigLoader.FromFile(path, path));
        }

        sources.Add(ConfigLoader.FromPairs(a.Knobs, "command line"));
        var merged = ConfigLoader.Merge(sources);
        foreach (var e in merged.Errors)
        {
            stderr.WriteLine(e);
        }

        return merged.IsValid ? merged.Config : null;
    }

    /// <summary>Loads a dataset folder, printing its problems and warnings; null (after saying why) when it cannot be used.</summary>
    internal static Dataset? LoadDataset(string dir, CsPerfConfig config, bool lenient, TextWriter stderr)
    {
        WarmUp.Wait();
        var load = DatasetReader.Load(dir, config, lenient, TerminalError.For(stderr));
        AfterLoad(load);
        PrintProblems(load, stderr);
        if (load.Dataset is null)
        {
            stderr.WriteLine(lenient
                ? $"csperf: {load.ErrorCount} problem(s) in {dir} that --lenient cannot skip"
                : $"csperf: {load.ErrorCount} problem(s) in {dir}; fix them, or use --lenient to skip bad lines");
        }

        return load.Dataset;
    }

    internal static void PrintProblems(DatasetLoadResult load, TextWriter stderr)
    {
        foreach (var e in load.Errors)
        {
            stderr.WriteLine(e.ToString());
        }

        if (load.ErrorCount > load.Errors.Count)
        {
            stderr.WriteLine($"… and {load.ErrorCount - load.Errors.Count} more problems ({load.ErrorCount} in all)");
        }

        foreach (var w in load.Warnings)
        {
            stderr.WriteLine("warning: " + w);
        }
    }

    /// <summary>Parses a local date option (<c>--from</c>, <c>--to</c>).</summary>
    internal static LocalDate? Date(string text, string option)
    {
        var parsed = LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success)
        {
            throw new UsageException($"{option}: \"{text}\" is not a local date (yyyy-MM-dd)");
        }

        return InDateRange(parsed.Value) ? parsed.Value : throw new UsageException($"{option}: \"{text}\" {DateRangeProblem}");
    }

    private const string DateRangeProblem = "is outside the supported range of dates 1970-01-01 .. 2199-12-31";

    private static bool InDateRange(LocalDate date) => date >= new LocalDate(1970, 1, 1) && date <= new LocalDate(2199, 12, 31);

    internal static Instant AsOf(string? text, CsPerfConfig config, IClock clock)
    {
        if (text is null)
        {
            return clock.GetCurrentInstant();
        }

        // One strict RFC 3339 parser for dataset instants and --as-of alike.
        var status = Rfc3339.Parse(text, out var instant);
        if (status == InstantStatus.Ok)
        {
            return instant;
        }

        if (status != InstantStatus.Syntax)
        {
            throw new UsageException("--as-of: " + Rfc3339.Problem(text, out _));
        }

        var date = LocalDatePattern.Iso.Parse(text);
        if (date.Success)
        {
            if (InDateRange(date.Value) && date.Value.AtStartOfDayInZone(DateTimeZoneProviders.Tzdb[config.TimeZone]).ToInstant() is var start
                && InstantRules.IsSupported(start))
            {
                return start;
            }

            throw new UsageException($"--as-of: \"{text}\" is {InstantRules.OutOfRange}");
        }

        throw new UsageException($"--as-of: \"{text}\" is neither an RFC 3339 instant (2026-11-30T00:00:00+08:00) nor a local date (2026-11-30)");
    }

    /// <summary>
    /// One full compacting collection between the load and the engine: the load leaves hundreds of megabytes of
    /// garbage (read blocks, rows of the other files), and without it the engine's arrays are laid out in fresh
    /// memory beside them. At 10M messages it costs ≈ 0.1 s and saves ≈ 0.3 GB of peak memory and more time in
    /// first-touch page faults than it takes (docs/performance.md, "Scale (issue 11)").
    /// </summary>
    /// <param name="load">The load; below 64 MB of input its garbage is too small to matter.</param>
    internal static void AfterLoad(DatasetLoadResult load)
    {
        if (load.Counts.Bytes >= 64L << 20)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }
}
