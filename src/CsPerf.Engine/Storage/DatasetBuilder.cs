using System.Collections.Immutable;
using System.Text;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>
/// Builds a <see cref="Dataset"/> record by record. Readers call the span overloads straight from their input
/// buffers: ids are interned to dense integers, texts reduced to flags and a character count, and nothing is
/// allocated per message. Not thread safe; one builder per load.
/// </summary>
public sealed class DatasetBuilder
{
    /// <summary>How many rejected lines a dataset keeps for its report (the count covers all).</summary>
    public const int MaxRejectedLines = 100;

    private readonly Utf8Interner _shopNames = new();
    private readonly Utf8Interner _accountNames = new();
    private readonly Utf8Interner _conversations;
    internal CustomerTable Customers { get; }
    private readonly Dictionary<long, int> _accountByShopName = new();
    private readonly Dictionary<int, int> _shopByName = new();
    private readonly DateTimeZone _defaultZone;
    private byte[] _keyBuffer = new byte[256];
    private int _lastConversation = -1;
    private int _lastConversationHash;
    private bool _built;

    /// <summary>Starts a dataset.</summary>
    /// <param name="config">The config whose text rules and default time zone apply.</param>
    /// <param name="roster">The roster, or null when the dataset has none.</param>
    /// <param name="expectedMessages">A capacity hint.</param>
    /// <exception cref="ArgumentException">An unknown time zone, or an account bound to two agents.</exception>
    public DatasetBuilder(CsPerfConfig config, Roster? roster, int expectedMessages = 1024)
        : this(config, roster, expectedMessages, out var problem)
    {
        if (problem is not null)
        {
            // The same problem as text: "shops: id: duplicate shop \"s1\"." (the field's path joined by ": ").
            throw new ArgumentException(
                $"{problem.Field!.Replace(".", ": ", StringComparison.Ordinal)}: {problem.Message}.",
                problem.Source == RosterSource ? nameof(roster) : nameof(config));
        }
    }

    /// <summary>
    /// Starts a dataset, or tells the first problem of the config or roster (<see cref="Problem.Source"/>
    /// <c>config</c> or <c>roster.json</c>, no line) that the roster reader cannot see alone: an unknown time zone, a
    /// duplicate shop or agent, an account bound to two agents. The builder must not be used when there is one.
    /// </summary>
    internal static DatasetBuilder Create(CsPerfConfig config, Roster? roster, int expectedMessages, out Problem? problem) =>
        new(config, roster, expectedMessages, out problem);

    /// <summary>The source roster problems name.</summary>
    internal const string RosterSource = "roster.json";

    private DatasetBuilder(CsPerfConfig config, Roster? roster, int expectedMessages, out Problem? problem)
    {
        ArgumentNullException.ThrowIfNull(config);
        Classifier = new TextClassifier(TextRules.From(config));
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(config.TimeZone);
        problem = zone is null ? new Problem("config", null, nameof(CsPerfConfig.TimeZone), $"\"{config.TimeZone}\" is not an IANA time zone id") : null;
        _defaultZone = zone ?? DateTimeZone.Utc;
        int cap = Math.Max(16, expectedMessages);
        MsgTicks = new long[cap];
        MsgConversation = new int[cap];
        MsgFlags = new byte[cap];
        MsgChars = new int[cap];
        MessageIds = new MessageIdColumn(cap);
        // Sized once for the usual shape of chat logs (about 12 messages a conversation, 2 conversations a customer:
        // 824K and 373K at 10M messages, where the reader's hint of a message per 120 bytes says 12.3M): a bigger input
        // only grows them (a copy of the columns and lists). A conversation key is shop\0customer\0account, about 20
        // bytes for ids such as "s1", "tb001196", "s1:xiaoli".
        int conversations = Math.Max(16, cap / 14);
        _conversations = new Utf8Interner(conversations, bytesPerEntry: 32);
        ConvShop = new List<int>(conversations);
        ConvCustomer = new List<int>(conversations);
        ConvAccount = new List<int>(conversations);
        CustomerNames = new Utf8Interner(cap / 32);
        Customers = new CustomerTable(cap / 32);
        HasRoster = roster is not null;
        if (roster is not null && problem is null)
        {
            problem = LoadRoster(roster);
        }
    }

    internal TextClassifier Classifier { get; }
    internal int MessageCount { get; private set; }
    internal long[] MsgTicks;
    internal int[] MsgConversation;
    internal byte[] MsgFlags;
    internal int[] MsgChars;
    internal MessageIdColumn MessageIds { get; }
    internal List<int> ConvShop { get; }
    internal List<int> ConvCustomer { get; }
    internal List<int> ConvAccount { get; }
    internal List<ShopEntry> ShopEntries { get; } = [];
    internal List<AccountEntry> AccountEntries { get; } = [];
    internal List<AgentEntry> AgentEntries { get; } = [];
    internal List<int> CustomerShop { get; } = [];
    internal List<int> CustomerName { get; } = [];
    internal Utf8Interner CustomerNames { get; }
    internal RowBuffer<OrderRow> Orders { get; } = new();
    internal Utf8Interner OrderIds { get; private set; } = new();
    internal RowBuffer<RefundRow> Refunds { get; } = new();
    internal Utf8Interner RefundIds { get; private set; } = new();
    internal RowBuffer<ReviewRow> Reviews { get; } = new();
    internal RowBuffer<RatingRow> RatingRows { get; } = new();
    internal RowBuffer<ComplaintRow> ComplaintRows { get; } = new();

