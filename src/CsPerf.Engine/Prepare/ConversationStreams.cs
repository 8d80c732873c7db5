using System.Runtime.CompilerServices;

namespace CsPerf.Engine.Prepare;

/// <summary>
/// The kept messages (as of the cut, after the message filters of domain.md §2) regrouped into conversations
/// (shop, customer, account), each ordered by (instant, message id); conversations of one customer are adjacent.
/// Columns are gathered in that order so the session loop reads memory sequentially.
/// </summary>
internal sealed class ConversationStreams
{
    /// <summary>Conversation ids in processing order (grouped by customer).</summary>
    public required int[] Order { get; init; }

    /// <summary>Start of each conversation's run in the columns, by position in <see cref="Order"/>; one extra end entry.</summary>
    public required int[] Start { get; init; }

    public required long[] Ticks { get; init; }

    public required byte[] Flags { get; init; }

    public required int[] Chars { get; init; }

    /// <summary>Original message index of each row (for ids and explain).</summary>
    public required int[] Message { get; init; }

    public long Internal { get; init; }

    public long Listed { get; init; }

    public long Broadcast { get; init; }

    public int Count => Ticks.Length;

    /// <summary>Filters and groups the messages of <paramref name="data"/> as of <paramref name="asOfTicks"/>.</summary>
    public static ConversationStreams Build(Dataset data, CsPerfConfig config, long asOfTicks)
    {
        int convCount = data.ConversationCount;
        int n = data.MessageCount;
        long[] ticks = data.MsgTicks;
        int[] conv = data.MsgConversation;
        byte[] flags = data.MsgFlags;

        // Why a conversation is dropped: 0 kept, 1 internal, 2 listed customer.
        var listed = ListedCustomers(data, config);
        var drop = new byte[convCount];
        for (int c = 0; c < convCount; c++)
        {
            int customer = data.ConvCustomer[c];
            drop[c] = data.CustomerInternal[customer] ? (byte)1 : listed[customer] ? (byte)2 : (byte)0;
        }

        // Processing order: conversations grouped by customer (counting sort, stable on conversation id).
        int[] order = CountingOrder(data.ConvCustomer, data.CustomerCount);
        var position = new int[convCount];
        for (int i = 0; i < order.Length; i++)
        {
            position[order[i]] = i;
        }

        // Counting sort of the kept messages by conversation position: linear, no string comparison.
        var start = new int[convCount + 1];
        long internalCount = 0, listedCount = 0, broadcastCount = 0;
        var keepPosition = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (ticks[i] > asOfTicks)
            {
                keepPosition[i] = -1;
                continue;
            }

            int c = conv[i];
            byte why = drop[c];
            if (why != 0)
            {
                if (why == 1)
                {
                    internalCount++;
                }
                else
                {
                    listedCount++;
                }

                keepPosition[i] = -1;
                continue;
            }

            if ((flags[i] & MessageFlags.Broadcast) != 0)
            {
                broadcastCount++;
                keepPosition[i] = -1;
                continue;
            }

            int p = position[c];
            keepPosition[i] = p;
            start[p + 1]++;
        }

        for (int p = 0; p < convCount; p++)
        {
            start[p + 1] += start[p];
        }

        int kept = start[convCount];
        var message = new int[kept];
        var fill = new int[convCount];
        Array.Copy(start, fill, convCount);
        for (int i = 0; i < n; i++)
        {
            int p = keepPosition[i];
            if (p >= 0)
            {
                message[fill[p]++] = i;
            }
        }

        var outTicks = new long[kept];
        for (int r = 0; r < kept; r++)
        {
            outTicks[r] = ticks[message[r]];
        }

        // Input is usually in time order per conversation already; sort only the runs that are not.
        for (int p = 0; p < convCount; p++)
        {
            int s = start[p], e = start[p + 1];
            if (!IsOrdered(outTicks, message, s, e, data))
            {
                SortRun(outTicks, message, s, e, data);
            }
        }

        var outFlags = new byte[kept];
        var outChars = new int[kept];
        int[] chars = data.MsgChars;
        for (int r = 0; r < kept; r++)
        {
            int m = message[r];
            outFlags[r] = flags[m];
            outChars[r] = chars[m];
        }

        return new ConversationStreams
        {
            Order = order,
            Start = start,
            Ticks = outTicks,
            Flags = outFlags,
            Chars = outChars,
            Message = message,
            Internal = internalCount,
            Listed = listedCount,
            Broadcast = broadcastCount,
        };
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

    /// <summary>Indexes 0..keys.Length-1 ordered by key (stable), in linear time.</summary>
    internal static int[] CountingOrder(int[] keys, int keyCount)
    {
        var counts = new int[keyCount + 1];
        foreach (int k in keys)
        {
            counts[k + 1]++;
        }

        for (int k = 0; k < keyCount; k++)
        {
            counts[k + 1] += counts[k];
        }

        var order = new int[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            order[counts[keys[i]]++] = i;
        }

        return order;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsOrdered(long[] ticks, int[] message, int s, int e, Dataset data)
    {
        for (int r = s + 1; r < e; r++)
        {
            if (ticks[r] < ticks[r - 1] || (ticks[r] == ticks[r - 1] && data.MessageIds.CompareOrdinal(message[r - 1], message[r]) > 0))
            {
                return false;
            }
        }

        return true;
    }

    private static void SortRun(long[] ticks, int[] message, int s, int e, Dataset data)
    {
        var ids = data.MessageIds;
        var msgSpan = message.AsSpan(s, e - s);
        msgSpan.Sort((a, b) =>
        {
            int c = data.MsgTicks[a].CompareTo(data.MsgTicks[b]);
            return c != 0 ? c : ids.CompareOrdinal(a, b);
        });
        for (int r = s; r < e; r++)
        {
            ticks[r] = data.MsgTicks[message[r]];
        }
    }
}
