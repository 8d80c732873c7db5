using System.Text;
using static CsPerf.IO.Ingest.FastJson;

namespace CsPerf.IO.Ingest;

/// <summary>
/// The fast paths of the dataset files other than messages (<see cref="DatasetFiles"/>): each matches the layout the
/// writers produce, the keys in the order of the file's columns, optional fields absent or <c>null</c> allowed, and
/// applies through the builder's span overloads. Problems of a kept line (a duplicate id, an unknown order) are worded
/// as <see cref="DatasetBuilder"/>'s <c>Add</c> overloads word them.
/// </summary>
internal static class FastDatasetLines
{
    private static NodaTime.Instant At(long ticks) => NodaTime.Instant.FromUnixTimeTicks(ticks);

    private static NodaTime.Instant? OptionalAt(long ticks) => ticks == NoTicks ? null : NodaTime.Instant.FromUnixTimeTicks(ticks);

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    // Each class below restates the overrides of FastLines<DatasetBuilder, Row> as calls of the base.
    // crossgen2 compiles a generic base class's methods for a row type only when some compiled code calls them directly;
    // the readers reach them through virtual calls alone, so without the restatement they ran as unoptimised tier-0 code
    // on every line of the ReadyToRun tool (docs/performance.md, "Stop 20: fixed costs and the other files").

    /// <summary>The most lines <see cref="FastLines{TTarget}.Touch"/> reads ahead at once.</summary>
    private const int MaxTouch = 64;

    /// <summary>A reduced line that names a customer of a shop.</summary>
    internal interface ICustomerRow
    {
        /// <summary>The customer id.</summary>
        Utf8Slice Customer { get; }
    }

    /// <summary>
    /// Reads the customer table slots of a batch of kept lines' customers (<see cref="FastLines{TTarget}.Touch"/>, at
    /// most <see cref="MaxTouch"/> lines from <paramref name="from"/>), then the records they lead to: the ids are hashed
    /// first, so that each loop is a few instructions per line and all its cache misses are in flight together (hashing
    /// between them would leave one or two).
    /// </summary>
    private static long TouchCustomers<TRow>(FastLines<DatasetBuilder, TRow> lines, int from, int to, DatasetBuilder target)
        where TRow : struct, ICustomerRow
    {
        Span<int> hashes = stackalloc int[Math.Min(to - from, MaxTouch)];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = Utf8Interner.Hash(lines.Bytes(lines.RowAt(from + i).Customer));
        }

        long sum = 0;
        foreach (int hash in hashes)
        {
            sum = unchecked(sum + target.TouchCustomer(hash, name: false));
        }

        foreach (int hash in hashes)
        {
            sum = unchecked(sum + target.TouchCustomerRecord(hash));
        }

