using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>Writes a <see cref="Report"/> as the JSON of the contract ("JSON report").</summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class JsonReportWriter
{
    /// <summary>How many rejected lines the JSON lists (contract: at most the first 100).</summary>
    public const int MaxRejectedLines = 100;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the report to a stream as indented UTF-8 JSON with unescaped Chinese.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">Where to write.</param>
    public static void Write(Report report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, Options);
        Write(report, writer);
        writer.Flush();
        stream.Write("\n"u8);
    }

    /// <summary>The report as a JSON string.</summary>
    /// <param name="report">The report.</param>
    public static string ToJson(Report report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the report object to a JSON writer.</summary>
    /// <param name="report">The report.</param>
    /// <param name="w">The writer.</param>
    public static void Write(Report report, Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("asOf", InstantPattern.ExtendedIso.Format(report.AsOf));
        w.WriteString("rule", report.Rule.ToString());
        w.WriteStartArray("periods");
        foreach (var p in report.Periods)
        {
            w.WriteStartObject();
            w.WriteString("from", LocalDatePattern.Iso.Format(p.From));
            w.WriteString("to", LocalDatePattern.Iso.Format(p.To));
            w.WriteBoolean("final", p.Final);
            if (p.ProvisionalFrom is { } pf)
            {
                w.WriteString("provisionalFrom", LocalDatePattern.Iso.Format(pf));
            }
            else
            {
                w.WriteNull("provisionalFrom");
            }

            w.WriteStartObject("total");
            Kpis(w, p.Total);
            w.WriteEndObject();
            w.WriteStartArray("shops");
            foreach (var s in p.Shops)
            {
                w.WriteStartObject();
                w.WriteString("shop", s.Shop);
                Kpis(w, s.Kpis);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("agents");
            foreach (var a in p.Agents)
            {
                w.WriteStartObject();
                w.WriteString("agent", a.Agent);
                w.WriteString("name", a.Name);
                Kpis(w, a.Kpis);
                w.WriteStartArray("accounts");
                foreach (var acc in a.Accounts)
                {
                    w.WriteStartObject();
                    w.WriteString("account", acc.Account);
                    w.WriteString("shop", acc.Shop);
                    Kpis(w, acc.Kpis);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("filtered");
        w.WriteNumber("internal", report.Filtered.Internal);
        w.WriteNumber("listed", report.Filtered.Listed);
        w.WriteNumber("broadcast", report.Filtered.Broadcast);
        w.WriteNumber("advert", report.Filtered.Advert);
        w.WriteNumber("singleLine", report.Filtered.SingleLine);
        w.WriteEndObject();
        w.WriteNumber("rejected", report.Rejected);
        w.WriteStartArray("rejectedLines");
        foreach (var r in report.RejectedLines.Take(MaxRejectedLines))
        {
            w.WriteStartObject();
            w.WriteString("file", r.File);
            w.WriteNumber("line", r.Line);
            if (r.Field is null)
            {
                w.WriteNull("field");
            }
            else
            {
                w.WriteString("field", r.Field);
            }

            w.WriteString("problem", r.Problem);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Kpis(Utf8JsonWriter w, KpiSet kpis)
    {
        w.WriteStartObject("kpis");
        foreach (var (name, value) in kpis)
        {
            w.WritePropertyName(name);
            Value(w, value);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes one KPI value: null, integer, shortest round-trip number, money to 2 decimals, or 24 integers.</summary>
    internal static void Value(Utf8JsonWriter w, KpiValue value)
    {
        switch (value.Kind)
        {
            case KpiKind.Count:
                w.WriteNumberValue(value.Count);
                break;
            case KpiKind.Real:
                w.WriteNumberValue(value.Real);
                break;
            case KpiKind.Money:
                w.WriteNumberValue(KpiFormat.RoundMoney(value.Money));
                break;
            case KpiKind.Hourly:
                w.WriteStartArray();
                foreach (int h in value.Hourly)
                {
                    w.WriteNumberValue(h);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }
}
