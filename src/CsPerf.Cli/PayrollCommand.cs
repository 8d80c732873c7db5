using System.Collections.Immutable;
using System.Text;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.IO.Payroll;
using CsPerf.Engine.Payroll;
using NodaTime;

namespace CsPerf.Cli;

/// <summary>
/// <c>csperf payroll DIR --plan F [--plan G …] --period yyyy-MM</c> (contract "Payroll"): reads the plans and the
/// month's inputs, scores them with <see cref="PayrollEngine"/> and writes the payslips.
/// </summary>
internal static class PayrollCommand
{
    public static int Run(CommandContext a)
    {
        var (stdout, stderr, o) = (a.Out, a.Error, a.Options);
        string[] plans = a.Parse.GetValue<string[]>("--plan") ?? [];
        string? reportPath = a.Parse.GetValue<string?>("--report");
        string? dir = a.Parse.GetValue<string?>("DIR");
        if (dir is null && reportPath is null)
        {
            throw new UsageException("payroll needs a dataset folder DIR or --report R.json");
        }

        if (plans.Length == 0)
        {
            throw new UsageException("payroll needs at least one --plan F");
        }

        string periodText = a.Parse.GetValue<string?>("--period") ?? throw new UsageException("payroll needs --period yyyy-MM");
        if (PayrollFileReader.MonthProblem(periodText, out var month) is { } monthProblem)
        {
            throw new UsageException($"--period: \"{periodText}\" {monthProblem}");
        }

        string format = a.Parse.GetValue<string>("--format")!;
        bool lenient = a.Has(o.Lenient);
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new UsageException($"dataset folder \"{dir}\" not found");
        }

        var config = CliApp.LoadConfig(dir, a);
        if (config is null)
        {
            return 2;
        }

        // The plans: every syntax, type and meaning problem of every plan, then stop.
        var planList = ImmutableArray.CreateBuilder<PayrollPlan>();
        bool planErrors = false;
        foreach (string path in plans)
        {
            var (plan, errors) = PlanReader.Read(path);
            foreach (var e in errors)
            {
                stderr.WriteLine(e.ToString());
            }

            // The meaning of what could be read, except where a field was already refused (it reads as absent).
            var problems = plan is null ? [] : PayrollEngine.Validate(plan)
                .Where(p => !errors.Any(e => e.Path == p.Path || e.Path.StartsWith(p.Path + ".", StringComparison.Ordinal) || e.Path.StartsWith(p.Path + "[", StringComparison.Ordinal)))
                .ToImmutableArray();
            foreach (var p in problems)
            {
                stderr.WriteLine(new JsonFileProblem(Path.GetFileName(path), p.Path, p.Message).ToString());
            }

            planErrors |= plan is null || errors.Count > 0 || !problems.IsEmpty;
            if (plan is not null)
            {
                planList.Add(plan);
            }
        }

        if (planErrors)
        {
            stderr.WriteLine("csperf: the plan has problems; nothing was paid");
            return 2;
        }

        var asOf = CliApp.AsOf(a.Get(o.AsOf), config, a.Clock);
        PayrollInput? input = reportPath is null ? FromDataset(dir!, config, month, asOf, lenient, stderr) : FromReport(reportPath, dir, config, month, stderr);
        if (input is null)
        {
            return 2;
        }

        string? scoresPath = a.Parse.GetValue<string?>("--scores") ?? (dir is null ? null : PayrollFileReader.InFolder(dir, PayrollFileReader.ScoresFile));
        string? attendancePath = a.Parse.GetValue<string?>("--attendance") ?? (dir is null ? null : PayrollFileReader.InFolder(dir, PayrollFileReader.AttendanceFile));
        string? historyPath = a.Parse.GetValue<string?>("--history") ?? (dir is null ? null : PayrollFileReader.InFolder(dir, PayrollFileReader.HistoryFile));
        bool inputErrors = false;
        if (scoresPath is not null)
        {
            var scores = PayrollFileReader.ReadScores(scoresPath, lenient);
            inputErrors |= Print(scores.Errors, scores.Records is null, lenient, stderr);
            input = input with { Scores = scores.Records ?? [] };
        }

        if (attendancePath is not null)
        {
            var attendance = PayrollFileReader.ReadAttendance(attendancePath, lenient);
            inputErrors |= Print(attendance.Errors, attendance.Records is null, lenient, stderr);
            input = input with { Attendance = attendance.Records ?? [] };
        }

        RankHistory history = RankHistory.Empty;
        // A history file named by --history that does not exist yet is started by --save-history.
        bool saveHistory = a.Parse.GetValue<bool>("--save-history");
        bool startsHistory = saveHistory && historyPath is not null && !Path.Exists(historyPath);
        if (historyPath is not null && !startsHistory)
        {
            var (read, errors) = PayrollFileReader.ReadHistory(historyPath);
            foreach (var e in errors)
            {
                stderr.WriteLine(e.ToString());
            }

            inputErrors |= read is null;
            history = read ?? RankHistory.Empty;
        }

        if (inputErrors)
        {
            stderr.WriteLine(lenient
                ? "csperf: payroll input files have problems that --lenient cannot skip"
                : "csperf: payroll input files have problems; fix them, or use --lenient to skip bad lines");
            return 2;
        }

