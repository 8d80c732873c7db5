using CsPerf.Engine.Classification;
using CsPerf.Engine.Details;
using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;

namespace CsPerf.Engine.Attribution;

/// <summary>What the attribution pass found: agents per order, and the counters of every rule.</summary>
internal sealed class AttributionResult
{
    /// <summary>Order agent 落实下单客服 per row of <see cref="CustomerOrders"/>, or -1 (silent order).</summary>
    public required int[] OrderAgent { get; init; }

    /// <summary>Payment agent 落实付款客服 per row, or -1 (unpaid, or silent payment).</summary>
    public required int[] PaymentAgent { get; init; }

    /// <summary>Outcomes and payment analysis per (period, account).</summary>
    public required ConversionCounters[] Conversion { get; init; }

    /// <summary>Per rule (indexed by <see cref="AttributionRule"/>): credited sums per (period, account).</summary>
    public required SalesCounters[][] Sales { get; init; }

    /// <summary>Per rule: the silent part per (period, shop).</summary>
    public required SalesCounters[][] Silent { get; init; }

    public required QualityCounters[] AccountQuality { get; init; }

    public required QualityCounters[] AgentQuality { get; init; }

    public required QualityCounters[] ShopQuality { get; init; }

    /// <summary>
    /// Reviews that implicate two or more accounts, with each account's phase mask: an agent counts such a review
    /// once over its accounts, so partials carry them to recompute agent counts after a merge (docs/partials.md).
    /// </summary>
    public List<SharedReview> SharedReviews { get; } = [];

    /// <summary>
    /// Complaints per ((period × accounts) + account, reason index of <see cref="Dataset.ComplaintReasons"/>): the
    /// <c>complaintsByReason</c> counts behind <see cref="QualityCounters.Complaints"/> (domain.md §6 "quality").
    /// </summary>
    public Dictionary<(int Cell, int Reason), long> ComplaintReasons { get; } = [];

    /// <summary>
    /// Adds the counters of <paramref name="other"/> (a later range of customers) and appends its shared reviews; the
    /// order and payment agents are shared, the complaint reasons are counted once after the merge.
    /// </summary>
    public void Add(AttributionResult other)
    {
        for (int i = 0; i < Conversion.Length; i++)
        {
            Conversion[i].Add(other.Conversion[i]);
        }

        for (int rule = 0; rule < Sales.Length; rule++)
        {
            for (int i = 0; i < Sales[rule].Length; i++)
            {
                Sales[rule][i].Add(other.Sales[rule][i]);
            }

            for (int i = 0; i < Silent[rule].Length; i++)
            {
                Silent[rule][i].Add(other.Silent[rule][i]);
            }
        }

        for (int i = 0; i < AccountQuality.Length; i++)
        {
            AccountQuality[i].Add(other.AccountQuality[i]);
        }

        for (int i = 0; i < AgentQuality.Length; i++)
        {
            AgentQuality[i].Add(other.AgentQuality[i]);
        }

        for (int i = 0; i < ShopQuality.Length; i++)
        {
            ShopQuality[i].Add(other.ShopQuality[i]);
        }

        SharedReviews.AddRange(other.SharedReviews);
    }

    /// <summary>The account credited under a rule, given the order and payment agents (-1 = none).</summary>
    public static int Credited(int rule, int orderAgent, int paymentAgent) => rule switch
    {
        (int)AttributionRule.Order => orderAgent,
        (int)AttributionRule.Payment => paymentAgent,
        _ => orderAgent >= 0 ? orderAgent : paymentAgent,
    };
}

/// <summary>A review implicating several accounts: its period, shop, rating and each account's phase mask (1 pre-sale, 2 in-sale, 4 after-sale).</summary>
internal readonly record struct SharedReview(int Period, int Shop, ReviewRating Rating, (int Account, int Mask)[] Accounts);

/// <summary>
/// Attribution 业绩判定 (domain.md §5) for all three rules in one pass over customers: each customer's candidate
/// messages (effective <c>out</c> messages of its conversations, sessions read through the <see cref="SessionCursor"/>)
/// are gathered once and sorted, then its orders, classified inquiries, refunds and reviews are settled against them.
/// It reads the classified receptions and writes only its own result. Work per customer is proportional to its own
/// messages and orders, so the pass is linear in messages + orders overall.
/// </summary>
/// <remarks>
/// Causality (invariant 6): an order is judged with what was known at its payment (or, unpaid, as of the cut). A
/// reception counts as consulted for it only if the customer wrote in it before that instant, and an advert
/// session is excluded only if its advert message came before it; so messages after paidAt change nothing.
/// </remarks>
internal sealed partial class AttributionPass
{
    private const long None = long.MinValue;
    private const int Rules = AttributionRules.Count;