    /// <summary>The distinct complaint reasons, interned (a dataset has a handful); an absent reason is <c>""</c>.</summary>
    internal List<string> ComplaintReasons { get; } = [];
    private readonly Dictionary<string, int> _reasonIndex = new(StringComparer.Ordinal);
    internal List<string> Warnings { get; } = [];
    internal List<RejectedLine> RejectedLines { get; } = [];
    internal long RejectedCount { get; private set; }
    internal bool HasRoster { get; }
    internal int RosterShopCount { get; private set; }
    internal ImmutableArray<GroupInfo> RosterGroups { get; private set; } = [];

    /// <summary>Messages added so far.</summary>
    public int Count => MessageCount;

    /// <summary>Adds a message from UTF-8 spans (the text already unescaped). Returns false for a duplicate id (nothing added).</summary>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, or the instant is outside <see cref="InstantRules"/>.</exception>
    public bool TryAddMessage(
        ReadOnlySpan<byte> id,
        ReadOnlySpan<byte> shop,
        ReadOnlySpan<byte> customer,
        ReadOnlySpan<byte> account,
        Direction dir,
        Instant at,
        ReadOnlySpan<byte> text,
        bool hasText)
    {
        IdRules.Check(id, "id", nameof(id));
        IdRules.Check(shop, "shop", nameof(shop));
        IdRules.Check(customer, "customer", nameof(customer));
        IdRules.Check(account, "account", nameof(account));
        InstantRules.Check(at, "at", nameof(at));
        return AddMessageChecked(id, shop, customer, account, dir, at, text, hasText);
    }

    /// <summary>
    /// <see cref="TryAddMessage(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Direction, Instant, ReadOnlySpan{byte}, bool)"/>
    /// for a reader that has already checked the ids and the instant (the hot path).
    /// </summary>
    internal bool AddMessageChecked(
        ReadOnlySpan<byte> id,
        ReadOnlySpan<byte> shop,
        ReadOnlySpan<byte> customer,
        ReadOnlySpan<byte> account,
        Direction dir,
        Instant at,
        ReadOnlySpan<byte> text,
        bool hasText)
    {
        EnsureNotBuilt();
        MessageIds.GetOrAdd(id, out bool added);
        if (!added)
        {
            return false;
        }

        int i = NextMessage();
        MsgTicks[i] = at.ToUnixTimeTicks();
        MsgConversation[i] = Conversation(shop, customer, account);
        MsgFlags[i] = Classifier.Classify(dir, text, hasText, out int chars);
        MsgChars[i] = chars;
        MessageCount = i + 1;
        return true;
    }

    /// <summary>
    /// Adds a message a reader has already reduced on another thread: the id and its <see cref="Utf8Interner.Hash"/>,
    /// the conversation key <c>shop\0customer\0account</c> and its hash, and the text's flags and character count
    /// (from <see cref="Classifier"/>). Returns false for a duplicate id (nothing added).
    /// <paramref name="lastKey"/> tells that the key is the key of the message added last (the reader knows it from
    /// its own compare): the message then joins the last conversation without a look at the key.
    /// </summary>
    /// <remarks>With <paramref name="hashKept"/> (unchecked ids only) the id's hash is already in parts of
    /// <see cref="KeepMessageIdHashes"/>: the id is only appended. With <paramref name="continues"/> (unchecked ids
    /// only) the reader has seen that the id counts on from the id added last (see
    /// <see cref="MessageIdColumn.AppendContinuation"/>): neither the id nor its hash is needed.</remarks>
    internal bool TryAddReduced(ReadOnlySpan<byte> id, int idHash, ReadOnlySpan<byte> key, int keyHash, int shopLength, int customerLength, long ticks, byte flags, int chars, bool lastKey = false, bool hashKept = false, bool continues = false)
    {
        EnsureNotBuilt();
        if (continues)
        {
            MessageIds.AppendContinuation();
        }
        else if (hashKept)
        {
            MessageIds.AppendUnchecked(id);
        }
        else
        {
            MessageIds.GetOrAdd(id, idHash, out bool added);
            if (!added)
            {
                return false;
            }
        }

        int i = NextMessage();
        MsgTicks[i] = ticks;
        MsgConversation[i] = lastKey && _lastConversation >= 0 ? _lastConversation : Conversation(key, keyHash, shopLength, customerLength);
        MsgFlags[i] = flags;
        MsgChars[i] = chars;
        MessageCount = i + 1;
        return true;
    }

