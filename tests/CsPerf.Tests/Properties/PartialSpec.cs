using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsPerf.Engine;
using NodaTime;

namespace CsPerf.Tests.Properties;

/// <summary>
/// A random, reproducible dataset for the partial properties (domain.md §5 invariant 7): two shops in zones of
/// different offsets, an agent with accounts in both shops, an agent with two accounts in one shop (so one review
/// can implicate two accounts of one agent), an after-sale account, accounts outside the roster, ratings,
/// complaints, several refunds per order, silent orders, adverts, auto-replies and broadcasts.
/// </summary>
public sealed record PartialSpec(
    int Seed,
    ImmutableArray<Message> Messages,
    ImmutableArray<Order> Orders,
    ImmutableArray<Refund> Refunds,
    ImmutableArray<Review> Reviews,
    ImmutableArray<Rating> Ratings,
    ImmutableArray<Complaint> Complaints)
{
    public static readonly Roster Roster = new(
        [new ShopInfo("s1", "Asia/Shanghai"), new ShopInfo("s2", "Europe/Berlin")],
        [
            new AgentInfo("a1", "小王", [new AccountBinding("s1", "s1:x", AccountRole.Presale)], SalesTarget: 1000m),
            new AgentInfo("a2", "小李", [new AccountBinding("s1", "s1:y", AccountRole.Presale), new AccountBinding("s2", "s2:y", AccountRole.Presale)]),
            new AgentInfo("a3", "小张", [new AccountBinding("s1", "s1:z", AccountRole.Aftersale)]),
            new AgentInfo("a4", "Anna", [new AccountBinding("s2", "s2:w", AccountRole.Presale)], SalesTarget: 500m),
            new AgentInfo("a5", "小赵", [new AccountBinding("s1", "s1:u", AccountRole.Presale), new AccountBinding("s1", "s1:t", AccountRole.Presale)]),
        ])
    {
        // domain.md §6 "Groups": a2 spans both shops, a5 has two accounts, a4 is in no group.
        Groups = [new GroupInfo("g1", "售前一组", ["a1", "a2"]), new GroupInfo("g2", "混合组", ["a5", "a3"])],
    };

    public static readonly CsPerfConfig Config = CsPerfConfig.Default with
    {
        AdPhrase = "你是广告",
        FilteredCustomers = ["spammer"],
        SingleLineFilter = true,
    };

    public static readonly Instant Origin = Instant.FromUtc(2026, 10, 24, 12, 0);

    public static readonly Instant AsOf = Instant.FromUtc(2026, 11, 3, 0, 0);

    public static readonly LocalDate From = new(2026, 10, 15);

    public static readonly LocalDate To = new(2026, 11, 2);

    private static readonly string?[] Reasons = [null, "", "态度", "回复慢", "答非所问"];
    private static readonly string[] Accounts1 = ["s1:x", "s1:y", "s1:z", "s1:u", "s1:t", "s1:v"];
    private static readonly string[] Accounts2 = ["s2:y", "s2:w", "s2:v"];
    private static readonly string?[] Texts = ["在吗", "好的👍", "$亲，欢迎光临", "你是广告", null, "有货吗", "@活动通知", "\u3000你是广告 "];
    private static readonly int[] GapSeconds = [0, 0, 5, 20, 30, 31, 90, 121, 180, 181, 899, 900, 1200, 3000];

    public static PartialSpec Generate(int seed)
    {
        var rnd = new Random(seed);
        var messages = new List<Message>();
        int id = 0;
        int conversations = rnd.Next(1, 14);
        for (int c = 0; c < conversations; c++)
        {
            bool second = rnd.Next(3) == 0;
            string shop = second ? "s2" : "s1";
            string[] accounts = second ? Accounts2 : Accounts1;
            string customer = rnd.Next(12) == 0 ? "spammer" : rnd.Next(15) == 0 ? "s1:x" : "c" + rnd.Next(1, 6).ToString(CultureInfo.InvariantCulture);
            string account = accounts[rnd.Next(accounts.Length)];
            var t = Origin.Plus(Duration.FromSeconds(rnd.Next(0, 4 * 24 * 3600)));
            int count = rnd.Next(1, 10);
            for (int m = 0; m < count; m++)
            {
                if (rnd.Next(5) == 0)
                {
                    account = accounts[rnd.Next(accounts.Length)];
                }

                var dir = rnd.Next(2) == 0 ? Direction.In : Direction.Out;
                messages.Add(new Message($"m{id++}", shop, customer, account, dir, t, Texts[rnd.Next(Texts.Length)]));
                t = t.Plus(Duration.FromSeconds(GapSeconds[rnd.Next(GapSeconds.Length)]));
            }
        }

        var orders = new List<Order>();
        var refunds = new List<Refund>();
        var reviews = new List<Review>();
        int orderCount = rnd.Next(0, 8);
        for (int o = 0; o < orderCount; o++)
        {
            bool second = rnd.Next(3) == 0;
            var created = Origin.Plus(Duration.FromSeconds(rnd.Next(-5 * 24 * 3600, 5 * 24 * 3600)));
            Instant? paid = rnd.Next(3) == 0 ? null : created.Plus(Duration.FromMinutes(rnd.Next(1, 5000)));
            string customer = rnd.Next(6) == 0 ? "c9" : "c" + rnd.Next(1, 6).ToString(CultureInfo.InvariantCulture);
            decimal amount = rnd.Next(1, 50000) / 100m;
            orders.Add(new Order($"o{o}", second ? "s2" : "s1", customer, created, paid, amount, rnd.Next(2) * 10m, rnd.Next(1, 4)));
            if (paid is { } p)
            {
                int k = rnd.Next(0, 4); // several refunds per order, some on one day, some on another
                for (int r = 0; r < k; r++)
                {
                    var at = p.Plus(Duration.FromMinutes(rnd.Next(10, 4000)));
                    var status = (RefundStatus)rnd.Next(3);
                    refunds.Add(new Refund($"r{o}-{r}", $"o{o}", at, status == RefundStatus.Pending ? null : at.Plus(Duration.FromMinutes(rnd.Next(1, 2000))), Math.Round(amount / 3, 2), 1, status, rnd.Next(1, 4)));
                }
            }

            if (rnd.Next(2) == 0)
            {
                reviews.Add(new Review($"o{o}", (paid ?? created).Plus(Duration.FromMinutes(rnd.Next(10, 5000))), (ReviewRating)rnd.Next(3)));
            }
        }

        var ratings = new List<Rating>();
        var complaints = new List<Complaint>();
        int extras = rnd.Next(0, 6);
        for (int i = 0; i < extras; i++)
        {
            bool second = rnd.Next(3) == 0;
            string[] accounts = second ? Accounts2 : Accounts1;
            string shop = second ? "s2" : "s1";
            string customer = "c" + rnd.Next(1, 6).ToString(CultureInfo.InvariantCulture);
            var at = Origin.Plus(Duration.FromSeconds(rnd.Next(-2 * 24 * 3600, 6 * 24 * 3600)));
            if (rnd.Next(2) == 0)
            {
                ratings.Add(new Rating(shop, customer, accounts[rnd.Next(accounts.Length)], at, rnd.Next(1, 6)));
            }
            else
            {
                // complaintsByReason (§6 quality): a few reasons, the absent one (null, or "" as a file may write it) included.
                complaints.Add(new Complaint(shop, customer, accounts[rnd.Next(accounts.Length)], at, Reasons[rnd.Next(Reasons.Length)]));
            }
        }

        return new PartialSpec(seed, [.. messages], [.. orders], [.. refunds], [.. reviews], [.. ratings], [.. complaints]);
    }

    /// <summary>A dataset of the records of the customers (shop, customer) that <paramref name="keep"/> selects, with the whole roster.</summary>
    public Dataset Build(Func<string, string, bool>? keep = null)
    {
        keep ??= (_, _) => true;
        var orders = Orders.Where(o => keep(o.Shop, o.Customer)).ToList();
        var ids = orders.Select(o => o.Id).ToHashSet();
        return Dataset.Create(
            Config,
            Roster,
            Messages.Where(m => keep(m.Shop, m.Customer)),
            orders,
            Refunds.Where(r => ids.Contains(r.Order)),
            Reviews.Where(r => ids.Contains(r.Order)),
            Ratings.Where(r => keep(r.Shop, r.Customer)),
            Complaints.Where(c => keep(c.Shop, c.Customer)));
    }

    /// <summary>The (shop, customer) pairs of the spec.</summary>
    public IEnumerable<(string Shop, string Customer)> Customers() =>
        Messages.Select(m => (m.Shop, m.Customer))
            .Concat(Orders.Select(o => (o.Shop, o.Customer)))
            .Concat(Ratings.Select(r => (r.Shop, r.Customer)))
            .Concat(Complaints.Select(c => (c.Shop, c.Customer)))
            .Distinct()
            .OrderBy(x => x.Shop, StringComparer.Ordinal)
            .ThenBy(x => x.Customer, StringComparer.Ordinal);

    public static ReportRequest Request(PeriodGrouping by = PeriodGrouping.All, bool allRules = true, bool range = true) => new()
    {
        AsOf = AsOf,
        By = by,
        From = range ? From : null,
        To = range ? To : null,
        AllRules = allRules,
    };

    public override string ToString() =>
        $"PartialSpec(seed {Seed}: {Messages.Length} messages, {Orders.Length} orders, {Refunds.Length} refunds, {Reviews.Length} reviews, {Ratings.Length} ratings, {Complaints.Length} complaints)";
}