    // Key() packs a rule into 2 bits: this constant stops compiling (a negative uint) once there are more than 4 rules.
    private const uint RulesFitKey = 4 - Rules;

    private readonly Dataset _data;
    private readonly ConversationStreams _streams;
    private readonly CustomerOrders _orders;
    private readonly PeriodPlan _plan;
    private readonly ZoneClock[] _clocks;
    private readonly long _asOf;
    private readonly CsPerfConfig _config;
    private readonly SessionKnobs _knobs;
    private readonly long _paymentWindow;
    private readonly int _inquiryDays;
    private readonly int _accounts;
    private readonly int _shops;
    private readonly AccountRole[] _roles;
    private readonly int[] _refundStart;
    private readonly int[] _refundIndex;
    private readonly int[] _reviewStart;
    private readonly int[] _reviewIndex;
    private readonly KeySet _seen = new();
    private readonly Dictionary<int, int> _phases = [];
    private readonly Dictionary<int, int> _agentMasks = [];
    private readonly List<int> _accountScratch = [];
    private readonly OrderTrace? _trace;
    private readonly DetailTrace? _details;

    // Candidate messages of the current customer, sorted by (instant, message id).
    private long[] _candTicks = new long[64];
    private int[] _candMsg = new int[64];
    private int[] _candAccount = new int[64];
    private long[] _candAdvertAt = new long[64];
    private long[] _candConsultedAt = new long[64];
    private int _candCount;

    private AttributionPass(Dataset data, CsPerfConfig config, ConversationStreams streams, CustomerOrders orders, PeriodPlan plan, ZoneClock[] clocks, long asOf, OrderTrace? trace, DetailTrace? details)
    {
        _trace = trace;
        _details = details;
        _data = data;
        _streams = streams;
        _orders = orders;
        _plan = plan;
        _clocks = clocks;
        _asOf = asOf;
        _config = config;
        _knobs = new SessionKnobs(config);
        _paymentWindow = config.PaymentWindow.BclCompatibleTicks;
        _inquiryDays = config.InquiryWindowDays;
        _accounts = data.Accounts.Length;
        _shops = data.Shops.Length;
        _roles = [.. data.Accounts.Select(a => a.Role)];
        (_refundStart, _refundIndex) = Counting.Group(data.Refunds.Select(r => r.Order).ToArray(), data.OrderIds.Count);
        (_reviewStart, _reviewIndex) = Counting.Group(data.Reviews.Select(r => r.Order).ToArray(), data.OrderIds.Count);
    }

    /// <summary>
    /// A pass for another thread over the same inputs: its own clocks and scratch buffers, the shared read-only
    /// indexes of <paramref name="source"/>. Never with a trace.
    /// </summary>
    private AttributionPass(AttributionPass source)
    {
        _data = source._data;
        _streams = source._streams;
        _orders = source._orders;
        _plan = source._plan;
        _clocks = ZoneClock.Copy(source._clocks);
        _asOf = source._asOf;
        _config = source._config;
        _knobs = source._knobs;
        _paymentWindow = source._paymentWindow;
        _inquiryDays = source._inquiryDays;
        _accounts = source._accounts;
        _shops = source._shops;
        _roles = source._roles;
        _refundStart = source._refundStart;
        _refundIndex = source._refundIndex;
        _reviewStart = source._reviewStart;
        _reviewIndex = source._reviewIndex;
    }

