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
        // counts; the second decides again (cheaper than remembering) and scatters every column to its place, so the
        // input is read sequentially twice and never gathered at random. With several parts, each counts and scatters
        // its own contiguous range of messages with its own cursors, placed after the earlier parts' messages of the
        // same conversation: the rows come out exactly as one pass writes them. Counts and cursors are indexed by
        // conversation id, so a message costs one lookup (its cursor), not a lookup of its position first; a dropped
        // conversation's cursors are negative, which is how the scatter skips its messages without a second lookup.
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

        // Each part's cursor starts after the earlier parts' messages of the same conversation.
        int sum = 0;
        for (int p = 0; p < convCount; p++)
        {
            int c = order[p];
            start[p] = sum;
            bool dropped = drop[c] != 0; // counted nothing
            for (int k = 0; k < parts; k++)
            {
                int count = cursors[k][c];
                cursors[k][c] = dropped ? -1 : sum;
                sum += count;
            }
        }

        start[convCount] = sum;
        var rows = GC.AllocateUninitializedArray<StreamRow>(sum); // the scatter writes every row
        Parts.Run(parts, k => ScatterRange(data, asOfTicks, bounds[k], bounds[k + 1], cursors[k], rows));

        long internalCount = 0, listedCount = 0, broadcastCount = 0;
        for (int k = 0; k < parts; k++)
        {
            internalCount += filtered[k * 3];
            listedCount += filtered[(k * 3) + 1];
            broadcastCount += filtered[(k * 3) + 2];
        }

        // Input is usually in time order per conversation already; sort only the runs that are not.
        int sortParts = Parts.Count(degree, convCount);
        var runBounds = Parts.Split(sortParts, convCount, p => start[p]);
        Parts.Run(sortParts, k =>
        {
            RowOrder? byInstant = null; // one comparer per part, not a closure per unsorted run
            for (int p = runBounds[k]; p < runBounds[k + 1]; p++)
            {
                int s = start[p], e = start[p + 1];
                if (!IsOrdered(rows, s, e, data))
                {
                    rows.AsSpan(s, e - s).Sort(byInstant ??= new RowOrder(data.MessageIds));
                }
            }
        });

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
    /// <paramref name="fill"/> (indexed by conversation id; negative for a dropped conversation).
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
    private sealed class RowOrder(Utf8Interner ids) : IComparer<StreamRow>
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
