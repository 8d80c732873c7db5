using CsPerf.IO.Payroll;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO.Payroll;

// contract.md "Dataset folder" (scores.jsonl, attendance.jsonl, history.json) and "Payroll": bad lines are
// file:line: field: problem, like any dataset file.
public class PayrollFileReaderTests
{
    private static string[] Errors<T>(PayrollFileResult<T> r) => r.Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Scores_SelfManagerAndCountLines_AreRead()
    {
        using var ds = new TempDataset().With("scores.jsonl",
            """{"agent":"a1","period":"2026-11","kind":"qa","self":90,"manager":80.5}""",
            "",
            """{"agent":"a1","period":"2026-11","kind":"violations","count":2}""");
        var r = PayrollFileReader.ReadScores(Path.Combine(ds.Dir, "scores.jsonl"), lenient: false);
        Assert.Empty(r.Errors);
        var s = r.Records!.Value;
        Assert.Equal(2, s.Length);
        Assert.Equal(new CsPerf.Engine.Payroll.ExternalScore("a1", new YearMonth(2026, 11), "qa", 90m, 80.5m, null), s[0]);
        Assert.Equal(new CsPerf.Engine.Payroll.ExternalScore("a1", new YearMonth(2026, 11), "violations", null, null, 2), s[1]);
    }

    [Theory]
    [InlineData("""{"agent":"a1","period":"2026-11","kind":"qa","self":101,"manager":80}""", "scores.jsonl:1: self: must be between 0 and 100, was 101")]
    [InlineData("""{"agent":"a1","period":"2026-11","kind":"qa","self":-1,"manager":80}""", "scores.jsonl:1: self: must be between 0 and 100, was -1")]
    [InlineData("""{"agent":"a1","period":"2026-11","kind":"qa","self":90,"manager":"x"}""", "scores.jsonl:1: manager: expected a number 0–100, was \"x\"")]
    [InlineData("""{"agent":"a1","period":"2026-11","kind":"qa"}""", "scores.jsonl:1: self: missing: a score line has self and/or manager (0–100), or count")]
    [InlineData("""{"agent":"a1","period":"2026-11","kind":"violations","count":-2}""", "scores.jsonl:1: count: must not be negative, was -2")]
    [InlineData("""{"agent":"a1","period":"2026-11","kind":"violations","count":1.5}""", "scores.jsonl:1: count: expected a whole number, was 1.5")]
    [InlineData("""{"agent":"a1","period":"2026-11","kind":"violations","count":1,"self":3}""", "scores.jsonl:1: count: a line has either count or self/manager, not both")]
    [InlineData("""{"period":"2026-11","kind":"qa","self":1,"manager":2}""", "scores.jsonl:1: agent: missing")]
    [InlineData("""{"agent":"a1","period":"2026-13","kind":"qa","self":1,"manager":2}""", "scores.jsonl:1: period: \"2026-13\" is not a month (yyyy-MM)")]
    [InlineData("""{"agent":"a1","period":"2026-11-01","kind":"qa","self":1,"manager":2}""", "scores.jsonl:1: period: \"2026-11-01\" is not a month (yyyy-MM)")]
    [InlineData("""{"agent":"a1","period":"2026-11","self":1,"manager":2}""", "scores.jsonl:1: kind: missing")]
    [InlineData("""{"agent":"a1",""", "scores.jsonl:1: -: not valid JSON")]
    public void Scores_BadLine_IsReportedWithFileLineAndField(string line, string expected)
    {
        using var ds = new TempDataset().With("scores.jsonl", line);
        var r = PayrollFileReader.ReadScores(Path.Combine(ds.Dir, "scores.jsonl"), lenient: false);
        Assert.Null(r.Records);
        Assert.Equal([expected], Errors(r));
    }