    /// <summary>
    /// Runs the pass; when <c>trace</c> is given, the decisions about its order are recorded in it (explain); when
    /// <c>details</c> is given, the facts behind its detail list (lost inquiries, paid orders, refunds, reviews).
    /// Without either, customers are settled in up to <paramref name="degree"/> contiguous ranges on as many threads,
    /// each with its own counters (summed afterwards) and shared reviews (appended in range order); the order and
    /// payment agents are written in place (each order belongs to one customer).
    /// </summary>
    public static AttributionResult Run(Dataset data, CsPerfConfig config, ConversationStreams streams, CustomerOrders orders, PeriodPlan plan, ZoneClock[] clocks, ClassifiedReceptions receptions, long asOf, OrderTrace? trace = null, DetailTrace? details = null, int degree = 1)
    {
        var run = new AttributionPass(data, config, streams, orders, plan, clocks, asOf, trace, details);
        var result = run.NewResult(new int[orders.Order.Length], new int[orders.Order.Length]);
        int customers = data.CustomerCount;
        int parts = trace is null && details is null ? Parts.Count(degree, customers) : 1;
        if (parts == 1)
        {
            run.Execute(result, receptions, 0, customers);
        }
        else
        {
            var bounds = Bounds(parts, streams, orders, receptions, customers);
            var results = new AttributionResult[parts];
            results[0] = result;
            Parts.Run(parts, k =>
            {
                if (k == 0)
                {
                    run.Execute(result, receptions, bounds[0], bounds[1]);
                    return;
                }

                var pass = new AttributionPass(run);
                results[k] = pass.NewResult(result.OrderAgent, result.PaymentAgent);
                pass.Execute(results[k], receptions, bounds[k], bounds[k + 1]);
            });

            for (int k = 1; k < parts; k++)
            {
                result.Add(results[k]);
            }
        }

        run.AddRatingsAndComplaints(result);
        return result;
    }

    /// <summary>
    /// Customers cut into <paramref name="parts"/> ranges of about equal work, as <see cref="Parts.Split"/> cuts them
    /// (two linear passes, no prefix array): a customer's work is its orders and receptions and, with orders, the
    /// messages <see cref="GatherCandidates"/> reads (about six messages cost one order or reception). Early customers
    /// hold more messages per order: by orders and receptions alone the first part had about twice the samples of the
    /// second at 10M.
    /// </summary>
    private static int[] Bounds(int parts, ConversationStreams streams, CustomerOrders orders, ClassifiedReceptions receptions, int customers)
    {
        const int MessagesPerItem = 6;
        int[] orderStart = orders.Start, receptionStart = receptions.CustomerStart, customerStart = streams.CustomerStart;
        int[] start = streams.Start;
        long Work(int c)
        {
            long work = (orderStart[c + 1] - orderStart[c] + receptionStart[c + 1] - receptionStart[c]) * (long)MessagesPerItem;
            return orderStart[c + 1] > orderStart[c] ? work + start[customerStart[c + 1]] - start[customerStart[c]] : work; // its conversations sit side by side
        }

        long total = 0;
        for (int c = 0; c < customers; c++)
        {
            total += Work(c);
        }

        var bounds = new int[parts + 1];
        int k = 1;
        long before = 0;
        for (int c = 0; c < customers && k < parts; c++)
        {
            while (k < parts && before >= total * k / parts)
            {
                bounds[k++] = c; // the first customer whose preceding work reaches the part's share
            }

            before += Work(c);
        }

        while (k <= parts)
        {
            bounds[k++] = customers;
        }

        return bounds;
    }

    private AttributionResult NewResult(int[] orderAgent, int[] paymentAgent)
    {
        int periods = _plan.Count;
        return new AttributionResult
        {
            OrderAgent = orderAgent,
            PaymentAgent = paymentAgent,
            Conversion = new ConversionCounters[periods * _accounts],
            Sales = PerRule(periods * _accounts),
            Silent = PerRule(periods * _shops),
            AccountQuality = new QualityCounters[periods * _accounts],
            AgentQuality = new QualityCounters[periods * _data.Agents.Length],
            ShopQuality = new QualityCounters[periods * _shops],
        };
    }

    /// <summary>Settles the customers [<paramref name="from"/>, <paramref name="to"/>) into <paramref name="result"/>.</summary>
    private void Execute(AttributionResult result, ClassifiedReceptions receptions, int from, int to)
    {
        for (int customer = from; customer < to; customer++)
        {
            int os = _orders.Start[customer], oe = _orders.Start[customer + 1];
            int rs = receptions.CustomerStart[customer], re = receptions.CustomerStart[customer + 1];
            if (os == oe && rs == re)
            {
                continue;
            }

            var clock = _clocks[_data.CustomerShop[customer]];
            if (os == oe)
            {
                // No order at all: each inquiry is lost once its window has closed as of the cut, else pending (§5).
                SettleInquiries(result, receptions, rs, re, os, oe, clock);
                continue;
            }

            GatherCandidates(customer);
            _seen.Clear();
            for (int r = os; r < oe; r++)
            {
                SettleOrder(result, customer, r, clock);
            }

            SettleInquiries(result, receptions, rs, re, os, oe, clock);
            for (int r = os; r < oe; r++)
            {
                SettleRefunds(result, customer, r, clock);
                SettleReviews(result, receptions, rs, re, r, clock);
            }
        }
    }

