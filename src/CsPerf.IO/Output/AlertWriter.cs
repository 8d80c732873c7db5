using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>Writes the breaches of <c>csperf alerts</c> as a table or JSON (docs/alerts.md).</summary>
/// <remarks>Stateless and thread safe.</remarks>
public static class AlertWriter
{
    /// <summary>The JSON document: <c>{ "asOf", "breaches": [ … ] }</c>, values in the KPI's unit (rates as fractions, seconds, money to 0.01).</summary>
    /// <param name="asOf">The instant the values are computed as of.</param>
    /// <param name="breaches">The breaches.</param>
    public static string ToJson(Instant asOf, ImmutableArray<AlertBreach> breaches)
    {
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("asOf", InstantPattern.General.Format(asOf));
            w.WriteNumber("count", breaches.Length);
            w.WriteStartArray("breaches");
            foreach (var b in breaches)
            {
                w.WriteStartObject();
                w.WriteNumber("rule", b.RuleIndex);
                w.WriteString("kpi", b.Rule.Kpi);
                w.WriteString("level", Level(b.Rule.Level));
                w.WriteString("by", By(b.Rule.By));
                w.WriteString("id", b.Id);
                if (b.Shop is not null)
                {
                    w.WriteString("shop", b.Shop);
                }

                if (b.Name is not null)
                {
                    w.WriteString("name", b.Name);
                }

                w.WriteString("from", LocalDatePattern.Iso.Format(b.From));
                w.WriteString("to", LocalDatePattern.Iso.Format(b.To));
                w.WritePropertyName("value");
                var value = Value(b);
                switch (value.Kind)
                {
                    case KpiKind.Count:
                        w.WriteNumberValue(value.Count);
                        break;
                    case KpiKind.Money:
                        w.WriteNumberValue(KpiFormat.RoundMoney(value.Money));
                        break;
                    default:
                        w.WriteNumberValue(b.Value);
                        break;
                }

                w.WriteString("direction", b.Direction == AlertDirection.Above ? "above" : "below");
                w.WriteNumber("threshold", b.Threshold);
                w.WriteBoolean("provisional", b.Provisional);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>A readable table, one breach a line (rates as percentages), or a line saying there is none.</summary>
    /// <param name="asOf">The instant the values are computed as of.</param>
    /// <param name="breaches">The breaches.</param>
    /// <param name="output">Where to write.</param>
    public static void WriteTable(Instant asOf, ImmutableArray<AlertBreach> breaches, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string asOfText = InstantPattern.General.Format(asOf);
        if (breaches.IsEmpty)
        {
            output.WriteLine($"no breach as of {asOfText}");
            return;
        }

        string[] head = ["rule", "kpi", "level", "who", "period", "value", "threshold", ""];
        var rows = new List<string[]>(breaches.Length);
        foreach (var b in breaches)
        {
            string who = b.Id + (b.Shop is null ? "" : " @" + b.Shop) + (b.Name is null ? "" : " " + b.Name);
            string period = b.From == b.To ? LocalDatePattern.Iso.Format(b.From) : $"{LocalDatePattern.Iso.Format(b.From)}..{LocalDatePattern.Iso.Format(b.To)}";
            rows.Add([
                (b.RuleIndex + 1).ToString(CultureInfo.InvariantCulture),
                b.Rule.Kpi,
                Level(b.Rule.Level),
                who,
                period,
                KpiFormat.Human(b.Rule.Kpi, Value(b)),
                (b.Direction == AlertDirection.Above ? "> " : "< ") + Threshold(b.Rule.Kpi, b.Threshold),
                b.Provisional ? "provisional" : "",
            ]);
        }

        var widths = head.Select((h, i) => Math.Max(KpiFormat.Width(h), rows.Max(r => KpiFormat.Width(r[i])))).ToArray();
        void Line(string[] cells) =>
            output.WriteLine(string.Join("  ", cells.Select((c, i) => i is 5 or 6 ? KpiFormat.PadLeft(c, widths[i]) : KpiFormat.PadRight(c, widths[i]))).TrimEnd());
        output.WriteLine($"{breaches.Length} breach(es) as of {asOfText}");
        Line(head);
        foreach (var r in rows)
        {
            Line(r);
        }
    }

    /// <summary>The breach's value held as its KPI's kind (the catalogue says which), for display.</summary>
    private static KpiValue Value(AlertBreach b) =>
        (KpiDefinitions.TryResolve(b.Rule.Kpi, out var d, out _) ? d.ValueKind : KpiKind.Real) switch
        {
            KpiKind.Count => KpiValue.FromCount((long)Math.Round(b.Value)),
            KpiKind.Money => KpiValue.FromMoney((decimal)b.Value),
            _ => KpiValue.FromReal(b.Value),
        };

    private static string Threshold(string kpi, double t) =>
        KpiDefinitions.TryResolve(kpi, out var d, out _) && d.Kind == KpiUnitKind.Rate
            ? (t * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%"
            : t.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Level(AlertLevel level) => level.ToString().ToLowerInvariant();

    private static string By(PeriodGrouping by) => by.ToString().ToLowerInvariant();
}
