using System.Collections.Immutable;
using System.Globalization;
using CsPerf.Engine.Time;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.Engine.Attribution;

/// <summary>Builds the explanation of one order from the attribution pass (the same code decides both).</summary>
internal sealed partial class AttributionPass
{
    private static readonly ZonedDateTimePattern LocalTime = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss o<g>", null);

    internal static OrderExplanation? Explain(Dataset data, CsPerfConfig config, ReportBuilder.Analysis run, string orderId, long asOf, AttributionRule rule)
    {
        int id = data.OrderIds.Find(orderId);
        if (id < 0)
        {
            return null;
        }

        var orders = run.Orders;
        int row = Array.FindIndex(orders.Order, o => data.Orders[o].Id == id);
        if (row < 0)
        {
            return null; // created after the as-of instant
        }

        var pass = new AttributionPass(data, config, run.Streams, orders, run.Plan, run.Clocks, asOf);
        var order = data.Orders[orders.Order[row]];
        int customer = order.Customer;
        pass.GatherCandidates(customer);
        var clock = run.Clocks[order.Shop];
        var zone = data.Shops[order.Shop].Zone;
        long created = orders.Created[row];
        long paid = orders.Paid[row];
        long known = paid == Ticks.None ? long.MaxValue : paid;
        long windowStart = clock.StartOfDay(clock.LocalDay(created) - pass._inquiryDays);
        int orderAgent = run.Attribution.OrderAgent[row];
        int paymentAgent = run.Attribution.PaymentAgent[row];
        string? Name(int a) => a < 0 ? null : data.Accounts[a].Id;

        var candidates = ImmutableArray.CreateBuilder<ExplainCandidate>();
        long end = paid == Ticks.None ? created : paid;
        for (int j = pass.LowerBound(windowStart); j < pass._candCount && pass._candTicks[j] < end; j++)
        {
            if (pass._roles[pass._candAccount[j]] != AccountRole.Presale)
            {
                continue;
            }

            candidates.Add(new ExplainCandidate(
                data.MessageId(pass._candMsg[j]),
                data.Accounts[pass._candAccount[j]].Id,
                Instant.FromUnixTimeTicks(pass._candTicks[j]),
                pass._candConsultedAt[j] < known,
                !pass.Valid(j, known)));
        }

        var assistsBefore = pass.OrderAgentCandidates(windowStart, created, known).Where(a => a != orderAgent).Select(a => data.Accounts[a].Id)
            .Order(StringComparer.Ordinal).ToImmutableArray();
        var credited = new CreditedByRule(
            Name(AttributionResult.Credited((int)AttributionRule.Order, orderAgent, paymentAgent)),
            Name(AttributionResult.Credited((int)AttributionRule.Payment, orderAgent, paymentAgent)),
            Name(AttributionResult.Credited((int)AttributionRule.OrderFirst, orderAgent, paymentAgent)));
        int creditedAccount = AttributionResult.Credited((int)rule, orderAgent, paymentAgent);
        var followUp = new SortedSet<string>(StringComparer.Ordinal);
        if (paid != Ticks.None)
        {
            for (int j = pass.LowerBound(created); j < pass._candCount && pass._candTicks[j] < paid; j++)
            {
                int a = pass._candAccount[j];
                if (a != creditedAccount && pass._roles[a] == AccountRole.Presale && pass.Valid(j, known))
                {
                    followUp.Add(data.Accounts[a].Id);
                }
            }
        }

        string T(long ticks) => LocalTime.Format(Instant.FromUnixTimeTicks(ticks).InZone(zone));
        var why = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"The credit window runs from {T(windowStart)} to the order at {T(created)}: replies on the order's day or the {pass._inquiryDays} day(s) before count (InquiryWindowDays = {pass._inquiryDays})."),
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