    private void SettleInquiries(AttributionResult result, ClassifiedReceptions receptions, int rs, int re, int os, int oe, ZoneClock clock)
    {
        for (int i = rs; i < re; i++)
        {
            int k = receptions.Index[i];
            ref readonly var rec = ref receptions.Column[k];
            if (receptions.Class[k] == ReceptionClass.Inquiry && rec.Period >= 0)
            {
                SettleInquiry(result, rec, os, oe, clock);
            }
        }
    }

    /// <summary>Order and payment agents of one order, and its sales under each rule (dated by paidAt).</summary>
    private void SettleOrder(AttributionResult result, int customer, int r, ZoneClock clock)
    {
        long created = _orders.Created[r];
        long paid = _orders.Paid[r];
        long known = paid == Ticks.None ? long.MaxValue : paid;
        long windowStart = clock.StartOfDay(clock.LocalDay(created) - _inquiryDays);

        int orderAgent = Latest(windowStart, created, known, requireConsulted: true);
        int paymentAgent = paid == Ticks.None ? -1 : Latest(windowStart, paid, known, requireConsulted: false);
        result.OrderAgent[r] = orderAgent;
        result.PaymentAgent[r] = paymentAgent;
        OrderTrace? trace = _trace is { } t && t.Order == _orders.Order[r] ? t : null;
        if (trace is not null)
        {
            Record(trace, r, windowStart, created, paid, orderAgent, paymentAgent);
        }
        if (paid == Ticks.None)
        {
            return;
        }

        int paidDay = clock.LocalDay(paid);
        int period = _plan.PeriodOf(paidDay);
        if (period < 0 && trace is null)
        {
            return;
        }

        var order = _data.Orders[_orders.Order[r]];
        int shop = order.Shop;
        if (period >= 0 && _details is { List: DetailList.Silent } details)
        {
            details.Paid.Add(new TracedPaid(_orders.Order[r], orderAgent, paymentAgent, paidDay));
        }

        if (period >= 0 && paymentAgent >= 0)
        {
            ref var pc = ref result.Conversion[(period * _accounts) + paymentAgent];
            if (orderAgent < 0)
            {
                pc.PaymentsSilentOrder++;
            }
            else if (orderAgent == paymentAgent)
            {
                pc.PaymentsOwnOrder++;
            }
            else
            {
                pc.PaymentsOthersOrder++;
            }
        }

        int from = LowerBound(created), to = LowerBound(paid);
        for (int rule = 0; rule < Rules; rule++)
        {
            int credited = AttributionResult.Credited(rule, orderAgent, paymentAgent);
            if (period >= 0)
            {
                int entity = credited >= 0 ? credited : _accounts + shop;
                ref var sc = ref credited >= 0 ? ref result.Sales[rule][(period * _accounts) + credited] : ref result.Silent[rule][(period * _shops) + shop];
                sc.Sales += order.Amount;
                sc.Items += order.Items;
                sc.Orders++;
                sc.Postage += order.Postage;
                if (_seen.Add(Key(0, rule, entity, paidDay)))
                {
                    sc.Buyers++; // buyers are customer-days per account (or per shop's silent part)
                }
            }

            // 协助跟进: other presale accounts that messaged between the order and its payment.
            for (int j = from; j < to; j++)
            {
                int account = _candAccount[j];
                if (account != credited && _roles[account] == AccountRole.Presale && Valid(j, known))
                {
                    trace?.FollowUp[rule].Add(account);
                    if (period >= 0 && _seen.Add(Key(1, rule, account, paidDay)))
                    {
                        result.Sales[rule][(period * _accounts) + account].AssistsFollowUp++;
                    }
                }
            }
        }
    }