    /// <summary>
    /// Appends the columns of a block of messages a reader has reduced on other threads (unchecked ids: every message
    /// is added), all but their conversations, which <see cref="SetConversation"/> fills in for each run of one key;
    /// their ids go to <see cref="MessageIds"/> in the same order. Returns the index of the first.
    /// </summary>
    internal int AppendReducedMessages(ReadOnlySpan<long> ticks, ReadOnlySpan<byte> flags, ReadOnlySpan<int> chars)
    {
        EnsureNotBuilt();
        int first = MessageCount;
        int end = checked(first + ticks.Length);
        while (end > MsgTicks.Length)
        {
            GrowMessages();
        }

        ticks.CopyTo(MsgTicks.AsSpan(first));
        flags.CopyTo(MsgFlags.AsSpan(first));
        chars.CopyTo(MsgChars.AsSpan(first));
        MessageCount = end;
        return first;
    }

    /// <summary>Sets the conversation of messages [<paramref name="from"/>, <paramref name="to"/>) of <see cref="AppendReducedMessages"/>: the one of key <c>shop\0customer\0account</c> (interned as <see cref="TryAddReduced"/> does).</summary>
    internal void SetConversation(int from, int to, ReadOnlySpan<byte> key, int keyHash, int shopLength, int customerLength)
    {
        int conv = Conversation(key, keyHash, shopLength, customerLength);
        MsgConversation.AsSpan(from, to - from).Fill(conv);
    }

    /// <summary>
    /// Optimistic loading: from now on message ids are not looked up as they come (every message is added), which
    /// spares one cache miss per message; <see cref="EndUncheckedMessageIds"/> tells whether that was right.
    /// Only before the first message.
    /// </summary>
    internal void BeginUncheckedMessageIds() => MessageIds.BeginUnchecked();

    /// <summary>
    /// True when the messages added since <see cref="BeginUncheckedMessageIds"/> have distinct ids (the builder is
    /// then exactly what checked adding would have built); false when some id came twice: the builder must be
    /// discarded and the input read again with checks.
    /// </summary>
    /// <param name="threads">Threads the check may use: 1 while the load goes on beside it, more when nothing else waits.</param>
    internal bool EndUncheckedMessageIds(int threads = 1) => MessageIds.EndUnchecked(threads);

    /// <summary>
    /// While unchecked ids are on: parts where a reader's thread keeps the hashes of the ids it will add with
    /// <see cref="TryAddReduced"/> <c>hashKept</c>, one of <paramref name="share"/> (see <see cref="Utf8Interner.KeepHashesElsewhere"/>).
    /// </summary>
    internal HashParts KeepMessageIdHashes(int share) => MessageIds.KeepHashesElsewhere(share);

    /// <summary>Reads the conversation table where a key hash is looked up (see <see cref="Utf8Interner.Touch"/>).</summary>
    internal long TouchConversation(int keyHash) => _conversations.Touch(keyHash);

    /// <summary>Reads the conversation entry a key hash finds in its first slot, after <see cref="TouchConversation"/> (see <see cref="Utf8Interner.TouchEntry"/>).</summary>
    internal int TouchConversationEntry(int keyHash) => _conversations.TouchEntry(keyHash);

    /// <summary>
    /// Reads the customer table where a customer id's <see cref="Utf8Interner.Hash"/> is looked up (see
    /// <see cref="Utf8Interner.Touch"/>), and the name table a new customer is added to when <paramref name="name"/>:
    /// a conversation seen for the first time looks its customer up there.
    /// </summary>
    internal long TouchCustomer(int customerHash, bool name) => Customers.Touch(customerHash) + (name ? CustomerNames.Touch(customerHash) : 0);

    /// <summary>Reads the record of a known customer, after <see cref="TouchCustomer"/> (see <see cref="CustomerTable.TouchRecord"/>).</summary>
    internal int TouchCustomerRecord(int customerHash) => Customers.TouchRecord(customerHash);

    /// <summary>Reads the slot where adding an order id of this <see cref="Utf8Interner.Hash"/> starts (a batch read ahead, as <see cref="TouchCustomer"/>).</summary>
    internal long TouchOrderId(int hash) => OrderIds.Touch(hash);

    /// <summary>
    /// Takes the first-touch page faults of the message columns for messages [<paramref name="from"/>,
    /// <paramref name="to"/>), of the stored ids [<paramref name="fromStored"/>, <paramref name="toStored"/>) and of
    /// their bytes [<paramref name="fromByte"/>, <paramref name="toByte"/>) (see <see cref="MessageIdColumn"/>) on the
    /// calling thread (a parse worker), ahead of the interning thread that fills them; values are never changed.
    /// </summary>
    internal void TouchMessagesAhead(long from, long to, long fromStored, long toStored, long fromByte, long toByte)
    {
        PageTouch.Range(MsgTicks, from, to);
        PageTouch.Range(MsgConversation, from, to);
        PageTouch.Range(MsgFlags, from, to);
        PageTouch.Range(MsgChars, from, to);
        MessageIds.TouchAhead(fromStored, toStored, fromByte, toByte);
    }

    /// <summary>Adds a message; null when added, else why it was refused (a duplicate id), told at <paramref name="source"/>:<paramref name="line"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="source">The source problems name (a file name such as <c>messages.jsonl</c>).</param>
    /// <param name="line">The line the record comes from, if any.</param>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, or the instant is outside <see cref="InstantRules"/>.</exception>
    public Problem? Add(Message message, string source, long? line = null) =>
        TryAddMessage(message) ? null : new Problem(source, line, "id", $"duplicate message id \"{message.Id}\"");

