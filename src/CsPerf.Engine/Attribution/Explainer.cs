using System.Collections.Immutable;
using System.Globalization;
using CsPerf.Engine.Time;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.Engine.Attribution;

/// <summary>Explain reads what the attribution pass recorded about one order (the same code decides both).</summary>
internal sealed partial class AttributionPass
{
    private static readonly ZonedDateTimePattern LocalTime = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss o<g>", null);

    /// <summary>Records what the pass decided about the traced order, from the same candidates it decided with.</summary>
    private void Record(OrderTrace trace, int row, long windowStart, long created, long paid, int orderAgent, int paymentAgent)
    {
        long known = paid == Ticks.None ? long.MaxValue : paid;
        trace.Row = row;
        trace.WindowStart = windowStart;
        trace.OrderAgent = orderAgent;
        trace.PaymentAgent = paymentAgent;
        long end = paid == Ticks.None ? created : paid;
        for (int j = LowerBound(windowStart); j < _candCount && _candTicks[j] < end; j++)
        {
            if (_roles[_candAccount[j]] == AccountRole.Presale)
            {
                trace.Candidates.Add(new TracedCandidate(_candMsg[j], _candAccount[j], _candTicks[j], _candConsultedAt[j] < known, !Valid(j, known)));
            }
        }

        foreach (int a in OrderAgentCandidates(windowStart, created, known))
        {
            if (a != orderAgent)
            {
                trace.AssistsBefore.Add(a);
            }
        }
    }