    /// <summary>Outcome of one inquiry: ordered / paid / assist / lost / pending, always by the order agent.</summary>
    private void SettleInquiry(AttributionResult result, in ReceptionRow inquiry, int os, int oe, ZoneClock clock)
    {
        long windowEnd = clock.StartOfDay(inquiry.Day + 1 + _inquiryDays);
        bool any = false, mine = false, sameDay = false, paidInTime = false;
        for (int r = os; r < oe; r++)
        {
            long created = _orders.Created[r];
            if (created < inquiry.T0 || created >= windowEnd)
            {
                continue;
            }

            any = true;
            if (result.OrderAgent[r] != inquiry.Account)
            {
                continue;
            }

            mine = true;
            sameDay |= clock.LocalDay(created) == inquiry.Day;
            long paid = _orders.Paid[r];
            paidInTime |= paid != Ticks.None && paid - created <= _paymentWindow;
        }

        ref var c = ref result.Conversion[(inquiry.Period * _accounts) + inquiry.Account];
        if (!any)
        {
            if (_asOf >= windowEnd)
            {
                c.Lost++;
                if (_details is { List: DetailList.Lost } d)
                {
                    d.Lost.Add(new TracedLost(inquiry, windowEnd));
                }
            }
            else
            {
                c.Pending++;
            }
        }
        else if (mine)
        {
            c.Ordered++;
            c.OrderedSameDay += sameDay ? 1 : 0;
            c.Paid += paidInTime ? 1 : 0;
        }
        else
        {
            c.AssistsBeforeOrder++;
        }
    }

    /// <summary>Refunds of one order, to the order's credited account under each rule (or the silent part).</summary>
    private void SettleRefunds(AttributionResult result, int customer, int r, ZoneClock clock)
    {
        int orderIndex = _orders.Order[r];
        var order = _data.Orders[orderIndex];
        int id = order.Id;
        for (int k = _refundStart[id]; k < _refundStart[id + 1]; k++)
        {
            var refund = _data.Refunds[_refundIndex[k]];
            if (refund.Created > _asOf)
            {
                continue;
            }

            int createdDay = clock.LocalDay(refund.Created);
            int pc = _plan.PeriodOf(createdDay);
            bool completed = refund.Status == RefundStatus.Success && refund.Completed != Ticks.None && refund.Completed <= _asOf;
            int pd = completed ? _plan.PeriodOf(clock.LocalDay(refund.Completed)) : -1;
            if ((pc >= 0 || pd >= 0) && _details is { List: DetailList.Refunds } details)
            {
                details.Refunds.Add(new TracedRefund(
                    _refundIndex[k], orderIndex, createdDay, completed ? clock.LocalDay(refund.Completed) : int.MinValue, pc >= 0, pd >= 0, result.OrderAgent[r], result.PaymentAgent[r]));
            }

            for (int rule = 0; rule < Rules; rule++)
            {
                int credited = AttributionResult.Credited(rule, result.OrderAgent[r], result.PaymentAgent[r]);
                int entity = credited >= 0 ? credited : _accounts + order.Shop;
                if (pc >= 0)
                {
                    ref var sc = ref Sales(result, rule, pc, credited, order.Shop);
                    sc.RefundOperations += refund.Operations;
                    // Distinct order-days (domain.md §6 "Refunds"): additive across days and partitions like people counts.
                    if (_seen.Add(Key(2, rule, id, createdDay)))
                    {
                        sc.RefundOrders++;
                    }

                    if (_seen.Add(Key(3, rule, entity, createdDay)))
                    {
                        sc.RefundCustomers++;
                    }
                }

                if (pd >= 0)
                {
                    ref var sc = ref Sales(result, rule, pd, credited, order.Shop);
                    sc.CompletedRefunds++;
                    sc.RefundCompletionTicks += refund.Completed - refund.Created;
                    sc.RefundAmount += refund.Amount;
                    sc.RefundItems += refund.Items;
                }
            }
        }
    }

