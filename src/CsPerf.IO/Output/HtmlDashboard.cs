using System.Globalization;
using CsPerf.Engine;
using NodaTime;
using NodaTime.Text;
using static CsPerf.IO.Svg;

namespace CsPerf.IO;

/// <summary>
/// The dashboard panels at the top of the HTML report (docs/dashboard.md): headline tiles with the change against the
/// previous period, the conversion funnel, the first response time distribution, the hourly pressure, sales by agents
/// against silent sales and the day-by-day trend. Every number is a report number (or a <see cref="DashboardData"/>
/// number the engine computed); the page carries it in <c>data-value</c> in its machine form.
/// </summary>
internal static class HtmlDashboard
{
    /// <summary>The headline tiles, in page order.</summary>
    public static readonly string[] TileKpis = [Kpi.Received, Kpi.ReplyRate, Kpi.FirstResponseAvg, Kpi.Sales, Kpi.InquiryToOrderRate];

    /// <summary>The funnel's steps: received → inquiries → ordered → paid.</summary>
    public static readonly string[] FunnelKpis = [Kpi.Received, Kpi.Inquiries, Kpi.Ordered, Kpi.Paid];

    /// <summary>The leaderboard's columns after the ranked KPI.</summary>
    public static readonly string[] LeaderboardKpis = [Kpi.Sales, Kpi.Received, Kpi.ReplyRate, Kpi.FirstResponseAvg, Kpi.InquiryToOrderRate, Kpi.SatisfactionRate];

    /// <summary>The bucket labels of <see cref="FirstResponseDistribution"/>, then the unanswered one.</summary>
    public static readonly string[] BucketLabels = ["≤15 s", "15–30 s", "30–60 s", "1–3 min", ">3 min", "未回复 none"];

    private static string D(LocalDate d) => LocalDatePattern.Iso.Format(d);

    private static double Num(KpiValue v) => v.AsDouble() ?? 0;

    private static KpiValue Get(KpiSet set, string key) => set.TryGet(key, out var v) ? v : KpiValue.Null;

    /// <summary>Writes the panels of the report's last period (the trend covers every day of the report).</summary>
    public static void Write(TextWriter o, Report report, DashboardData? data)
    {
        if (report.Periods.IsEmpty)
        {
            o.WriteLine("<p class=\"note\">No data in the range: nothing to show.</p>");
            return;
        }

        int pi = report.Periods.Length - 1;
        var p = report.Periods[pi];
        var dp = data is not null && data.Periods.Length == report.Periods.Length ? data.Periods[pi] : null;
        var previous = p.Previous ?? dp?.Previous;
        string range = $"{D(p.From)} .. {D(p.To)}";
        o.WriteLine($"<section class=\"dashboard\" data-from=\"{D(p.From)}\" data-to=\"{D(p.To)}\">");
        o.WriteLine($"<h2>概览 Overview {E(range)}{(report.Periods.Length > 1 ? " <span class=\"sub\">(the last period; every period's table is below)</span>" : "")}</h2>");
        Tiles(o, p.Total, previous);

        o.WriteLine("<div class=\"grid\">");
        o.WriteLine("<div class=\"panel\"><h3>转化漏斗 Conversion funnel</h3>");
        Funnel(o, p.Total);
        o.WriteLine("</div>");
        o.WriteLine("<div class=\"panel\"><h3>首次响应时间分布 First response time <span class=\"sub\">(customer-started sessions)</span></h3>");
        if (dp is null)
        {
            o.WriteLine("<p class=\"note\">Not available: the distribution needs the dataset (csperf report DIR --format html).</p>");
        }
        else
        {
            Responses(o, p.Total, dp.FirstResponses);
        }

        o.WriteLine("</div>");
        o.WriteLine("</div>");

        o.WriteLine("<div class=\"panel wide\"><h3>分时接待压力 Hourly pressure <span class=\"sub\">(bars: 接待量时段分布 receptions by hour of their first message; below: 分时最高同时接待数 peak concurrent sessions)</span></h3>");
        Hourly(o, p.Total);
        o.WriteLine("</div>");

