using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using CsPerf.Engine;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>
/// The detail lists 明细 behind the numbers of an HTML report (<c>csperf report DIR --format html --details</c>,
/// docs/details.md "From a number to its rows"): per period, per agent and for the total, the rows behind each
/// list-backed KPI (<see cref="Kpis"/>), grouped so that a section holds exactly the rows its cell counts.
/// </summary>
/// <remarks>Immutable once built; thread safe.</remarks>
public sealed class HtmlDetails
{
    /// <summary>The most rows a section shows; it then says how many more and the <c>csperf details</c> command listing them all.</summary>
    public const int MaxRows = 200;

    /// <summary>The list-backed KPIs whose cells link to their rows, in the order of the page.</summary>
    public static ImmutableArray<string> Kpis { get; } =
    [
        Kpi.Unreplied, Kpi.SlowReceptions, Kpi.NoResponseRecords, Kpi.LongSessions, Kpi.LongReceptions,
        Kpi.NeutralReviews, Kpi.NegativeReviews, Kpi.RefundOrders, Kpi.SilentSales, Kpi.Lost,
    ];

    private readonly Dictionary<(int Period, string? Agent, string Kpi), List<DetailRow>> _sections;

    private HtmlDetails(Report report, Dictionary<(int, string?, string), List<DetailRow>> sections, ImmutableDictionary<string, string> shopZones, string command)
    {
        Report = report;
        _sections = sections;
        ShopZones = shopZones;
        Command = command;
    }

    /// <summary>The report the sections belong to.</summary>
    public Report Report { get; }

    /// <summary>The IANA zone of every shop (local times are shown in the shop's zone).</summary>
    public ImmutableDictionary<string, string> ShopZones { get; }

    /// <summary>The start of the command that lists a section in full (<c>csperf details DIR …</c>, without <c>--list</c>, range and agent).</summary>
    public string Command { get; }

    /// <summary>The detail list that explains a KPI, or null when none does.</summary>
    /// <param name="kpi">The KPI key.</param>
    public static DetailList? ListOf(string kpi) => kpi switch
    {
        Kpi.Unreplied => DetailList.Unreplied,
        Kpi.SlowReceptions => DetailList.Slow,
        Kpi.NoResponseRecords => DetailList.NoResponse,
        Kpi.LongSessions or Kpi.LongReceptions => DetailList.Long,
        Kpi.NeutralReviews or Kpi.NegativeReviews => DetailList.Reviews,
        Kpi.RefundOrders => DetailList.Refunds,
        Kpi.SilentSales => DetailList.Silent,
        Kpi.Lost => DetailList.Lost,
        _ => null,
    };