    /// <summary>Reviews of one order (any rating), by the phases that implicate accounts (domain.md §6 "Reviews").</summary>
    private void SettleReviews(AttributionResult result, ClassifiedReceptions receptions, int rs, int re, int r, ZoneClock clock)
    {
        var order = _data.Orders[_orders.Order[r]];
        int id = order.Id;
        for (int k = _reviewStart[id]; k < _reviewStart[id + 1]; k++)
        {
            var review = _data.Reviews[_reviewIndex[k]];
            if (review.At > _asOf)
            {
                continue;
            }

            int period = _plan.PeriodOf(clock.LocalDay(review.At));
            if (period < 0)
            {
                continue;
            }

            long created = _orders.Created[r];
            long paid = _orders.Paid[r];
            long known = paid == Ticks.None ? long.MaxValue : paid;
            long windowStart = clock.StartOfDay(clock.LocalDay(created) - _inquiryDays);

            // Phase masks per account: 1 pre-sale, 2 in-sale, 4 after-sale.
            var phases = _phases;
            phases.Clear();
            int orderAgent = result.OrderAgent[r];
            if (orderAgent >= 0)
            {
                phases[orderAgent] = 1;
            }

            foreach (int a in OrderAgentCandidates(windowStart, created, known))
            {
                phases[a] = phases.GetValueOrDefault(a) | 1;
            }

            long inSaleEnd = paid == Ticks.None ? review.At : paid;
            for (int j = LowerBound(created); j < _candCount && _candTicks[j] < inSaleEnd; j++)
            {
                phases[_candAccount[j]] = phases.GetValueOrDefault(_candAccount[j]) | 2;
            }

            if (paid != Ticks.None)
            {
                for (int i = rs; i < re; i++)
                {
                    int x = receptions.Index[i];
                    ref readonly var rec = ref receptions.Column[x];
                    if (receptions.Class[x] == ReceptionClass.AfterSale && rec.T0 >= paid && rec.T0 < review.At)
                    {
                        phases[rec.Account] = phases.GetValueOrDefault(rec.Account) | 4;
                    }
                }
            }

            if (_details is { List: DetailList.Reviews } details && review.Rating != ReviewRating.Good)
            {
                TraceReview(details, _reviewIndex[k], r, orderAgent, clock.LocalDay(review.At), review.At, windowStart, created, known, inSaleEnd, paid, receptions, rs, re);
            }

            var rating = review.Rating;
            int shopMask = 0;
            var agentMasks = _agentMasks;
            agentMasks.Clear();
            foreach (var (account, mask) in phases)
            {
                Count(ref result.AccountQuality[(period * _accounts) + account], mask, rating);
                int agent = _data.Accounts[account].Agent;
                agentMasks[agent] = agentMasks.GetValueOrDefault(agent) | mask;
                shopMask |= mask;
            }

            foreach (var (agent, mask) in agentMasks)
            {
                Count(ref result.AgentQuality[(period * _data.Agents.Length) + agent], mask, rating);
            }

            Count(ref result.ShopQuality[(period * _shops) + order.Shop], shopMask, rating, always: true);
            if (phases.Count >= 2)
            {
                var implicated = new (int Account, int Mask)[phases.Count];
                int n = 0;
                foreach (var (account, mask) in phases)
                {
                    implicated[n++] = (account, mask);
                }

                result.SharedReviews.Add(new SharedReview(period, order.Shop, rating, implicated));
            }
        }
    }

    /// <summary>Counts one review (or, with <paramref name="sign"/> −1, takes it back) with the phases of <paramref name="mask"/>.</summary>
    internal static void Count(ref QualityCounters q, int mask, ReviewRating rating, bool always = false, int sign = 1)
    {
        if (mask == 0 && !always)
        {
            return;
        }

        q.Reviews += sign;
        if (rating == ReviewRating.Good)
        {
            q.GoodReviews += sign;
        }
        else if (rating == ReviewRating.Negative)
        {
            q.NegativeReviews += sign;
            q.NegativePreSale += sign * (mask & 1);
            q.NegativeInSale += sign * ((mask >> 1) & 1);
            q.NegativeAfterSale += sign * ((mask >> 2) & 1);
        }
        else
        {
            q.NeutralReviews += sign;
            q.NeutralPreSale += sign * (mask & 1);
            q.NeutralInSale += sign * ((mask >> 1) & 1);
            q.NeutralAfterSale += sign * ((mask >> 2) & 1);
        }
    }

    private void AddRatingsAndComplaints(AttributionResult result)
    {
        foreach (var rating in _data.Ratings)
        {
            if (rating.At > _asOf)
            {
                continue;
            }

            int period = _plan.PeriodOf(_clocks[rating.Shop].LocalDay(rating.At));
            if (period >= 0)
            {
                ref var q = ref result.AccountQuality[(period * _accounts) + rating.Account];
                q.Ratings++;
                q.Satisfied += rating.Score >= 4 ? 1 : 0;
            }
        }

        foreach (var complaint in _data.Complaints)
        {
            if (complaint.At > _asOf)
            {
                continue;
            }

            int period = _plan.PeriodOf(_clocks[complaint.Shop].LocalDay(complaint.At));
            if (period >= 0)
            {
                int cell = (period * _accounts) + complaint.Account;
                result.AccountQuality[cell].Complaints++;
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(result.ComplaintReasons, (cell, complaint.Reason), out _)++;
            }
        }
    }

