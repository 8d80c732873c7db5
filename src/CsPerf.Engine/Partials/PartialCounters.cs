using System.Collections.Immutable;
using CsPerf.Engine.Attribution;
using CsPerf.Engine.Kpis;

namespace CsPerf.Engine.Partials;

/// <summary>
/// The one mapping between the engine's counter structs and a partial's vectors (<see cref="PartialCount"/>,
/// <see cref="PartialSalesCount"/>, <see cref="PartialSalesMoney"/>), both ways.
/// </summary>
internal static class PartialCounters
{
    private const int Rules = KpiPartial.RuleCount;

    /// <summary>Writes the counts vector into <paramref name="v"/> (<see cref="KpiPartial.CountFields"/> elements).</summary>
    public static void Counts(in ReceptionCounters r, in ConversionCounters c, in QualityCounters q, Span<long> v)
    {
        v[(int)PartialCount.Consulted] = r.Consulted;
        v[(int)PartialCount.Received] = r.Received;
        v[(int)PartialCount.Inquiries] = r.Inquiries;
        v[(int)PartialCount.InSale] = r.InSale;
        v[(int)PartialCount.AfterSale] = r.AfterSale;
        v[(int)PartialCount.Replied] = r.Replied;
        v[(int)PartialCount.Unreplied] = r.Unreplied;
        v[(int)PartialCount.Sessions] = r.Sessions;
        v[(int)PartialCount.SessionTicks] = r.SessionTicks;
        v[(int)PartialCount.LongSessions] = r.LongSessions;
        v[(int)PartialCount.CustomerStarted] = r.CustomerStarted;
        v[(int)PartialCount.FirstAnswered] = r.FirstAnswered;
        v[(int)PartialCount.FirstResponseTicks] = r.FirstResponseTicks;
        v[(int)PartialCount.FirstHits] = r.FirstHits;
        v[(int)PartialCount.AnsweredBursts] = r.AnsweredBursts;
        v[(int)PartialCount.ResponseTicks] = r.ResponseTicks;
        v[(int)PartialCount.SlowReceptions] = r.SlowReceptions;
        v[(int)PartialCount.NoResponseRecords] = r.NoResponseRecords;
        v[(int)PartialCount.LongReceptions] = r.LongReceptions;
        v[(int)PartialCount.Messages] = r.Messages;
        v[(int)PartialCount.Characters] = r.Characters;
        v[(int)PartialCount.OrderedSameDay] = c.OrderedSameDay;
        v[(int)PartialCount.Ordered] = c.Ordered;
        v[(int)PartialCount.Paid] = c.Paid;
        v[(int)PartialCount.Lost] = c.Lost;
        v[(int)PartialCount.Pending] = c.Pending;
        v[(int)PartialCount.AssistsBeforeOrder] = c.AssistsBeforeOrder;
        v[(int)PartialCount.PaymentsOwnOrder] = c.PaymentsOwnOrder;
        v[(int)PartialCount.PaymentsOthersOrder] = c.PaymentsOthersOrder;
        v[(int)PartialCount.PaymentsSilentOrder] = c.PaymentsSilentOrder;
        v[(int)PartialCount.NeutralReviews] = q.NeutralReviews;
        v[(int)PartialCount.NegativeReviews] = q.NegativeReviews;
        v[(int)PartialCount.NeutralPreSale] = q.NeutralPreSale;
        v[(int)PartialCount.NeutralInSale] = q.NeutralInSale;
        v[(int)PartialCount.NeutralAfterSale] = q.NeutralAfterSale;
        v[(int)PartialCount.NegativePreSale] = q.NegativePreSale;
        v[(int)PartialCount.NegativeInSale] = q.NegativeInSale;
        v[(int)PartialCount.NegativeAfterSale] = q.NegativeAfterSale;
        v[(int)PartialCount.Reviews] = q.Reviews;
        v[(int)PartialCount.GoodReviews] = q.GoodReviews;
        v[(int)PartialCount.Ratings] = q.Ratings;
        v[(int)PartialCount.Satisfied] = q.Satisfied;
        v[(int)PartialCount.Complaints] = q.Complaints;
        v[(int)PartialCount.TransfersOut] = r.TransfersOut;
        v[(int)PartialCount.TransfersIn] = r.TransfersIn;
    }

