using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsPerf.Engine.Payroll;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Writes a <see cref="PayrollResult"/> as the payslip JSON of the contract ("Payroll"): money lines with 2 decimals,
/// scores with up to 6 decimals, a part the plan does not have as <c>null</c>.
/// </summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class PayrollJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The result as a JSON string (indented, Chinese unescaped, ending with a line break).</summary>
    /// <param name="result">The payroll result.</param>
    public static string ToJson(PayrollResult result)
    {
        using var stream = new MemoryStream();
        Write(result, stream);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the result to a stream as indented UTF-8 JSON.</summary>
    /// <param name="result">The payroll result.</param>
    /// <param name="stream">Where to write.</param>
    public static void Write(PayrollResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        w.WriteString("period", YearMonthPattern.Iso.Format(result.Period));
        w.WriteStartArray("plans");
        foreach (var plan in result.Plans)
        {
            w.WriteStartObject();
            w.WriteString("plan", plan.Plan);
            w.WriteStartArray("payslips");
            foreach (var slip in plan.Payslips)
            {
                Payslip(w, slip);
            }

            w.WriteEndArray();
            w.WriteStartObject("team");
            Money(w, "totalPay", plan.Team.TotalPay);
            Money(w, "creditedSales", plan.Team.CreditedSales);
            if (plan.Team.PayToSalesRatio is { } ratio)
            {
                w.WriteNumber("payToSalesRatio", ratio);
            }
            else
            {
                w.WriteNull("payToSalesRatio");
            }

            w.WriteStartArray("unscored");
            foreach (var a in plan.Team.Unscored)
            {
                w.WriteStringValue(a);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("whatIf");
        foreach (var row in result.WhatIf)
        {
            w.WriteStartObject();
            w.WriteString("agent", row.Agent);
            w.WriteStartArray("totalPay");
            foreach (var t in row.TotalPay)
            {
                MoneyValue(w, t);
            }

            w.WriteEndArray();
            w.WriteStartArray("difference");
            foreach (var d in row.Difference)
            {
                MoneyValue(w, d);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stream.Write("\n"u8);
    }

    private static void Payslip(Utf8JsonWriter w, Payslip s)
    {
        w.WriteStartObject();
        w.WriteString("agent", s.Agent);
        w.WriteString("name", s.Name);
        Money(w, "base", s.Base);
        Money(w, "commissionBasis", s.CommissionBasis);
        if (s.Deductions is { } d)
        {
            w.WriteStartObject("deductions");
            Money(w, "postage", d.Postage);
            Money(w, "refunds", d.Refunds);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("deductions");
        }

        Money(w, "commission", s.Commission);
        if (s.Bands is { } bands)
        {
            w.WriteStartArray("bands");
            foreach (var b in bands)
            {
                w.WriteStartObject();
                Exact(w, "from", b.From);
                Exact(w, "to", b.To);
                Exact(w, "rate", b.Rate);
                Exact(w, "amount", b.Amount);
                Exact(w, "commission", b.Commission);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("bands");
        }

        if (s.Items is { } items)
        {
            w.WriteStartArray("items");
            foreach (var i in items)
            {
                w.WriteStartObject();
                w.WriteString("item", i.Item);
                if (i.IsExternal)
                {
                    if (i.External is { } e)
                    {
                        w.WriteStartObject("raw");
                        Exact(w, "self", e.Self);
                        Exact(w, "manager", e.Manager);
                        w.WriteEndObject();
                    }
                    else
                    {
                        w.WriteNull("raw");
                    }
                }
                else
                {
                    Exact(w, "raw", i.Raw);
                }

                Exact(w, "weight", i.Weight);
                Score(w, "points", i.Points);
                Score(w, "weighted", i.Weighted);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("items");
        }

        Score(w, "totalScore", s.TotalScore);
        if (s.Grade is null)
        {
            w.WriteNull("grade");
        }
        else
        {
            w.WriteString("grade", s.Grade);
        }

        Exact(w, "coefficient", s.Coefficient);
        Money(w, "bonus", s.Bonus);
        Int(w, "rank", s.Rank);
        Int(w, "rankOf", s.RankOf);
        Money(w, "rankingAdjustment", s.RankingAdjustment);
        if (s.Penalties is { } penalties)
        {
            w.WriteStartArray("penalties");
            foreach (var p in penalties)
            {
                w.WriteStartObject();
                w.WriteString("item", p.Item);
                w.WriteNumber("count", p.Count);
                Exact(w, "units", p.Units);
                Exact(w, "amount", p.Amount);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("penalties");
        }

        Money(w, "penalty", s.Penalty);
        if (s.Attendance is { } a)
        {
            w.WriteStartObject("attendance");
            w.WriteNumber("scheduledDays", a.ScheduledDays);
            w.WriteNumber("workedDays", a.WorkedDays);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("attendance");
        }

        Money(w, "fullAttendanceBonus", s.FullAttendanceBonus);
        w.WriteStartArray("flags");
        foreach (var f in s.Flags)
        {
            w.WriteStartObject();
            w.WriteString("flag", f.Flag);
            w.WriteStartArray("periods");
            foreach (var m in f.Periods)
            {
                w.WriteStringValue(YearMonthPattern.Iso.Format(m));
            }

            w.WriteEndArray();

            // An extra field (decisions.md "Payroll"): which item a kpiWithoutValue or missingScore flag is about.
            if (f.Item is not null)
            {
                w.WriteString("item", f.Item);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        Money(w, "totalPay", s.TotalPay);
        w.WriteEndObject();
    }

    /// <summary>A money line: rounded half away from zero to 0.01 and written with exactly 2 decimals.</summary>
    internal static decimal RoundMoney(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;

    private static void Money(Utf8JsonWriter w, string name, decimal? value)
    {
        w.WritePropertyName(name);
        MoneyValue(w, value);
    }

    private static void MoneyValue(Utf8JsonWriter w, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumberValue(RoundMoney(v));
        }
        else
        {
            w.WriteNullValue();
        }
    }

    /// <summary>A score: exact, written with up to 6 decimals (half away from zero), trailing zeros dropped.</summary>
    internal static string ScoreText(decimal value) =>
        Math.Round(value, 6, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);

    private static void Score(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Normalize(Math.Round(v, 6, MidpointRounding.AwayFromZero)));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>An exact input or intermediate value (rates, band amounts, raw KPIs), written as it is, without trailing zeros.</summary>
    internal static string ExactText(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>The same value without trailing zeros (1.50 → 1.5, 100.00 → 100).</summary>
    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    private static void Exact(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Normalize(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Int(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
