using System.Globalization;
using CsPerf.Engine.Payroll;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="PayrollResult"/> as CSV (RFC 4180, header row): one row per (plan, agent) with the payslip's
/// scalar lines; money with 2 decimals, scores with up to 6, an absent part empty.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class PayrollCsvWriter
{
    /// <summary>The columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "period", "plan", "agent", "name", "base", "commissionBasis", "postageDeducted", "refundsDeducted", "commission",
        "totalScore", "grade", "coefficient", "bonus", "rank", "rankOf", "rankingAdjustment", "penalty",
        "scheduledDays", "workedDays", "fullAttendanceBonus", "flags", "totalPay",
    ];

    /// <summary>Writes the rows.</summary>
    /// <param name="result">The payroll result.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(PayrollResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(string.Join(",", Columns) + "\n");
        string month = YearMonthPattern.Iso.Format(result.Period);
        static string M(decimal? v) => v is { } x ? PayrollJsonWriter.RoundMoney(x).ToString("0.00", CultureInfo.InvariantCulture) : "";
        static string I(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
        foreach (var plan in result.Plans)
        {
            foreach (var s in plan.Payslips)
            {
                string[] cells =
                [
                    month, plan.Plan, s.Agent, s.Name, M(s.Base), s.CommissionBasis is { } cb ? PayrollJsonWriter.ExactText(cb) : "",
                    s.Deductions?.Postage is { } p ? PayrollJsonWriter.ExactText(p) : "", s.Deductions?.Refunds is { } r ? PayrollJsonWriter.ExactText(r) : "",
                    M(s.Commission), s.TotalScore is { } ts ? PayrollJsonWriter.ScoreText(ts) : "", s.Grade ?? "",
                    s.Coefficient is { } c ? PayrollJsonWriter.ExactText(c) : "", M(s.Bonus), I(s.Rank), I(s.RankOf), M(s.RankingAdjustment), M(s.Penalty),
                    I(s.Attendance?.ScheduledDays), I(s.Attendance?.WorkedDays), M(s.FullAttendanceBonus),
                    string.Join(";", s.Flags.Select(f => f.Flag)), M(s.TotalPay),
                ];
                output.Write(string.Join(",", cells.Select(CsvReportWriter.Escape)) + "\n");
            }
        }
    }
}
