using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CsPerf.Engine.Periods;

namespace CsPerf.Engine.Prepare;

/// <summary>
/// The kept messages (as of the cut, after the message filters of domain.md §2) regrouped into conversations
/// (shop, customer, account), each ordered by (instant, message id); a customer's conversations sit at consecutive
/// positions, <see cref="CustomerStart"/>[c] to <see cref="CustomerStart"/>[c + 1].
/// Columns are gathered in that order so the session loop reads memory sequentially.
/// </summary>
internal sealed class ConversationStreams
{
    /// <summary>Conversation ids in processing order: grouped by customer, each group in conversation id order.</summary>
    public required int[] Order { get; init; }

    /// <summary>Position (in <see cref="Order"/>) of each customer's first conversation; one extra end entry.</summary>
    public required int[] CustomerStart { get; init; }

    /// <summary>Start of each conversation's run in the columns, by position in <see cref="Order"/>; one extra end entry.</summary>
    public required int[] Start { get; init; }

    /// <summary>The kept messages, conversation after conversation, each in (instant, id) order.</summary>
    public required StreamRow[] Rows { get; init; }

    public long Internal { get; init; }

    public long Listed { get; init; }

    public long Broadcast { get; init; }

    public int Count => Rows.Length;

    /// <summary>
    /// Filters and groups the messages of <paramref name="data"/> as of <paramref name="asOfTicks"/>. With
    /// <paramref name="counted"/>, a filtered message counts in <see cref="Internal"/>, <see cref="Listed"/> and
    /// <see cref="Broadcast"/> only when its local date is in that range (a partial owns its days, docs/partials.md).
    /// Uses up to <paramref name="degree"/> threads; the result does not depend on it.
    /// </summary>
    public static ConversationStreams Build(Dataset data, CsPerfConfig config, long asOfTicks, DayRange? counted = null, int degree = 1)
    {
        int convCount = data.ConversationCount;
        int n = data.MessageCount;

        // Why a conversation is dropped: 0 kept, 1 internal, 2 listed customer.
        var listed = ListedCustomers(data, config);
        var drop = new byte[convCount];
        for (int c = 0; c < convCount; c++)
        {
            int customer = data.ConvCustomer[c];
            drop[c] = data.CustomerInternal[customer] ? (byte)1 : listed[customer] ? (byte)2 : (byte)0;
        }

        // Processing order: conversations grouped by customer, customers in order of first appearance (their dense
        // ids), a customer's conversations in order of first appearance. A customer's rows are then contiguous, so
        // transfers, classification's groups and attribution read the rows and the receptions front to back, customer
        // after customer, instead of jumping to each conversation (docs/performance.md, stop 20). The scatter below
        // still writes near its other cursors: customers, like conversations, are numbered as the input meets them.
        var (customerStart, order) = Counting.Group(data.ConvCustomer, data.CustomerCount);

        // Counting sort of the kept messages by conversation position: linear, no string comparison. The first pass
        // counts, each part over its own contiguous range of messages into its own array indexed by conversation id.
        // The second decides again (cheaper than remembering) and scatters every column to its place. Each part of
        // the scatter owns a contiguous range of conversation positions holding about as many rows as the others,
        // reads every message and writes only its own conversations' (a message costs one lookup, its cursor, which is
        // negative for a conversation the part does not own or that is dropped). A conversation's rows are then
        // written by one part in input order, as one pass writes them; each part touches the fresh memory of its own
        // rows only, so the parts take equal shares of the page clearing (stop 21: by ranges of messages, the second
        // part wrote more and ran ≈ 40 % longer), and sorts its own runs without waiting for the others.
        int parts = Parts.Count(degree, n);
        var start = new int[convCount + 1];
        var filtered = new long[parts * 3];
        var bounds = Parts.Even(parts, n);
        var cursors = new int[parts][];
        Parts.Run(parts, k =>
        {
            cursors[k] = new int[convCount];
            CountRange(data, asOfTicks, k == 0 ? counted : counted?.Copy(), drop, bounds[k], bounds[k + 1], cursors[k], filtered.AsSpan(k * 3, 3));
        });

        int sum = 0;
        for (int p = 0; p < convCount; p++)
        {
            int c = order[p];
            start[p] = sum;
            for (int k = 0; k < parts; k++)
            {
                sum += cursors[k][c]; // a dropped conversation counted nothing
            }
        }

        start[convCount] = sum;
        var rows = GC.AllocateUninitializedArray<StreamRow>(sum); // the scatter writes every row
        var owned = Parts.Split(parts, convCount, p => start[p]);
        Parts.Run(parts, k =>
        {
            var fill = cursors[k];
            Array.Fill(fill, -1);
            for (int p = owned[k]; p < owned[k + 1]; p++)
            {
                int c = order[p];
                if (drop[c] == 0)
                {
                    fill[c] = start[p];
                }
            }

            ScatterRange(data, asOfTicks, 0, n, fill, rows);

            // Input is usually in time order per conversation already; sort only the runs that are not.
            RowOrder? byInstant = null; // one comparer per part, not a closure per unsorted run
            for (int p = owned[k]; p < owned[k + 1]; p++)
            {
                int s = start[p], e = start[p + 1];
                if (!IsOrdered(rows, s, e, data))
                {
                    rows.AsSpan(s, e - s).Sort(byInstant ??= new RowOrder(data.MessageIds));
                }
            }
        });

        long internalCount = 0, listedCount = 0, broadcastCount = 0;
        for (int k = 0; k < parts; k++)
        {
            internalCount += filtered[k * 3];
            listedCount += filtered[(k * 3) + 1];
            broadcastCount += filtered[(k * 3) + 2];
        }

        return new ConversationStreams
        {
            Order = order,
            Start = start,
            Rows = rows,
            CustomerStart = customerStart,
            Internal = internalCount,
            Listed = listedCount,
            Broadcast = broadcastCount,
        };
    }