/// <summary>A canonical text of a partial, so two partials compare as strings (records holding arrays compare by reference).</summary>
internal static class PartialText
{
    public static string Of(KpiPartial p)
    {
        var sb = new StringBuilder();
        sb.Append(p.Basis).Append('|').Append(p.DataFrom).Append('|').Append(p.DataTo).Append('|').Append(p.Filtered).Append('\n');
        foreach (var s in p.Shops)
        {
            sb.Append(s).Append('\n');
        }

        foreach (var a in p.Accounts)
        {
            sb.Append(a).Append('\n');
        }

        foreach (var d in p.AccountDays)
        {
            sb.Append(d.Shop).Append('/').Append(d.Account).Append(' ').Append(d.Date).Append(' ')
                .AppendJoin(',', d.Counts).Append(" | ").AppendJoin(',', d.SalesCounts).Append(" | ").AppendJoin(',', d.SalesMoney)
                .Append(" | ").AppendJoin(',', d.ReceptionsByHour).Append(" | ").AppendJoin(',', d.MessagesByHour)
                .Append(" | ").AppendJoin(',', d.Sessions).Append('\n');
        }

        foreach (var d in p.ShopDays)
        {
            sb.Append(d.Shop).Append(' ').Append(d.Date).Append(' ').AppendJoin(',', d.Counts).Append(" | ")
                .AppendJoin(',', d.SilentCounts).Append(" | ").AppendJoin(',', d.SilentMoney).Append('\n');
        }

        foreach (var r in p.SharedReviews)
        {
            sb.Append(r.Shop).Append(' ').Append(r.Date).Append(' ').Append(r.Rating).Append(' ').AppendJoin(',', r.Accounts).Append('\n');
        }

        foreach (var c in p.ComplaintReasons)
        {
            sb.Append(c).Append('\n');
        }

        foreach (var i in p.Inputs)
        {
            sb.Append(i.Rejected).Append(' ').AppendJoin(',', i.RejectedLines).Append(' ').AppendJoin(',', i.Warnings).Append('\n');
        }

        return sb.ToString();
    }
}
