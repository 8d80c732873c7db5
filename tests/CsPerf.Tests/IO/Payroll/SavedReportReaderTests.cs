using System.Text;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.IO.Payroll;
using CsPerf.Synthetic;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO.Payroll;

// contract.md "Payroll": --report R.json scores a saved JSON report (csperf report --by month --format json).
public class SavedReportReaderTests
{
    private static (Report Report, YearMonth Month, Dataset Data) DemoMonthReport()
    {
        var demo = SyntheticData.Demo();
        var data = Dataset.Create(demo.Config, demo.Roster, demo.Messages, demo.Orders, demo.Refunds, demo.Reviews, demo.Ratings, demo.Complaints);
        var probe = CsPerfEngine.Report(data, demo.Config, new ReportRequest { AsOf = demo.End, By = PeriodGrouping.Month });
        var first = probe.Periods[0].From;
        var month = new YearMonth(first.Year, first.Month);
        var request = new ReportRequest
        {
            AsOf = demo.End,
            By = PeriodGrouping.Month,
            AllRules = true,
            From = month.OnDayOfMonth(1),
            To = month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month)),
        };
        return (CsPerfEngine.Report(data, demo.Config, request), month, data);
    }

    [Fact] // the reader decides each key's kind as the writer did: every value reads back equal
    public void Read_WrittenReport_GivesBackEveryKpiValueWithItsKind()
    {
        var (report, _, _) = DemoMonthReport();
        var period = report.Periods.First(p => p.From.Day == 1 && p.To.Day == p.To.Calendar.GetDaysInMonth(p.To.Year, p.To.Month));
        var month = new YearMonth(period.From.Year, period.From.Month);
        var json = Encoding.UTF8.GetBytes(JsonReportWriter.ToJson(report));
        var (input, errors) = SavedReportReader.Parse(json, "R.json", month, null);
        Assert.Empty(errors);
        Assert.Equal(report.Rule, input!.ReportRule);
        Assert.Equal(period.Final, input.Final);
        Assert.Equal(period.Agents.Select(a => a.Agent), input.Agents.Select(a => a.Agent));
        foreach (var (written, read) in period.Agents.Zip(input.Agents))
        {
            Assert.Equal(written.Kpis.Count, read.Kpis.Count);
            foreach (var (key, value) in written.Kpis)
            {
                var back = read.Kpis[key];
                Assert.True(value.Kind == back.Kind, $"{key}: wrote {value.Kind}, read {back.Kind}");
                if (value.Kind == KpiKind.Money)
                {
                    Assert.Equal(Math.Round(value.Money, 2, MidpointRounding.AwayFromZero), back.Money);
                }
                else
                {
                    Assert.Equal(value, back);
                }
            }
        }
    }

    [Fact]
    public void Read_NoPeriodCoveringTheMonth_SaysHowToMakeOne()
    {
        const string json = """{"asOf":"2026-12-01T00:00:00Z","rule":"OrderFirst","periods":[{"from":"2026-11-01","to":"2026-11-29","final":true,"agents":[]}]}""";
        var (input, errors) = SavedReportReader.Parse(Encoding.UTF8.GetBytes(json), "R.json", new YearMonth(2026, 11), null);
        Assert.Null(input);
        Assert.Equal(["R.json: periods: no period 2026-11-01..2026-11-30 (run csperf report --by month)"], errors.Select(e => e.ToString()));
    }

    [Fact] // a report holding only the KPIs the plan reads is accepted; roles come from the roster when given
    public void Read_PartialKpisAndRoster_KeepsKeysAndRoles()
    {
        const string json = """
            {"rule":"Payment","periods":[{"from":"2026-11-01","to":"2026-11-30","final":false,
              "agents":[{"agent":"a1","name":"小王","kpis":{"sales":35000.5,"complaints":3,"inquiryToPaidRate":1,"aov":null}},
                        {"agent":"a2","name":"小李","kpis":{"sales":0}}]}]}
            """;
        var roster = new Roster([], [
            new AgentInfo("a1", "小王", [new AccountBinding("s1", "s1:w", AccountRole.Presale)]),
            new AgentInfo("a2", "小李", [new AccountBinding("s1", "s1:l", AccountRole.Aftersale)])]);
        var (input, errors) = SavedReportReader.Parse(Encoding.UTF8.GetBytes(json), "R.json", new YearMonth(2026, 11), roster);
        Assert.Empty(errors);
        Assert.Equal(AttributionRule.Payment, input!.ReportRule);
        Assert.False(input.Final);
        var a1 = input.Agents[0];
        Assert.True(a1.Presale);
        Assert.False(input.Agents[1].Presale);
        Assert.Equal(KpiValue.FromMoney(35000.5m), a1.Kpis["sales"]);
        Assert.Equal(KpiValue.FromCount(3), a1.Kpis["complaints"]);
        Assert.Equal(KpiValue.FromReal(1.0), a1.Kpis["inquiryToPaidRate"]);
        Assert.True(a1.Kpis["aov"].IsNull);
        Assert.Equal(4, a1.Kpis.Count);
    }

    [Fact]
    public void Read_WrongTypes_AreListedWithTheirJsonPath()
    {
        const string json = """
            {"rule":"Best","periods":[{"from":"2026-11-01","to":"2026-11-30","final":true,
              "agents":[{"agent":"a1","kpis":{"sales":"lots"}}]}]}
            """;
        var (input, errors) = SavedReportReader.Parse(Encoding.UTF8.GetBytes(json), "R.json", new YearMonth(2026, 11), null);
        Assert.Null(input);
        Assert.Equal(
            ["R.json: $.rule: expected \"Order\", \"Payment\" or \"OrderFirst\", was \"Best\"", "R.json: $.periods[0].agents[0].kpis.sales: expected a number or null, was \"lots\""],
            errors.Select(e => e.ToString()));
    }

    [Fact] // presale = the agent has a presale account (Roster.cs); the month's report is one period
    public void DatasetPayrollInput_Month_IsOnePeriodWithRoles()
    {
        var (_, month, data) = DemoMonthReport();
        var demo = SyntheticData.Demo();
        var input = DatasetPayrollInput.Build(data, demo.Config, month, demo.End);
        Assert.Equal(month, input.Period);
        Assert.NotEmpty(input.Agents);
        Assert.True(input.Agents[0].Kpis.Contains("salesByPayment"));
        var aftersale = data.Agents.Where(a => a.Accounts.All(i => data.Accounts[i].Role == AccountRole.Aftersale)).Select(a => a.Id).ToHashSet();
        Assert.All(input.Agents, a => Assert.Equal(!aftersale.Contains(a.Agent), a.Presale));
    }
}