    /// <summary>One counter array per rule of <see cref="AttributionRules.All"/>.</summary>
    private static SalesCounters[][] PerRule(int length)
    {
        var perRule = new SalesCounters[Rules][];
        for (int r = 0; r < Rules; r++)
        {
            perRule[r] = new SalesCounters[length];
        }

        return perRule;
    }

    private ref SalesCounters Sales(AttributionResult result, int rule, int period, int credited, int shop) =>
        ref credited >= 0 ? ref result.Sales[rule][(period * _accounts) + credited] : ref result.Silent[rule][(period * _shops) + shop];

    /// <summary>
    /// The account of the latest valid presale candidate in [from, before): "latest" is the greatest (instant, message
    /// id); with <paramref name="requireConsulted"/>, only messages in a reception where the customer wrote.
    /// </summary>
    private int Latest(long from, long before, long known, bool requireConsulted)
    {
        for (int j = LowerBound(before) - 1; j >= 0 && _candTicks[j] >= from; j--)
        {
            if (_roles[_candAccount[j]] == AccountRole.Presale && Valid(j, known) && (!requireConsulted || _candConsultedAt[j] < known))
            {
                return _candAccount[j];
            }
        }

        return -1;
    }

    /// <summary>Every presale account with a valid consulted candidate in the credit window (order-agent candidates).</summary>
    internal List<int> OrderAgentCandidates(long from, long before, long known)
    {
        _accountScratch.Clear();
        for (int j = LowerBound(before) - 1; j >= 0 && _candTicks[j] >= from; j--)
        {
            int a = _candAccount[j];
            if (_roles[a] == AccountRole.Presale && Valid(j, known) && _candConsultedAt[j] < known && !_accountScratch.Contains(a))
            {
                _accountScratch.Add(a);
            }
        }

        return _accountScratch;
    }

    /// <summary>A candidate counts unless its session was known to be an advert before <paramref name="known"/>.</summary>
    private bool Valid(int j, long known) => _candAdvertAt[j] == None || _candAdvertAt[j] >= known;

