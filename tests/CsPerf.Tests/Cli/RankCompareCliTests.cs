using System.Text.Json;
using CsPerf.Cli;
using CsPerf.Tests.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Cli;

// Issue 9 "Ranking view" (--rank KPI[:asc|desc]) and "Period comparison" (--compare previous); docs/io.md.
public class RankCompareCliTests
{
    private const string M3 = """{"id":"m3","shop":"s1","customer":"buyer_b","account":"s1:xiaoli","dir":"in","at":"2026-11-01T11:00:05+08:00","text":"在吗"}""";
    private const string M4 = """{"id":"m4","shop":"s1","customer":"buyer_b","account":"s1:xiaoli","dir":"out","at":"2026-11-01T11:00:10+08:00","text":"在的"}""";
    private const string M5 = """{"id":"m5","shop":"s1","customer":"buyer_c","account":"s1:xiaowang","dir":"in","at":"2026-10-31T11:00:05+08:00","text":"在吗"}""";
    private const string M6 = """{"id":"m6","shop":"s1","customer":"buyer_c","account":"s1:xiaowang","dir":"out","at":"2026-10-31T11:00:15+08:00","text":"在的"}""";

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0)));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static TempDataset Data() =>
        new TempDataset().With("messages.jsonl", TempDataset.M1, TempDataset.M2, M3, M4, M5, M6).With("orders.jsonl", TempDataset.O1);

    [Fact] // issue 9: --rank firstResponseAvg ranks the fastest agent first, in periods[].ranking
    public void Report_Rank_WritesRankingPerPeriodInJson()
    {
        using var ds = Data();
        var (code, output, err) = Run("report", ds.Dir, "--format", "json", "--by", "day", "--rank", "firstResponseAvg");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var nov1 = doc.RootElement.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("from").GetString() == "2026-11-01");
        Assert.Equal("asc", nov1.GetProperty("rankedBy").GetProperty("order").GetString());
        var ranking = nov1.GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(1, ranking[0].GetProperty("rank").GetInt32());
        Assert.Equal(5.0, ranking[0].GetProperty("value").GetDouble());
        Assert.Equal(Enumerable.Range(1, ranking.Count), ranking.Select(r => r.GetProperty("rank").GetInt32()));
    }

    [Fact] // issue 9: --rank KPI:desc overrides the catalogue's direction
    public void Report_RankDesc_OverridesDirection()
    {
        using var ds = Data();
        var (code, output, err) = Run("report", ds.Dir, "--format", "json", "--from", "2026-11-01", "--to", "2026-11-01", "--rank", "firstResponseAvg:desc");
        Assert.True(code == 0, err);
        var ranking = JsonDocument.Parse(output).RootElement.GetProperty("periods")[0].GetProperty("ranking");
        Assert.Equal(20.0, ranking[0].GetProperty("value").GetDouble());
    }

    [Theory] // issue 9: unknown, hourly, per-reason and suffixed-without-all-rules keys are usage errors (exit 2)
    [InlineData("noSuchKpi")]
    [InlineData("peakConcurrencyByHour")]
    [InlineData("complaintsByReason")] // §6 quality: counts per reason, not one number
    [InlineData("salesByPayment")]
    [InlineData("sales:up")]
    public void Report_RankBadKey_ExitsTwo(string rank)
    {
        using var ds = Data();
        var (code, _, err) = Run("report", ds.Dir, "--rank", rank);
        Assert.Equal(2, code);
        Assert.StartsWith("csperf: --rank:", err, StringComparison.Ordinal);
    }

    [Fact] // issue 9: suffixed keys are allowed under --rule all
    public void Report_RankSuffixedKeyWithAllRules_Works()
    {
        using var ds = Data();
        var (code, _, err) = Run("report", ds.Dir, "--rule", "all", "--rank", "salesByPayment");
        Assert.True(code == 0, err);
    }

    [Fact] // issue 9: today vs yesterday in JSON: previous, change and changeRate beside kpis, kpis unchanged
    public void Report_ComparePrevious_WritesPreviousAndChangeBesideKpis()
    {
        using var ds = Data();
        var (code, output, err) = Run("report", ds.Dir, "--format", "json", "--from", "2026-11-01", "--to", "2026-11-01", "--compare", "previous");
        Assert.True(code == 0, err);
        var p = JsonDocument.Parse(output).RootElement.GetProperty("periods")[0];
        Assert.Equal("2026-10-31", p.GetProperty("previousPeriod").GetProperty("from").GetString());
        var total = p.GetProperty("total");
        Assert.Equal(2, total.GetProperty("kpis").GetProperty("received").GetInt32());
        Assert.Equal(1, total.GetProperty("previous").GetProperty("received").GetInt32());
        Assert.Equal(1, total.GetProperty("change").GetProperty("received").GetInt32());
        Assert.Equal(1.0, total.GetProperty("changeRate").GetProperty("received").GetDouble());
    }

    [Fact] // docs/io.md: CSV comparison columns KEY.previous, KEY.change, KEY.changeRate and a rank column
    public void Report_CsvRankAndCompare_AddsColumnsAfterTheKpis()
    {
        using var ds = Data();
        var (code, output, err) = Run("report", ds.Dir, "--format", "csv", "--from", "2026-11-01", "--to", "2026-11-01", "--compare", "previous", "--rank", "sales");
        Assert.True(code == 0, err);
        var header = output.Split('\n')[0].Split(',');
        Assert.Contains("rank", header);
        Assert.Contains("received.previous", header);
        Assert.Contains("received.changeRate", header);
        Assert.True(Array.IndexOf(header, "rank") > Array.IndexOf(header, "postage"));
    }

    [Fact] // the table shows a leaderboard and the change section
    public void Report_TableRankAndCompare_ShowsLeaderboardAndChange()
    {
        using var ds = Data();
        var (code, output, err) = Run("report", ds.Dir, "--from", "2026-11-01", "--to", "2026-11-01", "--compare", "previous", "--rank", "sales");
        Assert.True(code == 0, err);
        Assert.Contains("Leaderboard by sales (highest first)", output, StringComparison.Ordinal);
        Assert.Contains("Change from 2026-10-31 .. 2026-10-31", output, StringComparison.Ordinal);
    }

    [Fact] // issue 9: the dashboard (HTML) shows the leaderboard
    public void Report_HtmlRank_ShowsLeaderboard()
    {
        using var ds = Data();
        var (code, output, err) = Run("report", ds.Dir, "--format", "html", "--rank", "replyRate");
        Assert.True(code == 0, err);
        Assert.Contains("<h3 data-kpi=\"replyRate\">客服排名 Leaderboard by 回复率 Reply rate (%), highest first</h3>", output, StringComparison.Ordinal);
    }

    [Fact] // issue 9 "Ranking view": the dashboard always has a leaderboard; without --rank it ranks by sales (docs/io.md)
    public void Report_HtmlWithoutRank_ShowsLeaderboardBySales_FromRanking()
    {
        using var ds = Data();
        var (code, output, err) = Run("report", ds.Dir, "--format", "html", "--by", "day");
        Assert.True(code == 0, err);

        // The rows are exactly Ranking.Rank's entries, in its order (one ranking code, not a second one in the writer).
        var data = CsPerf.IO.DatasetReader.Load(ds.Dir, CsPerfConfig.Default, lenient: false).Dataset!;
        var report = CsPerf.Engine.CsPerfEngine.Report(data, CsPerfConfig.Default, new ReportRequest { AsOf = Instant.FromUtc(2026, 12, 1, 0, 0), By = PeriodGrouping.Day });
        Assert.True(report.Periods.Length >= 2);
        Assert.Equal(report.Periods.Length, System.Text.RegularExpressions.Regex.Count(output, "<h3 data-kpi=\"sales\">客服排名 Leaderboard by 销售额 Sales \\(money\\), highest first</h3>"));
        foreach (var p in report.Periods)
        {
            // Each row starts with the rank, the agent and the ranked value (then more columns), in Ranking.Rank's order.
            string rows = string.Join(".*?", CsPerf.Engine.Ranking.Rank(p, Kpi.Sales).Entries.Select(e => System.Text.RegularExpressions.Regex.Escape(
                $"<tr><td data-v=\"{e.Rank}\">{e.Rank}</td><td data-v=\"{Enc(e)}\">{Enc(e)}</td><td data-v=\"{CsPerf.IO.KpiFormat.Machine(e.Value)}\">{System.Net.WebUtility.HtmlEncode(CsPerf.IO.KpiFormat.Human(Kpi.Sales, e.Value))}</td>")));
            Assert.Matches(new System.Text.RegularExpressions.Regex(rows, System.Text.RegularExpressions.RegexOptions.Singleline), output);
        }

        // The JSON, CSV and table keep their shape: no ranking unless asked for.
        Assert.DoesNotContain("\"ranking\"", Run("report", ds.Dir, "--format", "json").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Leaderboard", Run("report", ds.Dir).Out, StringComparison.Ordinal);
    }

    [Fact] // issue 10 item 6: the HTML report compares with the previous period even without --compare (docs/dashboard.md)
    public void Report_Html_DashboardTilesCompareWithThePreviousDay()
    {
        using var ds = Data();
        var (code, output, err) = Run("report", ds.Dir, "--format", "html", "--by", "day");
        Assert.True(code == 0, err);
        Assert.Contains("<section class=\"dashboard\" data-from=\"2026-11-01\" data-to=\"2026-11-01\">", output, StringComparison.Ordinal);
        Assert.Contains("vs 2026-10-31 .. 2026-10-31", output, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"first-response\"", output, StringComparison.Ordinal);
        var (dcode, demo, derr) = Run("demo", "--format", "html");
        Assert.True(dcode == 0, derr);
        Assert.Contains("data-chart=\"trend-sales\"", demo, StringComparison.Ordinal);
    }

    private static string Enc(RankEntry e) => System.Net.WebUtility.HtmlEncode(e.Name == e.Agent ? e.Agent : $"{e.Name} ({e.Agent})");

    [Fact]
    public void Report_CompareOther_ExitsTwo()
    {
        using var ds = Data();
        var (code, _, err) = Run("report", ds.Dir, "--compare", "lastyear");
        Assert.Equal(2, code);
        Assert.Contains("--compare", err, StringComparison.Ordinal);
    }
}
