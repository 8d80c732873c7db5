using System.Collections.Immutable;
using System.Text.Json;
using CsPerf.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

// contract.md "JSON report": keys, local dates, rates as fractions, money with at most 2 decimals rounded half away
// from zero, null for no value, peakConcurrencyByHour as 24 integers, unescaped Chinese.
public class ReportWriterTests
{
    internal static Report Sample()
    {
        var hourly = Enumerable.Range(0, 24).ToImmutableArray();
        KpiSet Kpis(decimal sales) => new([
            new("received", KpiValue.FromCount(42)),
            new("replyRate", KpiValue.FromReal(0.5)),
            new("firstResponseAvg", KpiValue.FromReal(12.25)),
            new("sales", KpiValue.FromMoney(sales)),
            new("aov", KpiValue.FromMoney(2.675m)),
            new("salesShare", KpiValue.Null),
            new("peakConcurrencyByHour", KpiValue.FromHourly(hourly)),
        ]);
        var account = new AccountReport("s1:xiaowang", "s1", Kpis(0.125m));
        var period = new PeriodReport(
            new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30), false, new LocalDate(2026, 11, 29),
            Kpis(12345.605m), [new ShopReport("s1", Kpis(12345.605m))], [new AgentReport("a1", "小王", Kpis(0.125m), [account])]);
        return new Report(
            Instant.FromUtc(2026, 11, 30, 0, 0), AttributionRule.OrderFirst, false, PeriodGrouping.All, [period],
            new FilteredCounts(3, 0, 1, 2, 0), 1, [new RejectedLine("messages.jsonl", 3, null, "not valid JSON")], ["w"]);
    }

    [Fact]
    public void JsonWriter_Report_HasContractKeysAndValues()
    {
        string json = JsonReportWriter.ToJson(Sample());
        Assert.Contains("\"name\": \"小王\"", json, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(["asOf", "rule", "periods", "filtered", "rejected", "rejectedLines"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-30T00:00:00Z", root.GetProperty("asOf").GetString());
        Assert.Equal("OrderFirst", root.GetProperty("rule").GetString());
        var p = root.GetProperty("periods")[0];
        Assert.Equal(["from", "to", "final", "provisionalFrom", "total", "shops", "agents"], p.EnumerateObject().Select(x => x.Name));
        Assert.Equal("2026-11-01", p.GetProperty("from").GetString());
        Assert.Equal("2026-11-29", p.GetProperty("provisionalFrom").GetString());
        var total = p.GetProperty("total").GetProperty("kpis");
        Assert.Equal(42, total.GetProperty("received").GetInt64());
        Assert.Equal(0.5, total.GetProperty("replyRate").GetDouble());
        Assert.Equal("12345.61", total.GetProperty("sales").GetRawText());
        Assert.Equal("2.68", total.GetProperty("aov").GetRawText());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("salesShare").ValueKind);
        Assert.Equal(24, total.GetProperty("peakConcurrencyByHour").GetArrayLength());
        var agent = p.GetProperty("agents")[0];
        Assert.Equal(["agent", "name", "kpis", "accounts"], agent.EnumerateObject().Select(x => x.Name));
        Assert.Equal("0.13", agent.GetProperty("kpis").GetProperty("sales").GetRawText());
        Assert.Equal(["account", "shop", "kpis"], agent.GetProperty("accounts")[0].EnumerateObject().Select(x => x.Name));
        Assert.Equal(["internal", "listed", "broadcast", "advert", "singleLine"], root.GetProperty("filtered").EnumerateObject().Select(x => x.Name));
        var rejected = root.GetProperty("rejectedLines")[0];
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("field").ValueKind);
        Assert.Equal(3, rejected.GetProperty("line").GetInt32());
    }

    [Fact]
    public void CsvWriter_Report_OneRowPerLevelAndEntity()
    {
        var text = new StringWriter();
        CsvReportWriter.Write(Sample(), text);
        var lines = text.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal("period_from,period_to,level,shop,agent,account,agent_name,received,replyRate,firstResponseAvg,sales,aov,salesShare,peakConcurrencyByHour", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("2026-11-01,2026-11-30,total,,,,,42,0.5,12.25,12345.61,2.68,,0;1;2;", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-01,2026-11-30,account,s1,a1,s1:xiaowang,小王,42,", lines[4], StringComparison.Ordinal); // issue 10: the agent's name in its own column
    }

    [Fact] // docs/io.md "CSV report columns": every hourly KPI (peakConcurrencyByHour, receptionsByHour, customerMessagesByHour) is one cell
    public void CsvWriter_RealReport_HourlyKpisAreOneCellEach()
    {
        var s = new CsPerf.Tests.Engine.Scenario().In("10:00:00").Out("10:00:10").In("14:00:00").Out("14:00:10");
        var text = new StringWriter();
        CsvReportWriter.Write(s.Report(), text);
        var lines = text.ToString().TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        Assert.All(lines, line => Assert.Equal(header.Length, line.Split(',').Length));
        var total = lines[1].Split(',');
        Assert.Equal("0;0;0;0;0;0;0;0;0;0;1;0;0;0;0;0;0;0;0;0;0;0;0;0", total[Array.IndexOf(header, "receptionsByHour")]);
        Assert.Equal("0;0;0;0;0;0;0;0;0;0;1;0;0;0;1;0;0;0;0;0;0;0;0;0", total[Array.IndexOf(header, "customerMessagesByHour")]);
        Assert.Contains("goodReviewRate", header);
    }

    [Fact]
    public void TableWriter_CjkNames_AlignByDisplayWidth()
    {
        var text = new StringWriter();
        TableReportWriter.Write(Sample(), text);
        var lines = text.ToString().Split('\n');
        var agentLine = lines.Single(l => l.StartsWith("agent 小王", StringComparison.Ordinal));
        var totalLine = lines.Single(l => l.StartsWith("Total", StringComparison.Ordinal));
        Assert.Equal(CsPerf.IO.KpiFormat.Width(totalLine), CsPerf.IO.KpiFormat.Width(agentLine));
        Assert.Contains("50.0%", totalLine, StringComparison.Ordinal);
        Assert.Contains("12,345.61", totalLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("小王", 4)]
    [InlineData("ｱ", 1)]
    [InlineData("Ａ", 2)]
    public void Width_EastAsianWide_CountsTwo(string text, int width) => Assert.Equal(width, CsPerf.IO.KpiFormat.Width(text));
}
