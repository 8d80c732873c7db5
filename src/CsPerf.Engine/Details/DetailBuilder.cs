using System.Collections.Immutable;
using CsPerf.Engine.Attribution;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;
using NodaTime;

namespace CsPerf.Engine.Details;

/// <summary>
/// <c>CsPerfEngine.Details</c>: runs the stages once over the request's range with a <see cref="DetailTrace"/>, then
/// words what they recorded as rows (ids, instants, local dates). It decides nothing itself: every row is a fact a
/// stage counted into the KPI the list explains, so the totals are the KPIs (docs/details.md).
/// </summary>
internal sealed class DetailBuilder
{
    private readonly Dataset _data;
    private readonly CsPerfConfig _config;
    private readonly DetailRequest _request;
    private readonly AttributionRule _rule;
    private readonly int _agent;
    private ConversationStreams _streams = null!;
    private StreamRow[] _rows = [];

    private DetailBuilder(Dataset data, CsPerfConfig config, DetailRequest request, int agent)
    {
        _data = data;
        _config = config;
        _request = request;
        _rule = request.Rule ?? config.AttributionRule;
        _agent = agent;
    }

    /// <summary>The agent index of an agent id, or -1.</summary>
    public static int FindAgent(Dataset data, string id)
    {
        for (int g = 0; g < data.Agents.Length; g++)
        {
            if (string.Equals(data.Agents[g].Id, id, StringComparison.Ordinal))
            {
                return g;
            }
        }

        return -1;
    }

    public static DetailResult Build(Dataset data, CsPerfConfig config, DetailRequest request)
    {
        int agent = -1;
        if (request.Agent is { } id)
        {
            agent = FindAgent(data, id);
            if (agent < 0)
            {
                throw new ArgumentException($"No agent \"{id}\" in the dataset.", nameof(request));
            }
        }

        return new DetailBuilder(data, config, request, agent).Run();
    }

    private DetailResult Run()
    {
        var reportRequest = new ReportRequest { AsOf = _request.AsOf, By = PeriodGrouping.All, From = _request.From, To = _request.To };
        var run = ReportBuilder.Analyze(_data, _config, reportRequest, peaks: false, details: _request.List);
        var trace = run.Details!;
        _streams = run.Streams;
        _rows = run.Streams.Rows;
        LocalDate? from = null, to = null;
        if (run.Plan.Count > 0)
        {
            from = ZoneClock.LocalDayToDate(run.Plan.Periods[0].From);
            to = ZoneClock.LocalDayToDate(run.Plan.Periods[^1].To);
        }

        var rows = new List<(DetailRow Row, long Ticks, string Key)>();
        var totals = new List<DetailTotal>();
        switch (_request.List)
        {
            case DetailList.Unreplied:
                Unreplied(trace, rows);
                totals.Add(new DetailTotal(Kpi.Unreplied, rows.Count));
                break;
            case DetailList.Slow:
                Slow(trace, rows);
                totals.Add(new DetailTotal(Kpi.SlowReceptions, rows.Count));
                break;
            case DetailList.NoResponse:
                NoResponse(trace, rows);
                totals.Add(new DetailTotal(Kpi.NoResponseRecords, rows.Count));
                break;
            case DetailList.Long:
                Long(trace, rows);
                totals.Add(new DetailTotal(Kpi.LongSessions, rows.Count(r => ((LongDetail)r.Row).Kind == LongDetailKind.Session)));
                totals.Add(new DetailTotal(Kpi.LongReceptions, rows.Count(r => ((LongDetail)r.Row).Kind == LongDetailKind.Reception)));
                break;
            case DetailList.Reviews:
                Reviews(trace, rows);
                totals.Add(new DetailTotal(Kpi.NeutralReviews, rows.Count(r => ((ReviewDetail)r.Row).Rating == ReviewRating.Neutral)));
                totals.Add(new DetailTotal(Kpi.NegativeReviews, rows.Count(r => ((ReviewDetail)r.Row).Rating == ReviewRating.Negative)));
                break;
            case DetailList.Refunds:
                Refunds(trace, rows);
                var refunds = rows.Select(r => (RefundDetail)r.Row).ToList();
                totals.Add(new DetailTotal(Kpi.RefundOrders, refunds.Where(r => r.InRefundOrders).Select(r => (r.Order, r.Day)).Distinct().Count()));
                totals.Add(new DetailTotal(Kpi.RefundAmount, refunds.Where(r => r.InRefundAmount).Sum(r => r.Amount)));
                break;
            case DetailList.Silent:
                Silent(trace, rows);
                totals.Add(new DetailTotal(Kpi.SilentSales, rows.Sum(r => ((SilentDetail)r.Row).Amount)));
                break;
            case DetailList.Lost:
                Lost(trace, rows);
                totals.Add(new DetailTotal(Kpi.Lost, rows.Count));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(_request), _request.List, "not a detail list");
        }

