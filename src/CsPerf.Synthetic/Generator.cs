using NodaTime;

namespace CsPerf.Synthetic;

/// <summary>One generated chat line in index form; the sink turns indexes into strings or bytes.</summary>
internal struct MsgRec
{
    /// <summary>Unix seconds.</summary>
    public long At;
    public int Shop;

    /// <summary>Customer index within the shop, or <c>~account</c> (negative) for an internal chat whose "customer" is an account.</summary>
    public int Customer;

    /// <summary>Global account index.</summary>
    public int Account;
    public Direction Dir;

    /// <summary>Index into <see cref="Generator.Texts"/>, or -1 when the message has no text (a picture).</summary>
    public int Text;
}

/// <summary>Receives every generated record, in generation order. Collecting and file-writing sinks share one core so both yield the same data.</summary>
internal interface IRecordSink
{
    void Message(long id, in MsgRec m);

    /// <summary>An order; times in unix seconds, <c>paidAt</c> -1 when unpaid, money in cents.</summary>
    void Order(long id, int shop, int customer, long createdAt, long paidAt, long amountCents, long postageCents, int items);

    /// <summary>A refund; <c>completedAt</c> -1 when not completed.</summary>
    void Refund(long id, long order, long createdAt, long completedAt, long amountCents, int items, RefundStatus status, int operations);

    void Review(long order, long at, ReviewRating rating);

    void Rating(int shop, int customer, int account, long at, int score);

    void Complaint(int shop, int customer, int account, long at, int reason);
}

/// <summary>The one generation core. Emits day by day (all shops per day), each day's messages bucketed by the local hour their conversation started.</summary>
internal sealed class Generator
{
    /// <summary>Chance a customer chats on a given day; the message volume scales with it.</summary>
    internal const double ActiveChance = 0.08;

    /// <summary>Chance a customer who does not chat that day places a silent order 静默下单.</summary>
    private const double SilentOrderChance = 0.003;

    private readonly GeneratorOptions _o;
    private readonly List<MsgRec>[] _buckets = new List<MsgRec>[25];
    private Prng _rng;
    private long _messageId;
    private long _orderId;
    private long _refundId;

    public Generator(GeneratorOptions options)
    {
        Validate(options);
        _o = options;
        _rng = new Prng(unchecked((ulong)options.Seed * 0x2545F4914F6CDD1DUL + 17));
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new List<MsgRec>();
        }

        var texts = new List<string>();
        CustomerOpen = Add(texts, Vocabulary.CustomerOpen);
        CustomerAsk = Add(texts, Vocabulary.CustomerAsk);
        AgentReply = Add(texts, Vocabulary.AgentReply);
        AutoReply = Add(texts, Vocabulary.AutoReply);
        Broadcast = Add(texts, Vocabulary.Broadcast);
        Reminder = Add(texts, Vocabulary.Reminder);
        AdvertReply = Add(texts, Vocabulary.AdvertReply);
        Internal = Add(texts, Vocabulary.Internal);
        AdPhraseText = -1;
        if (options.AdPhrase is not null)
        {
            AdPhraseText = texts.Count;
            texts.Add(options.AdPhrase);
        }

        Texts = texts.ToArray();

