using System.Globalization;
using System.Net;
using CsPerf.Engine.Payroll;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="PayrollResult"/> as one self-contained, print-friendly HTML page: one payslip per agent and plan
/// (every line with its inputs; each starts a printed page), the team summary of each plan and the what-if table. No
/// script, no external resource.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class PayrollHtmlWriter
{
    private const string Style =
        "body{font-family:sans-serif;margin:1.5em}section.slip{border:1px solid #999;padding:0.5em 1em;margin:1em 0;page-break-inside:avoid;break-inside:avoid}"
        + "@media print{section.slip{page-break-before:always;break-before:page;border:none}section.slip:first-of-type{page-break-before:auto;break-before:auto}}"
        + "table{border-collapse:collapse}section.slip table{width:100%;max-width:60em}td,th{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left;white-space:nowrap}td.v,th.v{text-align:right}td:first-child{white-space:pre}"
        + "tr.money td.v{font-weight:bold}tr.total td{border-top:2px solid #333;font-weight:bold}td.in{color:#444}p.flags{color:#a00}.prov{color:#a00;font-weight:bold}";

    /// <summary>Writes the page.</summary>
    /// <param name="result">The payroll result.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(PayrollResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        static string E(string s) => WebUtility.HtmlEncode(s);
        string month = YearMonthPattern.Iso.Format(result.Period);
        output.WriteLine("<!DOCTYPE html>");
        output.WriteLine($"<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>Payslips {E(month)}</title>");
        output.WriteLine($"<style>{Style}</style>");
        output.WriteLine("</head><body>");
        output.WriteLine($"<h1>Payslips 工资条 {E(month)}</h1>");
        bool provisional = result.Plans.Any(p => p.Payslips.Any(s => s.Flags.Any(f => f.Kind == PayslipFlagKind.Provisional)));
        if (provisional)
        {
            output.WriteLine("<p class=\"prov\">PROVISIONAL: the month is not final; outcomes may still change.</p>");
        }

        foreach (var plan in result.Plans)
        {
            output.WriteLine($"<h2>Plan {E(plan.Plan)} <small>(rule {E(plan.Rule.ToString())})</small></h2>");
            foreach (var slip in plan.Payslips)
            {
                output.WriteLine("<section class=\"slip\">");
                string who = slip.Name == slip.Agent ? slip.Agent : $"{slip.Name} ({slip.Agent})";
                output.WriteLine($"<h3>{E(who)} — {E(month)} — {E(plan.Plan)}</h3>");
                output.WriteLine("<table><tr><th>line</th><th>computed from</th><th class=\"v\">amount</th></tr>");
                foreach (var l in PayslipLines.For(slip))
                {
                    string cls = l.Label.StartsWith("Total pay", StringComparison.Ordinal) ? "total" : l.IsMoney ? "money" : "";
                    output.WriteLine($"<tr class=\"{cls}\"><td>{E(l.Label)}</td><td class=\"in\">{E(l.Inputs)}</td><td class=\"v\">{E(l.Value)}</td></tr>");
                }

                output.WriteLine("</table>");
                output.WriteLine("</section>");
            }

            var t = plan.Team;
            output.WriteLine("<h3>Team summary</h3><table>");
            output.WriteLine($"<tr><td>payslips</td><td class=\"v\">{plan.Payslips.Length}</td></tr>");
            output.WriteLine($"<tr><td>total pay</td><td class=\"v\">{PayslipLines.Money(t.TotalPay)}</td></tr>");
            output.WriteLine($"<tr><td>credited sales</td><td class=\"v\">{PayslipLines.Money(t.CreditedSales)}</td></tr>");
            output.WriteLine($"<tr><td>pay ÷ credited sales</td><td class=\"v\">{(t.PayToSalesRatio is { } r ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "-")}</td></tr>");
            output.WriteLine($"<tr><td>unscored</td><td class=\"v\">{E(t.Unscored.IsEmpty ? "none" : string.Join(", ", t.Unscored))}</td></tr>");
            output.WriteLine("</table>");
        }

        if (result.Plans.Length > 0)
        {
            output.WriteLine("<h2>What-if</h2><table><tr><th>agent</th>");
            foreach (var p in result.Plans)
            {
                output.Write($"<th class=\"v\">{E(p.Plan)}</th>");
            }

            foreach (var p in result.Plans.Skip(1))
            {
                output.Write($"<th class=\"v\">Δ {E(p.Plan)}</th>");
            }

            output.WriteLine("</tr>");
            foreach (var w in result.WhatIf)
            {
                output.Write($"<tr><td>{E(w.Agent)}</td>");
                foreach (var v in w.TotalPay)
                {
                    output.Write($"<td class=\"v\">{PayslipLines.Money(v)}</td>");
                }

                foreach (var d in w.Difference.Skip(1))
                {
                    output.Write($"<td class=\"v\">{PayslipLines.Money(d)}</td>");
                }

                output.WriteLine("</tr>");
            }

            output.Write("<tr class=\"total\"><td>team total</td>");
            foreach (var p in result.Plans)
            {
                output.Write($"<td class=\"v\">{PayslipLines.Money(p.Team.TotalPay)}</td>");
            }

            foreach (var p in result.Plans.Skip(1))
            {
                output.Write($"<td class=\"v\">{PayslipLines.Money(p.Team.TotalPay - result.Plans[0].Team.TotalPay)}</td>");
            }

            output.WriteLine("</tr></table>");
        }

        output.WriteLine("</body></html>");
    }
}
