using System.Text.Json;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.Synthetic;
using CsPerf.Tests.Engine;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

/// <summary>Issue 10 item 4: a saved report reads back (contract.md "JSON report"), and writes the same JSON again.</summary>
public class JsonReportReaderTests
{
    private static (Dataset Data, SyntheticDataset Demo) Demo()
    {
        var demo = SyntheticData.Demo();
        return (Dataset.Create(demo.Config, demo.Roster, demo.Messages, demo.Orders, demo.Refunds, demo.Reviews, demo.Ratings, demo.Complaints), demo);
    }

    [Theory]
    [InlineData(PeriodGrouping.Day, false, false, false)]
    [InlineData(PeriodGrouping.Week, true, false, false)]
    [InlineData(PeriodGrouping.All, false, true, true)]
    [InlineData(PeriodGrouping.Day, true, true, true)]
    public void SavedReport_ReadBack_WritesTheSameJson(PeriodGrouping by, bool allRules, bool compare, bool rank)
    {
        var (data, demo) = Demo();
        var request = new ReportRequest { AsOf = demo.End, By = by, AllRules = allRules };
        var report = CsPerfEngine.Report(data, demo.Config, request);
        if (compare)
        {
            report = Comparison.WithPrevious(report, data, demo.Config, request);
        }

        if (rank)
        {
            report = Ranking.Rank(report, Kpi.Sales);
        }

        string json = JsonReportWriter.ToJson(report);
        var back = JsonReportReader.Parse(json);
        Assert.Equal(json, JsonReportWriter.ToJson(back));
        Assert.Equal(report.AsOf, back.AsOf);
        Assert.Equal(report.Rule, back.Rule);
        Assert.Equal(allRules, back.AllRules);
        Assert.Equal(report.Periods.Length, back.Periods.Length);
        if (report.Periods.Length > 1)
        {
            Assert.Equal(by, back.By);
        }

        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(json, JsonReportWriter.ToJson(JsonReportReader.Read(stream)));
    }

    [Fact] // the read-back KPIs are typed by the catalogue: counts are counts, money is money, rates are reals
    public void SavedReport_ReadBack_KeepsKpiKinds()
    {
        var (data, demo) = Demo();
        var report = CsPerfEngine.Report(data, demo.Config, new ReportRequest { AsOf = demo.End });
        var total = JsonReportReader.Parse(JsonReportWriter.ToJson(report)).Periods[0].Total;
        Assert.Equal(report.Periods[0].Total.Count(Kpi.Received), total.Count(Kpi.Received));
        Assert.Equal(report.Periods[0].Total[Kpi.Sales].Money, total[Kpi.Sales].Money);
        Assert.Equal(report.Periods[0].Total.Real(Kpi.ReplyRate), total.Real(Kpi.ReplyRate));
        Assert.Equal(report.Periods[0].Total[Kpi.ComplaintsByReason].Breakdown, total[Kpi.ComplaintsByReason].Breakdown);
    }

    [Theory] // bad input names the JSON path
    [InlineData("[]", "$: expected an object")]
    [InlineData("""{"asOf":"2026-11-30T00:00:00Z","rule":"OrderFirst"}""", "$.periods: missing")]
    [InlineData("""{"asOf":"2026-11-30T00:00:00Z","rule":"Nope","periods":[]}""", "$.rule: expected")]
    [InlineData("""{"asOf":"2026-11-30T00:00:00Z","rule":"OrderFirst","periods":[{"from":"2026-11-01","to":"x","final":true,"provisionalFrom":null,"total":{"kpis":{}},"shops":[],"agents":[]}]}""", "$.periods[0].to: expected a date")]
    public void SavedReport_BadInput_NamesThePath(string json, string expected)
    {
        var ex = Assert.Throws<JsonException>(() => JsonReportReader.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact] // issue 10 item 4: nothing public throws from a getter while the plain serializer walks a report
    public void Report_PlainSerializer_DoesNotThrow()
    {
        var (data, demo) = Demo();
        var report = CsPerfEngine.Report(data, demo.Config, new ReportRequest { AsOf = demo.End, AllRules = true });
        Assert.NotEmpty(JsonSerializer.Serialize(report));
        Assert.NotEmpty(JsonSerializer.Serialize(report, CsPerfJsonContext.Default.Report));
        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(report, CsPerfJsonContext.Default.Report), CsPerfJsonContext.Default.Report)!;
        Assert.Equal(JsonReportWriter.ToJson(report), JsonReportWriter.ToJson(back));
    }
}