    /// <summary>Adds a message. Returns false for a duplicate id (nothing added).</summary>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, or the instant is outside <see cref="InstantRules"/>.</exception>
    public bool TryAddMessage(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        IdRules.Check(message.Id, "id", nameof(message));
        IdRules.Check(message.Shop, "shop", nameof(message));
        IdRules.Check(message.Customer, "customer", nameof(message));
        IdRules.Check(message.Account, "account", nameof(message));
        InstantRules.Check(message.At, "at", nameof(message));
        return AddMessageChecked(
            Encoding.UTF8.GetBytes(message.Id),
            Encoding.UTF8.GetBytes(message.Shop),
            Encoding.UTF8.GetBytes(message.Customer),
            Encoding.UTF8.GetBytes(message.Account),
            message.Dir,
            message.At,
            message.Text is null ? default : Encoding.UTF8.GetBytes(message.Text),
            message.Text is not null);
    }

    /// <summary>Adds an order. Returns false for a duplicate id (nothing added).</summary>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, an instant is outside <see cref="InstantRules"/>, or a number is outside <see cref="AmountRules"/>.</exception>
    public bool TryAddOrder(ReadOnlySpan<byte> id, ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer, Instant createdAt, Instant? paidAt, decimal amount, decimal postage, int items)
    {
        IdRules.Check(id, "id", nameof(id));
        IdRules.Check(shop, "shop", nameof(shop));
        IdRules.Check(customer, "customer", nameof(customer));
        return AddOrderChecked(id, shop, customer, createdAt, paidAt, amount, postage, items);
    }

    /// <summary>
    /// <see cref="TryAddOrder(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Instant, Instant?, decimal, decimal, int)"/>
    /// for a reader that has already checked the ids (the fast path of orders.jsonl).
    /// </summary>
    internal bool AddOrderChecked(ReadOnlySpan<byte> id, ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer, Instant createdAt, Instant? paidAt, decimal amount, decimal postage, int items)
    {
        EnsureNotBuilt();
        InstantRules.Check(createdAt, "createdAt", nameof(createdAt));
        if (paidAt is { } paid)
        {
            InstantRules.Check(paid, "paidAt", nameof(paidAt));
        }

        AmountRules.CheckAmount(amount, "amount", nameof(amount));
        AmountRules.CheckAmount(postage, "postage", nameof(postage));
        AmountRules.CheckCount(items, "items", nameof(items));
        int idx = OrderIds.GetOrAdd(id, out bool added);
        if (!added)
        {
            return false;
        }

        int s = Shop(shop);
        Orders.Add(new OrderRow(idx, s, Customer(s, customer), createdAt.ToUnixTimeTicks(), paidAt?.ToUnixTimeTicks() ?? Ticks.None, amount, postage, items));
        return true;
    }

    /// <summary>Adds an order; null when added, else why it was refused (a duplicate id), told at <paramref name="source"/>:<paramref name="line"/>.</summary>
    /// <param name="order">The order.</param>
    /// <param name="source">The source problems name (a file name such as <c>orders.jsonl</c>).</param>
    /// <param name="line">The line the record comes from, if any.</param>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, an instant is outside <see cref="InstantRules"/>, or a number is outside <see cref="AmountRules"/>.</exception>
    public Problem? Add(Order order, string source, long? line = null) =>
        TryAddOrder(order) ? null : new Problem(source, line, "id", $"duplicate order id \"{order.Id}\"");

    /// <summary>Adds an order. Returns false for a duplicate id (nothing added).</summary>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, an instant is outside <see cref="InstantRules"/>, or a number is outside <see cref="AmountRules"/>.</exception>
    public bool TryAddOrder(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        IdRules.Check(order.Id, "id", nameof(order));
        IdRules.Check(order.Shop, "shop", nameof(order));
        IdRules.Check(order.Customer, "customer", nameof(order));
        return AddOrderChecked(Encoding.UTF8.GetBytes(order.Id), Encoding.UTF8.GetBytes(order.Shop), Encoding.UTF8.GetBytes(order.Customer), order.CreatedAt, order.PaidAt, order.Amount, order.Postage, order.Items);
    }

    /// <summary>Makes room for that many more rows of each kind at once (a reader that knows its line count), so the row lists grow once.</summary>
    internal void Reserve(int orders = 0, int refunds = 0, int reviews = 0, int ratings = 0, int complaints = 0)
    {
        // The id interners too, while they are still empty: sized once rather than doubled (and copied) a dozen times
        // on the way to a few hundred thousand ids. Indexes are the order of adding either way.
        if (OrderIds.Count == 0 && orders > 16)
        {
            OrderIds = new Utf8Interner(orders);
        }

        if (RefundIds.Count == 0 && refunds > 16)
        {
            RefundIds = new Utf8Interner(refunds);
        }

        Orders.EnsureCapacity(Orders.Count + orders);
        Refunds.EnsureCapacity(Refunds.Count + refunds);
        Reviews.EnsureCapacity(Reviews.Count + reviews);
        RatingRows.EnsureCapacity(RatingRows.Count + ratings);
        ComplaintRows.EnsureCapacity(ComplaintRows.Count + complaints);
    }

