using System.Text;
using Xunit;

namespace CsPerf.Tests.BadInput;

// Holes the payroll mutation suite found (issue 6 × issue 7), each fed with its exact input through the CLI on the
// example month (docs/examples/payroll): exit 2 with `file:line: field: problem` or `file: $.path: problem`, never
// exit 1, never a silently accepted value (docs/io.md "Payroll files", input limits).
public class PayrollHoleTests(PayrollBadInputFixture fx) : IClassFixture<PayrollBadInputFixture>
{
    private RunResult Run(DatasetImage image, bool lenient)
    {
        using var folder = image.Materialize();
        return fx.Run(folder.Path, lenient);
    }

    private DatasetImage WithLine(string file, int line, string text)
    {
        var lines = fx.Jsonl.Lines(file);
        lines[line - 1] = Encoding.UTF8.GetBytes(text);
        return fx.Jsonl.WithLines(file, lines);
    }

    private DatasetImage WithText(string file, string from, string to)
    {
        string text = Encoding.UTF8.GetString(fx.Jsonl.Bytes(file));
        Assert.Contains(from, text, StringComparison.Ordinal);
        return fx.Jsonl.With(file, Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal)));
    }

    private void AssertStops(DatasetImage image, string expectedLine)
    {
        foreach (bool lenient in new[] { false, true })
        {
            var run = Run(image, lenient);
            Assert.True(run.Code == 2, $"exit {run.Code} ({(lenient ? "lenient" : "strict")}):\n{run.Err}");
            Assert.Contains(expectedLine, run.Err.Split('\n'));
        }
    }

    private void AssertBadLine(DatasetImage image, string expectedLine)
    {
        var strict = Run(image, lenient: false);
        Assert.True(strict.Code == 2, $"exit {strict.Code}:\n{strict.Err}");
        Assert.Contains(expectedLine, strict.Err.Split('\n'));
        var lenient = Run(image, lenient: true);
        Assert.True(lenient.Code == 0, $"lenient exit {lenient.Code}:\n{lenient.Err}");
        Assert.Contains("skipped: " + expectedLine, lenient.Err.Split('\n'));
    }

    [Fact] // docs/io.md "Payroll files": a count is at most 10^6 (AmountRules), so count × a penalty amount cannot overflow
    public void Scores_CountAboveAMillion_IsABadLine()
    {
        AssertBadLine(WithLine("scores.jsonl", 6, """{"agent":"a1","period":"2026-11","kind":"violations","count":9223372036854775807}"""),
            "scores.jsonl:6: count: must be at most 1000000, was 9223372036854775807");
        AssertBadLine(WithLine("scores.jsonl", 6, """{"agent":"a1","period":"2026-11","kind":"violations","count":1000001}"""),
            "scores.jsonl:6: count: must be at most 1000000, was 1000001");
    }

    [Fact] // docs/io.md "Payroll files": months 1970-01 .. 2199-12 (the supported instants); 0000-01 or 9999-12 is a typing error, not another month
    public void Months_OutsideTheSupportedRange_AreRefusedInEveryInput()
    {
        AssertBadLine(WithLine("scores.jsonl", 5, """{"agent":"a9","period":"9999-12","kind":"qa","self":80,"manager":90}"""),
            "scores.jsonl:5: period: \"9999-12\" is outside the supported range 1970-01 .. 2199-12");
        AssertBadLine(WithLine("attendance.jsonl", 1, """{"agent":"a1","period":"0000-01","scheduledDays":26,"workedDays":26}"""),
            "attendance.jsonl:1: period: \"0000-01\" is outside the supported range 1970-01 .. 2199-12");
        AssertStops(WithText("history.json", "\"2026-09\"", "\"0000-01\""),
            "history.json: $.periods[0].period: \"0000-01\" is outside the supported range 1970-01 .. 2199-12");

        using var folder = fx.Jsonl.Materialize();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CsPerf.Cli.CliApp.Run(["payroll", folder.Path, "--report", Path.Combine(folder.Path, PayrollBadInputFixture.Report), "--plan", Path.Combine(folder.Path, PayrollBadInputFixture.Standard), "--period", "9999-12"], stdout, stderr, new FakeClock(NodaTime.Instant.FromUtc(2026, 12, 20, 0, 0)));
        Assert.Equal(2, code);
        Assert.Contains("--period: \"9999-12\" is outside the supported range 1970-01 .. 2199-12", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact] // history.json agent ids are checked like dataset ids (issue 6: ids never merge, control characters refused)
    public void History_AgentIdWithAControlCharacter_IsRefusedWithItsJsonPath()
    {
        var image = WithText("history.json", "{\"agent\":\"a3\",\"rank\":4}]},\n  {\"period\":\"2026-10\"", "{\"agent\":\"a3\\u0000\",\"rank\":4}]},\n  {\"period\":\"2026-10\"");
        var run = Run(image, lenient: false);
        Assert.Equal(2, run.Code);
        Assert.StartsWith("history.json: $.periods[0].ranks[3].agent: \"a3", run.Err, StringComparison.Ordinal);
        AssertStops(image, run.Err.Split('\n')[0]);
    }

    [Fact] // a saved report's sales of 7.9e28 fit decimal but the team's credited sales overflowed (exit 1); docs/io.md limits
    public void Report_HugeMoneyKpi_IsRefusedWithItsJsonPath()
    {
        AssertStops(WithText(PayrollBadInputFixture.Report, "\"sales\": 35000.00", "\"sales\": 7.9e28"),
            "report-2026-11.json: $.periods[0].agents[0].kpis.sales: must be at most 1000000000000000 (10^15), was 7.9e28");
        AssertStops(WithText(PayrollBadInputFixture.Report, "\"sales\": 35000.00", "\"sales\": 79228162514264337593543950335"),
            "report-2026-11.json: $.periods[0].agents[0].kpis.sales: must be at most 1000000000000000 (10^15), was 79228162514264337593543950335");
    }

    [Fact] // a count of 1e30 was read as a real beyond decimal and silently became "no value" (no penalty charged)
    public void Report_HugeCountKpi_IsRefusedNotSilentlyDropped()
    {
        AssertStops(WithText(PayrollBadInputFixture.Report, "\"complaints\": 3", "\"complaints\": 1e30"),
            "report-2026-11.json: $.periods[0].agents[0].kpis.complaints: must be at most 1000000000000 (10^12), was 1e30");
        AssertStops(WithText(PayrollBadInputFixture.Report, "\"inquiryToPaidRate\": 0.52", "\"inquiryToPaidRate\": 9223372036854775807"),
            "report-2026-11.json: $.periods[0].agents[0].kpis.inquiryToPaidRate: must be at most 10^15, was 9223372036854775807");
    }

    [Fact] // no KPI is negative: refunds of -7.9e28 would have raised the commission basis
    public void Report_NegativeKpi_IsRefused()
    {
        AssertStops(WithText(PayrollBadInputFixture.Report, "\"refundAmount\": 1500.00", "\"refundAmount\": -7.9e28"),
            "report-2026-11.json: $.periods[0].agents[0].kpis.refundAmount: must not be negative, was -7.9e28");
        AssertStops(WithText(PayrollBadInputFixture.Report, "\"complaints\": 3", "\"complaints\": -1"),
            "report-2026-11.json: $.periods[0].agents[0].kpis.complaints: must not be negative, was -1");
    }

    [Fact] // a saved report's agent ids are checked like dataset ids (issue 6: a control character must not make another agent)
    public void Report_AgentIdWithAControlCharacter_IsRefused()
    {
        var image = WithText(PayrollBadInputFixture.Report, "\"agent\": \"a2\"", "\"agent\": \"a2\\u0001\"");
        var run = Run(image, lenient: false);
        Assert.Equal(2, run.Code);
        Assert.StartsWith("report-2026-11.json: $.periods[0].agents[1].agent: \"a2", run.Err, StringComparison.Ordinal);
        AssertStops(image, run.Err.Split('\n')[0]);
    }

    [Fact] // domain.md §7 linear scale: a floor and target a hair apart with a large KPI overflowed decimal in the division (exit 1)
    public void LinearScale_FloorAndTargetAHairApart_WithALargeKpi_PaysFullPoints()
    {
        var image = WithText(PayrollBadInputFixture.Aftersale, "\"target\": 1.0", "\"target\": 0.8000000000000000000000000001");
        image = image.With(PayrollBadInputFixture.Report, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(image.Bytes(PayrollBadInputFixture.Report))
            .Replace("\"satisfactionRate\": 0.95", "\"satisfactionRate\": 1000000000000000", StringComparison.Ordinal)));
        using var folder = image.Materialize();
        var run = fx.Run(folder.Path, lenient: false);
        Assert.True(run.Code == 0, run.Err);
        var a9 = System.Text.Json.Nodes.JsonNode.Parse(run.Out)!["plans"]![1]!["payslips"]![0]!;
        Assert.Equal("a9", a9["agent"]!.GetValue<string>());
        Assert.Equal(100m, a9["items"]![0]!["points"]!.GetValue<decimal>());
    }

    [Theory] // domain.md §7 ranking: top/bottom as large as int.MaxValue wrapped round (top + bottom < 0), rewarding or penalising every agent
    [InlineData("\"top\": 1", "\"top\": 2147483647")]
    [InlineData("\"bottom\": 1", "\"bottom\": 2147483647")]
    [InlineData("\"transferAfterLastPeriods\": 3", "\"transferAfterLastPeriods\": 2147483647")] // exit 1: a buffer of int.MaxValue months
    [InlineData("\"improvementPlanBottom\": 2", "\"improvementPlanBottom\": 2147483647")]
    public void Ranking_HugeCounts_PayLikeAnyCountAboveTheTeam(string from, string to)
    {
        var huge = Run(WithText(PayrollBadInputFixture.Standard, from, to), lenient: false);
        Assert.True(huge.Code is 0 or 2, $"exit {huge.Code}:\n{huge.Err}");
        if (huge.Code == 2)
        {
            // Plan validation may refuse it instead (its range limits), naming the field.
            Assert.StartsWith($"plan-standard.json: $.ranking.{from.Split('"')[1]}:", huge.Err, StringComparison.Ordinal);
            return;
        }

        var reference = Run(WithText(PayrollBadInputFixture.Standard, from, to.Replace("2147483647", "1000", StringComparison.Ordinal)), lenient: false);
        Assert.True(reference.Code == 0, reference.Err);
        Assert.Equal(reference.Out, huge.Out);
    }

    [Fact] // domain.md §7 linear scale: floor and target near ±decimal.MaxValue overflowed target − floor (exit 1)
    public void LinearScale_FloorAndTargetNearTheDecimalRange_ScoresWithoutOverflow()
    {
        var run = Run(WithText(PayrollBadInputFixture.Standard, "\"linear\": { \"floor\": 100, \"target\": 220 }",
            "\"linear\": { \"floor\": -79000000000000000000000000000, \"target\": 79000000000000000000000000000 }"), lenient: false);
        Assert.True(run.Code is 0 or 2, $"exit {run.Code}:\n{run.Err}");
        if (run.Code == 0)
        {
            // aov 199 sits in the middle of the scale: 50 points (to the last digit the halves allow).
            var a1 = System.Text.Json.Nodes.JsonNode.Parse(run.Out)!["plans"]![0]!["payslips"]![0]!;
            Assert.Equal(50m, Math.Round(a1["items"]![2]!["points"]!.GetValue<decimal>(), 6));
        }
        else
        {
            Assert.StartsWith("plan-standard.json: $.performance.items[2].linear", run.Err, StringComparison.Ordinal);
        }
    }
}