    /// <summary>First candidate index whose instant is ≥ <paramref name="ticks"/>.</summary>
    private int LowerBound(long ticks)
    {
        int lo = 0, hi = _candCount;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_candTicks[mid] < ticks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static long Key(int kind, int rule, int entity, int day) =>
        ((((long)entity << 32) | (uint)day) << 4) | (long)((kind << 2) | rule);

    /// <summary>
    /// Collects the customer's effective out messages from all its conversations, with their session's advert instant
    /// and their reception's first customer message, then sorts them by (instant, message id).
    /// </summary>
    private void GatherCandidates(int customer)
    {
        _candCount = 0;
        int[] order = _streams.Order, start = _streams.Start;
        StreamRow[] rows = _streams.Rows;
        int cs = _streams.CustomerStart[customer], ce = _streams.CustomerStart[customer + 1];
        for (int p = cs; p < ce; p++)
        {
            int conv = order[p];
            var clock = _clocks[_data.ConvShop[conv]];
            int account = _data.ConvAccount[conv];
            var conversation = rows.AsSpan(start[p], start[p + 1] - start[p]);
            var cursor = new SessionCursor(conversation, _knobs);
            int receptionDay = int.MinValue, receptionFirst = _candCount;
            long receptionIn = None;
            while (cursor.NextBounds(out SessionBounds session))
            {
                // A reception is (account, customer, local day); advert sessions still mark the day as consulted.
                int day = clock.LocalDay(session.Start);
                if (day != receptionDay)
                {
                    CloseReception(receptionFirst, receptionIn);
                    receptionDay = day;
                    receptionFirst = _candCount;
                    receptionIn = None;
                }

                if (receptionIn == None)
                {
                    receptionIn = session.FirstIn;
                }

                if (session.EffectiveOut == 0)
                {
                    continue;
                }

                for (int q = session.First; q < session.End; q++)
                {
                    if (SessionCursor.IsEffectiveOut(conversation[q].Flags))
                    {
                        AddCandidate(conversation[q].Ticks, conversation[q].Message, account, session.AdvertAt);
                    }
                }
            }

            CloseReception(receptionFirst, receptionIn);
        }

        SortCandidates();
    }

    private void CloseReception(int first, long firstIn)
    {
        long consultedAt = firstIn == None ? long.MaxValue : firstIn;
        for (int j = first; j < _candCount; j++)
        {
            _candConsultedAt[j] = consultedAt;
        }
    }

    private void AddCandidate(long ticks, int message, int account, long advertAt)
    {
        if (_candCount == _candTicks.Length)
        {
            int cap = _candCount * 2;
            Array.Resize(ref _candTicks, cap);
            Array.Resize(ref _candMsg, cap);
            Array.Resize(ref _candAccount, cap);
            Array.Resize(ref _candAdvertAt, cap);
            Array.Resize(ref _candConsultedAt, cap);
        }

        _candTicks[_candCount] = ticks;
        _candMsg[_candCount] = message;
        _candAccount[_candCount] = account;
        _candAdvertAt[_candCount] = advertAt;
        _candCount++;
    }

    private void SortCandidates()
    {
        int n = _candCount;
        bool sorted = true;
        for (int j = 1; j < n && sorted; j++)
        {
            sorted = Compare(j - 1, j) <= 0;
        }

        if (sorted)
        {
            return;
        }

        if (n <= 256)
        {
            // A customer's candidates are short runs already sorted per conversation: insertion sort, no allocation.
            for (int j = 1; j < n; j++)
            {
                for (int k = j; k > 0 && Compare(k - 1, k) > 0; k--)
                {
                    Swap(k - 1, k);
                }
            }

            return;
        }

        var idx = new int[n];
        for (int j = 0; j < n; j++)
        {
            idx[j] = j;
        }

        Array.Sort(idx, Compare);
        _candTicks = Permute(_candTicks, idx, n);
        _candMsg = Permute(_candMsg, idx, n);
        _candAccount = Permute(_candAccount, idx, n);
        _candAdvertAt = Permute(_candAdvertAt, idx, n);
        _candConsultedAt = Permute(_candConsultedAt, idx, n);
    }

    private void Swap(int a, int b)
    {
        (_candTicks[a], _candTicks[b]) = (_candTicks[b], _candTicks[a]);
        (_candMsg[a], _candMsg[b]) = (_candMsg[b], _candMsg[a]);
        (_candAccount[a], _candAccount[b]) = (_candAccount[b], _candAccount[a]);
        (_candAdvertAt[a], _candAdvertAt[b]) = (_candAdvertAt[b], _candAdvertAt[a]);
        (_candConsultedAt[a], _candConsultedAt[b]) = (_candConsultedAt[b], _candConsultedAt[a]);
    }

    private int Compare(int a, int b)
    {
        int c = _candTicks[a].CompareTo(_candTicks[b]);
        return c != 0 ? c : _data.MessageIds.CompareOrdinal(_candMsg[a], _candMsg[b]);
    }

    private static T[] Permute<T>(T[] source, int[] idx, int n)
    {
        var target = new T[source.Length];
        for (int j = 0; j < n; j++)
        {
            target[j] = source[idx[j]];
        }

        return target;
    }

    /// <summary>
    /// The people-count keys already counted for the current customer (buyers, assists, refund orders and customers):
    /// a short list searched linearly, as a customer has a few, and a hash set past 32 keys. Emptied per customer at no
    /// cost while short: <c>HashSet.Clear</c> clears its whole bucket array, which the largest customer had grown.
    /// </summary>
    private sealed class KeySet
    {
        private const int Linear = 32;
        private readonly long[] _keys = new long[Linear];
        private readonly HashSet<long> _many = [];
        private int _count;
        private bool _spilled;

        public void Clear()
        {
            _count = 0;
            if (_spilled)
            {
                _many.Clear();
                _spilled = false;
            }
        }

        /// <summary>Adds <paramref name="key"/>; false when it was there already.</summary>
        public bool Add(long key)
        {
            if (!_spilled)
            {
                for (int i = 0; i < _count; i++)
                {
                    if (_keys[i] == key)
                    {
                        return false;
                    }
                }

                if (_count < Linear)
                {
                    _keys[_count++] = key;
                    return true;
                }

                foreach (long k in _keys)
                {
                    _many.Add(k);
                }

                _spilled = true;
            }

            return _many.Add(key);
        }
    }
}