    /// <summary>Adds a counts vector into the engine's counters (checked: roll-ups outside the hot loop).</summary>
    public static void AddCounts(ImmutableArray<long> v, ref ReceptionCounters r, ref ConversionCounters c, ref QualityCounters q)
    {
        Check(v.Length, KpiPartial.CountFields);
        checked
        {
            r.Consulted += v[(int)PartialCount.Consulted];
            r.Received += v[(int)PartialCount.Received];
            r.Inquiries += v[(int)PartialCount.Inquiries];
            r.InSale += v[(int)PartialCount.InSale];
            r.AfterSale += v[(int)PartialCount.AfterSale];
            r.Replied += v[(int)PartialCount.Replied];
            r.Unreplied += v[(int)PartialCount.Unreplied];
            r.Sessions += v[(int)PartialCount.Sessions];
            r.SessionTicks += v[(int)PartialCount.SessionTicks];
            r.LongSessions += v[(int)PartialCount.LongSessions];
            r.CustomerStarted += v[(int)PartialCount.CustomerStarted];
            r.FirstAnswered += v[(int)PartialCount.FirstAnswered];
            r.FirstResponseTicks += v[(int)PartialCount.FirstResponseTicks];
            r.FirstHits += v[(int)PartialCount.FirstHits];
            r.AnsweredBursts += v[(int)PartialCount.AnsweredBursts];
            r.ResponseTicks += v[(int)PartialCount.ResponseTicks];
            r.SlowReceptions += v[(int)PartialCount.SlowReceptions];
            r.NoResponseRecords += v[(int)PartialCount.NoResponseRecords];
            r.LongReceptions += v[(int)PartialCount.LongReceptions];
            r.Messages += v[(int)PartialCount.Messages];
            r.Characters += v[(int)PartialCount.Characters];
            r.TransfersOut += v[(int)PartialCount.TransfersOut];
            r.TransfersIn += v[(int)PartialCount.TransfersIn];
            c.OrderedSameDay += v[(int)PartialCount.OrderedSameDay];
            c.Ordered += v[(int)PartialCount.Ordered];
            c.Paid += v[(int)PartialCount.Paid];
            c.Lost += v[(int)PartialCount.Lost];
            c.Pending += v[(int)PartialCount.Pending];
            c.AssistsBeforeOrder += v[(int)PartialCount.AssistsBeforeOrder];
            c.PaymentsOwnOrder += v[(int)PartialCount.PaymentsOwnOrder];
            c.PaymentsOthersOrder += v[(int)PartialCount.PaymentsOthersOrder];
            c.PaymentsSilentOrder += v[(int)PartialCount.PaymentsSilentOrder];
            q.NeutralReviews += v[(int)PartialCount.NeutralReviews];
            q.NegativeReviews += v[(int)PartialCount.NegativeReviews];
            q.NeutralPreSale += v[(int)PartialCount.NeutralPreSale];
            q.NeutralInSale += v[(int)PartialCount.NeutralInSale];
            q.NeutralAfterSale += v[(int)PartialCount.NeutralAfterSale];
            q.NegativePreSale += v[(int)PartialCount.NegativePreSale];
            q.NegativeInSale += v[(int)PartialCount.NegativeInSale];
            q.NegativeAfterSale += v[(int)PartialCount.NegativeAfterSale];
            q.Reviews += v[(int)PartialCount.Reviews];
            q.GoodReviews += v[(int)PartialCount.GoodReviews];
            q.Ratings += v[(int)PartialCount.Ratings];
            q.Satisfied += v[(int)PartialCount.Satisfied];
            q.Complaints += v[(int)PartialCount.Complaints];
        }
    }