        int shops = options.Shops;
        ShopIds = new string[shops];
        Zones = new DateTimeZone[shops];
        ShopAccounts = new int[shops][];
        ShopPresale = new int[shops][];
        ShopAftersale = new int[shops];
        AccountShop = new int[shops * options.Agents];
        AccountIds = new string[shops * options.Agents];
        AccountAftersale = new bool[shops * options.Agents];
        var roster = new List<AgentInfo>();
        var groups = new List<GroupInfo>();
        for (int s = 0; s < shops; s++)
        {
            ShopIds[s] = "s" + (s + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Zones[s] = DateTimeZoneProviders.Tzdb[ZoneIdOf(s)];
            ShopAccounts[s] = new int[options.Agents];
            var presale = new List<int>();
            for (int a = 0; a < options.Agents; a++)
            {
                int g = s * options.Agents + a;
                var (name, pinyin) = Vocabulary.Agents[g % Vocabulary.Agents.Length];
                string suffix = g < Vocabulary.Agents.Length ? "" : (g / Vocabulary.Agents.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                AccountIds[g] = ShopIds[s] + ":" + pinyin + suffix;
                AccountShop[g] = s;

                // One in six answers after-sale; never the only account, so every shop can sell.
                bool after = a % 6 == 5;
                AccountAftersale[g] = after;
                ShopAccounts[s][a] = g;
                if (!after)
                {
                    presale.Add(g);
                }

                roster.Add(new AgentInfo(
                    "a" + (g + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    name + suffix,
                    [new AccountBinding(ShopIds[s], AccountIds[g], after ? AccountRole.Aftersale : AccountRole.Presale)],
                    after ? null : 100000m + 20000m * (g % 4)));
            }

            // Groups 客服组 (docs/synthetic.md): the shop's pre-sale agents alternate between two groups; after-sale
            // agents stay in none. An empty group (a shop with one pre-sale agent) is left out.
            for (int k = 0; k < 2; k++)
            {
                var members = presale.Where((_, i) => i % 2 == k).Select(acc => "a" + (acc + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                if (members.Count > 0)
                {
                    string id = "g" + ((2 * s) + k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    groups.Add(new GroupInfo(id, ShopIds[s] + (k == 0 ? " 售前一组" : " 售前二组"), [.. members]));
                }
            }

            ShopPresale[s] = presale.ToArray();
            ShopAftersale[s] = options.Agents >= 6 ? ShopAccounts[s][5] : -1;
        }

        Roster = new Roster(
            [.. ShopIds.Select((id, s) => new ShopInfo(id, ZoneIdOf(s)))],
            [.. roster])
        {
            Groups = [.. groups],
        };
        StartSeconds = long.MaxValue;
        EndSeconds = long.MinValue;
        for (int s = 0; s < shops; s++)
        {
            StartSeconds = Math.Min(StartSeconds, Zones[s].AtStartOfDay(options.Start).ToInstant().ToUnixTimeSeconds());
            EndSeconds = Math.Max(EndSeconds, Zones[s].AtStartOfDay(options.Start.PlusDays(options.Days)).ToInstant().ToUnixTimeSeconds());
        }

        // Nothing may fall at or past End + 1 day: late payments, refunds and reviews beyond it are dropped or left open.
        LimitSeconds = EndSeconds + 86400;
        Config = CsPerfConfig.Default with { AdPhrase = options.AdPhrase };
    }

    public CsPerfConfig Config { get; }

    public Roster Roster { get; }

    public string[] Texts { get; }

    public string[] ShopIds { get; }

    public DateTimeZone[] Zones { get; }

    public string[] AccountIds { get; }

    public int[] AccountShop { get; }

    public bool[] AccountAftersale { get; }

    public long StartSeconds { get; }

    public long EndSeconds { get; }

    public long LimitSeconds { get; }

    private int[][] ShopAccounts { get; }

    private int[][] ShopPresale { get; }

    /// <summary>The shop's first after-sale account, or -1.</summary>
    private int[] ShopAftersale { get; }

    private (int Start, int Count) CustomerOpen { get; }

    private (int Start, int Count) CustomerAsk { get; }

    private (int Start, int Count) AgentReply { get; }

    private (int Start, int Count) AutoReply { get; }

    private (int Start, int Count) Broadcast { get; }

    private (int Start, int Count) Reminder { get; }

    private (int Start, int Count) AdvertReply { get; }

    private (int Start, int Count) Internal { get; }

    private int AdPhraseText { get; }

    internal static string ZoneIdOf(int shop) => shop % 2 == 0 ? "Asia/Shanghai" : "Europe/Berlin";

    /// <summary>The customer id of customer <paramref name="index"/> (same numbering in every shop: one buyer may shop at several).</summary>
    internal static string CustomerId(int index) => "tb" + (index + 1).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    internal static void Validate(GeneratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Shops, 1, nameof(o.Shops));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Agents, 1, nameof(o.Agents));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Customers, 1, nameof(o.Customers));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Days, 1, nameof(o.Days));
        if (o.AdPhrase is not null && o.AdPhrase.Trim().Length == 0)
        {
            throw new ArgumentException("AdPhrase: must not be blank; use null for no adverts.", nameof(o));
        }
    }

    private static (int, int) Add(List<string> texts, string[] words)
    {
        int start = texts.Count;
        texts.AddRange(words);
        return (start, words.Length);
    }

    private int Pick((int Start, int Count) range) => range.Start + _rng.Next(range.Count);

    public void Run(IRecordSink sink, IProgress<int>? daysDone = null)
    {
        var startOfDay = new long[_o.Shops];
        for (int d = 0; d < _o.Days; d++)
        {
            var date = _o.Start.PlusDays(d);
            for (int s = 0; s < _o.Shops; s++)
            {
                startOfDay[s] = Zones[s].AtStartOfDay(date).ToInstant().ToUnixTimeSeconds();
            }

            for (int s = 0; s < _o.Shops; s++)
            {
                GenerateShopDay(sink, s, startOfDay[s]);
            }

            Flush(sink);
            daysDone?.Report(d + 1);
        }
    }

    private void Flush(IRecordSink sink)
    {
        foreach (var bucket in _buckets)
        {
            // Index loop over the span: no enumerator or LINQ on the hot path.
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bucket);
            for (int i = 0; i < span.Length; i++)
            {
                sink.Message(++_messageId, in span[i]);
            }

            bucket.Clear();
        }
    }