        return sum;
    }

    /// <summary>orders.jsonl: <c>{"id","shop","customer","createdAt","paidAt"?,"amount","postage"?,"items"?}</c>.</summary>
    internal sealed class Orders : FastLines<DatasetBuilder, Orders.Row>
    {
        // The base's overrides restated for ReadyToRun (see the note at the top of FastDatasetLines).
        /// <inheritdoc/>
        public override int Count => base.Count;

        /// <inheritdoc/>
        public override long LineAt(int index) => base.LineAt(index);

        /// <inheritdoc/>
        public override bool TryAdd(ReadOnlySpan<byte> line, long number) => base.TryAdd(line, number);

        /// <inheritdoc/>
        public override Problem? Apply(int index, DatasetBuilder target, string file) => base.Apply(index, target, file);

        /// <inheritdoc/>
        public override void Reserve(DatasetBuilder target, int lines) => target.Reserve(orders: lines);

        /// <inheritdoc/>
        protected override bool TryParse(ReadOnlySpan<byte> s, out Row row)
        {
            row = default;
            if (!Take(ref s, "{\"id\":\""u8) || !Id(ref s, out var id)
                || !Take(ref s, ",\"shop\":\""u8) || !Id(ref s, out var shop)
                || !Take(ref s, ",\"customer\":\""u8) || !Id(ref s, out var customer)
                || !Take(ref s, ",\"createdAt\":"u8) || !Instant(ref s, out long created)
                || !OptionalInstant(ref s, ",\"paidAt\":"u8, out long paid)
                || !Take(ref s, ",\"amount\":"u8) || !Amount(ref s, out decimal amount)
                || !OptionalAmount(ref s, ",\"postage\":"u8, 0m, out decimal postage)
                || !OptionalCount(ref s, ",\"items\":"u8, 1, out int items)
                || !End(s)
                || (paid != NoTicks && paid < created)
                || postage > amount)
            {
                return false;
            }

            row = new Row(Keep(id), Keep(shop), Keep(customer), created, paid, amount, postage, items);
            return true;
        }

        /// <inheritdoc/>
        protected override Problem? Apply(in Row row, DatasetBuilder target, string file, long line) =>
            target.AddOrderChecked(Bytes(row.Id), Bytes(row.Shop), Bytes(row.Customer), At(row.Created), OptionalAt(row.Paid), row.Amount, row.Postage, row.Items)
                ? null
                : new Problem(file, line, "id", $"duplicate order id \"{Text(Bytes(row.Id))}\"");

        /// <inheritdoc/>
        public override long Touch(int from, int to, DatasetBuilder target)
        {
            // The order ids' slots too: every order id is new, and its insert reads a slot of a table of megabytes
            // (not when they were interned ahead by Prepare).
            long sum = TouchCustomers(this, from, to, target);
            for (int i = _adopted ? to : from; i < to; i++)
            {
                sum = unchecked(sum + target.TouchOrderId(Utf8Interner.Hash(Bytes(RowAt(i).Id))));
            }

            return sum;
        }

        private Utf8Interner? _ids;
        private int[]? _index; // per kept line: its order's index, or -1 for a duplicate id
        private OrderRow[]? _rows;
        private bool _adopted;

        /// <inheritdoc/>
        public override void Prepare(PreparedFiles shared, bool generalRecords)
        {
            if (generalRecords)
            {
                return;
            }

            // The ids in line order, as AddOrderChecked interns them (sized as Reserve sizes them), and the rows of the
            // new ids in their final array, all but shop and customer; a row AddOrderChecked's checks would refuse (the
            // fast parse keeps none) leaves the file to the plain path.
            var ids = new Utf8Interner(Math.Max(16, Count));
            var index = GC.AllocateUninitializedArray<int>(Count);
            Span<int> hashes = stackalloc int[MaxTouch];
            for (int from = 0; from < index.Length; from += MaxTouch)
            {
                // A batch's slots read ahead together (their cache misses overlap), then the ids added in line order.
                int n = Math.Min(MaxTouch, index.Length - from);
                long touched = 0;
                for (int k = 0; k < n; k++)
                {
                    hashes[k] = Utf8Interner.Hash(Bytes(RowAt(from + k).Id));
                    touched = unchecked(touched + ids.Touch(hashes[k]));
                }

                GC.KeepAlive(touched);
                for (int k = 0; k < n; k++)
                {
                    ref readonly var row = ref RowAt(from + k);
                    if (!InstantRules.IsSupported(At(row.Created)) || (row.Paid != NoTicks && !InstantRules.IsSupported(At(row.Paid)))
                        || !InBounds(row.Amount) || !InBounds(row.Postage) || row.Items < 0 || row.Items > AmountRules.MaxCount)
                    {
                        return;
                    }

                    int id = ids.GetOrAdd(Bytes(row.Id), hashes[k], out bool added);
                    index[from + k] = added ? id : -1;
                }
            }

            // Every element is written below (one row per new id).
            var rows = GC.AllocateUninitializedArray<OrderRow>(ids.Count);
            for (int i = 0; i < index.Length; i++)
            {
                if (index[i] >= 0)
                {
                    ref readonly var row = ref RowAt(i);
                    rows[index[i]] = new OrderRow(index[i], 0, 0, row.Created, row.Paid == NoTicks ? Ticks.None : row.Paid, row.Amount, row.Postage, row.Items);
                }
            }

            (_ids, _index, _rows) = (ids, index, rows);
            shared.OrderIds = ids;
        }

        /// <summary>Whether an amount is within <see cref="AmountRules"/> (its <c>AmountProblem</c> null, without the message).</summary>
        private static bool InBounds(decimal amount) => amount >= 0 && amount <= AmountRules.MaxAmount;

        /// <inheritdoc/>
        public override bool BeginPrepared(DatasetBuilder target)
        {
            if (_rows is null || target.OrderIds.Count != 0 || target.Orders.Count != 0)
            {
                return false;
            }

            target.AdoptOrders(_ids!, _rows);
            _adopted = true;
            return true;
        }

        /// <inheritdoc/>
        public override Problem? ApplyPrepared(int index, DatasetBuilder target, string file)
        {
            ref readonly var row = ref RowAt(index);
            if (_index![index] < 0)
            {
                return new Problem(file, LineAt(index), "id", $"duplicate order id \"{Text(Bytes(row.Id))}\"");
            }

            target.AddOrderPrepared(Bytes(row.Shop), Bytes(row.Customer));
            return null;
        }

        /// <summary>A reduced order line.</summary>
        internal readonly record struct Row(Utf8Slice Id, Utf8Slice Shop, Utf8Slice Customer, long Created, long Paid, decimal Amount, decimal Postage, int Items) : ICustomerRow;
    }

    /// <summary>refunds.jsonl: <c>{"id","order","createdAt","completedAt"?,"amount","items"?,"status","operations"?}</c>.</summary>
    internal sealed class Refunds : FastLines<DatasetBuilder, Refunds.Row>
    {
        // The base's overrides restated for ReadyToRun (see the note at the top of FastDatasetLines).
        /// <inheritdoc/>
        public override int Count => base.Count;

        /// <inheritdoc/>
        public override long LineAt(int index) => base.LineAt(index);

        /// <inheritdoc/>
        public override bool TryAdd(ReadOnlySpan<byte> line, long number) => base.TryAdd(line, number);

        /// <inheritdoc/>
        public override Problem? Apply(int index, DatasetBuilder target, string file) => base.Apply(index, target, file);

        /// <inheritdoc/>
        public override void Reserve(DatasetBuilder target, int lines) => target.Reserve(refunds: lines);

        /// <inheritdoc/>
        protected override bool TryParse(ReadOnlySpan<byte> s, out Row row)
        {
            row = default;
            if (!Take(ref s, "{\"id\":\""u8) || !Id(ref s, out var id)
                || !Take(ref s, ",\"order\":\""u8) || !Id(ref s, out var order)
                || !Take(ref s, ",\"createdAt\":"u8) || !Instant(ref s, out long created)
                || !OptionalInstant(ref s, ",\"completedAt\":"u8, out long completed)
                || !Take(ref s, ",\"amount\":"u8) || !Amount(ref s, out decimal amount)
                || !OptionalCount(ref s, ",\"items\":"u8, 0, out int items)
                || !Take(ref s, ",\"status\":\""u8) || !String(ref s, out var statusText)
                || !OptionalCount(ref s, ",\"operations\":"u8, 0, out int operations)
                || !End(s)
                || (completed != NoTicks && completed < created))
            {
                return false;
            }

            RefundStatus status;
            switch (Word(statusText, "success"u8, "closed"u8, "pending"u8))
            {
                case 0: status = RefundStatus.Success; break;
                case 1: status = RefundStatus.Closed; break;
                case 2: status = RefundStatus.Pending; break;
                default: return false;
            }

            row = new Row(Keep(id), Keep(order), created, completed, amount, items, status, operations);
            return true;
        }

        /// <inheritdoc/>
        protected override Problem? Apply(in Row row, DatasetBuilder target, string file, long line) =>
            target.AddRefundChecked(Bytes(row.Id), Bytes(row.Order), At(row.Created), OptionalAt(row.Completed), row.Amount, row.Items, row.Status, row.Operations) switch
            {
                RefundAdded.UnknownOrder => new Problem(file, line, "order", $"unknown order \"{Text(Bytes(row.Order))}\""),
                RefundAdded.DuplicateId => new Problem(file, line, "id", $"duplicate refund id \"{Text(Bytes(row.Id))}\""),
                _ => null,
            };

        private const int UnknownOrder = -1, DuplicateId = -2;
        private Utf8Interner? _orderIds;
        private int _orderIdCount;
        private Utf8Interner? _ids;
        private int[]? _outcome; // per kept line: the refund's index, UnknownOrder or DuplicateId
        private RefundRow[]? _rows;

        /// <inheritdoc/>
        public override void Prepare(PreparedFiles shared, bool generalRecords)
        {
            if (generalRecords || shared.OrderIds is not { } orderIds)
            {
                return;
            }

            // As AddRefundChecked: the order looked up first, then the refund id interned.
            var ids = new Utf8Interner(Math.Max(16, Count));
            var outcome = new int[Count];
            var orderOf = new int[Count];
            for (int i = 0; i < outcome.Length; i++)
            {
                ref readonly var row = ref RowAt(i);
                int order = orderIds.Find(Bytes(row.Order));
                if (order < 0)
                {
                    outcome[i] = UnknownOrder;
                    continue;
                }

                int id = ids.GetOrAdd(Bytes(row.Id), out bool added);
                (outcome[i], orderOf[i]) = (added ? id : DuplicateId, order);
            }

            var rows = GC.AllocateUninitializedArray<RefundRow>(ids.Count); // one row per new id, each written below
            for (int i = 0; i < outcome.Length; i++)
            {
                if (outcome[i] >= 0)
                {
                    ref readonly var row = ref RowAt(i);
                    rows[outcome[i]] = new RefundRow(outcome[i], orderOf[i], row.Created, row.Completed == NoTicks ? Ticks.None : row.Completed, row.Amount, row.Items, row.Status, row.Operations);
                }
            }

            (_orderIds, _orderIdCount, _ids, _outcome, _rows) = (orderIds, orderIds.Count, ids, outcome, rows);
        }

        /// <inheritdoc/>
        public override bool BeginPrepared(DatasetBuilder target)
        {
            if (_rows is null || target.OrderIds != _orderIds || target.OrderIds.Count != _orderIdCount || target.RefundIds.Count != 0 || target.Refunds.Count != 0)
            {
                return false;
            }

            target.AdoptRefunds(_ids!, _rows);
            return true;
        }

        /// <inheritdoc/>
        public override Problem? ApplyPrepared(int index, DatasetBuilder target, string file)
        {
            ref readonly var row = ref RowAt(index);
            return _outcome![index] switch
            {
                UnknownOrder => new Problem(file, LineAt(index), "order", $"unknown order \"{Text(Bytes(row.Order))}\""),
                DuplicateId => new Problem(file, LineAt(index), "id", $"duplicate refund id \"{Text(Bytes(row.Id))}\""),
                _ => null,
            };
        }

        /// <summary>A reduced refund line.</summary>
        internal readonly record struct Row(Utf8Slice Id, Utf8Slice Order, long Created, long Completed, decimal Amount, int Items, RefundStatus Status, int Operations);
    }

    /// <summary>reviews.jsonl: <c>{"order","at","rating"}</c>.</summary>
    internal sealed class Reviews : FastLines<DatasetBuilder, Reviews.Row>
    {
        // The base's overrides restated for ReadyToRun (see the note at the top of FastDatasetLines).
        /// <inheritdoc/>
        public override int Count => base.Count;

        /// <inheritdoc/>
        public override long LineAt(int index) => base.LineAt(index);

        /// <inheritdoc/>
        public override bool TryAdd(ReadOnlySpan<byte> line, long number) => base.TryAdd(line, number);

        /// <inheritdoc/>
        public override Problem? Apply(int index, DatasetBuilder target, string file) => base.Apply(index, target, file);

        /// <inheritdoc/>
        public override void Reserve(DatasetBuilder target, int lines) => target.Reserve(reviews: lines);

        /// <inheritdoc/>
        protected override bool TryParse(ReadOnlySpan<byte> s, out Row row)
        {
            row = default;
            if (!Take(ref s, "{\"order\":\""u8) || !Id(ref s, out var order)
                || !Take(ref s, ",\"at\":"u8) || !Instant(ref s, out long at)
                || !Take(ref s, ",\"rating\":\""u8) || !String(ref s, out var ratingText)
                || !End(s))
            {
                return false;
            }

            ReviewRating rating;
            switch (Word(ratingText, "good"u8, "neutral"u8, "negative"u8))
            {
                case 0: rating = ReviewRating.Good; break;
                case 1: rating = ReviewRating.Neutral; break;
                case 2: rating = ReviewRating.Negative; break;
                default: return false;
            }

            row = new Row(Keep(order), at, rating);
            return true;
        }

        /// <inheritdoc/>
        protected override Problem? Apply(in Row row, DatasetBuilder target, string file, long line) =>
            target.AddReviewChecked(Bytes(row.Order), At(row.At), row.Rating)
                ? null
                : new Problem(file, line, "order", $"unknown order \"{Text(Bytes(row.Order))}\"");

        private Utf8Interner? _orderIds;
        private int _orderIdCount;
        private bool[]? _unknown; // per kept line: its order is unknown
        private ReviewRow[]? _rows;

        /// <inheritdoc/>
        public override void Prepare(PreparedFiles shared, bool generalRecords)
        {
            if (generalRecords || shared.OrderIds is not { } orderIds)
            {
                return;
            }

            var unknown = new bool[Count];
            var rows = GC.AllocateUninitializedArray<ReviewRow>(Count); // the first `kept` written below
            int kept = 0;
            for (int i = 0; i < unknown.Length; i++)
            {
                ref readonly var row = ref RowAt(i);
                int order = orderIds.Find(Bytes(row.Order));
                if (order < 0)
                {
                    unknown[i] = true;
                }
                else
                {
                    rows[kept++] = new ReviewRow(order, row.At, row.Rating);
                }
            }

            if (kept < rows.Length)
            {
                Array.Resize(ref rows, kept);
            }

            (_orderIds, _orderIdCount, _unknown, _rows) = (orderIds, orderIds.Count, unknown, rows);
        }

        /// <inheritdoc/>
        public override bool BeginPrepared(DatasetBuilder target)
        {
            if (_rows is null || target.OrderIds != _orderIds || target.OrderIds.Count != _orderIdCount || target.Reviews.Count != 0)
            {
                return false;
            }

            target.AdoptReviews(_rows);
            return true;
        }

        /// <inheritdoc/>
        public override Problem? ApplyPrepared(int index, DatasetBuilder target, string file) =>
            _unknown![index] ? new Problem(file, LineAt(index), "order", $"unknown order \"{Text(Bytes(RowAt(index).Order))}\"") : null;

        /// <summary>A reduced review line.</summary>
        internal readonly record struct Row(Utf8Slice Order, long At, ReviewRating Rating);
    }

    /// <summary>ratings.jsonl: <c>{"shop","customer","account","at","score"}</c>.</summary>
    internal sealed class Ratings : FastLines<DatasetBuilder, Ratings.Row>
    {
        // The base's overrides restated for ReadyToRun (see the note at the top of FastDatasetLines).
        /// <inheritdoc/>
        public override int Count => base.Count;

        /// <inheritdoc/>
        public override long LineAt(int index) => base.LineAt(index);

        /// <inheritdoc/>
        public override bool TryAdd(ReadOnlySpan<byte> line, long number) => base.TryAdd(line, number);

        /// <inheritdoc/>
        public override Problem? Apply(int index, DatasetBuilder target, string file) => base.Apply(index, target, file);

        /// <inheritdoc/>
        public override void Reserve(DatasetBuilder target, int lines) => target.Reserve(ratings: lines);

        /// <inheritdoc/>
        protected override bool TryParse(ReadOnlySpan<byte> s, out Row row)
        {
            row = default;
            if (!Parties(ref s, out var shop, out var customer, out var account, out long at)
                || !Take(ref s, ",\"score\":"u8) || !Count(ref s, out int score)
                || !End(s)
                || score < 1 || score > 5)
            {
                return false;
            }

            row = new Row(Keep(shop), Keep(customer), Keep(account), at, score);
            return true;
        }

        /// <inheritdoc/>
        protected override Problem? Apply(in Row row, DatasetBuilder target, string file, long line)
        {
            target.AddRatingChecked(Bytes(row.Shop), Bytes(row.Customer), Bytes(row.Account), At(row.At), row.Score);
            return null;
        }

        /// <inheritdoc/>
        public override long Touch(int from, int to, DatasetBuilder target) => TouchCustomers(this, from, to, target);

        private RatingRow[]? _rows;

        /// <inheritdoc/>
        public override void Prepare(PreparedFiles shared, bool generalRecords)
        {
            if (generalRecords)
            {
                return;
            }

            // The rows in their final array (first touched here), all but shop, customer and account.
            var rows = GC.AllocateUninitializedArray<RatingRow>(Count); // each written below
            for (int i = 0; i < rows.Length; i++)
            {
                ref readonly var row = ref RowAt(i);
                rows[i] = new RatingRow(0, 0, 0, row.At, row.Score);
            }

            _rows = rows;
        }

        /// <inheritdoc/>
        public override bool BeginPrepared(DatasetBuilder target)
        {
            if (_rows is null || target.RatingRows.Count != 0)
            {
                return false;
            }

            target.AdoptRatings(_rows);
            return true;
        }

        /// <inheritdoc/>
        public override Problem? ApplyPrepared(int index, DatasetBuilder target, string file)
        {
            ref readonly var row = ref RowAt(index);
            target.AddRatingPrepared(Bytes(row.Shop), Bytes(row.Customer), Bytes(row.Account));
            return null;
        }

        /// <summary>A reduced rating line.</summary>
        internal readonly record struct Row(Utf8Slice Shop, Utf8Slice Customer, Utf8Slice Account, long At, int Score) : ICustomerRow;
    }

    /// <summary>complaints.jsonl: <c>{"shop","customer","account","at","reason"?}</c>.</summary>
    internal sealed class Complaints : FastLines<DatasetBuilder, Complaints.Row>
    {
        // The base's overrides restated for ReadyToRun (see the note at the top of FastDatasetLines).
        /// <inheritdoc/>
        public override int Count => base.Count;

        /// <inheritdoc/>
        public override long LineAt(int index) => base.LineAt(index);

        /// <inheritdoc/>
        public override bool TryAdd(ReadOnlySpan<byte> line, long number) => base.TryAdd(line, number);

        /// <inheritdoc/>
        public override Problem? Apply(int index, DatasetBuilder target, string file) => base.Apply(index, target, file);

        /// <inheritdoc/>
        public override void Reserve(DatasetBuilder target, int lines) => target.Reserve(complaints: lines);

        /// <inheritdoc/>
        protected override bool TryParse(ReadOnlySpan<byte> s, out Row row)
        {
            row = default;
            if (!Parties(ref s, out var shop, out var customer, out var account, out long at))
            {
                return false;
            }

            // An absent or null reason is "" (as RecordParsers.Complaint and DatasetBuilder.AddComplaint make it).
            ReadOnlySpan<byte> reason = default;
            if (Take(ref s, ",\"reason\":"u8) && !Take(ref s, "null"u8) && !(Take(ref s, "\""u8) && String(ref s, out reason)))
            {
                return false;
            }

            if (!End(s))
            {
                return false;
            }

            row = new Row(Keep(shop), Keep(customer), Keep(account), at, Keep(reason));
            return true;
        }

        /// <inheritdoc/>
        protected override Problem? Apply(in Row row, DatasetBuilder target, string file, long line)
        {
            target.AddComplaintChecked(Bytes(row.Shop), Bytes(row.Customer), Bytes(row.Account), At(row.At), target.ComplaintReason(Bytes(row.Reason)));
            return null;
        }

        /// <summary>A reduced complaint line.</summary>
        internal readonly record struct Row(Utf8Slice Shop, Utf8Slice Customer, Utf8Slice Account, long At, Utf8Slice Reason);
    }

    /// <summary><c>{"shop":…,"customer":…,"account":…,"at":…</c>, the start of ratings and complaints.</summary>
    private static bool Parties(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> shop, out ReadOnlySpan<byte> customer, out ReadOnlySpan<byte> account, out long at)
    {
        shop = customer = account = default;
        at = NoTicks;
        return Take(ref s, "{\"shop\":\""u8) && Id(ref s, out shop)
            && Take(ref s, ",\"customer\":\""u8) && Id(ref s, out customer)
            && Take(ref s, ",\"account\":\""u8) && Id(ref s, out account)
            && Take(ref s, ",\"at\":"u8) && Instant(ref s, out at);
    }
}