        var ordered = rows
            .OrderBy(r => r.Row.Day)
            .ThenBy(r => r.Ticks)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Row)
            .ToImmutableArray();
        var zones = _data.Shops.ToImmutableDictionary(s => s.Id, s => s.Zone.Id, StringComparer.Ordinal);
        return new DetailResult(_request.List, _request.AsOf, _rule, from, to, _request.Agent, ordered, [.. totals], zones);
    }

    private bool Keeps(int account) => _agent < 0 || (account >= 0 && _data.Accounts[account].Agent == _agent);

    private string ShopOf(int account) => _data.Shops[_data.Accounts[account].Shop].Id;

    private string AccountId(int account) => _data.Accounts[account].Id;

    private string AgentOf(int account) => _data.Agents[_data.Accounts[account].Agent].Id;

    private static LocalDate Date(int day) => ZoneClock.LocalDayToDate(day);

    private static Instant At(long ticks) => Instant.FromUnixTimeTicks(ticks);

    /// <summary>The message of a row of the stream columns.</summary>
    private DetailMessage Message(int row) => new(_data.MessageId(_rows[row].Message), At(_rows[row].Ticks));

    /// <summary>A message by its index in the dataset.</summary>
    private DetailMessage MessageAt(int message) => new(_data.MessageId(message), At(_data.MsgTicks[message]));

    private DetailBurst Burst(in TracedBurst b) =>
        new(Message(b.FirstInRow), b.AnswerRow < 0 ? null : Message(b.AnswerRow), b.AnswerRow < 0 ? null : Duration.FromTicks(b.Response));

    private void Unreplied(DetailTrace trace, List<(DetailRow, long, string)> rows)
    {
        long gap = _config.SessionGap.BclCompatibleTicks;
        long asOf = _request.AsOf.ToUnixTimeTicks();
        foreach (var s in trace.Unreplied)
        {
            if (!Keeps(s.Account))
            {
                continue;
            }

            long t0 = _rows[s.T0Row].Ticks;
            long end = _rows[s.LastRow].Ticks + gap;
            bool open = end > asOf;
            var row = new UnrepliedDetail(ShopOf(s.Account), _data.CustomerId(s.Customer), Date(s.Day), AccountId(s.Account), AgentOf(s.Account),
                Message(s.T0Row), Message(s.LastRow), Duration.FromTicks(Math.Min(end, asOf) - t0), open);
            rows.Add((row, t0, row.FirstMessage.Id));
        }
    }

    private void Slow(DetailTrace trace, List<(DetailRow, long, string)> rows)
    {
        foreach (var s in trace.SlowReceptions)
        {
            if (!Keeps(s.Account))
            {
                continue;
            }

            var bursts = s.Bursts!.Select(b => Burst(b)).ToImmutableArray();
            var row = new SlowDetail(ShopOf(s.Account), _data.CustomerId(s.Customer), Date(s.Day), AccountId(s.Account), AgentOf(s.Account), Message(s.T0Row), bursts);
            rows.Add((row, _rows[s.T0Row].Ticks, row.FirstMessage.Id));
        }
    }

    private void NoResponse(DetailTrace trace, List<(DetailRow, long, string)> rows)
    {
        foreach (var n in trace.NoResponse)
        {
            if (!Keeps(n.Account))
            {
                continue;
            }

            var row = new NoResponseDetail(ShopOf(n.Account), _data.CustomerId(n.Customer), Date(n.Day), AccountId(n.Account), AgentOf(n.Account), Burst(n.Burst));
            rows.Add((row, _rows[n.Burst.FirstInRow].Ticks, row.Burst.FirstIn.Id));
        }
    }

    private void Long(DetailTrace trace, List<(DetailRow, long, string)> rows)
    {
        void Add(TracedSpan s, LongDetailKind kind)
        {
            if (!Keeps(s.Account))
            {
                return;
            }

            var row = new LongDetail(ShopOf(s.Account), _data.CustomerId(s.Customer), Date(s.Day), kind, AccountId(s.Account), AgentOf(s.Account),
                Message(s.FirstRow), Message(s.LastRow), Duration.FromTicks(s.Ticks), s.Sessions);
            rows.Add((row, _rows[s.FirstRow].Ticks, row.FirstMessage.Id + (kind == LongDetailKind.Session ? "\u00001" : "\u00002")));
        }

        foreach (var s in trace.LongSessions)
        {
            Add(s, LongDetailKind.Session);
        }

        foreach (var s in trace.LongReceptions)
        {
            Add(s, LongDetailKind.Reception);
        }
    }

    private void Lost(DetailTrace trace, List<(DetailRow, long, string)> rows)
    {
        foreach (var l in trace.Lost)
        {
            var inquiry = l.Inquiry;
            if (!Keeps(inquiry.Account))
            {
                continue;
            }

            var first = FirstIn(inquiry.Customer, inquiry.Account, inquiry.T0);
            var row = new LostDetail(ShopOf(inquiry.Account), _data.CustomerId(inquiry.Customer), Date(inquiry.Day), AccountId(inquiry.Account), AgentOf(inquiry.Account),
                first, At(l.WindowEnd));
            rows.Add((row, inquiry.T0, first.Id));
        }
    }

    private void Silent(DetailTrace trace, List<(DetailRow, long, string)> rows)
    {
        foreach (var p in trace.Paid)
        {
            if (AttributionResult.Credited((int)_rule, p.OrderAgent, p.PaymentAgent) >= 0)
            {
                continue;
            }

            var order = _data.Orders[p.Order];
            var contact = LastContact(order.Customer, order.Paid);
            if (_agent >= 0 && (contact is null || _data.Agents[_agent].Id != contact.Agent))
            {
                continue; // with an agent, the silent sales whose last contact was one of its accounts
            }

            string id = _data.OrderIds.GetString(order.Id);
            var row = new SilentDetail(_data.Shops[order.Shop].Id, _data.CustomerId(order.Customer), Date(p.PaidDay), id, order.Amount, order.Items,
                At(order.Created), At(order.Paid), contact);
            rows.Add((row, order.Paid, id));
        }
    }

    private void Refunds(DetailTrace trace, List<(DetailRow, long, string)> rows)
    {
        string? Name(int account) => account < 0 ? null : AccountId(account);
        foreach (var t in trace.Refunds)
        {
            int credited = AttributionResult.Credited((int)_rule, t.OrderAgent, t.PaymentAgent);
            if (_agent >= 0 && !Keeps(credited))
            {
                continue;
            }

            var refund = _data.Refunds[t.Refund];
            var order = _data.Orders[t.Order];
            var byRule = new CreditedByRule(
                Name(AttributionResult.Credited((int)AttributionRule.Order, t.OrderAgent, t.PaymentAgent)),
                Name(AttributionResult.Credited((int)AttributionRule.Payment, t.OrderAgent, t.PaymentAgent)),
                Name(AttributionResult.Credited((int)AttributionRule.OrderFirst, t.OrderAgent, t.PaymentAgent)));
            string id = _data.RefundIds.GetString(refund.Id);
            bool completed = refund.Completed != Ticks.None && refund.Completed <= _request.AsOf.ToUnixTimeTicks();
            var row = new RefundDetail(
                _data.Shops[order.Shop].Id,
                _data.CustomerId(order.Customer),
                Date(t.CreatedDay),
                id,
                _data.OrderIds.GetString(order.Id),
                refund.Amount,
                refund.Items,
                refund.Status,
                At(refund.Created),
                completed ? At(refund.Completed) : null,
                t.CompletedDay == int.MinValue ? null : Date(t.CompletedDay),
                t.InOrders,
                t.InAmount,
                byRule,
                Name(credited),
                credited < 0 ? null : AgentOf(credited));
            rows.Add((row, refund.Created, id));
        }
    }

    private void Reviews(DetailTrace trace, List<(DetailRow, long, string)> rows)
    {
        foreach (var t in trace.Reviews)
        {
            if (_agent >= 0 && !t.Implicated.Any(i => Keeps(i.Account)))
            {
                continue;
            }

            var review = _data.Reviews[t.Review];
            var order = _data.Orders[t.Order];
            int mask = 0;
            var implicated = ImmutableArray.CreateBuilder<ReviewImplication>(t.Implicated.Length);
            foreach (var i in t.Implicated.OrderBy(i => AccountId(i.Account), StringComparer.Ordinal))
            {
                mask |= i.Mask;
                implicated.Add(new ReviewImplication(
                    AccountId(i.Account),
                    AgentOf(i.Account),
                    (ReviewPhases)i.Mask,
                    i.PreSaleMessage < 0 ? null : MessageAt(i.PreSaleMessage),
                    i.InSaleMessage < 0 ? null : MessageAt(i.InSaleMessage),
                    i.AfterSaleT0 == SessionFacts.None ? null : FirstIn(t.Customer, i.Account, i.AfterSaleT0)));
            }

            string id = _data.OrderIds.GetString(order.Id);
            var row = new ReviewDetail(_data.Shops[order.Shop].Id, _data.CustomerId(order.Customer), Date(t.Day), id, review.Rating, At(review.At),
                t.OrderAgent < 0 ? null : AccountId(t.OrderAgent), (ReviewPhases)mask, implicated.MoveToImmutable());
            rows.Add((row, review.At, id));
        }
    }

    /// <summary>The customer's first message at <paramref name="t0"/> in its conversation with an account (a reception's t0).</summary>
    private DetailMessage FirstIn(int customer, int account, long t0)
    {
        for (int k = _streams.CustomerStart[customer]; k < _streams.CustomerStart[customer + 1]; k++)
        {
            int p = k; // a customer's conversations sit at consecutive positions
            if (_data.ConvAccount[_streams.Order[p]] != account)
            {
                continue;
            }

            for (int q = _streams.Start[p]; q < _streams.Start[p + 1]; q++)
            {
                if (_rows[q].Ticks == t0 && SessionCursor.IsIn(_rows[q].Flags))
                {
                    return Message(q);
                }
            }
        }

        throw new InvalidOperationException("A reception's first customer message was not found.");
    }

    /// <summary>The customer's last kept message before <paramref name="before"/>, any account, either direction; null when none.</summary>
    private DetailContact? LastContact(int customer, long before)
    {
        int best = -1;
        for (int k = _streams.CustomerStart[customer]; k < _streams.CustomerStart[customer + 1]; k++)
        {
            int p = k;
            for (int q = _streams.Start[p + 1] - 1; q >= _streams.Start[p]; q--)
            {
                if (_rows[q].Ticks < before)
                {
                    if (best < 0 || _rows[q].Ticks > _rows[best].Ticks
                        || (_rows[q].Ticks == _rows[best].Ticks && _data.MessageIds.CompareOrdinal(_rows[q].Message, _rows[best].Message) > 0))
                    {
                        best = q;
                    }

                    break;
                }
            }
        }

        if (best < 0)
        {
            return null;
        }

        int account = _data.MsgConversation[_rows[best].Message] is int conv ? _data.ConvAccount[conv] : -1;
        return new DetailContact(Message(best), AccountId(account), AgentOf(account), SessionCursor.IsIn(_rows[best].Flags) ? Direction.In : Direction.Out);
    }
}
