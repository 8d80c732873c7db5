using System.Collections.Immutable;

namespace CsPerf.Engine;

/// <summary>
/// A whole dataset, ready for the engine: messages in columnar form (ids interned to dense integers, texts reduced
/// to flags and character counts), orders, refunds, reviews, ratings, complaints, and the resolved roster.
/// </summary>
/// <remarks>
/// Immutable once built (by <see cref="DatasetBuilder"/> or <see cref="Create"/>); safe to share between threads.
/// The message text rules (broadcast/auto-reply prefixes, advert phrase) are fixed at build time and recorded in
/// <see cref="TextRules"/>; the engine refuses a config whose text rules differ.
/// </remarks>
public sealed class Dataset
{
    internal Dataset(DatasetBuilder b)
    {
        TextRules = b.Classifier.Rules;
        MessageCount = b.MessageCount;
        MsgTicks = b.MsgTicks;
        MsgConversation = b.MsgConversation;
        MsgFlags = b.MsgFlags;
        MsgChars = b.MsgChars;
        MessageIds = b.MessageIds;
        ConvShop = b.ConvShop.ToArray();
        ConvCustomer = b.ConvCustomer.ToArray();
        ConvAccount = b.ConvAccount.ToArray();
        Shops = b.ShopEntries.ToImmutableArray();
        Accounts = b.AccountEntries.ToImmutableArray();
        Agents = b.AgentEntries.ToImmutableArray();
        CustomerShop = b.CustomerShop.ToArray();
        CustomerName = b.CustomerName.ToArray();
        CustomerNames = b.CustomerNames;
        CustomerInternal = b.ComputeInternalCustomers();
        Customers = b.Customers;
        Orders = b.Orders.ToArray();
        OrderIds = b.OrderIds;
        RefundIds = b.RefundIds;
        Refunds = b.Refunds.ToArray();
        Reviews = b.Reviews.ToArray();
        Ratings = b.RatingRows.ToArray();
        Complaints = b.ComplaintRows.ToArray();
        ComplaintReasons = b.ComplaintReasons.ToArray();
        Warnings = b.Warnings.ToImmutableArray();
        RejectedCount = b.RejectedCount;
        RejectedLines = b.RejectedLines.ToImmutableArray();
        HasRoster = b.HasRoster;
        RosterShopCount = b.RosterShopCount;
        RosterGroups = b.RosterGroups;
    }

    /// <summary>The text rules the messages were classified with.</summary>
    public TextRules TextRules { get; }

    /// <summary>Number of messages kept (duplicates and rejected lines excluded).</summary>
    public int MessageCount { get; }

    /// <summary>Number of orders.</summary>
    public int OrderCount => Orders.Length;

    /// <summary>Shops: roster shops first, then shops seen in the data.</summary>
    public ImmutableArray<ShopEntry> Shops { get; }

    /// <summary>Accounts: roster accounts first, then accounts seen in the data (each its own agent).</summary>
    public ImmutableArray<AccountEntry> Accounts { get; }

    /// <summary>Agents: roster agents first, then one implicit agent per account outside the roster.</summary>
    public ImmutableArray<AgentEntry> Agents { get; }

    /// <summary>Whether a roster was given.</summary>
    public bool HasRoster { get; }

    /// <summary>Warnings met while building (accounts outside an existing roster, …).</summary>
    public ImmutableArray<string> Warnings { get; }

    /// <summary>How many input lines were rejected (lenient mode).</summary>
    public long RejectedCount { get; }

    /// <summary>The first rejected lines, at most <see cref="DatasetBuilder.MaxRejectedLines"/>.</summary>
    public ImmutableArray<RejectedLine> RejectedLines { get; }

    /// <summary>Number of distinct (shop, customer) pairs.</summary>
    public int CustomerCount => CustomerShop.Length;

    /// <summary>Number of distinct (shop, customer, account) conversations.</summary>
    public int ConversationCount => ConvShop.Length;

    internal int RosterShopCount { get; }
    internal ImmutableArray<GroupInfo> RosterGroups { get; }
    internal long[] MsgTicks { get; }
    internal int[] MsgConversation { get; }
    internal byte[] MsgFlags { get; }
    internal int[] MsgChars { get; }
    internal MessageIdColumn MessageIds { get; }
    internal int[] ConvShop { get; }
    internal int[] ConvCustomer { get; }
    internal int[] ConvAccount { get; }
    internal int[] CustomerShop { get; }
    internal int[] CustomerName { get; }
    internal Utf8Interner CustomerNames { get; }
    internal bool[] CustomerInternal { get; }
    internal CustomerTable Customers { get; }
    internal OrderRow[] Orders { get; }
    internal Utf8Interner OrderIds { get; }
    internal Utf8Interner RefundIds { get; }
    internal RefundRow[] Refunds { get; }
    internal ReviewRow[] Reviews { get; }
    internal RatingRow[] Ratings { get; }
    internal ComplaintRow[] Complaints { get; }

    /// <summary>The interned complaint reasons, indexed by <see cref="ComplaintRow.Reason"/>.</summary>
    internal string[] ComplaintReasons { get; }

    /// <summary>The customer index of (shop, customer id), or -1 when the pair never occurs.</summary>
    internal int FindCustomer(int shop, string customer) => Customers.Find(shop, System.Text.Encoding.UTF8.GetBytes(customer));

    /// <summary>The id of message <paramref name="index"/>.</summary>
    public string MessageId(int index) => MessageIds.GetString(index);

    /// <summary>The customer id of customer <paramref name="index"/>.</summary>
    public string CustomerId(int index) => CustomerNames.GetString(CustomerName[index]);

    /// <summary>Builds a dataset from object-form records (the embedder's entry point).</summary>
    /// <exception cref="ArgumentException">A duplicate id or a reference to an unknown order.</exception>
    public static Dataset Create(
        CsPerfConfig config,
        Roster? roster,
        IEnumerable<Message> messages,
        IEnumerable<Order>? orders = null,
        IEnumerable<Refund>? refunds = null,
        IEnumerable<Review>? reviews = null,
        IEnumerable<Rating>? ratings = null,
        IEnumerable<Complaint>? complaints = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var b = new DatasetBuilder(config, roster);
        static void Check(Problem? problem, string paramName)
        {
            if (problem is not null)
            {
                throw new ArgumentException($"{problem.Source}: {problem.Field}: {problem.Message}", paramName);
            }
        }

        foreach (var m in messages)
        {
            Check(b.Add(m, "messages"), nameof(messages));
        }

        foreach (var o in orders ?? [])
        {
            Check(b.Add(o, "orders"), nameof(orders));
        }

        foreach (var r in refunds ?? [])
        {
            Check(b.Add(r, "refunds"), nameof(refunds));
        }

        foreach (var r in reviews ?? [])
        {
            Check(b.Add(r, "reviews"), nameof(reviews));
        }

        foreach (var r in ratings ?? [])
        {
            b.AddRating(r);
        }

        foreach (var c in complaints ?? [])
        {
            b.AddComplaint(c);
        }

        return b.Build();
    }
}
