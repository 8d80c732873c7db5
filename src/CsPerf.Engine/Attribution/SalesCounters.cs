namespace CsPerf.Engine.Attribution;

/// <summary>Inquiry outcomes and payment analysis of one (period, account): independent of the rule (domain.md §5).</summary>
internal struct ConversionCounters
{
    public long OrderedSameDay;
    public long Ordered;
    public long Paid;
    public long Lost;
    public long Pending;
    public long AssistsBeforeOrder;
    public long PaymentsOwnOrder;
    public long PaymentsOthersOrder;
    public long PaymentsSilentOrder;

    public void Add(in ConversionCounters o)
    {
        // Roll-ups of per-(period, entity) counters, outside the hot loops: an overflow throws (docs/io.md "Input limits").
        checked
        {
            OrderedSameDay += o.OrderedSameDay;
            Ordered += o.Ordered;
            Paid += o.Paid;
            Lost += o.Lost;
            Pending += o.Pending;
            AssistsBeforeOrder += o.AssistsBeforeOrder;
            PaymentsOwnOrder += o.PaymentsOwnOrder;
            PaymentsOthersOrder += o.PaymentsOthersOrder;
            PaymentsSilentOrder += o.PaymentsSilentOrder;
        }
    }
}

/// <summary>
/// Sales, basket, refund and follow-up sums of one (period, account) under one rule, or of the silent part of a
/// shop. Money stays decimal; durations are integer ticks.
/// </summary>
internal struct SalesCounters
{
    public decimal Sales;
    public long Items;
    public long Orders;
    public long Buyers;
    public decimal Postage;
    public long AssistsFollowUp;
    public long RefundOrders;
    public long RefundCustomers;
    public long RefundOperations;
    public decimal RefundAmount;
    public long RefundItems;
    public long CompletedRefunds;
    public long RefundCompletionTicks;

    public void Add(in SalesCounters o)
    {
        // Roll-ups of per-(period, entity) counters, outside the hot loops: an overflow throws (docs/io.md "Input limits").
        checked
        {
            Sales += o.Sales;
            Items += o.Items;
            Orders += o.Orders;
            Buyers += o.Buyers;
            Postage += o.Postage;
            AssistsFollowUp += o.AssistsFollowUp;
            RefundOrders += o.RefundOrders;
            RefundCustomers += o.RefundCustomers;
            RefundOperations += o.RefundOperations;
            RefundAmount += o.RefundAmount;
            RefundItems += o.RefundItems;
            CompletedRefunds += o.CompletedRefunds;
            RefundCompletionTicks += o.RefundCompletionTicks;
        }
    }
}

/// <summary>Reviews, ratings and complaints of one (period, entity).</summary>
internal struct QualityCounters
{
    public long NeutralReviews;
    public long NegativeReviews;
    public long NeutralPreSale;
    public long NeutralInSale;
    public long NeutralAfterSale;
    public long NegativePreSale;
    public long NegativeInSale;
    public long NegativeAfterSale;

    /// <summary>Reviews of any rating (domain.md §6 "review rates").</summary>
    public long Reviews;
    public long GoodReviews;
    public long Ratings;
    public long Satisfied;
    public long Complaints;

    public void Add(in QualityCounters o)
    {
        // Roll-ups of per-(period, entity) counters, outside the hot loops: an overflow throws (docs/io.md "Input limits").
        checked
        {
            NeutralReviews += o.NeutralReviews;
            NegativeReviews += o.NegativeReviews;
            NeutralPreSale += o.NeutralPreSale;
            NeutralInSale += o.NeutralInSale;
            NeutralAfterSale += o.NeutralAfterSale;
            NegativePreSale += o.NegativePreSale;
            NegativeInSale += o.NegativeInSale;
            NegativeAfterSale += o.NegativeAfterSale;
            Reviews += o.Reviews;
            GoodReviews += o.GoodReviews;
            AddRatings(o);
        }
    }

    /// <summary>Adds only ratings and complaints: reviews do not sum across levels (an agent counts a review once).</summary>
    public void AddRatings(in QualityCounters o)
    {
        // Roll-ups of per-(period, entity) counters, outside the hot loops: an overflow throws (docs/io.md "Input limits").
        checked
        {
            Ratings += o.Ratings;
            Satisfied += o.Satisfied;
            Complaints += o.Complaints;
        }
    }
}