    /// <summary>
    /// Takes over the order ids and rows a reader prepared on another thread, before any order is added: the ids of all
    /// the orders it will add, interned in line order, and a row per id holding all but the shop and customer, which
    /// <see cref="AddOrderPrepared"/> fills in that order (shops and customers are numbered in the order they are met).
    /// </summary>
    internal void AdoptOrders(Utf8Interner ids, OrderRow[] rows)
    {
        EnsureNotBuilt();
        OrderIds = ids;
        Orders.Adopt(rows, 0);
    }

    /// <summary>Adds the next order of <see cref="AdoptOrders"/> (its id new, its fields checked): the shop and customer are looked up as <see cref="AddOrderChecked"/> does.</summary>
    internal void AddOrderPrepared(ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer)
    {
        EnsureNotBuilt();
        var row = Orders.Next();
        int s = Shop(shop);
        Orders.Add(row with { Shop = s, Customer = Customer(s, customer) });
    }

    /// <summary>Takes over the refund ids and rows a reader prepared on another thread against <see cref="OrderIds"/> (as <see cref="AddRefundChecked"/> would add them), before any refund is added.</summary>
    internal void AdoptRefunds(Utf8Interner ids, RefundRow[] rows)
    {
        EnsureNotBuilt();
        RefundIds = ids;
        Refunds.Adopt(rows, rows.Length);
    }

    /// <summary>Takes over the review rows a reader prepared on another thread against <see cref="OrderIds"/> (as <see cref="AddReviewChecked"/> would add them), before any review is added.</summary>
    internal void AdoptReviews(ReviewRow[] rows)
    {
        EnsureNotBuilt();
        Reviews.Adopt(rows, rows.Length);
    }

    /// <summary>Takes over rating rows a reader prepared on another thread (all but shop, customer and account, which <see cref="AddRatingPrepared"/> fills in), before any rating is added.</summary>
    internal void AdoptRatings(RatingRow[] rows)
    {
        EnsureNotBuilt();
        RatingRows.Adopt(rows, 0);
    }

    /// <summary>Adds the next rating of <see cref="AdoptRatings"/>: shop, customer and account looked up as <see cref="AddRatingChecked"/> does.</summary>
    internal void AddRatingPrepared(ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer, ReadOnlySpan<byte> account)
    {
        EnsureNotBuilt();
        var row = RatingRows.Next();
        int s = Shop(shop);
        RatingRows.Add(row with { Shop = s, Customer = Customer(s, customer), Account = Account(s, account) });
    }

    /// <summary>Whether an order id is known (orders must be added before what refers to them).</summary>
    public bool HasOrder(ReadOnlySpan<byte> id) => OrderIds.Find(id) >= 0;

    /// <summary>Adds a refund. Returns false when it is refused (a duplicate id, an unknown order; nothing added).</summary>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, an instant is outside <see cref="InstantRules"/>, or a number is outside <see cref="AmountRules"/>.</exception>
    public bool TryAddRefund(Refund refund) => Add(refund, "refunds") is null;

    /// <summary>
    /// Adds a refund; null when added, else why it was refused (an unknown order, a duplicate id), told at
    /// <paramref name="source"/>:<paramref name="line"/>.
    /// </summary>
    /// <param name="refund">The refund.</param>
    /// <param name="source">The source problems name (a file name such as <c>refunds.jsonl</c>).</param>
    /// <param name="line">The line the record comes from, if any.</param>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, an instant is outside <see cref="InstantRules"/>, or a number is outside <see cref="AmountRules"/>.</exception>
    public Problem? Add(Refund refund, string source, long? line = null)
    {
        ArgumentNullException.ThrowIfNull(refund);
        EnsureNotBuilt();
        IdRules.Check(refund.Id, "id", nameof(refund));
        IdRules.Check(refund.Order, "order", nameof(refund));
        InstantRules.Check(refund.CreatedAt, "createdAt", nameof(refund));
        if (refund.CompletedAt is { } completed)
        {
            InstantRules.Check(completed, "completedAt", nameof(refund));
        }

        AmountRules.CheckAmount(refund.Amount, "amount", nameof(refund));
        AmountRules.CheckCount(refund.Items, "items", nameof(refund));
        AmountRules.CheckCount(refund.Operations, "operations", nameof(refund));
        return AddRefundChecked(
            Encoding.UTF8.GetBytes(refund.Id), Encoding.UTF8.GetBytes(refund.Order), refund.CreatedAt, refund.CompletedAt, refund.Amount, refund.Items, refund.Status, refund.Operations) switch
        {
            RefundAdded.UnknownOrder => new Problem(source, line, "order", $"unknown order \"{refund.Order}\""),
            RefundAdded.DuplicateId => new Problem(source, line, "id", $"duplicate refund id \"{refund.Id}\""),
            _ => null,
        };
    }