    /// <summary>
    /// Computes the detail lists behind a report: one <see cref="CsPerfEngine.Details"/> per list over the report's
    /// range, then grouped per period and agent (<see cref="Group"/>).
    /// </summary>
    /// <param name="report">The report, computed from <paramref name="data"/> and <paramref name="config"/> with <paramref name="from"/>, <paramref name="to"/> and <paramref name="rule"/>.</param>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config.</param>
    /// <param name="from">The report's <c>--from</c>, or null.</param>
    /// <param name="to">The report's <c>--to</c>, or null.</param>
    /// <param name="rule">The report's <c>--rule</c>, or null for the config's.</param>
    /// <param name="command">The start of the command that lists a section in full, e.g. <c>csperf details shop/ --config c.json</c>.</param>
    /// <returns>The sections.</returns>
    public static HtmlDetails Compute(Report report, Dataset data, CsPerfConfig config, LocalDate? from, LocalDate? to, AttributionRule? rule, string command)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lists = DetailLists.All
            .Select(l => CsPerfEngine.Details(data, config, new DetailRequest { List = l, AsOf = report.AsOf, From = from, To = to, Rule = rule ?? report.Rule }))
            .ToList();
        return Group(report, lists, command);
    }

    /// <summary>
    /// Groups the rows of detail lists (computed over the report's range, every agent) into sections per period × agent
    /// (or total) × KPI, following the "totals" definitions of docs/details.md: a review belongs to the section of each
    /// agent it implicates (once per agent), a refund to the <c>refundOrders</c> sections of its creation date when it is
    /// <c>inRefundOrders</c>, one section row per order and date; a silent sale only to the total.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="lists">The detail lists, over the report's range and its rule.</param>
    /// <param name="command">The start of the command that lists a section in full.</param>
    /// <returns>The sections.</returns>
    public static HtmlDetails Group(Report report, IEnumerable<DetailResult> lists, string command)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(command);
        var sections = new Dictionary<(int, string?, string), List<DetailRow>>();
        var zones = ImmutableDictionary<string, string>.Empty;
        void Add(LocalDate day, IEnumerable<string> agents, string kpi, DetailRow row)
        {
            int p = PeriodOf(report, day);
            if (p < 0)
            {
                return;
            }

            foreach (var who in agents.Distinct(StringComparer.Ordinal).Prepend(null))
            {
                if (!sections.TryGetValue((p, who, kpi), out var rows))
                {
                    sections[(p, who, kpi)] = rows = [];
                }

                rows.Add(row);
            }
        }

        foreach (var list in lists)
        {
            zones = zones.SetItems(list.ShopZones);
            var refunds = new List<RefundDetail>();
            foreach (var row in list.Rows)
            {
                switch (row)
                {
                    case UnrepliedDetail u:
                        Add(u.Day, [u.Agent], Kpi.Unreplied, u);
                        break;
                    case SlowDetail s:
                        Add(s.Day, [s.Agent], Kpi.SlowReceptions, s);
                        break;
                    case NoResponseDetail n:
                        Add(n.Day, [n.Agent], Kpi.NoResponseRecords, n);
                        break;
                    case LongDetail l:
                        Add(l.Day, [l.Agent], l.Kind == LongDetailKind.Session ? Kpi.LongSessions : Kpi.LongReceptions, l);
                        break;
                    case ReviewDetail r:
                        Add(r.Day, r.Implicated.Select(i => i.Agent), r.Rating == ReviewRating.Negative ? Kpi.NegativeReviews : Kpi.NeutralReviews, r);
                        break;
                    case RefundDetail f when f.InRefundOrders:
                        refunds.Add(f);
                        break;
                    case SilentDetail s:
                        Add(s.Day, [], Kpi.SilentSales, s);
                        break;
                    case LostDetail l:
                        Add(l.Day, [l.Agent], Kpi.Lost, l);
                        break;
                }
            }

            // refundOrders counts an order once per creation date (docs/details.md): one section row per order and date,
            // credited (as the KPI is) to the agent under the list's rule.
            foreach (var g in refunds.GroupBy(f => (f.Shop, f.Order, f.Day, f.Agent)))
            {
                var first = g.First();
                Add(first.Day, first.Agent is null ? [] : [first.Agent], Kpi.RefundOrders, new RefundOrderRow(first.Shop, first.Customer, first.Day, [.. g]));
            }
        }

        return new HtmlDetails(report, sections, zones, command);
    }

    /// <summary>The rows of a section: period <paramref name="period"/> (index in the report), agent (null: the total), KPI.</summary>
    /// <param name="period">Index of the period in <see cref="Report.Periods"/>.</param>
    /// <param name="agent">Agent id, or null for the total.</param>
    /// <param name="kpi">A KPI of <see cref="Kpis"/>.</param>
    /// <returns>The rows (for <c>refundOrders</c>, one per order and creation date); empty when none.</returns>
    public IReadOnlyList<DetailRow> Rows(int period, string? agent, string kpi) =>
        _sections.TryGetValue((period, agent, kpi), out var rows) ? rows : [];

    /// <summary>The number a section stands for: its rows, or for <c>silentSales</c> the sum of their amounts.</summary>
    /// <param name="period">Index of the period in <see cref="Report.Periods"/>.</param>
    /// <param name="agent">Agent id, or null for the total.</param>
    /// <param name="kpi">A KPI of <see cref="Kpis"/>.</param>
    public decimal Total(int period, string? agent, string kpi) =>
        kpi == Kpi.SilentSales ? Rows(period, agent, kpi).OfType<SilentDetail>().Sum(s => s.Amount) : Rows(period, agent, kpi).Count;

    /// <summary>The anchor of a section: <c>d{period}-t-{kpi}</c> for the total, <c>d{period}-a{agent index}-{kpi}</c> for an agent.</summary>
    /// <param name="period">Index of the period in <see cref="Report.Periods"/>.</param>
    /// <param name="agentIndex">Index of the agent in the period's agents, or null for the total.</param>
    /// <param name="kpi">The KPI key.</param>
    public static string Anchor(int period, int? agentIndex, string kpi) =>
        string.Create(CultureInfo.InvariantCulture, $"d{period}-{(agentIndex is { } a ? "a" + a.ToString(CultureInfo.InvariantCulture) : "t")}-{kpi}");

    /// <summary>Whether the cell of (period, agent, KPI) links to a section: a list-backed KPI with at least one row.</summary>
    internal bool HasSection(int period, string? agent, string kpi) => _sections.ContainsKey((period, agent, kpi));

    /// <summary>Writes the sections of one period: the total's, then each agent's, each with its anchor.</summary>
    internal void WritePeriod(int period, TextWriter output)
    {
        var p = Report.Periods[period];
        bool any = false;
        void Section(int? agentIndex, string? agent, string label)
        {
            foreach (var kpi in Kpis)
            {
                if (!_sections.TryGetValue((period, agent, kpi), out var rows))
                {
                    continue;
                }

                if (!any)
                {
                    output.WriteLine("<h3>Details 明细</h3>");
                    any = true;
                }

                var list = ListOf(kpi)!.Value;
                string count = kpi == Kpi.SilentSales
                    ? $"{rows.Count} orders, {KpiFormat.Human(kpi, KpiValue.FromMoney(Total(period, agent, kpi)))}"
                    : $"{rows.Count} row{(rows.Count == 1 ? "" : "s")}";
                output.WriteLine($"<section class=\"detail\" id=\"{Anchor(period, agentIndex, kpi)}\"><h4>{E(label)} · {E(kpi)} {E(DetailLists.ChineseName(list))} · {E(count)} <a href=\"#p{period.ToString(CultureInfo.InvariantCulture)}\">↑ table</a></h4>");
                WriteTable(kpi, rows, output);
                if (rows.Count > MaxRows)
                {
                    string cmd = $"{Command} --list {DetailLists.Name(list)}{(agent is null ? "" : " --agent " + Quote(agent))} --from {Date(p.From)} --to {Date(p.To)} --as-of {InstantPattern.ExtendedIso.Format(Report.AsOf)} --rule {RuleName(Report.Rule)}";
                    output.WriteLine($"<p class=\"more\">… and {rows.Count - MaxRows} more; all of them: <code>{E(cmd)}</code></p>");
                }

                output.WriteLine("</section>");
            }
        }

        Section(null, null, "Total");
        for (int i = 0; i < p.Agents.Length; i++)
        {
            var a = p.Agents[i];
            Section(i, a.Agent, a.Name == a.Agent ? a.Agent : $"{a.Name} ({a.Agent})");
        }
    }

    private void WriteTable(string kpi, List<DetailRow> rows, TextWriter output)
    {
        string[] head = kpi switch
        {
            Kpi.Unreplied => ["day", "customer", "account", "first message", "last message", "waited s", "open"],
            Kpi.SlowReceptions => ["day", "customer", "account", "first message", "slow bursts (first in › answer, response s)"],
            Kpi.NoResponseRecords => ["day", "customer", "account", "first in", "answer", "response s"],
            Kpi.LongSessions or Kpi.LongReceptions => ["day", "customer", "account", "first message", "last message", "seconds", "sessions"],
            Kpi.NeutralReviews or Kpi.NegativeReviews => ["day", "customer", "order", "review at", "order agent", "phases", "implicated (why)"],
            Kpi.RefundOrders => ["day", "customer", "order", "refunds", "amount", "created", "credited account"],
            Kpi.SilentSales => ["day", "customer", "order", "amount", "paid", "last contact"],
            _ => ["day", "customer", "account", "first message", "window closed"],
        };
        output.Write("<table class=\"detail\"><tr>");
        foreach (var h in head)
        {
            output.Write($"<th>{E(h)}</th>");
        }

        output.WriteLine("</tr>");
        foreach (var row in rows.Take(MaxRows))
        {
            string s = row.Shop;
            string[] cells = row switch
            {
                UnrepliedDetail u => [Date(u.Day), u.Customer, u.Account, Msg(u.FirstMessage, s), Msg(u.LastMessage, s), Secs(u.Waited), u.Open ? "open" : ""],
                SlowDetail w => [Date(w.Day), w.Customer, w.Account, Msg(w.FirstMessage, s), string.Join("; ", w.Bursts.Select(b => Burst(b, s)))],
                NoResponseDetail n => [Date(n.Day), n.Customer, n.Account, Msg(n.Burst.FirstIn, s), n.Burst.Answer is { } ans ? Msg(ans, s) : "never", n.Burst.Response is { } r ? Secs(r) : ""],
                LongDetail l => [Date(l.Day), l.Customer, l.Account, Msg(l.FirstMessage, s), Msg(l.LastMessage, s), Secs(l.Duration), l.Sessions.ToString(CultureInfo.InvariantCulture)],
                ReviewDetail v => [Date(v.Day), v.Customer, v.Order, Local(v.At, s), v.OrderAgent ?? "", DetailWriter.Phases(v.Phases), string.Join("; ", v.Implicated.Select(i => Implication(i, s)))],
                RefundOrderRow f => [Date(f.Day), f.Customer, f.Refunds[0].Order, string.Join("; ", f.Refunds.Select(x => $"{x.Refund} ({x.Status})")), Money(f.Refunds.Sum(x => x.Amount)), string.Join("; ", f.Refunds.Select(x => Local(x.CreatedAt, s))), f.Refunds[0].Account ?? "silent"],
                SilentDetail z => [Date(z.Day), z.Customer, z.Order, Money(z.Amount), Local(z.PaidAt, s), z.LastContact is { } c ? $"{c.Account} {c.Direction}: {Msg(c.Message, s)}" : "never chatted"],
                LostDetail o => [Date(o.Day), o.Customer, o.Account, Msg(o.FirstMessage, s), Local(o.WindowClosedAt, s)],
                _ => [Date(row.Day), row.Customer],
            };
            output.Write("<tr>");
            foreach (var c in cells)
            {
                output.Write($"<td>{E(c)}</td>");
            }

            output.WriteLine("</tr>");
        }

        output.WriteLine("</table>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Date(LocalDate d) => LocalDatePattern.Iso.Format(d);

    private static string Secs(Duration d) => d.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Money(decimal m) => m.ToString("#,0.00", CultureInfo.InvariantCulture);

    private string Local(Instant at, string shop) => DetailWriter.Local(at, shop, ShopZones);

    private string Msg(DetailMessage m, string shop) => $"{m.Id} @ {Local(m.At, shop)}";

    private string Burst(DetailBurst b, string shop) =>
        $"{Msg(b.FirstIn, shop)} › {(b.Answer is { } a ? Msg(a, shop) : "never")}{(b.Response is { } r ? ", " + Secs(r) + " s" : "")}";

    private string Implication(ReviewImplication i, string shop)
    {
        var why = new List<string>();
        if (i.PreSaleMessage is { } pre)
        {
            why.Add("preSale " + Msg(pre, shop));
        }

        if (i.InSaleMessage is { } mid)
        {
            why.Add("inSale " + Msg(mid, shop));
        }

        if (i.AfterSaleMessage is { } post)
        {
            why.Add("afterSale " + Msg(post, shop));
        }

        return $"{i.Account} ({(why.Count == 0 ? DetailWriter.Phases(i.Phases) : string.Join(", ", why))})";
    }

    private static string RuleName(AttributionRule rule) => rule switch
    {
        AttributionRule.Order => "order",
        AttributionRule.Payment => "payment",
        _ => "order-first",
    };

    /// <summary>A command-line word, single-quoted for a POSIX shell when it holds anything but plain characters.</summary>
    /// <param name="word">The word.</param>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or ',' or '+' or '@')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static int PeriodOf(Report report, LocalDate day)
    {
        var periods = report.Periods;
        int lo = 0, hi = periods.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (day < periods[mid].From)
            {
                hi = mid - 1;
            }
            else if (day > periods[mid].To)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    /// <summary>A <c>refundOrders</c> section row: the refunds of one order created on one date (the KPI counts the pair once).</summary>
    private sealed record RefundOrderRow(string Shop, string Customer, LocalDate Day, ImmutableArray<RefundDetail> Refunds)
        : DetailRow(Shop, Customer, Day);
}
