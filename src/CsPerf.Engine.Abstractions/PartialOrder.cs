namespace CsPerf.Engine;

/// <summary>The canonical order of the lists of a <see cref="KpiPartial"/> (ordinal ids, then dates).</summary>
public static class PartialOrder
{
    /// <summary>Shops: by id (ordinal).</summary>
    /// <param name="x">One item.</param>
    /// <param name="y">Another.</param>
    public static int CompareShop(PartialShop x, PartialShop y) => string.CompareOrdinal(x.Id, y.Id);

    /// <summary>Accounts: by shop, then account id (ordinal).</summary>
    /// <param name="x">One item.</param>
    /// <param name="y">Another.</param>
    public static int CompareAccount(PartialAccount x, PartialAccount y)
    {
        int c = string.CompareOrdinal(x.Shop, y.Shop);
        return c != 0 ? c : string.CompareOrdinal(x.Account, y.Account);
    }

    /// <summary>Account days: by shop, account id, date.</summary>
    /// <param name="x">One item.</param>
    /// <param name="y">Another.</param>
    public static int CompareAccountDay(PartialAccountDay x, PartialAccountDay y)
    {
        int c = string.CompareOrdinal(x.Shop, y.Shop);
        if (c == 0)
        {
            c = string.CompareOrdinal(x.Account, y.Account);
        }

        return c != 0 ? c : x.Date.CompareTo(y.Date);
    }

    /// <summary>Shop days: by shop, date.</summary>
    /// <param name="x">One item.</param>
    /// <param name="y">Another.</param>
    public static int CompareShopDay(PartialShopDay x, PartialShopDay y)
    {
        int c = string.CompareOrdinal(x.Shop, y.Shop);
        return c != 0 ? c : x.Date.CompareTo(y.Date);
    }

    /// <summary>Shared reviews: by shop, date, rating, then their (already sorted) accounts and phases.</summary>
    /// <param name="x">One item.</param>
    /// <param name="y">Another.</param>
    public static int CompareReview(PartialSharedReview x, PartialSharedReview y)
    {
        int c = string.CompareOrdinal(x.Shop, y.Shop);
        if (c == 0)
        {
            c = x.Date.CompareTo(y.Date);
        }

        if (c == 0)
        {
            c = x.Rating.CompareTo(y.Rating);
        }

        if (c == 0)
        {
            c = x.Accounts.Length.CompareTo(y.Accounts.Length);
        }

        for (int i = 0; c == 0 && i < x.Accounts.Length; i++)
        {
            c = string.CompareOrdinal(x.Accounts[i].Account, y.Accounts[i].Account);
            if (c == 0)
            {
                c = x.Accounts[i].Phases.CompareTo(y.Accounts[i].Phases);
            }
        }

        return c;
    }

    /// <summary>Complaint reasons: by shop, account id, date, then reason (ordinal).</summary>
    /// <param name="x">One item.</param>
    /// <param name="y">Another.</param>
    public static int CompareComplaintReason(PartialComplaintReason x, PartialComplaintReason y)
    {
        int c = string.CompareOrdinal(x.Shop, y.Shop);
        if (c == 0)
        {
            c = string.CompareOrdinal(x.Account, y.Account);
        }

        if (c == 0)
        {
            c = x.Date.CompareTo(y.Date);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Reason, y.Reason);
    }

    /// <summary>Input reports: by rejected count, then rejected lines, then warnings.</summary>
    /// <param name="x">One item.</param>
    /// <param name="y">Another.</param>
    public static int CompareInput(PartialInput x, PartialInput y)
    {
        int c = x.Rejected.CompareTo(y.Rejected);
        if (c == 0)
        {
            c = x.RejectedLines.Length.CompareTo(y.RejectedLines.Length);
        }

        for (int i = 0; c == 0 && i < x.RejectedLines.Length; i++)
        {
            c = string.CompareOrdinal(x.RejectedLines[i].ToString(), y.RejectedLines[i].ToString());
        }

        if (c == 0)
        {
            c = x.Warnings.Length.CompareTo(y.Warnings.Length);
        }

        for (int i = 0; c == 0 && i < x.Warnings.Length; i++)
        {
            c = string.CompareOrdinal(x.Warnings[i], y.Warnings[i]);
        }

        return c;
    }
}
