using CsPerf.Engine;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="Report"/> as a fixed-width text table for people: per period the total, each shop, each group of
/// agents 客服组 (when the roster lists some), each agent with its accounts, on the main KPIs (<see cref="Columns"/>),
/// then the complaints by reason (total and each agent with complaints), then the leaderboard (<c>--rank</c>) and the change
/// from the previous period on <see cref="ComparedColumns"/> (<c>--compare previous</c>); then the filtered counts, rejected lines and warnings.
/// Rates show as percentages, durations as seconds with 1 decimal, money with 2 decimals; CJK characters count two
/// columns.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class TableReportWriter
{
    /// <summary>The KPI keys shown, with their column headings.</summary>
    public static IReadOnlyList<(string Key, string Heading)> Columns { get; } =
    [
        (Kpi.Received, "received"),
        (Kpi.Inquiries, "inquiries"),
        (Kpi.ReplyRate, "reply%"),
        (Kpi.FirstResponseAvg, "1st resp s"),
        (Kpi.ResponseAvg, "resp s"),
        (Kpi.InquiryToOrderRate, "inq>order"),
        (Kpi.InquiryToPaidRate, "inq>paid"),
        (Kpi.Sales, "sales"),
        (Kpi.Orders, "orders"),
        (Kpi.Aov, "aov"),
        (Kpi.RefundAmount, "refunds"),
        (Kpi.NegativeReviews, "neg rev"),
    ];

    /// <summary>The KPI keys whose change from the previous period the table shows (<c>--compare previous</c>).</summary>
    public static IReadOnlyList<(string Key, string Heading)> ComparedColumns { get; } =
    [
        (Kpi.Received, "received"),
        (Kpi.ReplyRate, "reply%"),
        (Kpi.FirstResponseAvg, "1st resp s"),
        (Kpi.InquiryToPaidRate, "inq>paid"),
        (Kpi.Sales, "sales"),
    ];

    /// <summary>Writes the table.</summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"CsPerf report as of {InstantPattern.ExtendedIso.Format(report.AsOf)}, rule {report.Rule}{(report.AllRules ? " (all rules in JSON/CSV)" : "")}");
        if (report.Periods.IsEmpty)
        {
            output.WriteLine("No period to report (no message or order in the range).");
        }

        foreach (var p in report.Periods)
        {
            output.WriteLine();
            string state = p.Final ? "final" : $"provisional from {LocalDatePattern.Iso.Format(p.ProvisionalFrom ?? p.From)}";
            output.WriteLine($"Period {LocalDatePattern.Iso.Format(p.From)} .. {LocalDatePattern.Iso.Format(p.To)} ({state})");
            var rows = new List<(string Label, KpiSet Kpis)> { ("Total", p.Total) };
            rows.AddRange(p.Shops.Select(s => ($"shop {s.Shop}", s.Kpis)));
            rows.AddRange(p.Groups.Select(g => (GroupLabel(g), g.Kpis)));
            foreach (var a in p.Agents)
            {
                rows.Add((a.Name == a.Agent ? $"agent {a.Agent}" : $"agent {a.Name} ({a.Agent})", a.Kpis));
                rows.AddRange(a.Accounts.Select(acc => ($"  {acc.Account}", acc.Kpis)));
            }

            var cells = rows.Select(r => Columns.Select(c => r.Kpis.TryGet(c.Key, out var v) ? KpiFormat.Human(c.Key, v) : "-").ToArray()).ToList();
            int labelWidth = Math.Max(5, rows.Max(r => KpiFormat.Width(r.Label)));
            var widths = Columns.Select((c, i) => Math.Max(KpiFormat.Width(c.Heading), cells.Max(row => KpiFormat.Width(row[i])))).ToArray();
            output.WriteLine(KpiFormat.PadRight("", labelWidth) + string.Concat(Columns.Select((c, i) => "  " + KpiFormat.PadLeft(c.Heading, widths[i]))));
            output.WriteLine(new string('-', labelWidth + widths.Sum() + (2 * widths.Length)));
            for (int r = 0; r < rows.Count; r++)
            {
                output.WriteLine(KpiFormat.PadRight(rows[r].Label, labelWidth) + string.Concat(cells[r].Select((c, i) => "  " + KpiFormat.PadLeft(c, widths[i]))));
            }

            WriteComplaintReasons(p, output);
            if (p.Ranking is { } ranking)
            {
                WriteLeaderboard(ranking, output);
            }

            if (p.Previous is { } previous)
            {
                WriteComparison(p, previous, output);
            }
        }

        output.WriteLine();
        var f = report.Filtered;
        output.WriteLine($"Filtered: internal {f.Internal} messages, listed {f.Listed} messages, broadcast {f.Broadcast} messages, advert {f.Advert} sessions, single-line {f.SingleLine} receptions");
        if (report.Rejected > 0)
        {
            output.WriteLine($"Rejected input lines: {report.Rejected}");
            foreach (var r in report.RejectedLines)
            {
                output.WriteLine("  " + r);
            }
        }

        foreach (var w in report.Warnings)
        {
            output.WriteLine("warning: " + w);
        }
    }

    /// <summary>
    /// Complaints by reason 投诉原因 (domain.md §6 "quality"), when the period has any: a line for the total, then one per
    /// agent with complaints, most frequent reasons first (<c>(none)</c> for the absent reason).
    /// </summary>
    private static void WriteComplaintReasons(PeriodReport p, TextWriter output)
    {
        if (!p.Total.TryGet(Kpi.ComplaintsByReason, out var total) || total.Kind != KpiKind.Breakdown || total.Breakdown.IsEmpty)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"Complaints by reason: {KpiFormat.Human(Kpi.ComplaintsByReason, total)}");
        foreach (var a in p.Agents)
        {
            if (a.Kpis.TryGet(Kpi.ComplaintsByReason, out var v) && v.Kind == KpiKind.Breakdown && !v.Breakdown.IsEmpty)
            {
                output.WriteLine($"  {(a.Name == a.Agent ? $"agent {a.Agent}" : $"agent {a.Name} ({a.Agent})")}: {KpiFormat.Human(Kpi.ComplaintsByReason, v)}");
            }
        }
    }

    private static void WriteLeaderboard(PeriodRanking ranking, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Leaderboard by {ranking.Kpi} ({(ranking.Order == RankOrder.Ascending ? "lowest first" : "highest first")})");
        var lines = ranking.Entries.Select(e => (Rank: e.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Who: e.Name == e.Agent ? e.Agent : $"{e.Name} ({e.Agent})", Value: e.Value.IsNull ? "-" : KpiFormat.Human(ranking.Kpi, e.Value))).ToList();
        int rw = lines.Count == 0 ? 1 : lines.Max(l => l.Rank.Length);
        int ww = lines.Count == 0 ? 1 : lines.Max(l => KpiFormat.Width(l.Who));
        int vw = lines.Count == 0 ? 1 : lines.Max(l => KpiFormat.Width(l.Value));
        foreach (var l in lines)
        {
            output.WriteLine($"{KpiFormat.PadLeft(l.Rank, rw)}. {KpiFormat.PadRight(l.Who, ww)}  {KpiFormat.PadLeft(l.Value, vw)}");
        }
    }

    private static void WriteComparison(PeriodReport p, PreviousPeriod previous, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Change from {LocalDatePattern.Iso.Format(previous.From)} .. {LocalDatePattern.Iso.Format(previous.To)} (now / previous / change)");
        var rows = new List<(string Label, KpiSet Kpis, KpiSet? Previous)> { ("Total", p.Total, previous.Total) };
        rows.AddRange(p.Groups.Select(g => (GroupLabel(g), g.Kpis, previous.Groups.GetValueOrDefault(g.Group))));
        rows.AddRange(p.Agents.Select(a => (a.Name == a.Agent ? $"agent {a.Agent}" : $"agent {a.Name} ({a.Agent})", a.Kpis, previous.Agents.GetValueOrDefault(a.Agent))));
        var cells = rows.Select(r => ComparedColumns.Select(c => Cell(c.Key, r.Kpis, r.Previous)).ToArray()).ToList();
        int labelWidth = Math.Max(5, rows.Max(r => KpiFormat.Width(r.Label)));
        var widths = ComparedColumns.Select((c, i) => Math.Max(KpiFormat.Width(c.Heading), cells.Max(row => KpiFormat.Width(row[i])))).ToArray();
        output.WriteLine(KpiFormat.PadRight("", labelWidth) + string.Concat(ComparedColumns.Select((c, i) => "  " + KpiFormat.PadLeft(c.Heading, widths[i]))));
        for (int r = 0; r < rows.Count; r++)
        {
            output.WriteLine(KpiFormat.PadRight(rows[r].Label, labelWidth) + string.Concat(cells[r].Select((c, i) => "  " + KpiFormat.PadLeft(c, widths[i]))));
        }
    }

    private static string GroupLabel(GroupReport g) => g.Name == g.Group ? $"group {g.Group}" : $"group {g.Name} ({g.Group})";

    private static string Cell(string key, KpiSet kpis, KpiSet? previous)
    {
        if (!kpis.TryGet(key, out var now))
        {
            return "-";
        }

        var c = KpiChange.Of(now, previous is not null && previous.TryGet(key, out var pv) ? pv : KpiValue.Null);
        string Show(KpiValue v) => v.IsNull ? "-" : KpiFormat.Human(key, v);
        string rel = c.Relative is { } r ? (r >= 0 ? "+" : "") + (r * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "-";
        string abs = c.Change.IsNull ? "-" : (c.Change.AsDouble() >= 0 ? "+" : "") + KpiFormat.Human(key, c.Change);
        if (abs.EndsWith('%'))
        {
            abs = abs[..^1] + "pt"; // a rate's change is in percentage points
        }

        return $"{Show(now)} / {Show(c.Previous)} / {abs} ({rel})";
    }
}
