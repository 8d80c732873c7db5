using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// Writes a detail list 明细 (<c>csperf details</c>, docs/details.md) as JSON, CSV or a table. Each row is first laid
/// out as named cells (the same names in the three formats); JSON keeps the nested bursts of <c>slow</c> and the
/// implicated accounts of <c>reviews</c> as arrays, CSV and the table write them compactly in one cell.
/// </summary>
/// <remarks>
/// Stateless and thread safe. Instants are UTC (RFC 3339, <c>Z</c>) in JSON and CSV, the shop's local time in the
/// table; dates are local, durations in seconds.
/// </remarks>
public static class DetailWriter
{
    /// <summary>
    /// The JSON document: <c>{ "list", "name", "asOf", "rule", "from", "to", "agent", "count", "totals": { kpi: value },
    /// "rows": [ … ] }</c>.
    /// </summary>
    /// <param name="result">The list.</param>
    public static string ToJson(DetailResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("list", DetailLists.Name(result.List));
            w.WriteString("name", DetailLists.ChineseName(result.List));
            w.WriteString("asOf", InstantPattern.General.Format(result.AsOf));
            w.WriteString("rule", result.Rule.ToString());
            WriteValue(w, "from", result.From);
            WriteValue(w, "to", result.To);
            WriteValue(w, "agent", result.Agent);
            w.WriteNumber("count", result.Rows.Length);
            w.WriteStartObject("totals");
            foreach (var t in result.Totals)
            {
                w.WriteNumber(t.Kpi, IsMoney(t.Kpi) ? KpiFormat.RoundMoney(t.Value) : t.Value);
            }

            w.WriteEndObject();
            w.WriteStartArray("rows");
            foreach (var row in result.Rows)
            {
                WriteCells(w, Cells(row));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>CSV (RFC 4180): a header row, then one line per row of the list; nested lists in one cell, items separated by <c>; </c>.</summary>
    /// <param name="result">The list.</param>
    /// <param name="output">Where to write.</param>
    public static void WriteCsv(DetailResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(string.Join(",", Columns(result.List)) + "\r\n");
        foreach (var row in result.Rows)
        {
            output.Write(string.Join(",", Cells(row).Select(c => CsvReportWriter.Escape(Text(c.Value)))) + "\r\n");
        }
    }

    /// <summary>A readable table: a title line with the totals, then one line per row, instants in the shop's local time.</summary>
    /// <param name="result">The list.</param>
    /// <param name="output">Where to write.</param>
    public static void WriteTable(DetailResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        string range = result.From is { } f && result.To is { } t ? $"{LocalDatePattern.Iso.Format(f)}..{LocalDatePattern.Iso.Format(t)}" : "no data";
        string totals = string.Join(", ", result.Totals.Select(x => x.Kpi + " " + (IsMoney(x.Kpi)
            ? KpiFormat.RoundMoney(x.Value).ToString("0.00", CultureInfo.InvariantCulture)
            : x.Value.ToString(CultureInfo.InvariantCulture))));
        output.WriteLine($"{DetailLists.ChineseName(result.List)} {DetailLists.Name(result.List)}  {range}  as of {InstantPattern.General.Format(result.AsOf)}  rule {result.Rule}"
            + (result.Agent is null ? "" : "  agent " + result.Agent));
        output.WriteLine($"{result.Rows.Length} row(s); {totals}");
        if (result.Rows.IsEmpty)
        {
            return;
        }

        var head = Columns(result.List);
        var rows = result.Rows.Select(r => Cells(r).Select(c => c.Value is Instant at ? Local(at, r.Shop, result) : Text(c.Value)).ToArray()).ToList();
        var widths = head.Select((h, i) => Math.Max(KpiFormat.Width(h), rows.Max(r => KpiFormat.Width(r[i])))).ToArray();
        void Line(IReadOnlyList<string> cells) => output.WriteLine(string.Join("  ", cells.Select((c, i) => KpiFormat.PadRight(c, widths[i]))).TrimEnd());
        Line(head);
        foreach (var r in rows)
        {
            Line(r);
        }
    }

    /// <summary>The column names of a list, in CSV and table order (the JSON keys of its rows).</summary>
    /// <param name="list">The list.</param>
    public static IReadOnlyList<string> Columns(DetailList list) => list switch
    {
        DetailList.Unreplied => ["day", "shop", "customer", "account", "agent", "firstMessage", "firstAt", "lastMessage", "lastAt", "waitedSeconds", "open"],
        DetailList.Slow => ["day", "shop", "customer", "account", "agent", "firstMessage", "firstAt", "slowBursts", "bursts"],
        DetailList.NoResponse => ["day", "shop", "customer", "account", "agent", "firstIn", "firstInAt", "answer", "answerAt", "responseSeconds"],
        DetailList.Long => ["day", "kind", "shop", "customer", "account", "agent", "firstMessage", "firstAt", "lastMessage", "lastAt", "seconds", "sessions"],
        DetailList.Reviews => ["day", "shop", "customer", "order", "rating", "at", "orderAgent", "phases", "implicated"],
        DetailList.Refunds => ["day", "shop", "customer", "refund", "order", "amount", "items", "status", "createdAt", "completedAt", "completedDay", "inRefundOrders", "inRefundAmount", "creditedOrder", "creditedPayment", "creditedOrderFirst", "account", "agent"],
        DetailList.Silent => ["day", "shop", "customer", "order", "amount", "items", "createdAt", "paidAt", "lastMessage", "lastAt", "lastAccount", "lastAgent", "lastDirection"],
        DetailList.Lost => ["day", "shop", "customer", "account", "agent", "firstMessage", "firstAt", "windowClosedAt"],
        _ => throw new ArgumentOutOfRangeException(nameof(list), list, "not a detail list"),
    };

    private static readonly LocalDateTimePattern LocalTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss");

    /// <summary>An instant in the shop's local time (the table is read by people in the shop's zone).</summary>
    private static string Local(Instant at, string shop, DetailResult result) => Local(at, shop, result.ShopZones);

    /// <summary>An instant in the local time of a shop, given the shops' zones (also the HTML report's detail sections).</summary>
    internal static string Local(Instant at, string shop, IReadOnlyDictionary<string, string> shopZones) =>
        shopZones.TryGetValue(shop, out string? id) && DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is { } zone
            ? LocalTime.Format(at.InZone(zone).LocalDateTime)
            : InstantPattern.General.Format(at);

    private static bool IsMoney(string kpi) => kpi is "silentSales" or "refundAmount";

    /// <summary>A nested list of objects (the bursts of a slow reception, the implicated accounts of a review).</summary>
    private sealed record Nested(IReadOnlyList<IReadOnlyList<(string Name, object? Value)>> Items, Func<IReadOnlyList<(string Name, object? Value)>, string> Compact);

    private static IReadOnlyList<(string Name, object? Value)> Cells(DetailRow row) => row switch
    {
        UnrepliedDetail u =>
        [
            ("day", u.Day), ("shop", u.Shop), ("customer", u.Customer), ("account", u.Account), ("agent", u.Agent),
            ("firstMessage", u.FirstMessage.Id), ("firstAt", u.FirstMessage.At), ("lastMessage", u.LastMessage.Id), ("lastAt", u.LastMessage.At),
            ("waitedSeconds", u.Waited.TotalSeconds), ("open", u.Open),
        ],
        SlowDetail s =>
        [
            ("day", s.Day), ("shop", s.Shop), ("customer", s.Customer), ("account", s.Account), ("agent", s.Agent),
            ("firstMessage", s.FirstMessage.Id), ("firstAt", s.FirstMessage.At), ("slowBursts", (long)s.Bursts.Length),
            ("bursts", new Nested([.. s.Bursts.Select(Burst)], c => $"{c[0].Value}>{c[2].Value} {Text(c[4].Value)}s")),
        ],
        NoResponseDetail n =>
        [
            ("day", n.Day), ("shop", n.Shop), ("customer", n.Customer), ("account", n.Account), ("agent", n.Agent), .. Burst(n.Burst),
        ],
        LongDetail l =>
        [
            ("day", l.Day), ("kind", l.Kind == LongDetailKind.Session ? "session" : "reception"), ("shop", l.Shop), ("customer", l.Customer),
            ("account", l.Account), ("agent", l.Agent), ("firstMessage", l.FirstMessage.Id), ("firstAt", l.FirstMessage.At),
            ("lastMessage", l.LastMessage.Id), ("lastAt", l.LastMessage.At), ("seconds", l.Duration.TotalSeconds), ("sessions", (long)l.Sessions),
        ],
        ReviewDetail r =>
        [
            ("day", r.Day), ("shop", r.Shop), ("customer", r.Customer), ("order", r.Order), ("rating", r.Rating == ReviewRating.Negative ? "negative" : "neutral"),
            ("at", r.At), ("orderAgent", r.OrderAgent), ("phases", Phases(r.Phases)),
            ("implicated", new Nested([.. r.Implicated.Select(Implication)], ImplicationText)),
        ],
        RefundDetail f =>
        [
            ("day", f.Day), ("shop", f.Shop), ("customer", f.Customer), ("refund", f.Refund), ("order", f.Order), ("amount", f.Amount), ("items", (long)f.Items),
            ("status", f.Status.ToString().ToLowerInvariant()), ("createdAt", f.CreatedAt), ("completedAt", f.CompletedAt), ("completedDay", f.CompletedDay),
            ("inRefundOrders", f.InRefundOrders), ("inRefundAmount", f.InRefundAmount), ("creditedOrder", f.Credited.Order),
            ("creditedPayment", f.Credited.Payment), ("creditedOrderFirst", f.Credited.OrderFirst), ("account", f.Account), ("agent", f.Agent),
        ],
        SilentDetail s =>
        [
            ("day", s.Day), ("shop", s.Shop), ("customer", s.Customer), ("order", s.Order), ("amount", s.Amount), ("items", (long)s.Items),
            ("createdAt", s.CreatedAt), ("paidAt", s.PaidAt), ("lastMessage", s.LastContact?.Message.Id), ("lastAt", s.LastContact?.Message.At),
            ("lastAccount", s.LastContact?.Account), ("lastAgent", s.LastContact?.Agent),
            ("lastDirection", s.LastContact is null ? null : s.LastContact.Direction == Direction.In ? "in" : "out"),
        ],
        LostDetail l =>
        [
            ("day", l.Day), ("shop", l.Shop), ("customer", l.Customer), ("account", l.Account), ("agent", l.Agent),
            ("firstMessage", l.FirstMessage.Id), ("firstAt", l.FirstMessage.At), ("windowClosedAt", l.WindowClosedAt),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(row), row.GetType().Name, "not a detail row"),
    };

    private static IReadOnlyList<(string Name, object? Value)> Burst(DetailBurst b) =>
    [
        ("firstIn", b.FirstIn.Id), ("firstInAt", b.FirstIn.At), ("answer", b.Answer?.Id), ("answerAt", b.Answer?.At), ("responseSeconds", b.Response?.TotalSeconds),
    ];

    private static IReadOnlyList<(string Name, object? Value)> Implication(ReviewImplication i) =>
    [
        ("account", i.Account), ("agent", i.Agent), ("phases", Phases(i.Phases)), ("preSaleMessage", i.PreSaleMessage?.Id),
        ("inSaleMessage", i.InSaleMessage?.Id), ("afterSaleMessage", i.AfterSaleMessage?.Id),
    ];

    private static string ImplicationText(IReadOnlyList<(string Name, object? Value)> c)
    {
        var why = new List<string>();
        if (c[3].Value is string pre)
        {
            why.Add("preSale " + pre);
        }

        if (c[4].Value is string inSale)
        {
            why.Add("inSale " + inSale);
        }

        if (c[5].Value is string after)
        {
            why.Add("afterSale " + after);
        }

        return $"{c[0].Value} ({string.Join(", ", why)})";
    }

    /// <summary>The phases joined by <c>+</c> (<c>preSale+afterSale</c>).</summary>
    internal static string Phases(ReviewPhases phases)
    {
        var names = new List<string>(3);
        if ((phases & ReviewPhases.PreSale) != 0)
        {
            names.Add("preSale");
        }

        if ((phases & ReviewPhases.InSale) != 0)
        {
            names.Add("inSale");
        }

        if ((phases & ReviewPhases.AfterSale) != 0)
        {
            names.Add("afterSale");
        }

        return string.Join("+", names);
    }

    /// <summary>A cell as text (CSV, table): empty for null.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        Instant i => InstantPattern.General.Format(i),
        LocalDate d => LocalDatePattern.Iso.Format(d),
        bool b => b ? "true" : "false",
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        long n => n.ToString(CultureInfo.InvariantCulture),
        Nested nested => string.Join("; ", nested.Items.Select(nested.Compact)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static void WriteCells(Utf8JsonWriter w, IReadOnlyList<(string Name, object? Value)> cells)
    {
        w.WriteStartObject();
        foreach (var (name, value) in cells)
        {
            WriteValue(w, name, value);
        }

        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, string name, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNull(name);
                break;
            case bool b:
                w.WriteBoolean(name, b);
                break;
            case double x:
                w.WriteNumber(name, x);
                break;
            case decimal m:
                w.WriteNumber(name, m);
                break;
            case long n:
                w.WriteNumber(name, n);
                break;
            case Nested nested:
                w.WriteStartArray(name);
                foreach (var item in nested.Items)
                {
                    WriteCells(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteString(name, Text(value));
                break;
        }
    }
}
