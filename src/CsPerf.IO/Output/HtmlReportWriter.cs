using System.Globalization;
using System.Net;
using CsPerf.Engine;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="Report"/> as one self-contained HTML page: a table per period with every KPI (total, shops, groups
/// of agents 客服组, agents with their accounts), formatted as in the text table, then the agents' leaderboard 客服排名:
/// by the report's ranking (<c>--rank</c>) when it has one, else by <see cref="DefaultLeaderboardKpi"/>, always built
/// by <see cref="Ranking.Rank(PeriodReport, string, RankOrder?)"/>.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class HtmlReportWriter
{
    /// <summary>The KPI the dashboard's leaderboard ranks agents by when the report has no ranking: <c>sales</c> (highest first).</summary>
    public const string DefaultLeaderboardKpi = Kpi.Sales;

    /// <summary>Writes the page.</summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(Report report, TextWriter output) => Write(report, output, null);

    /// <summary>
    /// Writes the page with the detail lists behind its numbers (<c>--details</c>, docs/details.md "From a number to its
    /// rows"): each list-backed KPI of the total and agent rows links to its section, written after the period's leaderboard.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="details">The sections, built for this report by <see cref="HtmlDetails.Compute"/>; null for none.</param>
    public static void Write(Report report, TextWriter output, HtmlDetails? details)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        static string E(string s) => WebUtility.HtmlEncode(s);
        output.WriteLine("<!DOCTYPE html>");
        output.WriteLine("<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>CsPerf report</title>");
        output.WriteLine("<style>body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}td:first-child,th:first-child{text-align:left}tr.total{font-weight:bold}tr.group{font-style:italic}tr.account td:first-child{padding-left:2em}table.detail td{text-align:left;white-space:normal}section.detail:target{background:#ffd}</style>");
        output.WriteLine("</head><body>");
        output.WriteLine($"<h1>CsPerf report</h1><p>as of {E(InstantPattern.ExtendedIso.Format(report.AsOf))}, rule {E(report.Rule.ToString())}</p>");
        for (int pi = 0; pi < report.Periods.Length; pi++)
        {
            var p = report.Periods[pi];
            string state = p.Final ? "final" : $"provisional from {LocalDatePattern.Iso.Format(p.ProvisionalFrom ?? p.From)}";
            output.WriteLine($"<h2 id=\"p{pi.ToString(CultureInfo.InvariantCulture)}\">{LocalDatePattern.Iso.Format(p.From)} .. {LocalDatePattern.Iso.Format(p.To)} ({E(state)})</h2>");
            var keys = p.Total.Select(k => k.Key).ToList();
            output.Write("<table><tr><th></th>");
            foreach (var k in keys)
            {
                output.Write($"<th>{E(k)}</th>");
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

            output.WriteLine("</table>");

            // The dashboard always shows a leaderboard (issue 9 "Ranking view"): --rank's, else by sales.
            var ranking = p.Ranking ?? Ranking.Rank(p, DefaultLeaderboardKpi);
            string order = ranking.Order == RankOrder.Ascending ? "lowest first" : "highest first";
            output.WriteLine($"<h3>Leaderboard by {E(ranking.Kpi)} ({order})</h3><table class=\"ranking\"><tr><th>rank</th><th>agent</th><th>{E(ranking.Kpi)}</th></tr>");
            foreach (var e in ranking.Entries)
            {
                string who = e.Name == e.Agent ? e.Agent : $"{e.Name} ({e.Agent})";
                output.WriteLine($"<tr><td>{e.Rank}</td><td>{E(who)}</td><td>{E(KpiFormat.Human(ranking.Kpi, e.Value))}</td></tr>");
            }

            output.WriteLine("</table>");
            details?.WritePeriod(pi, output);
        }

        var f = report.Filtered;
        output.WriteLine($"<p>Filtered: internal {f.Internal}, listed {f.Listed}, broadcast {f.Broadcast} messages; advert {f.Advert} sessions; single-line {f.SingleLine} receptions. Rejected lines: {report.Rejected}.</p>");
        output.WriteLine("</body></html>");
    }
}
