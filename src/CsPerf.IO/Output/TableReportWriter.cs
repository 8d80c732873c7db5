using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="Report"/> as a fixed-width text table for people: per period the total, each shop, each agent
/// with its accounts, on the main KPIs (<see cref="Columns"/>); then the filtered counts, rejected lines and warnings.
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
}
