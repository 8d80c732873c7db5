using System.Buffers.Text;
using NodaTime;

namespace CsPerf.Benchmarks;

/// <summary>
/// Builds a large dataset straight into the columnar form (no JSON), shaped like a shop's log: conversations of
/// about 20 messages in a few sessions, customer bursts, replies after seconds to minutes, auto-replies, messages
/// in global time order (so a conversation's messages are scattered through the arrays, as in a real export).
/// </summary>
internal static class BenchData
{
    public static readonly Instant Start = Instant.FromUtc(2026, 10, 31, 16, 0);

    public static Dataset Build(int messages, int seed = 42)
    {
        var rnd = new Random(seed);
        int conversations = Math.Max(1, messages / 20);
        int accounts = 40;
        int customers = Math.Max(1, conversations * 3 / 4);
        var ticks = new long[messages];
        var conv = new int[messages];
        var dir = new byte[messages];
        int i = 0;
        for (int c = 0; c < conversations && i < messages; c++)
        {
            int day = rnd.Next(30);
            int hour = rnd.Next(4) switch { 0 => 10, 1 => 11, 2 => 20, _ => rnd.Next(8, 24) };
            long t = Start.ToUnixTimeTicks() + (day * NodaConstants.TicksPerDay) + (hour * NodaConstants.TicksPerHour) + (rnd.Next(3600) * NodaConstants.TicksPerSecond);
            int n = Math.Min(messages - i, c == conversations - 1 ? messages - i : rnd.Next(10, 31));
            for (int m = 0; m < n; m++, i++)
            {
                ticks[i] = t;
                conv[i] = c;
                dir[i] = (byte)(m % 3 == 0 ? 0 : rnd.Next(2));
                t += rnd.Next(10) switch
                {
                    0 => 20 * NodaConstants.TicksPerMinute, // a new session
                    1 => 3 * NodaConstants.TicksPerMinute,
                    _ => rnd.Next(1, 60) * NodaConstants.TicksPerSecond,
                };
            }
        }

        // Global time order, as a chat export comes.
        var order = new int[messages];
        for (int k = 0; k < messages; k++)
        {
            order[k] = k;
        }

        var keys = (long[])ticks.Clone();
        Array.Sort(keys, order);

        var config = CsPerfConfig.Default;
        var builder = new DatasetBuilder(config, null, messages);
        Span<byte> id = stackalloc byte[16];
        Span<byte> customer = stackalloc byte[16];
        Span<byte> account = stackalloc byte[16];
        ReadOnlySpan<byte> shop = "s1"u8;
        ReadOnlySpan<byte> reply = "好的，亲，马上为您查询"u8;
        ReadOnlySpan<byte> auto = "$您好，欢迎光临"u8;
        ReadOnlySpan<byte> ask = "在吗？这个有货吗"u8;
        for (int k = 0; k < messages; k++)
        {
            int m = order[k];
            int c = conv[m];
            id[0] = (byte)'m';
            Utf8Formatter.TryFormat(m, id[1..], out int idLen);
            customer[0] = (byte)'c';
            Utf8Formatter.TryFormat(c % customers, customer[1..], out int cLen);
            account[0] = (byte)'a';
            Utf8Formatter.TryFormat(c % accounts, account[1..], out int aLen);
            var d = dir[m] == 0 ? Direction.In : Direction.Out;
            var text = d == Direction.In ? ask : (m % 17 == 0 ? auto : reply);
            builder.TryAddMessage(id[..(idLen + 1)], shop, customer[..(cLen + 1)], account[..(aLen + 1)], d, Instant.FromUnixTimeTicks(ticks[m]), text, true);
        }

        return builder.Build();
    }
}