    /// <summary>
    /// Adds a refund whose fields a reader has already checked (ids, instants, amounts): refused for an unknown order
    /// (looked up first) or a duplicate id.
    /// </summary>
    internal RefundAdded AddRefundChecked(ReadOnlySpan<byte> id, ReadOnlySpan<byte> order, Instant createdAt, Instant? completedAt, decimal amount, int items, RefundStatus status, int operations)
    {
        EnsureNotBuilt();
        int orderIndex = OrderIds.Find(order);
        if (orderIndex < 0)
        {
            return RefundAdded.UnknownOrder;
        }

        int idx = RefundIds.GetOrAdd(id, out bool added);
        if (!added)
        {
            return RefundAdded.DuplicateId;
        }

        Refunds.Add(new RefundRow(idx, orderIndex, createdAt.ToUnixTimeTicks(), completedAt?.ToUnixTimeTicks() ?? Ticks.None, amount, items, status, operations));
        return RefundAdded.Added;
    }

    /// <summary>Adds a review; null when added, else why it was refused (an unknown order), told at <paramref name="source"/>:<paramref name="line"/>.</summary>
    /// <param name="review">The review.</param>
    /// <param name="source">The source problems name (a file name such as <c>reviews.jsonl</c>).</param>
    /// <param name="line">The line the record comes from, if any.</param>
    /// <exception cref="ArgumentException">The order id breaks <see cref="IdRules"/>, or the instant is outside <see cref="InstantRules"/>.</exception>
    public Problem? Add(Review review, string source, long? line = null) =>
        TryAddReview(review) ? null : new Problem(source, line, "order", $"unknown order \"{review.Order}\"");

    /// <summary>Adds a review; false when its order is unknown.</summary>
    /// <exception cref="ArgumentException">The order id breaks <see cref="IdRules"/>, or the instant is outside <see cref="InstantRules"/>.</exception>
    public bool TryAddReview(Review review)
    {
        ArgumentNullException.ThrowIfNull(review);
        EnsureNotBuilt();
        IdRules.Check(review.Order, "order", nameof(review));
        InstantRules.Check(review.At, "at", nameof(review));
        return AddReviewChecked(Encoding.UTF8.GetBytes(review.Order), review.At, review.Rating);
    }

    /// <summary>Adds a review whose fields a reader has already checked; false when its order is unknown.</summary>
    internal bool AddReviewChecked(ReadOnlySpan<byte> order, Instant at, ReviewRating rating)
    {
        EnsureNotBuilt();
        int orderIndex = OrderIds.Find(order);
        if (orderIndex < 0)
        {
            return false;
        }

        Reviews.Add(new ReviewRow(orderIndex, at.ToUnixTimeTicks(), rating));
        return true;
    }

    /// <summary>Adds a satisfaction rating; always null (a valid rating is never refused), for the shape of the other <c>Add</c> overloads.</summary>
    /// <param name="rating">The rating.</param>
    /// <param name="source">The source problems would name.</param>
    /// <param name="line">The line the record comes from, if any.</param>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, the instant is outside <see cref="InstantRules"/>, or the score is not 1..5.</exception>
    public Problem? Add(Rating rating, string source, long? line = null)
    {
        AddRating(rating);
        return null;
    }

    /// <summary>Adds a complaint; always null (a valid complaint is never refused), for the shape of the other <c>Add</c> overloads.</summary>
    /// <param name="complaint">The complaint.</param>
    /// <param name="source">The source problems would name.</param>
    /// <param name="line">The line the record comes from, if any.</param>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, or the instant is outside <see cref="InstantRules"/>.</exception>
    public Problem? Add(Complaint complaint, string source, long? line = null)
    {
        AddComplaint(complaint);
        return null;
    }

    /// <summary>Adds a satisfaction rating.</summary>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, the instant is outside <see cref="InstantRules"/>, or the score is not 1..5.</exception>
    public void AddRating(Rating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        EnsureNotBuilt();
        CheckParties(rating.Shop, rating.Customer, rating.Account, rating.At, nameof(rating));
        if (rating.Score is < 1 or > 5)
        {
            throw new ArgumentException($"score: must be between 1 and 5, was {rating.Score}", nameof(rating));
        }

        AddRatingChecked(Encoding.UTF8.GetBytes(rating.Shop), Encoding.UTF8.GetBytes(rating.Customer), Encoding.UTF8.GetBytes(rating.Account), rating.At, rating.Score);
    }

    /// <summary>Adds a satisfaction rating whose fields a reader has already checked (ids, instant, score 1..5).</summary>
    internal void AddRatingChecked(ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer, ReadOnlySpan<byte> account, Instant at, int score)
    {
        EnsureNotBuilt();
        int s = Shop(shop);
        RatingRows.Add(new RatingRow(s, Customer(s, customer), Account(s, account), at.ToUnixTimeTicks(), score));
    }

