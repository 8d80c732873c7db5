using System.Globalization;
using System.Text.RegularExpressions;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.Synthetic;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

/// <summary>
/// Issue 10 item 6, the dashboard (docs/dashboard.md): every number on the page is a report number, the first response
/// distribution counts exactly the sessions of the first response KPIs, and the day trend adds up to the period.
/// </summary>
public partial class HtmlDashboardTests
{
    private static (Dataset Data, CsPerfConfig Config, Instant End) Data(int days)
    {
        var demo = days == 0 ? SyntheticData.Demo() : SyntheticData.Generate(new GeneratorOptions { Days = days, Customers = 600, Agents = 5 });
        return (Dataset.Create(demo.Config, demo.Roster, demo.Messages, demo.Orders, demo.Refunds, demo.Reviews, demo.Ratings, demo.Complaints), demo.Config, demo.End);
    }

    private static (Report Report, DashboardData Dashboard, string Page) Build(int days, PeriodGrouping by)
    {
        var (data, config, end) = Data(days);
        var request = new ReportRequest { AsOf = end, By = by };
        var report = CsPerfEngine.Report(data, config, request);
        var dashboard = Dashboard.Compute(report, data, config, request);
        var html = new StringWriter();
        HtmlReportWriter.Write(report, html, null, dashboard);
        return (report, dashboard, html.ToString());
    }

    [GeneratedRegex("data-kpi=\"(?<k>[A-Za-z]+)\"(?: data-date=\"(?<d>[0-9-]+)\")?(?: data-hour=\"(?<h>[0-9]+)\")? data-value=\"(?<v>[^\"]*)\"")]
    private static partial Regex Marked();

    [Theory] // domain.md §6: the first response KPIs count customer-started sessions; the buckets count the same ones
    [InlineData(0, PeriodGrouping.All)]
    [InlineData(0, PeriodGrouping.Day)]
    [InlineData(21, PeriodGrouping.Week)]
    [InlineData(40, PeriodGrouping.Month)]
    public void Dashboard_FirstResponseBuckets_AreTheFirstResponseKpisSessions(int days, PeriodGrouping by)
    {
        var (report, dashboard, _) = Build(days, by);
        Assert.Equal(report.Periods.Length, dashboard.Periods.Length);
        for (int i = 0; i < report.Periods.Length; i++)
        {
            var total = report.Periods[i].Total;
            var dist = dashboard.Periods[i].FirstResponses;
            long answered = dist.Answered.Sum();
            Assert.Equal(FirstResponseDistribution.UpperBounds.Length + 1, dist.Answered.Length);

            // ≤ 15 s and 15–30 s are the hits of firstResponseHitRate (target 30 s); unanswered sessions are misses.
            Assert.Equal(CsPerfConfig.Default.FirstResponseTarget, FirstResponseDistribution.UpperBounds[1]);
            var hit = total[Kpi.FirstResponseHitRate];
            Assert.Equal(dist.Sessions == 0, hit.IsNull);
            if (!hit.IsNull)
            {
                Assert.Equal(hit.Real, (double)(dist.Answered[0] + dist.Answered[1]) / dist.Sessions, 12);
            }

            // Their mean is firstResponseAvg.
            var avg = total[Kpi.FirstResponseAvg];
            Assert.Equal(answered == 0, avg.IsNull);
            if (!avg.IsNull)
            {
                Assert.Equal(avg.Real, dist.AnsweredTotal.TotalSeconds / answered, 6);
            }
        }
    }

    [Theory] // additive KPIs (domain.md §6 "Levels") sum over the days of a period
    [InlineData(0, PeriodGrouping.All)]
    [InlineData(21, PeriodGrouping.Week)]
    [InlineData(40, PeriodGrouping.Month)]
    public void Dashboard_Days_AddUpToThePeriod(int days, PeriodGrouping by)
    {
        var (report, dashboard, _) = Build(days, by);
        for (int i = 0; i < report.Periods.Length; i++)
        {
            var p = report.Periods[i];
            var ds = dashboard.Periods[i].Days;
            Assert.Equal(Period.Between(p.From, p.To, PeriodUnits.Days).Days + 1, ds.Length);
            foreach (var key in new[] { Kpi.Received, Kpi.Inquiries, Kpi.Ordered, Kpi.Paid, Kpi.Orders })
            {
                Assert.Equal(p.Total[key].Count, ds.Sum(d => d.Total[key].Count));
            }

            foreach (var key in new[] { Kpi.Sales, Kpi.AgentSales, Kpi.SilentSales })
            {
                Assert.Equal(p.Total[key].Money, ds.Sum(d => d.Total[key].Money));
            }

            var hourly = p.Total[Kpi.ReceptionsByHour].Hourly;
            for (int h = 0; h < 24; h++)
            {
                Assert.Equal(hourly[h], ds.Sum(d => d.Total[Kpi.ReceptionsByHour].Hourly[h]));
            }
        }
    }

