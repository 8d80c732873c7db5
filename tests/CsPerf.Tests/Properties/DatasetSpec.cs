using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsPerf.Engine;
using NodaTime;

namespace CsPerf.Tests.Properties;

/// <summary>
/// A random but reproducible dataset for property tests: two shops in zones with different offsets (one with a
/// daylight-saving change inside the data), agents that share customers and span shops, an after-sale account,
/// transfers, auto-replies, adverts, broadcasts-to-be, gaps right at the session edge, paid and unpaid orders.
/// </summary>
public sealed record DatasetSpec(int Seed, ImmutableArray<Message> Messages, ImmutableArray<Order> Orders, ImmutableArray<Refund> Refunds, ImmutableArray<Review> Reviews)
{
    public static readonly Roster Roster = new(
        [new ShopInfo("s1", "Asia/Shanghai"), new ShopInfo("s2", "Europe/Berlin")],
        [
            new AgentInfo("a1", "小王", [new AccountBinding("s1", "s1:x", AccountRole.Presale)]),
            new AgentInfo("a2", "小李", [new AccountBinding("s1", "s1:y", AccountRole.Presale), new AccountBinding("s2", "s2:y", AccountRole.Presale)]),
            new AgentInfo("a3", "小张", [new AccountBinding("s1", "s1:z", AccountRole.Aftersale)]),
            new AgentInfo("a4", "Anna", [new AccountBinding("s2", "s2:w", AccountRole.Presale)]),
        ])
    {
        // domain.md §6 "Groups": a group whose agent spans both shops, an after-sale group, an agent (a4) in none.
        Groups = [new GroupInfo("g1", "售前一组", ["a1", "a2"]), new GroupInfo("g2", "售后组", ["a3"])],
    };

    public static readonly CsPerfConfig Config = CsPerfConfig.Default with
    {
        AdPhrase = "你是广告",
        FilteredCustomers = ["spammer"],
        SingleLineFilter = true,
    };

    public static readonly Instant Origin = Instant.FromUtc(2026, 10, 24, 12, 0);

    public static readonly Instant AsOf = Instant.FromUtc(2026, 11, 3, 0, 0);

    private static readonly string[] Accounts1 = ["s1:x", "s1:y", "s1:z"];
    private static readonly string[] Accounts2 = ["s2:y", "s2:w"];
    private static readonly string?[] Texts = ["在吗", "好的👍", "$亲，欢迎光临", "你是广告", null, "有货吗", "\u3000你是广告 "];
    private static readonly int[] GapSeconds = [0, 0, 5, 20, 30, 31, 90, 121, 180, 181, 899, 900, 1200, 3000];

    public static DatasetSpec Generate(int seed)
    {
        var rnd = new Random(seed);
        var messages = new List<Message>();
        var orders = new List<Order>();
        int conversations = rnd.Next(1, 12);
        int id = 0;
        for (int c = 0; c < conversations; c++)
        {
            bool second = rnd.Next(3) == 0;
            string shop = second ? "s2" : "s1";
            string[] accounts = second ? Accounts2 : Accounts1;
            string customer = "c" + rnd.Next(1, 5).ToString(CultureInfo.InvariantCulture);
            string account = accounts[rnd.Next(accounts.Length)];
            var t = Origin.Plus(Duration.FromSeconds(rnd.Next(0, 3 * 24 * 3600)));
            int count = rnd.Next(1, 9);
            for (int m = 0; m < count; m++)
            {
                if (rnd.Next(6) == 0)
                {
                    account = accounts[rnd.Next(accounts.Length)]; // a transfer to another account of the shop
                }

                var dir = rnd.Next(2) == 0 ? Direction.In : Direction.Out;
                string? text = Texts[rnd.Next(Texts.Length)];
                messages.Add(new Message($"m{id++}", shop, customer, account, dir, t, text));
                t = t.Plus(Duration.FromSeconds(GapSeconds[rnd.Next(GapSeconds.Length)]));
            }
        }

        var refunds = new List<Refund>();
        var reviews = new List<Review>();
        int orderCount = rnd.Next(0, 7);
        for (int o = 0; o < orderCount; o++)
        {
            bool second = rnd.Next(3) == 0;
            var created = Origin.Plus(Duration.FromSeconds(rnd.Next(-5 * 24 * 3600, 4 * 24 * 3600)));
            Instant? paid = rnd.Next(3) == 0 ? null : created.Plus(Duration.FromMinutes(rnd.Next(1, 5000)));
            string customer = rnd.Next(6) == 0 ? "c9" : "c" + rnd.Next(1, 5).ToString(CultureInfo.InvariantCulture); // c9 never chats: silent
            decimal amount = rnd.Next(1, 50000) / 100m;
            orders.Add(new Order($"o{o}", second ? "s2" : "s1", customer, created, paid, amount, rnd.Next(2) * 10m, rnd.Next(1, 4)));
            if (paid is { } p && rnd.Next(3) == 0)
            {
                var at = p.Plus(Duration.FromMinutes(rnd.Next(10, 3000)));
                var status = (RefundStatus)rnd.Next(3);
                refunds.Add(new Refund($"r{o}", $"o{o}", at, status == RefundStatus.Pending ? null : at.Plus(Duration.FromMinutes(rnd.Next(1, 2000))), amount / 2, 1, status, rnd.Next(1, 4)));
            }

            if (rnd.Next(3) == 0)
            {
                reviews.Add(new Review($"o{o}", (paid ?? created).Plus(Duration.FromMinutes(rnd.Next(10, 5000))), (ReviewRating)rnd.Next(3)));
            }
        }

        return new DatasetSpec(seed, [.. messages], [.. orders], [.. refunds], [.. reviews]);
    }