    /// <summary>
    /// Counts the kept messages of [<paramref name="from"/>, <paramref name="to"/>) per conversation id into
    /// <paramref name="counts"/>, and the filtered ones (internal, listed, broadcast) into <paramref name="filtered"/>.
    /// </summary>
    private static void CountRange(Dataset data, long asOfTicks, DayRange? counted, byte[] drop, int from, int to, int[] counts, Span<long> filtered)
    {
        long[] ticks = data.MsgTicks;
        int[] conv = data.MsgConversation;
        byte[] flags = data.MsgFlags;
        long internalCount = 0, listedCount = 0, broadcastCount = 0;
        for (int i = from; i < to; i++)
        {
            if (ticks[i] > asOfTicks)
            {
                continue;
            }

            int c = conv[i];
            byte why = drop[c];
            if (why != 0)
            {
                if (counted is null || counted.Holds(data.ConvShop[c], ticks[i]))
                {
                    internalCount += why == 1 ? 1 : 0;
                    listedCount += why == 2 ? 1 : 0;
                }

                continue;
            }

            if ((flags[i] & MessageFlags.Broadcast) != 0)
            {
                if (counted is null || counted.Holds(data.ConvShop[c], ticks[i]))
                {
                    broadcastCount++;
                }

                continue;
            }

            counts[c]++;
        }

        filtered[0] = internalCount;
        filtered[1] = listedCount;
        filtered[2] = broadcastCount;
    }

    /// <summary>
    /// Writes the kept messages of [<paramref name="from"/>, <paramref name="to"/>) at their conversation's cursor in
    /// <paramref name="fill"/> (indexed by conversation id; negative for a conversation dropped or written by another part).
    /// </summary>
    private static void ScatterRange(Dataset data, long asOfTicks, int from, int to, int[] fill, StreamRow[] rows)
    {
        long[] ticks = data.MsgTicks;
        int[] conv = data.MsgConversation;
        byte[] flags = data.MsgFlags;
        int[] chars = data.MsgChars;
        for (int i = from; i < to; i++)
        {
            int c = conv[i];
            int at = fill[c];
            byte f = flags[i];
            if (at < 0 || ticks[i] > asOfTicks || (f & MessageFlags.Broadcast) != 0)
            {
                continue;
            }

            // One 16-byte row per message: a single scattered write instead of one per column.
            rows[at] = new StreamRow(ticks[i], i, f, chars[i]);
            fill[c] = at + 1;
        }
    }

    private static bool[] ListedCustomers(Dataset data, CsPerfConfig config)
    {
        var listed = new bool[data.CustomerCount];
        if (config.FilteredCustomers.IsDefaultOrEmpty)
        {
            return listed;
        }

        for (int s = 0; s < data.Shops.Length; s++)
        {
            foreach (string id in config.FilteredCustomers)
            {
                int c = data.FindCustomer(s, id);
                if (c >= 0)
                {
                    listed[c] = true;
                }
            }
        }

        return listed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsOrdered(StreamRow[] rows, int s, int e, Dataset data)
    {
        for (int r = s + 1; r < e; r++)
        {
            long t0 = rows[r - 1].Ticks, t1 = rows[r].Ticks;
            if (t1 < t0 || (t1 == t0 && data.MessageIds.CompareOrdinal(rows[r - 1].Message, rows[r].Message) > 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>(instant, message id) order of rows; the same sort as with a comparison delegate, without allocating one per run.</summary>
    private sealed class RowOrder(MessageIdColumn ids) : IComparer<StreamRow>
    {
        public int Compare(StreamRow a, StreamRow b)
        {
            int c = a.Ticks.CompareTo(b.Ticks);
            return c != 0 ? c : ids.CompareOrdinal(a.Message, b.Message);
        }
    }
}

/// <summary>
/// One kept message in conversation order: its instant, its index in the dataset, its flags and characters. 16 bytes:
/// the long comes first, as sequential layout pads an int before a long to 8 (the row was 24 bytes when the packed int
/// was declared first).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct StreamRow
{
    private readonly long _ticks;
    private readonly int _message;
    private readonly int _packed;

    public StreamRow(long ticks, int message, byte flags, int chars)
    {
        _ticks = ticks;
        _message = message;
        _packed = (flags << 24) | Math.Min(chars, 0xFFFFFF);
    }

    /// <summary>Unix ticks of the message.</summary>
    public long Ticks => _ticks;

    /// <summary>Index of the message in the dataset.</summary>
    public int Message => _message;

    /// <summary><see cref="MessageFlags"/> bits.</summary>
    public byte Flags => (byte)((uint)_packed >> 24);

    /// <summary>Unicode scalar values of its text (capped at 16,777,215).</summary>
    public int Chars => _packed & 0xFFFFFF;
}
