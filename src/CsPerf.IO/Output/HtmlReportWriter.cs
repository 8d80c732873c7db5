using System.Globalization;
using System.Net;
using CsPerf.Engine;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="Report"/> as one self-contained HTML page (no network, docs/dashboard.md): the dashboard of the
/// last period (headline tiles with the change against the previous period, conversion funnel, first response time
/// distribution, hourly pressure, agent vs silent sales, day-by-day trend; inline SVG), then per period the agents'
/// sortable leaderboard 客服排名 (by the report's ranking, when asked for, else by <see cref="DefaultLeaderboardKpi"/>,
/// always built by <see cref="Ranking.Rank(PeriodReport, string, RankOrder?)"/>) and a table with every KPI (total,
/// shops, groups of agents 客服组, agents with their accounts), each KPI named in Chinese and English with its unit.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class HtmlReportWriter
{
    /// <summary>The KPI the dashboard's leaderboard ranks agents by when the report has no ranking: <c>sales</c> (highest first).</summary>
    public const string DefaultLeaderboardKpi = Kpi.Sales;

    /// <summary>Writes the page (without <see cref="DashboardData"/>: no first response distribution, and a trend only for a report by day).</summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(Report report, TextWriter output) => Write(report, output, null, null);

    /// <summary>
    /// Writes the page with the detail lists behind its numbers (<c>--details</c>, docs/details.md "From a number to its
    /// rows"): each list-backed KPI of the total and agent rows links to its section, written after the period's table.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="details">The sections, built for this report by <see cref="HtmlDetails.Compute"/>; null for none.</param>
    public static void Write(Report report, TextWriter output, HtmlDetails? details) => Write(report, output, details, null);

    /// <summary>Writes the page with its dashboard data and, optionally, the detail lists.</summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="details">The sections, built for this report by <see cref="HtmlDetails.Compute"/>; null for none.</param>
    /// <param name="dashboard">The dashboard's data, computed for this report by <see cref="Dashboard.Compute"/>; null for none.</param>
    public static void Write(Report report, TextWriter output, HtmlDetails? details, DashboardData? dashboard)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        static string E(string s) => WebUtility.HtmlEncode(s);
        output.WriteLine("<!DOCTYPE html>");
        output.WriteLine("<html lang=\"zh\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>客服绩效看板 CsPerf dashboard</title>");
        output.WriteLine("<style>" + Css + "</style>");
        output.WriteLine("</head><body>");
        string range = report.Periods.IsEmpty ? "no data" : $"{LocalDatePattern.Iso.Format(report.Periods[0].From)} .. {LocalDatePattern.Iso.Format(report.Periods[^1].To)}";
        output.WriteLine($"<h1>客服绩效看板 CsPerf dashboard</h1><p class=\"meta\">{E(range)}, by {E(report.By.ToString().ToLowerInvariant())}; as of {E(InstantPattern.ExtendedIso.Format(report.AsOf))}, rule {E(report.Rule.ToString())}</p>");
        HtmlDashboard.Write(output, report, dashboard);
        for (int pi = 0; pi < report.Periods.Length; pi++)
        {
            var p = report.Periods[pi];
            string state = p.Final ? "final" : $"provisional from {LocalDatePattern.Iso.Format(p.ProvisionalFrom ?? p.From)}";
            output.WriteLine($"<h2 id=\"p{pi.ToString(CultureInfo.InvariantCulture)}\">{LocalDatePattern.Iso.Format(p.From)} .. {LocalDatePattern.Iso.Format(p.To)} ({E(state)})</h2>");

            // The dashboard always shows a leaderboard (issue 9 "Ranking view"): --rank's, else by sales.
            HtmlDashboard.Leaderboard(output, p, p.Ranking ?? Ranking.Rank(p, DefaultLeaderboardKpi));

            var keys = p.Total.Select(k => k.Key).ToList();
            output.WriteLine("<h3>全部指标 Every KPI</h3><div class=\"scroll\"><table class=\"kpis\"><tr><th></th>");
            foreach (var k in keys)
            {
                string unit = KpiLabels.Unit(k);
                output.Write($"<th title=\"{E(k)}\" data-kpi=\"{E(k)}\">{E(KpiLabels.Chinese(k))}<br><span class=\"en\">{E(KpiLabels.English(k))}{(unit.Length == 0 ? "" : $" ({E(unit)})")}</span></th>");
            }

            output.WriteLine("</tr>");
            void Row(string cls, string label, KpiSet kpis, int? agentIndex = null, string? agent = null)
            {
                output.Write($"<tr class=\"{cls}\"><td>{E(label)}</td>");
                foreach (var k in keys)
                {
                    string text = E(kpis.TryGet(k, out var v) ? KpiFormat.Human(k, v) : "-");
                    bool link = details is not null && (cls == "total" || agentIndex is not null) && details.HasSection(pi, agent, k);
                    output.Write(link ? $"<td><a href=\"#{HtmlDetails.Anchor(pi, agentIndex, k)}\">{text}</a></td>" : $"<td>{text}</td>");
                }

                output.WriteLine("</tr>");
            }

            Row("total", "Total", p.Total);
            foreach (var s in p.Shops)
            {
                Row("shop", "shop " + s.Shop, s.Kpis);
            }

            foreach (var g in p.Groups)
            {
                Row("group", "group " + (g.Name == g.Group ? g.Group : $"{g.Name} ({g.Group})"), g.Kpis);
            }

            for (int ai = 0; ai < p.Agents.Length; ai++)
            {
                var a = p.Agents[ai];
                Row("agent", a.Name == a.Agent ? a.Agent : $"{a.Name} ({a.Agent})", a.Kpis, ai, a.Agent);
                foreach (var acc in a.Accounts)
                {
                    Row("account", acc.Account, acc.Kpis);
                }
            }

            output.WriteLine("</table></div>");
            details?.WritePeriod(pi, output);
        }

        var f = report.Filtered;
        output.WriteLine($"<p class=\"meta\">Filtered: internal {f.Internal}, listed {f.Listed}, broadcast {f.Broadcast} messages; advert {f.Advert} sessions; single-line {f.SingleLine} receptions. Rejected lines: {report.Rejected}.</p>");
        output.WriteLine("<script>" + HtmlDashboard.Script + "</script>");
        output.WriteLine("</body></html>");
    }

    private const string Css =
        "body{font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:16px auto;max-width:1240px;padding:0 12px;color:#222;background:#f6f7f9}"
        + "h1{margin:0 0 4px}h2{margin:28px 0 8px;border-bottom:2px solid #2f6fb3;padding-bottom:4px}h3{margin:8px 0}.sub,.meta,.note,.vs{color:#666;font-weight:normal}.note{font-size:12px}.sub{font-size:13px}"
        + ".tiles{display:grid;grid-template-columns:repeat(5,1fr);gap:10px;margin:10px 0}.tile{background:#fff;border-radius:8px;padding:10px 12px;box-shadow:0 1px 3px #0002}"
        + ".tile .name{font-size:15px;font-weight:bold}.en{font-size:12px;color:#666;font-weight:normal}.tile .value{font-size:28px;font-weight:bold;margin:6px 0;color:#1d3f66}"
        + ".change{font-size:13px}.change .vs{display:block;font-size:11px}.good{color:#2e8b57}.bad{color:#c0392b}.flat{color:#666}"
        + ".grid{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin:10px 0}.panel{background:#fff;border-radius:8px;padding:10px 12px;box-shadow:0 1px 3px #0002}.wide{margin:10px 0}"
        + "svg.chart{width:100%;height:auto;display:block}svg .l{font-size:12px;fill:#444}svg .v{font-size:13px;fill:#222}svg .small{font-size:10px}svg .strong{font-weight:bold}.caption{font-size:13px;margin-top:6px}"
        + "table{border-collapse:collapse;margin-bottom:1.5em;background:#fff}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right;white-space:nowrap}td:first-child,th:first-child{text-align:left}table.ranking td:nth-child(2),table.ranking th:nth-child(2){text-align:left}"
        + "th{background:#eef2f7;vertical-align:bottom}table.sortable th{cursor:pointer}table.sortable th[data-dir=desc]::after{content:\" ▼\"}table.sortable th[data-dir=asc]::after{content:\" ▲\"}"
        + ".scroll{overflow-x:auto;max-width:100%}tr.total{font-weight:bold}tr.group{font-style:italic}tr.account td:first-child{padding-left:2em}"
        + "table.detail td{text-align:left;white-space:normal}section.detail:target{background:#ffd}"
        + "@media (max-width:900px){.tiles{grid-template-columns:repeat(2,1fr)}.grid{grid-template-columns:1fr}}";
}
