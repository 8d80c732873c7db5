using System.Globalization;
using CsPerf.Engine.Payroll;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>One printed line of a payslip: what it is, the inputs it was computed from, and its value.</summary>
/// <param name="Label">What the line is (<c>Base 底薪</c>, an item name indented, …).</param>
/// <param name="Inputs">How it was computed, in numbers an agent can redo by hand; empty when there is nothing to show.</param>
/// <param name="Value">The value as printed.</param>
/// <param name="IsMoney">Whether the line is a money line added into the total.</param>
internal readonly record struct PayslipLine(string Label, string Inputs, string Value, bool IsMoney);

/// <summary>The lines a people-facing payslip (table, HTML) prints, in the order of domain.md §7.</summary>
internal static class PayslipLines
{
    public static string Money(decimal value) => PayrollJsonWriter.RoundMoney(value).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Money(decimal? value) => value is { } v ? Money(v) : "-";

    private static string X(decimal value) => PayrollJsonWriter.ExactText(value);

    private static string S(decimal value) => PayrollJsonWriter.ScoreText(value);

    public static string Flag(PayslipFlag f) =>
        f.Flag + (f.Item is null ? "" : $" ({f.Item})") + (f.Periods.IsDefaultOrEmpty ? "" : " " + string.Join(",", f.Periods.Select(YearMonthPattern.Iso.Format)));

    public static List<PayslipLine> For(Payslip s)
    {
        var lines = new List<PayslipLine>();
        void Add(string label, string inputs, string value, bool money = false) => lines.Add(new PayslipLine(label, inputs, value, money));
        if (s.Base is { } b)
        {
            string inputs = s.Prorated && s.Attendance is { } att && s.BaseBeforeProration is { } full
                ? $"{X(full)} × {att.WorkedDays}/{att.ScheduledDays} days worked"
                : s.BaseBeforeProration is { } f ? X(f) : "";
            Add("Base 底薪", inputs, Money(b), true);
        }

        if (s.Commission is { } commission)
        {
            var parts = new List<string> { $"gross {X(s.GrossBasis ?? 0)}" };
            if (s.Deductions?.Postage is { } postage)
            {
                parts.Add($"− postage {X(postage)}");
            }

            if (s.Deductions?.Refunds is { } refunds)
            {
                parts.Add($"− refunds {X(refunds)}");
            }

            Add("Commission basis 提成基数", string.Join(" ", parts) + (s.CommissionBasis == 0 && s.GrossBasis > 0 ? " (floored at 0)" : ""), X(s.CommissionBasis ?? 0));
            foreach (var band in s.Bands ?? [])
            {
                string to = band.To is { } t ? X(t) : "∞";
                Add($"  tier [{X(band.From)}, {to})", $"{X(band.Amount)} × {X(band.Rate)}", X(band.Commission));
            }

            string cap = s.CapApplied && s.CommissionBeforeCap is { } before ? $"{X(before)} capped 封顶"
                : s.CommissionBeforeCap is { } exact && exact != commission ? $"{X(exact)} rounded" : "";
            Add("Commission 提成", cap, Money(commission), true);
        }

        if (s.Items is { } items)
        {
            foreach (var i in items)
            {
                string raw = i.IsExternal
                    ? i.External is { } e ? $"self {(e.Self is { } sf ? X(sf) : "-")}, manager {(e.Manager is { } m ? X(m) : "-")}" + (i.Raw is { } blended ? $", blended {X(blended)}" : "") : "missing"
                    : i.Raw is { } r ? X(r) : "no value";
                Add($"  {i.Item}", $"{raw} → {S(i.Points)} points × {X(i.Weight)}%", S(i.Weighted));
            }

            Add("Total score 总分", "", s.TotalScore is { } total ? S(total) : "-");
            Add("Grade 等级", s.Coefficient is { } c ? $"coefficient {X(c)}" : "", s.Grade ?? "-");
            Add("Bonus 绩效奖金", s.Coefficient is { } k ? $"bonus base × {X(k)}" : "", Money(s.Bonus), true);
        }

        if (s.RankingAdjustment is { } adjustment)
        {
            Add("Ranking adjustment 排名奖惩", s.Rank is { } rank ? $"rank {rank} of {s.RankOf}" + (s.RankingApplied ? "" : " (too few agents: not applied)") : "", Money(adjustment), true);
        }

        if (s.Penalties is { } penalties)
        {
            foreach (var p in penalties)
            {
                Add($"  {p.Item}", $"count {p.Count}, {X(p.Units)} charged" + (p.CapApplied ? ", capped" : ""), X(p.Amount));
            }

            string limited = s.PenaltyLimited && s.PenaltyBeforeLimit is { } pb ? $"{Money(pb)} limited so pay stays ≥ base" : "";
            Add("Penalty 扣罚", limited, Money(s.Penalty), true);
        }

        if (s.FullAttendanceBonus is { } full2)
        {
            Add("Full attendance 全勤奖", s.Attendance is { } a ? $"{a.WorkedDays}/{a.ScheduledDays} days" : "", Money(full2), true);
        }
        else if (s.Attendance is { } a2 && s.Base is null)
        {
            Add("Attendance 考勤", "", $"{a2.WorkedDays}/{a2.ScheduledDays} days");
        }

        if (!s.Flags.IsDefaultOrEmpty)
        {
            Add("Flags", string.Join("; ", s.Flags.Select(Flag)), "");
        }

        Add("Total pay 应发", "", Money(s.TotalPay), true);
        return lines;
    }
}