    private void Emit(int bucket, long at, int shop, int customer, int account, Direction dir, int text) =>
        _buckets[bucket].Add(new MsgRec { At = at, Shop = shop, Customer = customer, Account = account, Dir = dir, Text = text });

    /// <summary>Customers chat mostly 10–12 h and 20–22 h local; a few start late enough to cross midnight.</summary>
    private static ReadOnlySpan<byte> HourWeights => [1, 0, 0, 0, 0, 0, 1, 2, 4, 6, 12, 14, 10, 6, 7, 7, 6, 5, 6, 8, 13, 14, 10, 5];

    private const int HourWeightTotal = 137;

    private int PickHour()
    {
        int r = _rng.Next(HourWeightTotal);
        for (int h = 0; h < 24; h++)
        {
            r -= HourWeights[h];
            if (r < 0)
            {
                return h;
            }
        }

        return 23;
    }

    private void GenerateShopDay(IRecordSink sink, int shop, long dayStart)
    {
        int[] presale = ShopPresale[shop];
        int[] accounts = ShopAccounts[shop];

        // Fixed daily extras so even a tiny shop shows every feature: one internal chat and one advert session.
        if (accounts.Length >= 2)
        {
            InternalChat(shop, dayStart, accounts);
        }

        if (AdPhraseText >= 0 && presale.Length > 0)
        {
            AdvertSession(shop, dayStart, presale[_rng.Next(presale.Length)], _rng.Next(_o.Customers));
        }

        for (int c = 0; c < _o.Customers; c++)
        {
            double u = _rng.NextDouble();
            if (u < ActiveChance)
            {
                Conversation(sink, shop, c, dayStart, presale, accounts);
            }
            else if (u < ActiveChance + SilentOrderChance)
            {
                long created = dayStart + _rng.Between(8 * 3600, 23 * 3600);
                PlaceOrder(sink, shop, c, created, presale.Length > 0 ? presale[0] : accounts[0], -1);
            }
        }
    }

