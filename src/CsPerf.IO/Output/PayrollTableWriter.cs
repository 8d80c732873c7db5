using System.Globalization;
using CsPerf.Engine.Payroll;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="PayrollResult"/> as text for people: per plan a payslip per agent (every line with its inputs),
/// the team summary, then the what-if table when several plans ran. CJK characters count two columns.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class PayrollTableWriter
{
    /// <summary>Writes the payslips.</summary>
    /// <param name="result">The payroll result.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(PayrollResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        string month = YearMonthPattern.Iso.Format(result.Period);
        output.WriteLine($"CsPerf payroll {month}");
        foreach (var plan in result.Plans)
        {
            output.WriteLine();
            output.WriteLine($"Plan {plan.Plan} (rule {plan.Rule})");
            // One set of column widths per plan, so its payslips line up with each other.
            var slipLines = plan.Payslips.Select(PayslipLines.For).ToList();
            var all = slipLines.SelectMany(l => l).ToList();
            int label = all.Count == 0 ? 0 : all.Max(l => KpiFormat.Width(l.Label));
            int inputs = all.Count == 0 ? 0 : all.Max(l => KpiFormat.Width(l.Inputs));
            int value = all.Count == 0 ? 0 : all.Max(l => KpiFormat.Width(l.Value));
            for (int s = 0; s < plan.Payslips.Length; s++)
            {
                var slip = plan.Payslips[s];
                output.WriteLine();
                output.WriteLine(slip.Name == slip.Agent ? $"  Payslip {slip.Agent} {month}" : $"  Payslip {slip.Name} ({slip.Agent}) {month}");
                var lines = slipLines[s];
                foreach (var l in lines)
                {
                    output.WriteLine(("    " + KpiFormat.PadRight(l.Label, label) + "  " + KpiFormat.PadRight(l.Inputs, inputs) + "  " + KpiFormat.PadLeft(l.Value, value)).TrimEnd());
                }
            }

            var t = plan.Team;
            output.WriteLine();
            output.WriteLine($"  Team: {plan.Payslips.Length} payslips, total pay {PayslipLines.Money(t.TotalPay)}, credited sales {PayslipLines.Money(t.CreditedSales)}, pay/sales {(t.PayToSalesRatio is { } r ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "-")}");
            output.WriteLine($"  Unscored: {(t.Unscored.IsEmpty ? "none" : string.Join(", ", t.Unscored))}");
        }

        if (result.Plans.Length > 1)
        {
            output.WriteLine();
            output.WriteLine("What-if (total pay per plan, difference from the first)");
            var head = new List<string> { "agent" };
            head.AddRange(result.Plans.Select(p => p.Plan));
            head.AddRange(result.Plans.Skip(1).Select(p => "Δ " + p.Plan));
            var rows = result.WhatIf.Select(w =>
            {
                var cells = new List<string> { w.Agent };
                cells.AddRange(w.TotalPay.Select(PayslipLines.Money));
                cells.AddRange(w.Difference.Skip(1).Select(PayslipLines.Money));
                return cells;
            }).ToList();
            var widths = head.Select((h, i) => Math.Max(KpiFormat.Width(h), rows.Count == 0 ? 0 : rows.Max(r => KpiFormat.Width(r[i])))).ToArray();
            output.WriteLine("  " + string.Join("  ", head.Select((h, i) => i == 0 ? KpiFormat.PadRight(h, widths[i]) : KpiFormat.PadLeft(h, widths[i]))));
            foreach (var r in rows)
            {
                output.WriteLine("  " + string.Join("  ", r.Select((c, i) => i == 0 ? KpiFormat.PadRight(c, widths[i]) : KpiFormat.PadLeft(c, widths[i]))));
            }

            output.WriteLine("  team total  " + string.Join("  ", result.Plans.Select(p => $"{p.Plan}: {PayslipLines.Money(p.Team.TotalPay)}")));
        }

        if (result.Plans.Any(p => p.Payslips.Any(s => s.Flags.Any(f => f.Kind == PayslipFlagKind.Provisional))))
        {
            output.WriteLine();
            output.WriteLine("PROVISIONAL: the month is not final; outcomes may still change.");
        }
    }

    /// <summary>
    /// Writes a one-screen summary: per plan one row per agent with the money lines and the total, and the team
    /// total (used by <c>csperf demo</c>).
    /// </summary>
    /// <param name="result">The payroll result.</param>
    /// <param name="output">Where to write.</param>
    public static void WriteSummary(PayrollResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        bool provisional = result.Plans.Any(p => p.Payslips.Any(s => s.Flags.Any(f => f.Kind == PayslipFlagKind.Provisional)));
        output.WriteLine($"Payroll {YearMonthPattern.Iso.Format(result.Period)}{(provisional ? " (PROVISIONAL: the month is not final)" : "")}; csperf payroll DIR --plan F --period yyyy-MM for the payslips");
        string[] head = ["agent", "base", "commission", "bonus", "grade", "rank", "ranking", "penalty", "attendance", "total"];
        foreach (var plan in result.Plans)
        {
            output.WriteLine();
            output.WriteLine($"Plan {plan.Plan}");
            var rows = plan.Payslips.Select(s => new[]
            {
                s.Name == s.Agent ? s.Agent : $"{s.Name} ({s.Agent})", PayslipLines.Money(s.Base), PayslipLines.Money(s.Commission), PayslipLines.Money(s.Bonus),
                s.Grade ?? "-", s.Rank is { } r ? $"{r}/{s.RankOf}" : "-", PayslipLines.Money(s.RankingAdjustment), PayslipLines.Money(s.Penalty),
                PayslipLines.Money(s.FullAttendanceBonus), PayslipLines.Money(s.TotalPay),
            }).ToList();
            var widths = head.Select((h, i) => Math.Max(KpiFormat.Width(h), rows.Count == 0 ? 0 : rows.Max(r => KpiFormat.Width(r[i])))).ToArray();
            output.WriteLine("  " + string.Join("  ", head.Select((h, i) => i == 0 ? KpiFormat.PadRight(h, widths[i]) : KpiFormat.PadLeft(h, widths[i]))));
            foreach (var row in rows)
            {
                output.WriteLine("  " + string.Join("  ", row.Select((c, i) => i == 0 ? KpiFormat.PadRight(c, widths[i]) : KpiFormat.PadLeft(c, widths[i]))));
            }

            output.WriteLine($"  team total {PayslipLines.Money(plan.Team.TotalPay)}, credited sales {PayslipLines.Money(plan.Team.CreditedSales)}, unscored: {(plan.Team.Unscored.IsEmpty ? "none" : string.Join(", ", plan.Team.Unscored))}");
        }
    }
}
