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

    private const string Usage = """
        csperf — customer-service KPIs (Taobao/Chitu style) from chat logs and orders

        usage:
          csperf demo [--format table|json|csv|html] [--by day|week|month|all]
          csperf generate --out DIR [--shops N --agents N --customers N --days N --seed N]
          csperf validate DIR [--config F] [--lenient] [knob flags]
          csperf report DIR [--config F] [--from D] [--to D] [--by day|week|month|all]
                        [--rule order|payment|order-first|all] [--as-of T]
                        [--rank KPI[:asc|desc]] [--compare previous]
                        [--format table|json|csv|html [--details]] [--bom] [--out F] [--lenient] [knob flags]
          csperf explain DIR --order ID [--format table|json] [--as-of T] [--config F] [--lenient]
          csperf payroll DIR|--report R.json --plan F [--plan G …] --period yyyy-MM [--as-of T]
                        [--provisional] [--lenient] [--format table|json|csv|html] [--out F]
                        [--scores F] [--attendance F] [--history F] [--save-history] [--config F]
          csperf details DIR --list NAME [--agent A] [--from D --to D] [--as-of T]
                        [--rule order|payment|order-first] [--config F] [--format table|json|csv]
                        [--out F] [--lenient]   (lists: unreplied, slow, noResponse, long, reviews,
                        refunds, silent, lost; see docs/details.md)
          csperf alerts DIR --rules F [--as-of T] [--from D --to D] [--config F] [--format table|json]
                        [--lenient]   (exit 3 when a rule is breached; see docs/alerts.md)
          csperf --help | --version

        knob flags override the config: --set Knob=Value (any knob), or the knob in kebab case,
        e.g. --session-gap 00:10:00, --ad-phrase 你是广告, --single-line-filter, --time-zone Asia/Tokyo.
        Config sources merge knob by knob: defaults < Preset < DIR/config.json < --config F < flags.
        D is a local date (yyyy-MM-dd); T is an RFC 3339 instant or a local date (its start).
        exit codes: 0 ok, 2 bad input or arguments, 1 unexpected failure (CSPERF_DEBUG=1 prints the stack).
        --quiet (any command): no progress on stderr; progress is drawn only when stderr is a terminal.
        """;

    private static readonly HashSet<string> NoFlags = new(StringComparer.Ordinal);

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
            args = [.. args.Where(x => x != "--quiet")];
            stderr = stderr is TerminalError t ? t.Inner : stderr;
        }

        try
        {
            if (args.Length == 0)
            {
                stderr.WriteLine(Usage);
                return 2;
            }

            var rest = args.Skip(1).ToArray();
            switch (args[0])
            {
                case "--help" or "-h" or "help":
                    stdout.WriteLine(Usage);
                    return 0;
                case "--version":
                    stdout.WriteLine("csperf " + Version);
                    return 0;
                case "validate":
                    return Validate(rest, stdout, stderr);
                case "report":
                    return Report(rest, stdout, stderr, clock);
                case "demo":
                    return Demo(rest, stdout);
                case "generate":
                    return Generate(rest, stdout, stderr);
                case "explain":
                    return Explain(rest, stdout, stderr, clock);
                case "payroll":
                    return PayrollCommand.Run(rest, stdout, stderr, clock);
                case "alerts":
                    return AlertsCommand.Run(rest, stdout, stderr, clock);
                case "details":
                    return DetailsCommand.Run(rest, stdout, stderr, clock);
                default:
                    throw new UsageException($"unknown command \"{args[0]}\"; see csperf --help");
            }
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

    private static int Validate(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = CliArgs.Parse(args, new HashSet<string>(["config"]), new HashSet<string>(["lenient"]), knobs: true);
        string dir = Dir(a);
        var config = LoadConfig(dir, a, stderr);
        if (config is null)
        {
            return 2;
        }

        var load = DatasetReader.Load(dir, config, a.Has("lenient"), TerminalError.For(stderr));
        PrintProblems(load, stderr);
        long problems = load.ErrorCount + PayrollCommand.CheckFiles(dir, stderr);
        var c = load.Counts;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{c.Messages} messages, {c.Orders} orders, {c.Refunds} refunds, {c.Reviews} reviews, {c.Ratings} ratings, {c.Complaints} complaints; {problems} problems, {load.Warnings.Count} warnings"));
        return problems == 0 ? 0 : 2;
    }

    private static int Report(string[] args, TextWriter stdout, TextWriter stderr, IClock clock)
    {
        var a = CliArgs.Parse(
            args,
            new HashSet<string>(["config", "from", "to", "by", "rule", "as-of", "format", "out", "rank", "compare"]),
            new HashSet<string>(["lenient", "details", "bom"]),
            knobs: true);
        string dir = Dir(a);
        string format = Format(a.Get("format"));
        if (a.Has("bom") && format != "csv")
        {
            throw new UsageException("--bom: only for --format csv (a byte order mark for Excel)");
        }

        if (a.Has("details") && format != "html")
        {
            throw new UsageException($"--details: only with --format html (the page links each number to its rows); for {format}, list the rows with csperf details DIR --list NAME");
        }

        var by = Grouping(a.Get("by"));
        var from = Date(a, "from");
        var to = Date(a, "to");
        if (from is not null && to is not null && from > to)
        {
            throw new UsageException($"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}");
        }

        var config = LoadConfig(dir, a, stderr);
        if (config is null)
        {
            return 2;
        }

        string? ruleText = a.Get("rule");
        bool allRules = ruleText == "all";
        AttributionRule? rule = ruleText switch
        {
            null => null,
            "order" => AttributionRule.Order,
            "payment" => AttributionRule.Payment,
            "order-first" => AttributionRule.OrderFirst,
            "all" => config.AttributionRule,
            var x => throw new UsageException($"--rule: expected order, payment, order-first or all, was \"{x}\""),
        };
        var asOf = AsOf(a.Get("as-of"), config, clock);
        var (rankKey, rankOrder) = RankOption(a.Get("rank"), allRules);
        bool compare = a.Get("compare") switch
        {
            null => false,
            "previous" => true,
            var x => throw new UsageException($"--compare: expected previous, was \"{x}\""),
        };

        var load = DatasetReader.Load(dir, config, a.Has("lenient"), TerminalError.For(stderr));
        PrintProblems(load, stderr);
        if (load.Dataset is null)
        {
            stderr.WriteLine(a.Has("lenient")
                ? $"csperf: {load.ErrorCount} problem(s) in {dir} that --lenient cannot skip"
                : $"csperf: {load.ErrorCount} problem(s) in {dir}; fix them, or use --lenient to skip bad lines");
            return 2;
        }

        var request = new ReportRequest { AsOf = asOf, By = by, From = from, To = to, Rule = rule, AllRules = allRules };
        var report = CsPerfEngine.Report(load.Dataset, config, request);
        if (compare)
        {
            report = Comparison.WithPrevious(report, load.Dataset, config, request);
        }

        if (rankKey is not null)
        {
            report = Ranking.Rank(report, rankKey, rankOrder);
        }

        HtmlDetails? details = null;
        if (a.Has("details"))
        {
            // The command that lists a section in full: the same folder, config, knobs and --lenient as this report.
            var command = new StringBuilder("csperf details ").Append(HtmlDetails.Quote(dir));
            if (a.Get("config") is { } configPath)
            {
                command.Append(" --config ").Append(HtmlDetails.Quote(configPath));
            }

            foreach (var (knob, value) in a.Knobs)
            {
                command.Append(" --set ").Append(HtmlDetails.Quote($"{knob}={value}"));
            }

            if (a.Has("lenient"))
            {
                command.Append(" --lenient");
            }

            details = HtmlDetails.Compute(report, load.Dataset, config, from, to, rule, command.ToString());
        }

        var dashboard = format == "html" ? Dashboard.Compute(report, load.Dataset, config, request) : null;
        WriteReport(report, format, a.Get("out"), stdout, details, a.Has("bom"), dashboard);
        return 0;
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

    private static int Explain(string[] args, TextWriter stdout, TextWriter stderr, IClock clock)
    {
        var a = CliArgs.Parse(args, new HashSet<string>(["config", "order", "format", "as-of"]), new HashSet<string>(["lenient"]), knobs: true);
        string dir = Dir(a);
        string orderId = a.Get("order") ?? throw new UsageException("explain needs --order ID");
        string format = a.Get("format") switch
        {
            null or "table" => "table",
            "json" => "json",
            var x => throw new UsageException($"--format: expected table or json, was \"{x}\""),
        };
        var config = LoadConfig(dir, a, stderr);
        if (config is null)
        {
            return 2;
        }

        var asOf = AsOf(a.Get("as-of"), config, clock);
        var load = DatasetReader.Load(dir, config, a.Has("lenient"), TerminalError.For(stderr));
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

    private static int Demo(string[] args, TextWriter stdout)
    {
        var a = CliArgs.Parse(args, new HashSet<string>(["format", "by", "out"]), NoFlags, knobs: false);
        if (a.Positionals.Count > 0)
        {
            throw new UsageException("demo takes no dataset folder");
        }

        var demo = SyntheticData.Demo();
        var data = Dataset.Create(demo.Config, demo.Roster, demo.Messages, demo.Orders, demo.Refunds, demo.Reviews, demo.Ratings, demo.Complaints);
        var request = new ReportRequest { AsOf = demo.End, By = Grouping(a.Get("by")) };
        string format = Format(a.Get("format"));
        var demoReport = CsPerfEngine.Report(data, demo.Config, request);
        WriteReport(demoReport, format, a.Get("out"), stdout, dashboard: format == "html" ? Dashboard.Compute(demoReport, data, demo.Config, request) : null);
        if (format == "table" && a.Get("out") is null)
        {
            // The demo's month paid under its built-in plans (provisional while the month is open), after the report.
            var month = SyntheticPayroll.DemoMonth;
            var (scores, attendance) = SyntheticPayroll.Demo(demo.Roster);
            var input = IO.Payroll.DatasetPayrollInput.Build(data, demo.Config, month, demo.End) with { Scores = scores, Attendance = attendance };
            var result = PayrollEngine.Score(input, SyntheticPayroll.DemoPlans, new CsPerf.Payroll.PayrollOptions { Provisional = !input.Final, DefaultRule = demo.Config.AttributionRule });
            stdout.WriteLine();
            PayrollTableWriter.WriteSummary(result, stdout);
        }

        return 0;
    }

    private static int Generate(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = CliArgs.Parse(args, new HashSet<string>(["out", "shops", "agents", "customers", "days", "seed"]), NoFlags, knobs: false);
        string dir = a.Get("out") ?? throw new UsageException("generate needs --out DIR");
        if (a.Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument \"{a.Positionals[0]}\"; the folder is given with --out DIR");
        }

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

    private static int Int(CliArgs a, string option, int fallback)
    {
        if (a.Get(option) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new UsageException($"--{option}: expected a positive whole number, was \"{text}\"");
    }

    internal static string Format(string? text) => text switch
    {
        null => "table",
        "table" or "json" or "csv" or "html" => text,
        _ => throw new UsageException($"--format: expected table, json, csv or html, was \"{text}\""),
    };

    private static PeriodGrouping Grouping(string? text) => text switch
    {
        null or "all" => PeriodGrouping.All,
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

    internal static string Dir(CliArgs a)
    {
        if (a.Positionals.Count != 1)
        {
            throw new UsageException(a.Positionals.Count == 0 ? "missing the dataset folder DIR" : $"expected one dataset folder, got {string.Join(" ", a.Positionals)}");
        }

        return a.Positionals[0];
    }

    internal static CsPerfConfig? LoadConfig(string? dir, CliArgs a, TextWriter stderr)
    {
        var sources = new List<ConfigSource>();
        string? datasetConfig = dir is null ? null : Path.Combine(dir, "config.json");
        if (datasetConfig is not null && (File.Exists(datasetConfig) || Directory.Exists(datasetConfig)))
        {
            sources.Add(ConfigLoader.FromFile(datasetConfig, "config.json"));
        }

        if (a.Get("config") is { } path)
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
        var load = DatasetReader.Load(dir, config, lenient, TerminalError.For(stderr));
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

    internal static LocalDate? Date(CliArgs a, string option)
    {
        if (a.Get(option) is not { } text)
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success)
        {
            throw new UsageException($"--{option}: \"{text}\" is not a local date (yyyy-MM-dd)");
        }

        return InDateRange(parsed.Value) ? parsed.Value : throw new UsageException($"--{option}: \"{text}\" {DateRangeProblem}");
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
}