    private void InternalChat(int shop, long dayStart, int[] accounts)
    {
        int a = accounts[_rng.Next(accounts.Length)];
        int b = accounts[(Array.IndexOf(accounts, a) + 1 + _rng.Next(accounts.Length - 1)) % accounts.Length];
        int hour = _rng.Between(9, 18);
        long t = dayStart + hour * 3600 + _rng.Next(3600);
        int n = _rng.Between(2, 4);
        for (int i = 0; i < n; i++)
        {
            Emit(hour, t, shop, ~b, a, i % 2 == 0 ? Direction.In : Direction.Out, Pick(Internal));
            t += _rng.Between(10, 120);
        }
    }

    private void AdvertSession(int shop, long dayStart, int account, int customer)
    {
        int hour = _rng.Between(9, 21);
        long t = dayStart + hour * 3600 + _rng.Next(3600);
        Emit(hour, t, shop, customer, account, Direction.Out, AdPhraseText);
        if (_rng.Chance(0.5))
        {
            t += _rng.Between(30, 300);
            Emit(hour, t, shop, customer, account, Direction.In, Pick(AdvertReply));
            if (_rng.Chance(0.5))
            {
                t += _rng.Between(5, 60);
                Emit(hour, t, shop, customer, account, Direction.Out, Pick(AgentReply));
            }
        }
    }

    private void Conversation(IRecordSink sink, int shop, int customer, long dayStart, int[] presale, int[] accounts)
    {
        int hour = PickHour();
        long t = dayStart + hour * 3600 + _rng.Next(3600);

        // About one conversation in eight goes to an after-sale account (where the shop has one).
        int account = presale.Length == 0 || (presale.Length < accounts.Length && _rng.Chance(0.12))
            ? ShopAftersale[shop]
            : presale[_rng.Next(presale.Length)];
        bool presaleChat = !AccountAftersale[account];

        if (_rng.Chance(0.03))
        {
            // A broadcast reached the customer earlier in the day; the filter must drop it.
            int bh = Math.Max(0, hour - 1);
            Emit(bh, dayStart + bh * 3600 + _rng.Next(600), shop, customer, account, Direction.Out, Pick(Broadcast));
        }

        double sr = _rng.NextDouble();
        int sessions = sr < 0.72 ? 1 : sr < 0.93 ? 2 : 3;
        bool transfer = presaleChat && presale.Length >= 2 && _rng.Chance(0.06);
        bool anyAnswer = false;
        bool first = true;
        for (int s = 0; s < sessions; s++)
        {
            if (s > 0)
            {
                // A pause of at least the 15-minute session gap: the customer comes back later.
                t += _rng.Between(16 * 60, 3 * 3600);
                if (transfer && s == 1)
                {
                    // 转接: the second session lands on another presale account of the shop.
                    int idx = Array.IndexOf(presale, account);
                    account = presale[(idx < 0 ? 0 : idx + 1 + _rng.Next(presale.Length - 1)) % presale.Length];
                }
            }

            int rounds = _rng.Between(1, 4);
            for (int r = 0; r < rounds; r++)
            {
                int burst = _rng.Chance(0.5) ? 1 : _rng.Chance(0.6) ? 2 : 3;
                for (int b = 0; b < burst; b++)
                {
                    int text = first ? Pick(CustomerOpen) : _rng.Chance(0.01) ? -1 : Pick(CustomerAsk);
                    Emit(hour, t, shop, customer, account, Direction.In, text);
                    if (first && _rng.Chance(0.35))
                    {
                        Emit(hour, t + _rng.Between(1, 2), shop, customer, account, Direction.Out, Pick(AutoReply));
                    }

                    first = false;
                    t += _rng.Between(3, 40);
                }

                double d = _rng.NextDouble();
                if (d < 0.05)
                {
                    // Unanswered burst: the session ends with the customer waiting.
                    break;
                }

                // Replies: most within the 30-45 s first-response targets, some slow (> 1 min), a few very slow (> 2 min).
                t += d < 0.08 ? _rng.Between(121, 400) : d < 0.20 ? _rng.Between(61, 120) : _rng.Between(3, 40);
                Emit(hour, t, shop, customer, account, Direction.Out, Pick(AgentReply));
                anyAnswer = true;
                if (_rng.Chance(0.35))
                {
                    t += _rng.Between(5, 30);
                    Emit(hour, t, shop, customer, account, Direction.Out, Pick(AgentReply));
                }

                t += _rng.Between(10, 300);
            }
        }

        if (anyAnswer && _rng.Chance(0.15))
        {
            int score = _rng.NextDouble() switch { < 0.60 => 5, < 0.82 => 4, < 0.92 => 3, < 0.96 => 2, _ => 1 };
            sink.Rating(shop, customer, account, t + _rng.Between(10, 120), score);
        }

        if (_rng.Chance(0.01))
        {
            long at = t + _rng.Between(3600, 3 * 3600);
            if (at < LimitSeconds)
            {
                sink.Complaint(shop, customer, account, at, _rng.Next(Vocabulary.ComplaintReasons.Length));
            }
        }

        if (presaleChat && _rng.Chance(0.30))
        {
            long created = _rng.Chance(0.65)
                ? t + _rng.Between(60, 40 * 60)
                : dayStart + 86400 + _rng.Between(9 * 3600, 22 * 3600);
            PlaceOrder(sink, shop, customer, created, account, hour);
        }
    }