    /// <summary>Writes the per-rule vectors of a cell into <paramref name="counts"/> and <paramref name="money"/>.</summary>
    public static void Sales(SalesCounters[][] perRule, int index, Span<long> counts, Span<decimal> money)
    {
        for (int rule = 0; rule < Rules; rule++)
        {
            ref readonly var s = ref perRule[rule][index];
            int c = rule * KpiPartial.SalesCountFields, m = rule * KpiPartial.SalesMoneyFields;
            counts[c + (int)PartialSalesCount.Items] = s.Items;
            counts[c + (int)PartialSalesCount.Orders] = s.Orders;
            counts[c + (int)PartialSalesCount.Buyers] = s.Buyers;
            counts[c + (int)PartialSalesCount.AssistsFollowUp] = s.AssistsFollowUp;
            counts[c + (int)PartialSalesCount.RefundOrders] = s.RefundOrders;
            counts[c + (int)PartialSalesCount.RefundCustomers] = s.RefundCustomers;
            counts[c + (int)PartialSalesCount.RefundOperations] = s.RefundOperations;
            counts[c + (int)PartialSalesCount.RefundItems] = s.RefundItems;
            counts[c + (int)PartialSalesCount.CompletedRefunds] = s.CompletedRefunds;
            counts[c + (int)PartialSalesCount.RefundCompletionTicks] = s.RefundCompletionTicks;
            money[m + (int)PartialSalesMoney.Sales] = s.Sales;
            money[m + (int)PartialSalesMoney.Postage] = s.Postage;
            money[m + (int)PartialSalesMoney.RefundAmount] = s.RefundAmount;
        }
    }

    /// <summary>Adds per-rule vectors into cell <paramref name="index"/> of <paramref name="perRule"/>.</summary>
    public static void AddSales(ImmutableArray<long> counts, ImmutableArray<decimal> money, SalesCounters[][] perRule, int index)
    {
        Check(counts.Length, Rules * KpiPartial.SalesCountFields);
        Check(money.Length, Rules * KpiPartial.SalesMoneyFields);
        for (int rule = 0; rule < Rules; rule++)
        {
            int c = rule * KpiPartial.SalesCountFields, m = rule * KpiPartial.SalesMoneyFields;
            perRule[rule][index].Add(new SalesCounters
            {
                Items = counts[c + (int)PartialSalesCount.Items],
                Orders = counts[c + (int)PartialSalesCount.Orders],
                Buyers = counts[c + (int)PartialSalesCount.Buyers],
                AssistsFollowUp = counts[c + (int)PartialSalesCount.AssistsFollowUp],
                RefundOrders = counts[c + (int)PartialSalesCount.RefundOrders],
                RefundCustomers = counts[c + (int)PartialSalesCount.RefundCustomers],
                RefundOperations = counts[c + (int)PartialSalesCount.RefundOperations],
                RefundItems = counts[c + (int)PartialSalesCount.RefundItems],
                CompletedRefunds = counts[c + (int)PartialSalesCount.CompletedRefunds],
                RefundCompletionTicks = counts[c + (int)PartialSalesCount.RefundCompletionTicks],
                Sales = money[m + (int)PartialSalesMoney.Sales],
                Postage = money[m + (int)PartialSalesMoney.Postage],
                RefundAmount = money[m + (int)PartialSalesMoney.RefundAmount],
            });
        }
    }

    public static bool IsZero(ReadOnlySpan<long> v) => v.IndexOfAnyExcept(0L) < 0;

    public static bool IsZero(ReadOnlySpan<decimal> v)
    {
        foreach (decimal x in v)
        {
            if (x != 0m)
            {
                return false;
            }
        }

        return true;
    }

    private static void Check(int length, int expected)
    {
        if (length != expected)
        {
            throw new ArgumentException($"A partial's counter vector has {length} elements; expected {expected}.");
        }
    }
}
