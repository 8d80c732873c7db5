using System.Text.Json;
using CsPerf.IO;
using CsPerf.Tests.IO;
using Xunit;
using static CsPerf.Tests.Cli.PayrollHandComputedTests;

namespace CsPerf.Tests.Cli;

// contract.md "Payroll": options, input files, errors (file:line: field, plan JSON paths), exit codes 0/2.
public class PayrollCliTests
{
    private static string[] Args(TempDataset ds, params string[] extra) =>
        ["payroll", ds.Dir, "--report", Path.Combine(ds.Dir, "R.json"), "--period", "2026-11", .. extra];

    private static string P(TempDataset ds, string file) => Path.Combine(ds.Dir, file);

    private static string[] Lines(string err) => err.TrimEnd().Split(Environment.NewLine);

    [Fact]
    public void PlanErrors_TypesAndMeaning_AllListedWithJsonPathsExitTwo()
    {
        using var ds = Month().WithText("bad.json", """
            { "name": "bad", "commission": { "mode": "tiered", "method": "progressive",
                "tiers": [ { "from": 0, "rate": 0.01 }, { "from": 100, "rate": "x" } ] },
              "performance": { "bonusBase": 100, "items": [ { "kpi": "sales", "weight": 90, "linear": { "floor": 0, "target": 10 } } ],
                               "grades": [ { "min": 0, "grade": "D", "coefficient": 0 } ] },
              "penalties": [ { "kpi": "complaints", "amout": 5 } ] }
            """);
        var (code, output, err) = Run(Args(ds, "--plan", P(ds, "bad.json")));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var lines = Lines(err);
        Assert.Contains("bad.json: $.commission.tiers[1].rate: expected a number, was \"x\"", lines);
        Assert.Contains(lines, l => l.StartsWith("bad.json: $.penalties[0].amout: unknown field", StringComparison.Ordinal));

        // The engine's meaning checks come in the same run, except where a field was already refused.
        Assert.Contains("bad.json: $.performance.items[0].weight: weights sum to 90, not 100", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("bad.json: $.commission.tiers[1].rate: ", StringComparison.Ordinal) && l.Contains("missing", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanErrors_Semantic_ReportedByTheEngineWithJsonPaths()
    {
        using var ds = Month().WithText("plan.json", """
            { "name": "weights", "performance": { "bonusBase": 100,
                "items": [ { "kpi": "inquiryToPaidRate", "weight": 50, "bands": [ { "min": 0, "points": 10 } ] },
                           { "kpi": "aov", "weight": 40, "linear": { "floor": 100, "target": 220 } } ],
                "grades": [ { "min": 0, "grade": "D", "coefficient": 0 } ] } }
            """);
        var (code, _, err) = Run(Args(ds, "--plan", P(ds, "plan.json")));
        Assert.Equal(2, code);
        Assert.Contains(Lines(err), l => l.StartsWith("plan.json: $.performance", StringComparison.Ordinal) && l.Contains("90", StringComparison.Ordinal));
    }

    [Fact]
    public void PlanFile_NotValidJson_SaysWhere()
    {
        using var ds = Month().WithText("plan.json", "{ \"name\": ");
        var (code, _, err) = Run(Args(ds, "--plan", P(ds, "plan.json")));
        Assert.Equal(2, code);
        Assert.StartsWith("plan.json: $: not valid JSON (line 1", err, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoresBadLine_FileLineField_ExitTwo_LenientGoesOnAndFlags()
    {
        using var ds = Month();
        var scores = File.ReadAllLines(P(ds, "scores.jsonl"));
        scores[2] = """{"agent":"a3","period":"2026-11","kind":"qa","self":160,"manager":70}""";
        File.WriteAllLines(P(ds, "scores.jsonl"), scores);
        var (code, _, err) = Run(Args(ds, "--plan", P(ds, "standard.json")));
        Assert.Equal(2, code);
        Assert.Contains("scores.jsonl:3: self: must be between 0 and 100, was 160", Lines(err));

        // Lenient: the bad line is skipped (and said), a3's qa line is then missing: 0 points, flagged missingScore.
        var (lenientCode, output, lenientErr) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--lenient", "--format", "json"));
        Assert.True(lenientCode == 0, lenientErr);
        Assert.Contains("skipped: scores.jsonl:3: self: must be between 0 and 100, was 160", Lines(lenientErr));
        var a3 = JsonDocument.Parse(output).RootElement.GetProperty("plans")[0].GetProperty("payslips")[2];
        Assert.Equal("a3", a3.GetProperty("agent").GetString());
        Assert.Contains(a3.GetProperty("flags").EnumerateArray(), f => f.GetProperty("flag").GetString() == "missingScore");
    }

    [Fact]
    public void MissingScoreLine_IsAnInputErrorNamingFileAgentAndKind()
    {
        using var ds = Month();
        File.WriteAllLines(P(ds, "scores.jsonl"), File.ReadAllLines(P(ds, "scores.jsonl")).Where(l => !l.Contains("\"a2\",\"period\":\"2026-11\",\"kind\":\"qa\"", StringComparison.Ordinal)));
        var (code, _, err) = Run(Args(ds, "--plan", P(ds, "standard.json")));
        Assert.Equal(2, code);
        Assert.Contains(Lines(err), l => l.StartsWith("scores.jsonl: a2: qa: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AttendanceBadLine_AndHistoryDuplicateMonth_AreReported()
    {
        using var ds = Month()
            .With("attendance.jsonl", """{"agent":"a1","period":"2026-11","scheduledDays":26,"workedDays":27}""")
            .WithText("history.json", """{"periods":[{"period":"2026-10","ranks":[]},{"period":"2026-10","ranks":[]}]}""");
        var (code, _, err) = Run(Args(ds, "--plan", P(ds, "standard.json")));
        Assert.Equal(2, code);
        Assert.Contains("attendance.jsonl:1: workedDays: 27 is more than scheduledDays 26", Lines(err));
        Assert.Contains("history.json: $.periods[1].period: 2026-10 is given twice (first at $.periods[0])", Lines(err));
    }

    [Fact]
    public void ScoresOption_ThatIsAFolder_IsNotAFile()
    {
        using var ds = Month();
        Directory.CreateDirectory(P(ds, "elsewhere"));
        var (code, _, err) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--scores", P(ds, "elsewhere")));
        Assert.Equal(2, code);
        Assert.Contains("elsewhere:0: -: not a file", Lines(err));
    }

    [Fact] // domain.md §7: a month not final as of --as-of is refused unless --provisional, which flags every payslip
    public void OpenMonth_RefusedWithoutProvisional_FlaggedWithIt()
    {
        using var ds = Month();
        File.WriteAllText(P(ds, "R.json"), PayrollHandComputedTests.Report.Replace("\"final\":true", "\"final\":false", StringComparison.Ordinal));
        var (code, output, err) = Run(Args(ds, "--plan", P(ds, "standard.json")));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("csperf: 2026-11 is not final yet", err, StringComparison.Ordinal);

        var (code2, output2, err2) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--provisional", "--format", "json"));
        Assert.True(code2 == 0, err2);
        foreach (var slip in JsonDocument.Parse(output2).RootElement.GetProperty("plans")[0].GetProperty("payslips").EnumerateArray())
        {
            Assert.Contains(slip.GetProperty("flags").EnumerateArray(), f => f.GetProperty("flag").GetString() == "provisional");
        }
    }

    [Fact]
    public void Report_WithoutTheMonthPeriod_SaysHowToMakeIt()
    {
        using var ds = Month();
        var (code, _, err) = Run(["payroll", ds.Dir, "--report", P(ds, "R.json"), "--period", "2026-10", "--plan", P(ds, "linear.json")]);
        Assert.Equal(2, code);
        Assert.Contains("R.json: periods: no period 2026-10-01..2026-10-31 (run csperf report --by month)", Lines(err));
    }

    [Fact] // docs/decisions.md: a saved report without DIR has no roster, so every agent is presale
    public void Report_WithoutDatasetFolder_EveryAgentIsPresale()
    {
        using var ds = Month();
        var (code, output, err) = Run(["payroll", "--report", P(ds, "R.json"), "--plan", P(ds, "linear.json"), "--attendance", P(ds, "attendance.jsonl"), "--period", "2026-11", "--format", "json", "--lenient"]);
        Assert.True(code == 0, err);
        var slips = JsonDocument.Parse(output).RootElement.GetProperty("plans")[0].GetProperty("payslips");
        Assert.Equal(["a1", "a2", "a3", "a4", "a9"], slips.EnumerateArray().Select(s => s.GetProperty("agent").GetString()));

        // a9 has no attendance line: lenient assumes full attendance and flags it; 2800 + 0 commission + 300 = 3100.00
        var a9 = slips[4];
        Assert.Equal("3100.00", Raw(a9, "totalPay"));
        Assert.Contains(a9.GetProperty("flags").EnumerateArray(), f => f.GetProperty("flag").GetString() == "missingAttendance");
    }

    [Fact] // csperf validate DIR lists the payroll files' problems too
    public void Validate_ChecksPayrollFiles()
    {
        using var ds = TempDataset.Valid()
            .With("scores.jsonl", """{"agent":"a1","period":"2026-11","kind":"qa","self":101,"manager":80}""")
            .WithText("history.json", """{"periods":[{"period":"2026-10","ranks":[{"agent":"a1","rank":2}]}]}""");
        var (code, output, err) = Run(["validate", ds.Dir]);
        Assert.Equal(2, code);
        Assert.Contains("; 2 problems,", output, StringComparison.Ordinal);
        Assert.Equal(["scores.jsonl:1: self: must be between 0 and 100, was 101", "history.json: $.periods[0].ranks: the ranks are not 1…1, each once (rank 1 is missing)"], Lines(err));
    }

    [Fact] // --save-history writes the month's ranks; a second run replaces the entry, never duplicates it
    public void SaveHistory_ReplacesTheMonthsEntry()
    {
        using var ds = Month();
        var (code, _, err) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--save-history"));
        Assert.True(code == 0, err);
        var (code2, _, err2) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--save-history"));
        Assert.True(code2 == 0, err2);
        var (history, errors) = CsPerf.IO.Payroll.PayrollFileReader.ReadHistory(P(ds, "history.json"));
        Assert.Empty(errors);
        Assert.Equal(["2026-09", "2026-10", "2026-11"], history!.Periods.Select(p => CsPerf.IO.Payroll.PayrollFileReader.Month(p.Period)));
        var nov = history.Periods[2].Ranks;
        Assert.Equal(["a1", "a2", "a4", "a3"], nov.OrderBy(r => r.Rank).Select(r => r.Agent));
    }

    [Fact] // decisions.md "Payroll": next month's transfer review reads saved ranks, so a provisional month's are not saved
    public void SaveHistory_OfAProvisionalMonth_LeavesTheHistoryAlone()
    {
        using var ds = Month();
        File.WriteAllText(P(ds, "R.json"), PayrollHandComputedTests.Report.Replace("\"final\":true", "\"final\":false", StringComparison.Ordinal));
        string before = File.ReadAllText(P(ds, "history.json"));
        var (code, _, err) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--provisional", "--save-history"));
        Assert.True(code == 0, err);
        Assert.Contains("warning: --save-history: 2026-11 is not final", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(P(ds, "history.json")));
    }

    [Fact]
    public void SaveHistory_ToANewFileNamedByHistory_CreatesIt()
    {
        using var ds = Month();
        File.Delete(P(ds, "history.json"));
        var (code, _, err) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--history", P(ds, "h2.json"), "--save-history"));
        Assert.True(code == 0, err);
        Assert.Contains("\"2026-11\"", File.ReadAllText(P(ds, "h2.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("payroll DIR")]
    [InlineData("payroll DIR --plan P")]
    [InlineData("payroll DIR --plan P --period 2026-13")]
    [InlineData("payroll --plan P --period 2026-11")]
    [InlineData("payroll DIR --plan P --period 2026-11 --format pdf")]
    [InlineData("payroll DIR --plan /no/such/plan.json --period 2026-11")]
    public void BadArguments_ExitTwoWithoutStackTrace(string commandLine)
    {
        using var ds = Month();
        var args = commandLine.Split(' ').Select(a => a == "DIR" ? ds.Dir : a == "P" ? P(ds, "standard.json") : a).ToArray();
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.NotEqual("", err);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Formats_TableCsvHtml_AndOut()
    {
        using var ds = Month();
        var (code, table, err) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--plan", P(ds, "linear.json")));
        Assert.True(code == 0, err);
        Assert.Contains("Payslip 小王 (a1) 2026-11", table, StringComparison.Ordinal);
        Assert.Contains("4490.00", table, StringComparison.Ordinal);
        Assert.Contains("What-if", table, StringComparison.Ordinal);
        Assert.Contains("-985.00", table, StringComparison.Ordinal);

        var (_, csv, _) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--plan", P(ds, "linear.json"), "--format", "csv"));
        var rows = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(",", PayrollCsvWriter.Columns), rows[0]);
        Assert.Equal(1 + 4 + 4, rows.Length);
        Assert.Equal("2026-11,2026 standard,a1,小王,3000.00,33000,500,1500,330.00,90.877778,A,1.2,1200.00,1,4,100.00,-340.00,26,26,200.00,,4490.00", rows[1]);

        string html = P(ds, "slips.html");
        var (hcode, hout, herr) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--plan", P(ds, "linear.json"), "--format", "html", "--out", html));
        Assert.True(hcode == 0, herr);
        Assert.Equal("", hout);
        string page = File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Equal(8, page.Split("<section class=\"slip\">").Length - 1);
        Assert.Contains("What-if", page, StringComparison.Ordinal);
        Assert.Contains("33000 &#215; 0.01", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact] // contract "Payroll" JSON: the keys, exactly and in order
    public void Json_KeysAreExactlyTheContracts()
    {
        using var ds = Month();
        var (_, output, _) = Run(Args(ds, "--plan", P(ds, "standard.json"), "--format", "json"));
        var root = JsonDocument.Parse(output).RootElement;
        static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["period", "plans", "whatIf"], Keys(root));
        var plan = root.GetProperty("plans")[0];
        Assert.Equal(["plan", "payslips", "team"], Keys(plan));
        Assert.Equal(["totalPay", "creditedSales", "payToSalesRatio", "unscored"], Keys(plan.GetProperty("team")));
        var slip = plan.GetProperty("payslips")[0];
        Assert.Equal(
            ["agent", "name", "base", "commissionBasis", "deductions", "commission", "bands", "items", "totalScore", "grade", "coefficient", "bonus",
             "rank", "rankOf", "rankingAdjustment", "penalties", "penalty", "attendance", "fullAttendanceBonus", "flags", "totalPay"],
            Keys(slip));
        Assert.Equal(["postage", "refunds"], Keys(slip.GetProperty("deductions")));
        Assert.Equal(["from", "to", "rate", "amount", "commission"], Keys(slip.GetProperty("bands")[0]));
        Assert.Equal(["item", "raw", "weight", "points", "weighted"], Keys(slip.GetProperty("items")[0]));
        Assert.Equal(["item", "count", "units", "amount"], Keys(slip.GetProperty("penalties")[0]));
        Assert.Equal(["scheduledDays", "workedDays"], Keys(slip.GetProperty("attendance")));
        Assert.Equal(["agent", "totalPay", "difference"], Keys(root.GetProperty("whatIf")[0]));
    }

    [Fact] // the documented example month (docs/payroll.md) gives exactly its expected files
    public void DocsExample_GivesTheExpectedJson()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "CsPerf.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        string ex = Path.Combine(dir, "docs", "examples", "payroll");
        var (code, output, err) = Run(["payroll", ex, "--report", Path.Combine(ex, "report-2026-11.json"), "--plan", Path.Combine(ex, "plan-standard.json"), "--plan", Path.Combine(ex, "plan-linear.json"), "--period", "2026-11", "--format", "json"]);
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllText(Path.Combine(ex, "expected-whatif.json")), output);

        string[] plans = ["plan-standard.json", "plan-linear.json", "plan-aftersale.json"];
        var (tcode, table, terr) = Run(["payroll", ex, "--report", Path.Combine(ex, "report-2026-11.json"), .. plans.SelectMany(p => new[] { "--plan", Path.Combine(ex, p) }), "--period", "2026-11"]);
        Assert.True(tcode == 0, terr);
        Assert.Equal(File.ReadAllText(Path.Combine(ex, "expected-roles.txt")).ReplaceLineEndings(), table.ReplaceLineEndings());
    }

    [Fact] // issue 7 "Demo": generate writes scores.jsonl and attendance.jsonl, the same for the same seed; payroll runs on it
    public void Generate_WritesPayrollInputs_DeterministicallyAndUsable()
    {
        using var a = new TempDataset();
        using var b = new TempDataset();
        Assert.Equal(0, Run(["generate", "--out", a.Dir, "--agents", "3", "--customers", "50", "--days", "3", "--seed", "5"]).Code);
        Assert.Equal(0, Run(["generate", "--out", b.Dir, "--agents", "3", "--customers", "50", "--days", "3", "--seed", "5"]).Code);
        foreach (var f in new[] { "scores.jsonl", "attendance.jsonl", "messages.jsonl", "orders.jsonl" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(a.Dir, f)), File.ReadAllText(Path.Combine(b.Dir, f)));
        }

        Assert.Contains("\"kind\":\"violations\"", File.ReadAllText(Path.Combine(a.Dir, "scores.jsonl")), StringComparison.Ordinal);
        a.WithText("p.json", Standard);
        var (code, _, err) = Run(["payroll", a.Dir, "--plan", Path.Combine(a.Dir, "p.json"), "--period", "2026-11", "--provisional"]);
        Assert.True(code == 0, err);
    }

    [Fact]
    public void Demo_PrintsAPayrollSummaryAfterTheReport()
    {
        var (code, output, _) = Run(["demo"]);
        Assert.Equal(0, code);
        int report = output.IndexOf("Total", StringComparison.Ordinal);
        int payroll = output.IndexOf("Payroll 2026-11", StringComparison.Ordinal);
        Assert.True(report >= 0 && payroll > report);
        Assert.Contains("Plan demo presale", output, StringComparison.Ordinal);
        Assert.Contains("Plan demo after-sale", output, StringComparison.Ordinal);
    }
    [Fact] // contract.md "Payroll": DIR and --report R.json (saved with --rule all) give the same payslips, under every rule
    public void Payroll_FromDatasetAndFromItsSavedReport_GiveTheSamePayslips()
    {
        using var ds = new TempDataset();
        Assert.Equal(0, Run(["generate", "--out", ds.Dir, "--agents", "3", "--customers", "300", "--days", "30", "--seed", "9"]).Code);
        ds.WithText("p.json", Standard);
        ds.WithText("q.json", Standard.Replace("\"2026 standard\"", "\"by payment\"", StringComparison.Ordinal)
            .Replace("\"OrderFirst\"", "\"Payment\"", StringComparison.Ordinal));
        string report = Path.Combine(ds.Dir, "R.json");
        Assert.Equal(0, Run(["report", ds.Dir, "--by", "month", "--rule", "all", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json", "--out", report]).Code);
        string[] plans = ["--plan", Path.Combine(ds.Dir, "p.json"), "--plan", Path.Combine(ds.Dir, "q.json"), "--period", "2026-11", "--format", "json"];
        var fromDataset = Run(["payroll", ds.Dir, .. plans]);
        var fromReport = Run(["payroll", ds.Dir, "--report", report, .. plans]);
        Assert.True(fromDataset.Code == 0, fromDataset.Err);
        Assert.True(fromReport.Code == 0, fromReport.Err);
        Assert.Equal(fromDataset.Out, fromReport.Out);
        Assert.Contains("\"item\": \"aov\"", fromDataset.Out, StringComparison.Ordinal);
    }
}