    /// <summary>Places an order with its payment, refund and review; <c>reminderBucket</c> is the hour bucket for a payment reminder 催付 by <c>account</c>, or -1 for none (silent orders).</summary>
    private void PlaceOrder(IRecordSink sink, int shop, int customer, long created, int account, int reminderBucket)
    {
        if (created >= LimitSeconds)
        {
            return;
        }

        int items = _rng.NextDouble() switch { < 0.55 => 1, < 0.80 => 2, < 0.92 => 3, < 0.97 => 4, _ => 5 };
        long unitCents = _rng.Between(990, 59900);
        long postage = _rng.Chance(0.3) ? 1000 : 0;
        long amount = unitCents * items + postage;
        long paid;
        double p = _rng.NextDouble();
        if (p < 0.78)
        {
            paid = created + _rng.Between(30, 600);
        }
        else if (p < 0.88)
        {
            paid = created + _rng.Between(3600, 48 * 3600);
            if (reminderBucket >= 0 && _rng.Chance(0.5) && paid < LimitSeconds)
            {
                Emit(reminderBucket, created + (paid - created) / 2, shop, customer, account, Direction.Out, Pick(Reminder));
            }
        }
        else
        {
            paid = -1;
        }

        if (paid >= LimitSeconds)
        {
            paid = -1;
        }

        long orderId = ++_orderId;
        sink.Order(orderId, shop, customer, created, paid, amount, postage, items);
        if (paid < 0)
        {
            return;
        }

        if (_rng.Chance(0.07))
        {
            long rc = paid + _rng.Between(86400, 5 * 86400);
            if (rc < LimitSeconds)
            {
                double st = _rng.NextDouble();
                var status = st < 0.65 ? RefundStatus.Success : st < 0.85 ? RefundStatus.Closed : RefundStatus.Pending;
                long done = status == RefundStatus.Pending ? -1 : rc + _rng.Between(3600, 48 * 3600);
                if (done >= LimitSeconds)
                {
                    status = RefundStatus.Pending;
                    done = -1;
                }

                int ri = _rng.Between(1, items);
                sink.Refund(++_refundId, orderId, rc, done, unitCents * ri, ri, status, _rng.Between(1, 4));
            }
        }

        if (_rng.Chance(0.45))
        {
            long at = paid + _rng.Between(2 * 86400, 6 * 86400);
            if (at < LimitSeconds)
            {
                double rr = _rng.NextDouble();
                sink.Review(orderId, at, rr < 0.88 ? ReviewRating.Good : rr < 0.95 ? ReviewRating.Neutral : ReviewRating.Negative);
            }
        }
    }
}