    [Theory] // issue 10 item 6: every number the dashboard draws is the report's (machine form in data-value)
    [InlineData(0, PeriodGrouping.Day)]
    [InlineData(21, PeriodGrouping.Week)]
    public void Dashboard_Page_ShowsTheReportsNumbers(int days, PeriodGrouping by)
    {
        var (report, dashboard, page) = Build(days, by);
        var last = report.Periods[^1];
        string dash = page[page.IndexOf("<section class=\"dashboard\"", StringComparison.Ordinal)..page.IndexOf("</section>", StringComparison.Ordinal)];
        var days2 = dashboard.Periods.SelectMany(x => x.Days).ToDictionary(d => d.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        int checkedValues = 0;
        foreach (Match m in Marked().Matches(dash))
        {
            string key = m.Groups["k"].Value, value = System.Net.WebUtility.HtmlDecode(m.Groups["v"].Value);
            if (m.Groups["d"].Success)
            {
                Assert.Equal(KpiFormat.Machine(days2[m.Groups["d"].Value].Total[key]), value);
            }
            else if (m.Groups["h"].Success)
            {
                Assert.Equal(last.Total[key].Hourly[int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture)].ToString(CultureInfo.InvariantCulture), value);
            }
            else
            {
                Assert.Equal(KpiFormat.Machine(last.Total[key]), value);
            }

            checkedValues++;
        }

        // 5 tiles, 4 funnel steps, 2 × 24 hourly, 2 sales parts, 2 × days trend points and 2 × days sales parts.
        Assert.Equal(5 + 4 + 48 + 2 + (4 * days2.Count), checkedValues);
        foreach (var key in HtmlDashboard.TileKpis.Concat(HtmlDashboard.FunnelKpis).Append(Kpi.AgentSales).Append(Kpi.SilentSales))
        {
            Assert.Contains($"data-kpi=\"{key}\"", dash, StringComparison.Ordinal);
        }

        // The tiles' changes are KpiChange's against the previous period.
        var previous = dashboard.Periods[^1].Previous!;
        foreach (var key in HtmlDashboard.TileKpis)
        {
            var change = KpiChange.Of(last.Total[key], previous.Total[key]).Change;
            if (!change.IsNull)
            {
                Assert.Contains($"data-change=\"{System.Net.WebUtility.HtmlEncode(KpiFormat.Machine(change))}\"", dash, StringComparison.Ordinal);
            }
        }

        // The distribution's bars are the engine's counts.
        var dist = dashboard.Periods[^1].FirstResponses;
        for (int b = 0; b <= dist.Answered.Length; b++)
        {
            long count = b < dist.Answered.Length ? dist.Answered[b] : dist.Unanswered;
            Assert.Contains($"data-bucket=\"{b}\" data-value=\"{count}\"", dash, StringComparison.Ordinal);
        }
    }

    [Fact] // docs/dashboard.md: KPI names carry Chinese, English and unit; the raw key stays in a title attribute
    public void Dashboard_KpiLabels_ChineseEnglishUnit()
    {
        Assert.Equal("接待人数 Received (receptions)", KpiLabels.Label(Kpi.Received));
        Assert.Equal("回复率 Reply rate (%)", KpiLabels.Label(Kpi.ReplyRate));
        Assert.Equal("平均首次响应时间 First response avg (s)", KpiLabels.Label(Kpi.FirstResponseAvg));
        Assert.Equal("销售额 Sales [ByPayment] (money)", KpiLabels.Label("salesByPayment"));
        var (_, _, page) = Build(0, PeriodGrouping.All);
        Assert.Contains("<th title=\"received\" data-kpi=\"received\">接待人数<br><span class=\"en\">Received (receptions)</span></th>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<th>received</th>", page, StringComparison.Ordinal);
    }

    [Fact] // self-contained: no network (no src= or href= leaving the page, no CDN)
    public void Dashboard_Page_IsSelfContained()
    {
        var (_, _, page) = Build(0, PeriodGrouping.Day);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
        Assert.DoesNotContain("@import", page, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(page, "<script"));
    }

    [Fact] // agent names are user data: escaped in the leaderboard and the charts
    public void Dashboard_AgentNames_AreEscaped()
    {
        var (data, config, end) = Data(0);
        var request = new ReportRequest { AsOf = end };
        var report = CsPerfEngine.Report(data, config, request);
        const string evil = "<img src=x onerror=alert(1)>";
        report = report with { Periods = [.. report.Periods.Select(p => p with { Agents = [.. p.Agents.Select(a => a with { Name = evil })] })] };
        var html = new StringWriter();
        HtmlReportWriter.Write(report, html, null, Dashboard.Compute(report, data, config, request));
        Assert.DoesNotContain(evil, html.ToString(), StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(evil), html.ToString(), StringComparison.Ordinal);
    }

    [Fact] // without the dataset (a saved report) the page still renders: the panels that need it say so
    public void Dashboard_WithoutData_SaysWhatIsMissing()
    {
        var (data, config, end) = Data(0);
        var report = CsPerfEngine.Report(data, config, new ReportRequest { AsOf = end });
        var html = new StringWriter();
        HtmlReportWriter.Write(report, html);
        Assert.Contains("the distribution needs the dataset", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("no comparison", html.ToString(), StringComparison.Ordinal);
    }
}