        o.WriteLine("<div class=\"grid\">");
        var days = data is null
            ? (report.By == PeriodGrouping.Day ? [.. report.Periods] : new List<PeriodReport>())
            : data.Periods.SelectMany(x => x.Days).ToList();
        o.WriteLine("<div class=\"panel\"><h3>客服销售 vs 静默销售 Agent vs silent sales</h3>");
        AgentVsSilent(o, p.Total);
        SalesByDay(o, days);
        o.WriteLine("</div>");
        o.WriteLine("<div class=\"panel\"><h3>每日趋势 Day by day</h3>");
        Trend(o, days);
        o.WriteLine("</div>");
        o.WriteLine("</div>");
        o.WriteLine("</section>");
    }

    private static void Tiles(TextWriter o, KpiSet total, PreviousPeriod? previous)
    {
        o.WriteLine("<div class=\"tiles\">");
        foreach (var key in TileKpis)
        {
            var v = Get(total, key);
            string unit = KpiLabels.Unit(key);
            string shown = KpiFormat.Human(key, v) + (unit is "%" || v.IsNull ? "" : unit == "s" ? " s" : "");
            o.Write($"<div class=\"tile\" data-kpi=\"{key}\" data-value=\"{E(KpiFormat.Machine(v))}\" title=\"{E(key)}\">");
            o.Write($"<div class=\"name\">{E(KpiLabels.Chinese(key))}<br><span class=\"en\">{E(KpiLabels.English(key))}{(unit is "%" or "s" or "money" ? "" : $" ({E(unit)})")}</span></div>");
            o.Write($"<div class=\"value\">{E(shown)}</div>");
            if (previous is null)
            {
                o.Write("<div class=\"change flat\">no comparison</div>");
            }
            else if (Quiet(previous.Total))
            {
                o.Write($"<div class=\"change flat\">– <span class=\"vs\">no activity {D(previous.From)} .. {D(previous.To)}</span></div>");
            }
            else
            {
                var change = KpiChange.Of(v, Get(previous.Total, key));
                o.Write(Change(key, change, previous));
            }

            o.WriteLine("</div>");
        }

        o.WriteLine("</div>");
    }

    /// <summary>Whether a previous period saw nothing: no reception and no sale (its changes would only repeat the values).</summary>
    private static bool Quiet(KpiSet previous) =>
        Num(Get(previous, Kpi.Consulted)) == 0 && Num(Get(previous, Kpi.Sales)) == 0 && Num(Get(previous, Kpi.Orders)) == 0;

    /// <summary>The change line of a tile: money in money, rates in percentage points, durations in seconds, counts in counts.</summary>
    private static string Change(string key, KpiChange change, PreviousPeriod previous)
    {
        string vs = $"<span class=\"vs\">vs {D(previous.From)} .. {D(previous.To)}: {E(KpiFormat.Human(key, change.Previous))}</span>";
        if (change.Change.IsNull)
        {
            return $"<div class=\"change flat\">– {vs}</div>";
        }

        double delta = Num(change.Change);
        var better = KpiLabels.Better(key);
        string cls = delta == 0 || better == KpiBetter.None ? "flat" : (delta > 0) == (better == KpiBetter.Higher) ? "good" : "bad";
        string arrow = delta > 0 ? "▲" : delta < 0 ? "▼" : "＝";
        var inv = CultureInfo.InvariantCulture;
        string sign = delta > 0 ? "+" : "";
        string text = change.Change.Kind switch
        {
            KpiKind.Count => sign + change.Change.Count.ToString("#,0", inv),
            KpiKind.Money => sign + change.Change.Money.ToString("#,0.00", inv),
            _ when KpiLabels.Unit(key) == "%" => sign + (delta * 100).ToString("0.0", inv) + " pp",
            _ when KpiLabels.Unit(key) == "s" => sign + delta.ToString("0.0", inv) + " s",
            _ => sign + delta.ToString("0.0", inv),
        };
        if (change.Relative is { } r && change.Change.Kind is KpiKind.Count or KpiKind.Money)
        {
            text += $" ({(r > 0 ? "+" : "")}{(r * 100).ToString("0.0", inv)}%)";
        }

        return $"<div class=\"change {cls}\" data-change=\"{E(KpiFormat.Machine(change.Change))}\">{arrow} {E(text)} {vs}</div>";
    }

    private static void Funnel(TextWriter o, KpiSet total)
    {
        const int width = 560, rowH = 46, top = 8;
        double first = Math.Max(1, Num(Get(total, Kpi.Received)));
        o.Write($"<svg class=\"chart\" data-chart=\"funnel\" viewBox=\"0 0 {width} {top + (rowH * FunnelKpis.Length) + 4}\" role=\"img\" aria-label=\"conversion funnel\" xmlns=\"http://www.w3.org/2000/svg\">");
        string[] notes =
        [
            "",
            Share(Get(total, Kpi.Inquiries), Get(total, Kpi.Received), "of received"),
            $"询单转化率 {KpiFormat.Human(Kpi.InquiryToOrderRate, Get(total, Kpi.InquiryToOrderRate))}",
            $"下单到付款 {KpiFormat.Human(Kpi.OrderToPaidRate, Get(total, Kpi.OrderToPaidRate))}",
        ];
        const double barLeft = 170, barMax = 250;
        for (int i = 0; i < FunnelKpis.Length; i++)
        {
            string key = FunnelKpis[i];
            var v = Get(total, key);
            double w = Math.Max(2, Num(v) / first * barMax), y = top + (i * rowH);
            double x = barLeft + ((barMax - w) / 2);
            o.Write($"<text x=\"{N(barLeft - 8)}\" y=\"{N(y + 16)}\" text-anchor=\"end\" class=\"l strong\">{E(KpiLabels.Chinese(key))}</text>");
            o.Write($"<text x=\"{N(barLeft - 8)}\" y=\"{N(y + 31)}\" text-anchor=\"end\" class=\"l\">{E(KpiLabels.English(key))}</text>");
            o.Write($"<rect class=\"bar\" x=\"{N(x)}\" y=\"{N(y + 2)}\" width=\"{N(w)}\" height=\"{rowH - 10}\" rx=\"3\" fill=\"{(i == 0 ? Blue : i == FunnelKpis.Length - 1 ? Green : "#5b8fc9")}\" data-kpi=\"{key}\" data-value=\"{E(KpiFormat.Machine(v))}\"><title>{E(KpiLabels.Label(key))}: {E(KpiFormat.Human(key, v))}</title></rect>");
            o.Write($"<text x=\"{N(barLeft + barMax + 10)}\" y=\"{N(y + 16)}\" class=\"v strong\">{E(KpiFormat.Human(key, v))}</text>");
            o.Write($"<text x=\"{N(barLeft + barMax + 10)}\" y=\"{N(y + 31)}\" class=\"l\">{E(notes[i])}</text>");
        }

        o.WriteLine("</svg>");
        o.WriteLine("<p class=\"note\">Counts of receptions (接待人数, 询单人数) and of inquiries (最终下单人数, 最终付款人数). 询单转化率 = ordered ÷ (inquiries − assists before order); 下单到付款 = paid ÷ ordered.</p>");
    }

    private static string Share(KpiValue part, KpiValue whole, string of)
    {
        double w = Num(whole);
        return w == 0 || part.IsNull ? "" : (Num(part) / w * 100).ToString("0.0", CultureInfo.InvariantCulture) + "% " + of;
    }

    private static void Responses(TextWriter o, KpiSet total, FirstResponseDistribution dist)
    {
        long all = dist.Sessions;
        var bars = new List<Bar>();
        string[] colors = [Green, Green, Blue, Orange, Red, Grey];
        for (int b = 0; b < BucketLabels.Length; b++)
        {
            long count = b < dist.Answered.Length ? dist.Answered[b] : dist.Unanswered;
            string pct = all == 0 ? "" : $" ({(count * 100.0 / all).ToString("0", CultureInfo.InvariantCulture)}%)";
            bars.Add(new Bar(BucketLabels[b], count, count.ToString("#,0", CultureInfo.InvariantCulture) + pct, colors[b], $"data-bucket=\"{b}\" data-value=\"{count}\""));
        }

        Bars(o, "first-response", "first response time distribution", bars, 560, 230);
        o.WriteLine($"<p class=\"note\">{all.ToString("#,0", CultureInfo.InvariantCulture)} customer-started sessions. "
            + $"{E(KpiLabels.Label(Kpi.FirstResponseAvg))}: <b>{E(KpiFormat.Human(Kpi.FirstResponseAvg, Get(total, Kpi.FirstResponseAvg)))}</b> (answered ones); "
            + $"{E(KpiLabels.Label(Kpi.FirstResponseHitRate))}: <b>{E(KpiFormat.Human(Kpi.FirstResponseHitRate, Get(total, Kpi.FirstResponseHitRate)))}</b> (within the target, unanswered ones are misses).</p>");
    }

    private static void Hourly(TextWriter o, KpiSet total)
    {
        var rec = Get(total, Kpi.ReceptionsByHour);
        var peak = Get(total, Kpi.PeakConcurrencyByHour);
        if (rec.Kind != KpiKind.Hourly)
        {
            o.WriteLine("<p class=\"note\">No hourly counts.</p>");
            return;
        }

        int max = rec.Hourly.Max();
        var bars = new List<Bar>();
        for (int h = 0; h < 24; h++)
        {
            int v = rec.Hourly[h];
            bool busy = max > 0 && v >= max * 0.8;
            bars.Add(new Bar(h.ToString(CultureInfo.InvariantCulture), v, v.ToString("#,0", CultureInfo.InvariantCulture), busy ? Orange : Blue,
                $"data-kpi=\"{Kpi.ReceptionsByHour}\" data-hour=\"{h}\" data-value=\"{v}\""));
        }

        List<double>? line = peak.Kind == KpiKind.Hourly ? [.. peak.Hourly.Select(x => (double)x)] : null;
        List<string>? attrs = peak.Kind == KpiKind.Hourly ? [.. peak.Hourly.Select((x, h) => $"data-kpi=\"{Kpi.PeakConcurrencyByHour}\" data-hour=\"{h}\" data-value=\"{x}\"")] : null;
        Bars(o, "hourly", "hourly pressure", bars, 1160, 330, "分时最高同时接待数 Peak concurrent sessions, by hour", line, attrs, smallValues: true);
        // Runs of busy hours as ranges: 10–12 h, 20–22 h.
        var busiest = new List<string>();
        for (int h = 0; h < 24; h++)
        {
            if (max > 0 && rec.Hourly[h] >= max * 0.8)
            {
                int end = h;
                while (end + 1 < 24 && rec.Hourly[end + 1] >= max * 0.8)
                {
                    end++;
                }

                busiest.Add($"{h}–{end + 1} h");
                h = end;
            }
        }

        o.WriteLine($"<p class=\"note\">Hours of local time (the shop's zone). Orange: the busiest hours (≥ 80% of the top hour): {E(string.Join(", ", busiest))}. Below: the most sessions open at once in that hour on any day.</p>");
    }

    private static void AgentVsSilent(TextWriter o, KpiSet total)
    {
        var sales = Get(total, Kpi.Sales);
        var agent = Get(total, Kpi.AgentSales);
        var silent = Get(total, Kpi.SilentSales);
        const int width = 560, left = 10, barW = 540;
        double all = Math.Max(1e-9, Num(agent) + Num(silent));
        double wa = Num(agent) / all * barW, ws = Num(silent) / all * barW;
        o.Write($"<svg class=\"chart\" data-chart=\"sales-split\" viewBox=\"0 0 {width} 124\" role=\"img\" aria-label=\"agent vs silent sales\" xmlns=\"http://www.w3.org/2000/svg\">");
        o.Write($"<text x=\"{left}\" y=\"18\" class=\"l strong\">{E(KpiLabels.Label(Kpi.Sales))}: {E(KpiFormat.Human(Kpi.Sales, sales))}</text>");
        o.Write($"<rect class=\"bar\" x=\"{left}\" y=\"28\" width=\"{N(wa)}\" height=\"34\" fill=\"{Blue}\" data-kpi=\"{Kpi.AgentSales}\" data-value=\"{E(KpiFormat.Machine(agent))}\"><title>{E(KpiLabels.Label(Kpi.AgentSales))}: {E(KpiFormat.Human(Kpi.AgentSales, agent))}</title></rect>");
        o.Write($"<rect class=\"bar\" x=\"{N(left + wa)}\" y=\"28\" width=\"{N(ws)}\" height=\"34\" fill=\"{Grey}\" data-kpi=\"{Kpi.SilentSales}\" data-value=\"{E(KpiFormat.Machine(silent))}\"><title>{E(KpiLabels.Label(Kpi.SilentSales))}: {E(KpiFormat.Human(Kpi.SilentSales, silent))}</title></rect>");
        o.Write($"<rect x=\"{left}\" y=\"82\" width=\"12\" height=\"12\" fill=\"{Blue}\"/><text x=\"{left + 18}\" y=\"93\" class=\"l\">{E(KpiLabels.Chinese(Kpi.AgentSales))} Agent sales {E(KpiFormat.Human(Kpi.AgentSales, agent))} ({E(KpiFormat.Human(Kpi.AgentSalesShare, Get(total, Kpi.AgentSalesShare)))})</text>");
        o.Write($"<rect x=\"{left}\" y=\"104\" width=\"12\" height=\"12\" fill=\"{Grey}\"/><text x=\"{left + 18}\" y=\"115\" class=\"l\">{E(KpiLabels.Chinese(Kpi.SilentSales))} Silent sales {E(KpiFormat.Human(Kpi.SilentSales, silent))} ({E(Share(silent, sales, "").Trim())}, paid orders no agent is credited with)</text>");
        o.WriteLine("</svg>");
    }

    private static void SalesByDay(TextWriter o, IReadOnlyList<PeriodReport> days)
    {
        if (days.Count == 0)
        {
            return;
        }

        var labels = days.Select(d => d.From.ToString("MM-dd", CultureInfo.InvariantCulture)).ToList();
        var parts = days.Select(d => new[]
        {
            (Num(Get(d.Total, Kpi.AgentSales)), Blue, $"data-kpi=\"{Kpi.AgentSales}\" data-date=\"{D(d.From)}\" data-value=\"{E(KpiFormat.Machine(Get(d.Total, Kpi.AgentSales)))}\"", "agent " + KpiFormat.Human(Kpi.AgentSales, Get(d.Total, Kpi.AgentSales))),
            (Num(Get(d.Total, Kpi.SilentSales)), Grey, $"data-kpi=\"{Kpi.SilentSales}\" data-date=\"{D(d.From)}\" data-value=\"{E(KpiFormat.Machine(Get(d.Total, Kpi.SilentSales)))}\"", "silent " + KpiFormat.Human(Kpi.SilentSales, Get(d.Total, Kpi.SilentSales))),
        }).ToList();
        var totals = days.Select(d => Compact(Kpi.Sales, Get(d.Total, Kpi.Sales))).ToList();
        o.WriteLine("<div class=\"caption\">By day (blue: agent, grey: silent; the label: 销售额 sales)</div>");
        Stacked(o, "sales-by-day", "agent vs silent sales by day", labels, parts, totals, 560, 200);
    }

    private static void Trend(TextWriter o, IReadOnlyList<PeriodReport> days)
    {
        if (days.Count == 0)
        {
            o.WriteLine("<p class=\"note\">Not available: the day-by-day trend needs the dataset (csperf report DIR --format html).</p>");
            return;
        }

        foreach (var (key, color) in new[] { (Kpi.Received, Blue), (Kpi.Sales, Green) })
        {
            var labels = days.Select(d => d.From.ToString("MM-dd", CultureInfo.InvariantCulture)).ToList();
            var values = days.Select(d => Num(Get(d.Total, key))).ToList();
            var texts = days.Select(d => Compact(key, Get(d.Total, key))).ToList();
            var attrs = days.Select(d => $"data-kpi=\"{key}\" data-date=\"{D(d.From)}\" data-value=\"{E(KpiFormat.Machine(Get(d.Total, key)))}\"").ToList();
            o.WriteLine($"<div class=\"caption\">{E(KpiLabels.Label(key))}</div>");
            Line(o, "trend-" + key, KpiLabels.Label(key) + " by day", labels, values, texts, attrs, color, 560, 170);
        }
    }

    /// <summary>A chart label: counts as they are, money without cents above 10,000 (12.3k).</summary>
    private static string Compact(string key, KpiValue v) => v.Kind == KpiKind.Money && Math.Abs(v.Money) >= 10000 ? Short((double)v.Money) : KpiFormat.Human(key, v);

    /// <summary>The sortable leaderboard of a period: the ranking's order, the ranked KPI, then <see cref="LeaderboardKpis"/>.</summary>
    public static void Leaderboard(TextWriter o, PeriodReport p, PeriodRanking ranking)
    {
        string order = ranking.Order == RankOrder.Ascending ? "lowest first" : "highest first";
        var columns = new[] { ranking.Kpi }.Concat(LeaderboardKpis.Where(k => k != ranking.Kpi && p.Total.Contains(k))).ToList();
        var agents = p.Agents.ToDictionary(a => a.Agent, StringComparer.Ordinal);
        o.WriteLine($"<h3 data-kpi=\"{E(ranking.Kpi)}\">客服排名 Leaderboard by {E(KpiLabels.Label(ranking.Kpi))}, {order}</h3>");
        o.WriteLine("<p class=\"note\">Click a column header to sort (again to reverse).</p>");
        o.Write("<table class=\"ranking sortable\"><thead><tr><th data-type=\"n\">排名 Rank</th><th data-type=\"s\">客服 Agent</th>");
        foreach (var k in columns)
        {
            o.Write($"<th data-type=\"n\" data-kpi=\"{E(k)}\" title=\"{E(k)}\">{E(KpiLabels.Chinese(k))}<br><span class=\"en\">{E(KpiLabels.English(k))} ({E(KpiLabels.Unit(k))})</span></th>");
        }

        o.WriteLine("</tr></thead><tbody>");
        foreach (var e in ranking.Entries)
        {
            string who = e.Name == e.Agent ? e.Agent : $"{e.Name} ({e.Agent})";
            o.Write($"<tr><td data-v=\"{e.Rank}\">{e.Rank}</td><td data-v=\"{E(who)}\">{E(who)}</td>");
            foreach (var k in columns)
            {
                var v = k == ranking.Kpi ? e.Value : agents.TryGetValue(e.Agent, out var a) ? Get(a.Kpis, k) : KpiValue.Null;
                o.Write($"<td data-v=\"{E(KpiFormat.Machine(v))}\">{E(KpiFormat.Human(k, v))}</td>");
            }

            o.WriteLine("</tr>");
        }

        o.WriteLine("</tbody></table>");
    }

    /// <summary>The page's one script: sorts a <c>table.sortable</c> by the clicked column (numbers by <c>data-v</c>, empty last).</summary>
    public const string Script = """
        document.querySelectorAll('table.sortable').forEach(function (table) {
          var heads = table.tHead.rows[0].cells;
          Array.prototype.forEach.call(heads, function (th, col) {
            th.addEventListener('click', function () {
              var desc = th.getAttribute('data-dir') !== 'desc';
              Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('data-dir'); });
              th.setAttribute('data-dir', desc ? 'desc' : 'asc');
              var numeric = th.getAttribute('data-type') === 'n';
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
                if (x === '' || y === '') { return x === y ? 0 : (x === '' ? 1 : -1); }
                var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
                return desc ? -c : c;
              });
              rows.forEach(function (r) { body.appendChild(r); });
            });
          });
        });
        """;
}
