using CsPerf.Engine;
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

            if (p.Previous is { } prevPeriod)
            {
                w.WriteStartObject("previousPeriod");
                w.WriteString("from", LocalDatePattern.Iso.Format(prevPeriod.From));
                w.WriteString("to", LocalDatePattern.Iso.Format(prevPeriod.To));
                w.WriteEndObject();
            }

            var prev = p.Previous;
            w.WriteStartObject("total");
            Kpis(w, p.Total);
            Compare(w, p.Total, prev?.Total, prev is not null);
            w.WriteEndObject();
            w.WriteStartArray("shops");
            foreach (var s in p.Shops)
            {
                w.WriteStartObject();
                w.WriteString("shop", s.Shop);
                Kpis(w, s.Kpis);
                Compare(w, s.Kpis, prev?.Shops.GetValueOrDefault(s.Shop), prev is not null);
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
                Compare(w, a.Kpis, prev?.Agents.GetValueOrDefault(a.Agent), prev is not null);
                w.WriteStartArray("accounts");
                foreach (var acc in a.Accounts)
                {
                    w.WriteStartObject();
                    w.WriteString("account", acc.Account);
                    w.WriteString("shop", acc.Shop);
                    Kpis(w, acc.Kpis);
                    Compare(w, acc.Kpis, prev?.Accounts.GetValueOrDefault(acc.Account), prev is not null);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();

            // Groups 客服组 only when the roster lists some (docs/io.md): reports without groups keep their shape.
            if (!p.Groups.IsDefaultOrEmpty)
            {
                w.WriteStartArray("groups");
                foreach (var g in p.Groups)
                {
                    w.WriteStartObject();
                    w.WriteString("group", g.Group);
                    w.WriteString("name", g.Name);
                    Kpis(w, g.Kpis);
                    Compare(w, g.Kpis, prev?.Groups.GetValueOrDefault(g.Group), prev is not null);
                    w.WriteStartArray("agents");
                    foreach (string id in g.Agents)
                    {
                        w.WriteStringValue(id);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (p.Ranking is { } ranking)
            {
                w.WriteStartObject("rankedBy");
                w.WriteString("kpi", ranking.Kpi);
                w.WriteString("order", ranking.Order == RankOrder.Ascending ? "asc" : "desc");
                w.WriteEndObject();
                w.WriteStartArray("ranking");
                foreach (var e in ranking.Entries)
                {
                    w.WriteStartObject();
                    w.WriteNumber("rank", e.Rank);
                    w.WriteString("agent", e.Agent);
                    w.WriteString("name", e.Name);
                    w.WritePropertyName("value");
                    Value(w, e.Value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

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

    /// <summary>
    /// Writes the comparison siblings of a <c>kpis</c> object (<c>--compare previous</c>): <c>previous</c> (the previous
    /// period's values, null for a new entity), <c>change</c> (current − previous) and <c>changeRate</c> (change ÷
    /// |previous|), each keyed like <c>kpis</c>.
    /// </summary>
    private static void Compare(Utf8JsonWriter w, KpiSet kpis, KpiSet? previous, bool compare)
    {
        if (!compare)
        {
            return;
        }

        var changes = KpiChange.Of(kpis, previous);
        w.WriteStartObject("previous");
        foreach (var (name, c) in changes)
        {
            w.WritePropertyName(name);
            Value(w, c.Previous);
        }

        w.WriteEndObject();
        w.WriteStartObject("change");
        foreach (var (name, c) in changes)
        {
            w.WritePropertyName(name);
            Value(w, c.Change);
        }

        w.WriteEndObject();
        w.WriteStartObject("changeRate");
        foreach (var (name, c) in changes)
        {
            if (c.Relative is { } r)
            {
                w.WriteNumber(name, r);
            }
            else
            {
                w.WriteNull(name);
            }
        }

        w.WriteEndObject();
    }

    /// <summary>Writes one KPI value: null, integer, shortest round-trip number, money to 2 decimals, 24 integers, or an object of counts.</summary>
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
            case KpiKind.Breakdown:
                // complaintsByReason: an object of counts, keys in ordinal order (the breakdown's own order).
                w.WriteStartObject();
                foreach (var (key, count) in value.Breakdown)
                {
                    w.WriteNumber(key, count);
                }

                w.WriteEndObject();
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }
}