    /// <summary>Adds a complaint.</summary>
    /// <exception cref="ArgumentException">An id breaks <see cref="IdRules"/>, or the instant is outside <see cref="InstantRules"/>.</exception>
    public void AddComplaint(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        EnsureNotBuilt();
        CheckParties(complaint.Shop, complaint.Customer, complaint.Account, complaint.At, nameof(complaint));
        string reason = complaint.Reason ?? "";
        if (!_reasonIndex.TryGetValue(reason, out int r))
        {
            r = AddReason(reason);
        }

        AddComplaintChecked(Encoding.UTF8.GetBytes(complaint.Shop), Encoding.UTF8.GetBytes(complaint.Customer), Encoding.UTF8.GetBytes(complaint.Account), complaint.At, r);
    }

    /// <summary>
    /// The index of a complaint reason given as UTF-8 (valid; <c>""</c> for none) in <see cref="ComplaintReasons"/>, added
    /// when new: a string only for a reason not seen before.
    /// </summary>
    internal int ComplaintReason(ReadOnlySpan<byte> utf8)
    {
        char[]? rented = null;
        Span<char> chars = utf8.Length <= 256 ? stackalloc char[256] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(utf8.Length));
        var text = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        var lookup = _reasonIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        int r = lookup.TryGetValue(text, out int known) ? known : AddReason(text.ToString());
        if (rented is not null)
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }

        return r;
    }

    /// <summary>Adds a complaint whose fields a reader has already checked, with its reason's <see cref="ComplaintReason"/>.</summary>
    internal void AddComplaintChecked(ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer, ReadOnlySpan<byte> account, Instant at, int reason)
    {
        EnsureNotBuilt();
        int s = Shop(shop);
        ComplaintRows.Add(new ComplaintRow(s, Customer(s, customer), Account(s, account), at.ToUnixTimeTicks(), reason));
    }

    private int AddReason(string reason)
    {
        int r = ComplaintReasons.Count;
        ComplaintReasons.Add(reason);
        _reasonIndex.Add(reason, r);
        return r;
    }

    /// <summary>Records a rejected input line (lenient mode): counted, and kept if among the first <see cref="MaxRejectedLines"/>.</summary>
    public void AddRejected(RejectedLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        RejectedCount++;
        if (RejectedLines.Count < MaxRejectedLines)
        {
            RejectedLines.Add(line);
        }
    }

    /// <summary>Finishes the dataset. The builder cannot be used afterwards.</summary>
    public Dataset Build()
    {
        EnsureNotBuilt();
        _built = true;
        return new Dataset(this);
    }

    internal bool[] ComputeInternalCustomers()
    {
        var result = new bool[CustomerShop.Count];
        for (int c = 0; c < result.Length; c++)
        {
            // A "customer" whose id is any known account id (of any shop) is an internal chat.
            result[c] = _accountNames.Find(CustomerNames.GetBytes(CustomerName[c])) >= 0;
        }

        return result;
    }

    private static void CheckParties(string shop, string customer, string account, Instant at, string paramName)
    {
        IdRules.Check(shop, "shop", paramName);
        IdRules.Check(customer, "customer", paramName);
        IdRules.Check(account, "account", paramName);
        InstantRules.Check(at, "at", paramName);
    }

    // Inlined on the hot path of every message: the throw and the growth are out of line.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void EnsureNotBuilt()
    {
        if (_built)
        {
            ThrowBuilt();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBuilt() => throw new InvalidOperationException("This DatasetBuilder has already built its dataset.");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int NextMessage()
    {
        int i = MessageCount;
        if (i == MsgTicks.Length)
        {
            GrowMessages();
        }

        return i;
    }

    private void GrowMessages()
    {
        int cap = checked(MsgTicks.Length * 2);
        Array.Resize(ref MsgTicks, cap);
        Array.Resize(ref MsgConversation, cap);
        Array.Resize(ref MsgFlags, cap);
        Array.Resize(ref MsgChars, cap);
    }

    private int Conversation(ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer, ReadOnlySpan<byte> account)
    {
        int length = shop.Length + customer.Length + account.Length + 2;
        if (length > _keyBuffer.Length)
        {
            _keyBuffer = new byte[Math.Max(length, _keyBuffer.Length * 2)];
        }

        var key = _keyBuffer.AsSpan(0, length);
        shop.CopyTo(key);
        key[shop.Length] = 0;
        customer.CopyTo(key[(shop.Length + 1)..]);
        key[shop.Length + 1 + customer.Length] = 0;
        account.CopyTo(key[(shop.Length + customer.Length + 2)..]);
        return Conversation(key, Utf8Interner.Hash(key), shop.Length, customer.Length);
    }

    private int Conversation(ReadOnlySpan<byte> key, int hash, int shopLength, int customerLength)
    {
        // Messages of a conversation mostly come in runs: the last key is checked before the table.
        if (hash == _lastConversationHash && _lastConversation >= 0 && _conversations.GetBytes(_lastConversation).SequenceEqual(key))
        {
            return _lastConversation;
        }

        int conv = _conversations.GetOrAdd(key, hash, out bool added);
        if (added)
        {
            var shop = key[..shopLength];
            var customer = key.Slice(shopLength + 1, customerLength);
            var account = key[(shopLength + customerLength + 2)..];
            int s = Shop(shop);
            ConvShop.Add(s);
            ConvCustomer.Add(Customer(s, customer));
            ConvAccount.Add(Account(s, account));
        }

        _lastConversation = conv;
        _lastConversationHash = hash;
        return conv;
    }

    private int Shop(ReadOnlySpan<byte> shop)
    {
        int name = _shopNames.GetOrAdd(shop, out bool added);
        if (!added)
        {
            return _shopByName[name];
        }

        int idx = ShopEntries.Count;
        ShopEntries.Add(new ShopEntry(_shopNames.GetString(name), _defaultZone));
        _shopByName[name] = idx;
        return idx;
    }

    private int Customer(int shop, ReadOnlySpan<byte> customer)
    {
        // One table keyed by (shop, id) answers a known customer; the name interner is only asked for a new one (a
        // name is first met with its first pair, so names are numbered as before).
        int hash = Utf8Interner.Hash(customer);
        int idx = Customers.GetOrAdd(shop, customer, hash, out bool added);
        if (added)
        {
            CustomerShop.Add(shop);
            CustomerName.Add(CustomerNames.GetOrAdd(customer, hash, out _));
        }

        return idx;
    }

    private int Account(int shop, ReadOnlySpan<byte> account)
    {
        int name = _accountNames.GetOrAdd(account, out _);
        long key = ((long)shop << 32) | (uint)name;
        if (_accountByShopName.TryGetValue(key, out int idx))
        {
            return idx;
        }

        // An account outside the roster becomes its own pre-sale agent (id = name = account id).
        string id = _accountNames.GetString(name);
        idx = AccountEntries.Count;
        int agent = AgentEntries.Count;
        AccountEntries.Add(new AccountEntry(shop, id, AccountRole.Presale, agent));
        AgentEntries.Add(new AgentEntry(id, id, [idx], null));
        _accountByShopName[key] = idx;
        if (HasRoster)
        {
            Warnings.Add($"account \"{id}\" of shop \"{ShopEntries[shop].Id}\" is not in roster.json; it is counted as its own presale agent");
        }

        return idx;
    }

    /// <summary>Loads the roster; the first problem, or null.</summary>
    private Problem? LoadRoster(Roster roster)
    {
        static Problem Refused(string field, string message) => new(RosterSource, null, field, message);
        static Problem? BadId(string id, string field) =>
            IdRules.Problem(id) is { } p ? Refused(field, $"\"{IdRules.Shown(id)}\" {p}") : null;

        foreach (var shop in roster.Shops)
        {
            if (BadId(shop.Id, "shops.id") is { } badShop)
            {
                return badShop;
            }

            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(shop.TimeZone);
            if (zone is null)
            {
                return Refused("shops.timeZone", $"\"{shop.TimeZone}\" of shop \"{shop.Id}\" is not an IANA time zone id");
            }

            int name = _shopNames.GetOrAdd(Encoding.UTF8.GetBytes(shop.Id), out bool added);
            if (!added)
            {
                return Refused("shops.id", $"duplicate shop \"{shop.Id}\"");
            }

            _shopByName[name] = ShopEntries.Count;
            ShopEntries.Add(new ShopEntry(shop.Id, zone));
        }

        RosterShopCount = ShopEntries.Count;
        var agentIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in roster.Agents)
        {
            if (BadId(agent.Id, "agents.id") is { } badAgent)
            {
                return badAgent;
            }

            if (!agentIds.Add(agent.Id))
            {
                return Refused("agents.id", $"duplicate agent \"{agent.Id}\"");
            }

            int agentIdx = AgentEntries.Count;
            var accounts = ImmutableArray.CreateBuilder<int>();
            foreach (var binding in agent.Accounts)
            {
                if ((BadId(binding.Shop, "agents.accounts.shop") ?? BadId(binding.Account, "agents.accounts.account")) is { } badBinding)
                {
                    return badBinding;
                }

                int s = Shop(Encoding.UTF8.GetBytes(binding.Shop));
                int name = _accountNames.GetOrAdd(Encoding.UTF8.GetBytes(binding.Account), out _);
                long key = ((long)s << 32) | (uint)name;
                if (_accountByShopName.ContainsKey(key))
                {
                    return Refused("agents.accounts", $"account \"{binding.Account}\" of shop \"{binding.Shop}\" is bound to more than one agent");
                }

                int idx = AccountEntries.Count;
                AccountEntries.Add(new AccountEntry(s, binding.Account, binding.Role, agentIdx));
                _accountByShopName[key] = idx;
                accounts.Add(idx);
            }

            AgentEntries.Add(new AgentEntry(agent.Id, agent.Name, accounts.ToImmutable(), agent));
        }

        if (roster.GroupProblems() is [var (groupField, groupProblem), ..])
        {
            return Refused(groupField, groupProblem);
        }

        RosterGroups = roster.Groups.IsDefault ? [] : roster.Groups;
        return null;
    }
}

/// <summary>What <see cref="DatasetBuilder.AddRefundChecked"/> did.</summary>
internal enum RefundAdded : byte
{
    /// <summary>Added.</summary>
    Added,

    /// <summary>Refused: the order is unknown (nothing added).</summary>
    UnknownOrder,

    /// <summary>Refused: the refund id was already taken (nothing added).</summary>
    DuplicateId,
}