    /// <summary>Turns the pass's record of one order into the explanation of domain.md §5 (wording only).</summary>
    internal static OrderExplanation? Explain(Dataset data, CsPerfConfig config, string orderId, NodaTime.Instant asOf, AttributionRule rule)
    {
        int id = data.OrderIds.Find(orderId);
        if (id < 0)
        {
            return null;
        }

        var trace = new OrderTrace(Array.FindIndex(data.Orders, o => o.Id == id));
        var request = new ReportRequest { AsOf = asOf, By = PeriodGrouping.All };
        ReportBuilder.Analyze(data, config, request, peaks: false, trace: trace);
        if (trace.Row < 0)
        {
            return null; // created after the as-of instant
        }

        var order = data.Orders[trace.Order];
        int customer = order.Customer;
        var zone = data.Shops[order.Shop].Zone;
        long created = order.Created;
        long paid = order.Paid <= asOf.ToUnixTimeTicks() ? order.Paid : Ticks.None;
        long windowStart = trace.WindowStart;
        int orderAgent = trace.OrderAgent;
        int paymentAgent = trace.PaymentAgent;
        int inquiryDays = config.InquiryWindowDays;
        string? Name(int a) => a < 0 ? null : data.Accounts[a].Id;

        var candidates = ImmutableArray.CreateBuilder<ExplainCandidate>(trace.Candidates.Count);
        foreach (var c in trace.Candidates)
        {
            candidates.Add(new ExplainCandidate(data.MessageId(c.Message), data.Accounts[c.Account].Id, Instant.FromUnixTimeTicks(c.Ticks), c.Consulted, c.Advert));
        }

        var assistsBefore = trace.AssistsBefore.Select(a => data.Accounts[a].Id).Order(StringComparer.Ordinal).ToImmutableArray();
        var credited = new CreditedByRule(
            Name(AttributionResult.Credited((int)AttributionRule.Order, orderAgent, paymentAgent)),
            Name(AttributionResult.Credited((int)AttributionRule.Payment, orderAgent, paymentAgent)),
            Name(AttributionResult.Credited((int)AttributionRule.OrderFirst, orderAgent, paymentAgent)));
        var followUp = new SortedSet<string>(trace.FollowUp[(int)rule].Select(a => data.Accounts[a].Id), StringComparer.Ordinal);

        string T(long ticks) => LocalTime.Format(Instant.FromUnixTimeTicks(ticks).InZone(zone));
        var why = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"The credit window runs from {T(windowStart)} to the order at {T(created)}: replies on the order's day or the {inquiryDays} day(s) before count (InquiryWindowDays = {inquiryDays})."),
        };
        var cands = candidates.ToImmutable();
        if (orderAgent >= 0)
        {
            var last = cands.LastOrDefault(c => c.Account == data.Accounts[orderAgent].Id && c.At.ToUnixTimeTicks() < created && c.ConsultedReception && !c.Advert);
            why.Add(last is null
                ? $"{Name(orderAgent)} is the order agent 落实下单客服."
                : $"{Name(orderAgent)} sent the last reply before the order ({last.Message} at {T(last.At.ToUnixTimeTicks())}) in a reception where the customer wrote that day, so {Name(orderAgent)} is the order agent 落实下单客服.");
        }
        else
        {
            why.Add("No presale account replied inside the window in a reception where the customer wrote that day: the order is silent 静默下单.");
        }

        if (paid == Ticks.None)
        {
            why.Add("The order is not paid as of the report instant: it carries no sales, and no payment agent.");
        }
        else if (paymentAgent >= 0)
        {
            why.Add($"{Name(paymentAgent)} was the last presale account to message the customer before the payment at {T(paid)}, so {Name(paymentAgent)} is the payment agent 落实付款客服 (a payment reminder 催付 counts, answered or not).");
        }
        else
        {
            why.Add($"No presale account messaged the customer between the window start and the payment at {T(paid)}: the payment is silent.");
        }

        if (cands.Any(c => c.Advert))
        {
            why.Add("Messages of advert sessions (the advert phrase among a session's first replies) are never candidates.");
        }

        if (paid != Ticks.None)
        {
            why.Add($"Under Order 下单判定 the sale goes to {credited.Order ?? "nobody (silent sale 静默销售)"}; under Payment 付款判定 to {credited.Payment ?? "nobody (silent sale 静默销售)"}; under OrderFirst 下单优先判定 (the order agent, else the payment agent) to {credited.OrderFirst ?? "nobody (silent sale 静默销售)"}. This report uses {rule}.");
        }

        if (assistsBefore.Length > 0)
        {
            why.Add($"{string.Join(", ", assistsBefore)} also replied in the window before the order: an assist 协助, which leaves their conversion rate untouched (谁落实算谁的绩效).");
        }

        if (followUp.Count > 0)
        {
            why.Add($"{string.Join(", ", followUp)} messaged between the order and the payment: follow-up assist 协助跟进, not a sale.");
        }

        return new OrderExplanation(
            orderId,
            data.Shops[order.Shop].Id,
            data.CustomerId(customer),
            Instant.FromUnixTimeTicks(created),
            paid == Ticks.None ? null : Instant.FromUnixTimeTicks(paid),
            zone,
            Instant.FromUnixTimeTicks(windowStart),
            Instant.FromUnixTimeTicks(created),
            cands,
            Name(orderAgent),
            Name(paymentAgent),
            credited,
            rule,
            assistsBefore,
            [.. followUp],
            [.. why]);
    }
}

/// <summary>One candidate message of a traced order's credit window.</summary>
internal readonly record struct TracedCandidate(int Message, int Account, long Ticks, bool Consulted, bool Advert);

/// <summary>
/// What the attribution pass decided about one order, recorded while it decides (for explain): the credit window,
/// the candidates, the agents, the assists before the order and the follow-up assists under each rule.
/// </summary>
internal sealed class OrderTrace(int order)
{
    /// <summary>Index of the order in the dataset.</summary>
    public int Order { get; } = order;

    /// <summary>Its row in the customer orders, or -1 while not reached (an order created after the cut never is).</summary>
    public int Row { get; set; } = -1;

    public long WindowStart { get; set; }

    public int OrderAgent { get; set; } = -1;

    public int PaymentAgent { get; set; } = -1;

    public List<TracedCandidate> Candidates { get; } = [];

    public List<int> AssistsBefore { get; } = [];

    /// <summary>Follow-up assist accounts per rule (indexed by <see cref="AttributionRule"/>), in candidate order.</summary>
    public List<int>[] FollowUp { get; } = [.. AttributionRules.All.Select(_ => new List<int>())];
}