        input = input with { History = history };
        var options = new PayrollOptions { Provisional = a.Parse.GetValue<bool>("--provisional"), Lenient = lenient, DefaultRule = config.AttributionRule };
        var result = PayrollEngine.Score(input, planList.ToImmutable(), options);
        if (!result.Problems.IsEmpty)
        {
            foreach (var p in result.Problems)
            {
                string source = p.Source switch
                {
                    "scores" => FileName(scoresPath, PayrollFileReader.ScoresFile),
                    "attendance" => FileName(attendancePath, PayrollFileReader.AttendanceFile),
                    "history" => FileName(historyPath, PayrollFileReader.HistoryFile),
                    "kpis" => reportPath is null ? "KPIs" : Path.GetFileName(reportPath),
                    _ => p.Source,
                };
                stderr.WriteLine(p.Source == "period" ? "csperf: " + p.Message
                    : p.Agent is null ? $"{source}: {p.Field}: {p.Message}" : $"{source}: {p.Agent}: {p.Field}: {p.Message}");
            }

            stderr.WriteLine("csperf: nothing was paid");
            return 2;
        }

        Write(result, format, a.Get(o.Out), stdout);
        if (saveHistory && !input.Final)
        {
            // Next month's transfer review reads these ranks: only a final month's ranks are kept.
            stderr.WriteLine($"warning: --save-history: {PayrollFileReader.Month(month)} is not final, so its ranks were not saved; run again once it is");
        }
        else if (saveHistory)
        {
            string target = historyPath ?? (dir is not null ? Path.Combine(dir, PayrollFileReader.HistoryFile)
                : throw new UsageException("--save-history needs --history F (or a dataset folder DIR)"));
            if (PayrollEngine.RanksToSave(result) is { } entry)
            {
                RankHistoryWriter.WriteFile(PayrollEngine.WithPeriod(history, entry), target);
                stderr.WriteLine($"saved the ranks of {PayrollFileReader.Month(month)} in {target}");
            }
            else
            {
                stderr.WriteLine("warning: --save-history: no plan ranks agents; the history was not changed");
            }
        }

        return 0;
    }

    /// <summary>
    /// Checks the payroll files a dataset folder holds (<c>scores</c>, <c>attendance</c>, <c>history.json</c>) for
    /// <c>csperf validate</c>: prints every problem and returns how many there are.
    /// </summary>
    public static long CheckFiles(string dir, TextWriter stderr)
    {
        if (!Directory.Exists(dir))
        {
            return 0;
        }

        var problems = new List<string>();
        try
        {
            if (PayrollFileReader.InFolder(dir, PayrollFileReader.ScoresFile) is { } scores)
            {
                problems.AddRange(PayrollFileReader.ReadScores(scores, lenient: false).Errors.Select(e => e.ToString()));
            }

            if (PayrollFileReader.InFolder(dir, PayrollFileReader.AttendanceFile) is { } attendance)
            {
                problems.AddRange(PayrollFileReader.ReadAttendance(attendance, lenient: false).Errors.Select(e => e.ToString()));
            }
        }
        catch (InvalidDataException ex)
        {
            problems.Add(ex.Message);
        }

        if (PayrollFileReader.InFolder(dir, PayrollFileReader.HistoryFile) is { } history)
        {
            problems.AddRange(PayrollFileReader.ReadHistory(history).Errors.Select(e => e.ToString()));
        }

        foreach (var p in problems)
        {
            stderr.WriteLine(p);
        }

        return problems.Count;
    }

    private static string FileName(string? path, string fallback) => path is null ? fallback : Path.GetFileName(path);

    /// <summary>Prints a file's problems; true when they stop the run.</summary>
    private static bool Print(IReadOnlyList<RejectedLine> errors, bool refused, bool lenient, TextWriter stderr)
    {
        foreach (var e in errors)
        {
            stderr.WriteLine((lenient && !refused ? "skipped: " : "") + e);
        }

        return refused;
    }

    private static PayrollInput? FromDataset(string dir, CsPerfConfig config, YearMonth month, Instant asOf, bool lenient, TextWriter stderr)
    {
        WarmUp.Wait();
        var load = DatasetReader.Load(dir, config, lenient, TerminalError.For(stderr));
        CliApp.AfterLoad(load);
        CliApp.PrintProblems(load, stderr);
        if (load.Dataset is null)
        {
            stderr.WriteLine(lenient
                ? $"csperf: {load.ErrorCount} problem(s) in {dir} that --lenient cannot skip"
                : $"csperf: {load.ErrorCount} problem(s) in {dir}; fix them, or use --lenient to skip bad lines");
            return null;
        }

        return DatasetPayrollInput.Build(load.Dataset, config, month, asOf);
    }

    private static PayrollInput? FromReport(string path, string? dir, CsPerfConfig config, YearMonth month, TextWriter stderr)
    {
        Roster? roster = null;
        if (dir is not null && File.Exists(Path.Combine(dir, RosterReader.FileName)))
        {
            var (r, errors) = RosterReader.Read(Path.Combine(dir, RosterReader.FileName), config.TimeZone);
            foreach (var e in errors)
            {
                stderr.WriteLine(e.ToString());
            }

            if (r is null)
            {
                return null;
            }

            roster = r;
        }

        var (input, problems) = SavedReportReader.Read(path, month, roster);
        foreach (var p in problems)
        {
            stderr.WriteLine(p.ToString());
        }

        return input;
    }

    private static void Write(PayrollResult result, string format, string? outPath, TextWriter stdout)
    {
        if (format == "json" && outPath is not null)
        {
            using var file = File.Create(outPath);
            PayrollJsonWriter.Write(result, file);
            return;
        }

        using var writer = outPath is null ? null : new StreamWriter(outPath, false, new UTF8Encoding(false));
        var target = (TextWriter?)writer ?? stdout;
        switch (format)
        {
            case "json":
                target.Write(PayrollJsonWriter.ToJson(result));
                break;
            case "csv":
                PayrollCsvWriter.Write(result, target);
                break;
            case "html":
                PayrollHtmlWriter.Write(result, target);
                break;
            default:
                PayrollTableWriter.Write(result, target);
                break;
        }
    }
}