    public Dataset Build(IEnumerable<Message>? messages = null, IEnumerable<Order>? orders = null, IEnumerable<Refund>? refunds = null, IEnumerable<Review>? reviews = null, CsPerfConfig? config = null)
    {
        var orderList = (orders ?? Orders).ToList();
        var ids = orderList.Select(o => o.Id).ToHashSet();
        return Dataset.Create(config ?? Config, Roster, messages ?? Messages, orderList,
            (refunds ?? Refunds).Where(r => ids.Contains(r.Order)), (reviews ?? Reviews).Where(r => ids.Contains(r.Order)));
    }

    public ReportRequest Request(PeriodGrouping by = PeriodGrouping.Day, bool allRules = false) => new()
    {
        AsOf = AsOf,
        By = by,
        From = new LocalDate(2026, 10, 15),
        To = new LocalDate(2026, 11, 2),
        AllRules = allRules,
    };

    public Report Report(Dataset data, PeriodGrouping by = PeriodGrouping.Day, bool allRules = false) => CsPerfEngine.Report(data, Config, Request(by, allRules));

    public override string ToString() => $"DatasetSpec(seed {Seed}: {Messages.Length} messages, {Orders.Length} orders, {Refunds.Length} refunds, {Reviews.Length} reviews)";
}

/// <summary>A canonical text of a report, so two reports compare as strings and a failure shows the difference.</summary>
internal static class Canonical
{
    public static string Of(Report report, bool withFiltered = true)
    {
        var sb = new StringBuilder();
        sb.Append(report.AsOf).Append(' ').Append(report.Rule).Append('\n');
        foreach (var p in report.Periods)
        {
            sb.Append("period ").Append(p.From).Append("..").Append(p.To).Append(' ').Append(p.Final).Append(' ').Append(p.ProvisionalFrom).Append('\n');
            Kpis(sb, "total", p.Total);
            foreach (var s in p.Shops)
            {
                Kpis(sb, "shop " + s.Shop, s.Kpis);
            }

            foreach (var g in p.Groups)
            {
                Kpis(sb, "group " + g.Group + " " + g.Name + " [" + string.Join(",", g.Agents) + "]", g.Kpis);
            }

            foreach (var g in p.Agents)
            {
                Kpis(sb, "agent " + g.Agent + " " + g.Name, g.Kpis);
                foreach (var a in g.Accounts)
                {
                    Kpis(sb, "account " + a.Shop + "/" + a.Account, a.Kpis);
                }
            }
        }

        if (withFiltered)
        {
            sb.Append(report.Filtered).Append('\n');
        }

        return sb.ToString();
    }

    private static void Kpis(StringBuilder sb, string label, KpiSet kpis)
    {
        sb.Append(label).Append(':');
        foreach (var kv in kpis)
        {
            sb.Append(' ').Append(kv.Key).Append('=').Append(kv.Value.ToString());
        }

        sb.Append('\n');
    }
}