    [Fact]
    public void Scores_SameAgentPeriodKindTwice_IsAnError()
    {
        using var ds = new TempDataset().With("scores.jsonl",
            """{"agent":"a1","period":"2026-11","kind":"qa","self":90,"manager":80}""",
            """{"agent":"a1","period":"2026-10","kind":"qa","self":90,"manager":80}""",
            """{"agent":"a1","period":"2026-11","kind":"qa","self":70,"manager":80}""");
        var r = PayrollFileReader.ReadScores(Path.Combine(ds.Dir, "scores.jsonl"), lenient: false);
        Assert.Equal(["scores.jsonl:3: kind: duplicate score of agent \"a1\" for 2026-11 kind \"qa\" (first on line 1)"], Errors(r));
    }

    [Fact]
    public void Scores_Lenient_KeepsGoodLinesAndListsBadOnes()
    {
        using var ds = new TempDataset().With("scores.jsonl",
            """{"agent":"a1","period":"2026-11","kind":"qa","self":90,"manager":80}""",
            """{"agent":"a2","period":"2026-11","kind":"qa","self":190,"manager":80}""");
        var r = PayrollFileReader.ReadScores(Path.Combine(ds.Dir, "scores.jsonl"), lenient: true);
        Assert.Single(r.Records!.Value);
        Assert.Equal(["scores.jsonl:2: self: must be between 0 and 100, was 190"], Errors(r));
    }

    [Fact]
    public void Scores_Csv_GivesTheSameRecordsAndErrors()
    {
        using var ds = new TempDataset().With("scores.csv",
            "agent,period,kind,self,manager,count",
            "a1,2026-11,qa,90,80,",
            "a1,2026-11,violations,,,3",
            "a2,2026-11,qa,90,800,");
        var r = PayrollFileReader.ReadScores(Path.Combine(ds.Dir, "scores.csv"), lenient: true);
        Assert.Equal(2, r.Records!.Value.Length);
        Assert.Equal(3, r.Records!.Value[1].Count);
        Assert.Equal(["scores.csv:4: manager: must be between 0 and 100, was 800"], Errors(r));
    }

    [Fact]
    public void Scores_PathIsADirectory_IsNotAFile()
    {
        using var ds = new TempDataset();
        Directory.CreateDirectory(Path.Combine(ds.Dir, "scores.jsonl"));
        var r = PayrollFileReader.ReadScores(Path.Combine(ds.Dir, "scores.jsonl"), lenient: true);
        Assert.Null(r.Records);
        Assert.Equal(["scores.jsonl:0: -: not a file"], Errors(r));
    }

