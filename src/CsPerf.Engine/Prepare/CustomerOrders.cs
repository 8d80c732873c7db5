namespace CsPerf.Engine.Prepare;

/// <summary>
/// Orders known as of the cut, grouped by customer and ordered by (createdAt, order id). A payment after the cut
/// is not known yet: such an order reads as unpaid (domain.md §6 "As of").
/// </summary>
internal sealed class CustomerOrders
{
    /// <summary>Start of each customer's run; one extra end entry.</summary>
    public required int[] Start { get; init; }

    public required long[] Created { get; init; }

    /// <summary>Paid instant, or <see cref="CsPerf.Engine.Storage.Ticks.None"/>.</summary>
    public required long[] Paid { get; init; }

    /// <summary>Index into the dataset's orders.</summary>
    public required int[] Order { get; init; }

    public static CustomerOrders Build(Dataset data, long asOfTicks)
    {
        var orders = data.Orders;
        int customers = data.CustomerCount;
        var start = new int[customers + 1];
        foreach (var o in orders)
        {
            if (o.Created <= asOfTicks)
            {
                start[o.Customer + 1]++;
            }
        }

        for (int c = 0; c < customers; c++)
        {
            start[c + 1] += start[c];
        }

        int n = start[customers];
        var index = new int[n];
        var fill = (int[])start.Clone();
        for (int i = 0; i < orders.Length; i++)
        {
            if (orders[i].Created <= asOfTicks)
            {
                index[fill[orders[i].Customer]++] = i;
            }
        }

        for (int c = 0; c < customers; c++)
        {
            int s = start[c], e = start[c + 1];
            if (e - s > 1)
            {
                index.AsSpan(s, e - s).Sort((a, b) =>
                {
                    int r = orders[a].Created.CompareTo(orders[b].Created);
                    return r != 0 ? r : data.OrderIds.CompareOrdinal(orders[a].Id, orders[b].Id);
                });
            }
        }

        var created = new long[n];
        var paid = new long[n];
        for (int r = 0; r < n; r++)
        {
            var o = orders[index[r]];
            created[r] = o.Created;
            paid[r] = o.Paid <= asOfTicks ? o.Paid : Ticks.None;
        }

        return new CustomerOrders { Start = start, Created = created, Paid = paid, Order = index };
    }
}