    [Fact]
    public void InFolder_BothJsonlAndCsv_IsRefused()
    {
        using var ds = new TempDataset().With("attendance.jsonl", "").With("attendance.csv", "agent");
        var ex = Assert.Throws<InvalidDataException>(() => PayrollFileReader.InFolder(ds.Dir, PayrollFileReader.AttendanceFile));
        Assert.Contains("both attendance.jsonl and attendance.csv", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"agent":"a1","period":"2026-11","scheduledDays":0,"workedDays":0}""", "attendance.jsonl:1: scheduledDays: must be greater than 0")]
    [InlineData("""{"agent":"a1","period":"2026-11","scheduledDays":26,"workedDays":27}""", "attendance.jsonl:1: workedDays: 27 is more than scheduledDays 26")]
    [InlineData("""{"agent":"a1","period":"2026-11","scheduledDays":26,"workedDays":-1}""", "attendance.jsonl:1: workedDays: must not be negative, was -1")]
    [InlineData("""{"agent":"a1","period":"2026-11","scheduledDays":26.5,"workedDays":1}""", "attendance.jsonl:1: scheduledDays: expected a whole number, was 26.5")]
    [InlineData("""{"agent":"a1","period":"2026-11","workedDays":1}""", "attendance.jsonl:1: scheduledDays: missing")]
    [InlineData("""{"agent":"a1","period":"Nov","scheduledDays":26,"workedDays":1}""", "attendance.jsonl:1: period: \"Nov\" is not a month (yyyy-MM)")]
    public void Attendance_BadLine_IsReportedWithFileLineAndField(string line, string expected)
    {
        using var ds = new TempDataset().With("attendance.jsonl", line);
        var r = PayrollFileReader.ReadAttendance(Path.Combine(ds.Dir, "attendance.jsonl"), lenient: false);
        Assert.Null(r.Records);
        Assert.Equal([expected], Errors(r));
    }

    [Fact]
    public void Attendance_GoodAndDuplicateLines()
    {
        using var ds = new TempDataset().With("attendance.jsonl",
            """{"agent":"a1","period":"2026-11","scheduledDays":26,"workedDays":25}""",
            """{"agent":"a1","period":"2026-11","scheduledDays":26,"workedDays":26}""");
        var r = PayrollFileReader.ReadAttendance(Path.Combine(ds.Dir, "attendance.jsonl"), lenient: true);
        Assert.Equal([new CsPerf.Engine.Payroll.AttendanceRecord("a1", new YearMonth(2026, 11), 26, 25)], r.Records!.Value.ToArray());
        Assert.Equal(["attendance.jsonl:2: agent: duplicate attendance of agent \"a1\" for 2026-11 (first on line 1)"], Errors(r));
    }

    [Fact]
    public void History_ValidFile_IsRead()
    {
        using var ds = new TempDataset().WithText("history.json", """{"periods":[{"period":"2026-10","ranks":[{"agent":"a2","rank":2},{"agent":"a1","rank":1}]}]}""");
        var (h, errors) = PayrollFileReader.ReadHistory(Path.Combine(ds.Dir, "history.json"));
        Assert.Empty(errors);
        var p = Assert.Single(h!.Periods);
        Assert.Equal(new YearMonth(2026, 10), p.Period);
        Assert.Equal([new CsPerf.Engine.Payroll.AgentRank("a2", 2), new CsPerf.Engine.Payroll.AgentRank("a1", 1)], p.Ranks.ToArray());
    }

    [Theory]
    [InlineData("""{"periods":[{"period":"2026-10","ranks":[]},{"period":"2026-10","ranks":[]}]}""", "history.json: $.periods[1].period: 2026-10 is given twice (first at $.periods[0])")]
    [InlineData("""{"periods":[{"period":"2026-10","ranks":[{"agent":"a1","rank":1},{"agent":"a1","rank":2}]}]}""", "history.json: $.periods[0].ranks[1].agent: agent \"a1\" is ranked twice in this month (first at $.periods[0].ranks[0])")]
    [InlineData("""{"periods":[{"period":"2026-10","ranks":[{"agent":"a1","rank":1},{"agent":"a2","rank":3}]}]}""", "history.json: $.periods[0].ranks: the ranks are not 1…2, each once (rank 2 is missing)")]
    [InlineData("""{"periods":[{"period":"2026-10","ranks":[{"agent":"a1","rank":1},{"agent":"a2","rank":1}]}]}""", "history.json: $.periods[0].ranks: the ranks are not 1…2, each once (rank 1 is given twice)")]
    [InlineData("""{"periods":[{"period":"2026/10","ranks":[]}]}""", "history.json: $.periods[0].period: expected a month \"yyyy-MM\", was \"2026/10\"")]
    [InlineData("""{"periods":[{"period":"2026-10","ranks":[{"agent":"a1","rank":0}]}]}""", "history.json: $.periods[0].ranks[0].rank: expected a whole number ≥ 1, was 0")]
    [InlineData("""{"periods":{}}""", "history.json: $.periods: expected an array")]
    [InlineData("""[1]""", "history.json: $: expected an object with \"periods\"")]
    [InlineData("""{"periods":[""", "history.json: $: not valid JSON (line 1, column 13)")]
    public void History_BadContent_IsReportedWithItsJsonPath(string json, string expected)
    {
        using var ds = new TempDataset().WithText("history.json", json);
        var (h, errors) = PayrollFileReader.ReadHistory(Path.Combine(ds.Dir, "history.json"));
        Assert.Null(h);
        Assert.Equal([expected], errors.Select(e => e.ToString()));
    }
}
