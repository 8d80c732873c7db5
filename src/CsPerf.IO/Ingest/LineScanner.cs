using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CsPerf.IO.Ingest;

/// <summary>
/// Where the fields of a line of the common layout lie (offsets into the block, values without their quotes).
/// </summary>
internal struct CommonLine
{
    public int Id, IdLength, Shop, ShopLength, Customer, CustomerLength, Account, AccountLength, At, AtLength, Text, TextLength;

    /// <summary>The text's Unicode scalar values: its bytes less its continuation bytes (the block is valid UTF-8).</summary>
    public int Chars;
    public bool HasText;
    public Direction Dir;
}

/// <summary>
/// A structural scan of one line (simdjson stage 1 in spirit): 64-byte vector loads give bit masks of quotes, line
/// feeds, string stops (backslash and control bytes) and bytes of 0x7F and up; the line end is the first line feed,
/// and a line of the common layout <c>{"id":"…","shop":"…","customer":"…","account":"…","dir":"…","at":"…"[,"text":"…"]}</c>
/// has exactly 24 (28 with a text) quotes, found with a trailing-zero count, with fixed literals between them. It
/// accepts a subset of what <see cref="FastMessageParser"/>'s common layout accepts, with the same values: no stop
/// byte in the line (so every value ends at the next quote), the same literals, non-empty plain ids, <c>in</c> or
/// <c>out</c>. The time is left to the caller. Anything else is the parser's to judge. The same loads give the text's
/// continuation bytes, so its characters are counted on the way.
/// </summary>
internal static class LineScanner
{
    /// <summary>Longest line scanned, in 64-byte words (longer lines are cut with a plain search).</summary>
    internal const int MaxWords = 8;

    // The literals from a value's closing quote to the next value's opening quote, as their first and last 8 bytes
    // (little-endian; a test checks them against the literals).
    internal const ulong ShopLo = 0x22706F6873222C22UL, ShopHi = 0x223A22706F687322UL; // ","shop":" (10 bytes)
    internal const ulong CustomerLo = 0x6F74737563222C22UL, CustomerHi = 0x223A2272656D6F74UL; // ","customer":" (14 bytes)
    internal const ulong AccountLo = 0x756F636361222C22UL, AccountHi = 0x223A22746E756F63UL; // ","account":" (13 bytes)
    internal const ulong DirLo = 0x3A22726964222C22UL, DirHi = 0x223A22726964222CUL; // ","dir":" (9 bytes)
    internal const ulong AtLo = 0x223A227461222C22UL, AtHi = 0x223A227461222C22UL; // ","at":" (8 bytes)
    internal const ulong TextLo = 0x2274786574222C22UL, TextHi = 0x223A227478657422UL; // ","text":" (10 bytes)

    // {"id":" (7 bytes), the low 7 bytes of the line's first word.
    internal const ulong Head = 0x00223A226469227BUL;

    [InlineArray(MaxWords)]
    private struct Words
    {
        private ulong _element;
    }

    /// <summary>
    /// Finds the end of the line that starts at <paramref name="start"/> and whether it is of the common layout.
    /// </summary>
    /// <param name="block">The block (may extend past <paramref name="limit"/>; those bytes are ignored).</param>
    /// <param name="start">Where the line starts.</param>
    /// <param name="limit">Where the block's lines end.</param>
    /// <param name="line">The fields, when <paramref name="common"/>.</param>
    /// <param name="common">Whether the line is of the common layout.</param>
    /// <returns>The offset of the line's line feed (or <paramref name="limit"/>); -1 when the line is longer than <see cref="MaxWords"/> words.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Scan(ReadOnlySpan<byte> block, int start, int limit, out CommonLine line, out bool common)
    {
        line = default;
        common = false;
        Words quotes = default, high = default, continuation = default;
        ulong stopsLast = 0, stopsBefore = 0;
        ref byte b0 = ref MemoryMarshal.GetReference(block);
        int end = -1;
        int w = 0;
        for (; w < MaxWords; w++)
        {
            int at = start + (w * 64);
            ulong q, nl, stop, hi, cont;
            if (at + 64 <= block.Length)
            {
                Masks(ref Unsafe.Add(ref b0, at), out q, out nl, out stop, out hi, out cont);
            }
            else
            {
                MasksOfTail(block[at..limit], out q, out nl, out stop, out hi, out cont);
            }

            int avail = limit - at;
            ulong valid = avail >= 64 ? ulong.MaxValue : (1UL << avail) - 1;
            nl &= valid;
            ulong keep;
            if (nl != 0)
            {
                int k = BitOperations.TrailingZeroCount(nl);
                end = at + k;
                keep = (1UL << k) - 1;
            }
            else if (avail <= 64)
            {
                end = limit;
                keep = valid;
            }
            else
            {
                keep = ulong.MaxValue;
            }

            quotes[w] = q & keep;
            high[w] = hi & keep;
            continuation[w] = cont & keep;
            stopsBefore |= stopsLast;
            stopsLast = stop & keep;
            if (end >= 0)
            {
                break;
            }
        }

        if (end < 0)
        {
            return -1;
        }

        // A carriage return before the line feed is not part of the line (it is the last stop of the line, if any).
        int length = end - start;
        if (length > 0 && Unsafe.Add(ref b0, end - 1) == (byte)'\r')
        {
            length--;
            int bit = length - (w * 64);
            if (bit >= 0)
            {
                stopsLast &= ~(1UL << bit);
            }
            else
            {
                stopsBefore &= ~(1UL << (bit + 64));
            }
        }

        if ((stopsLast | stopsBefore) != 0 || length < 24)
        {
            return end;
        }

        // The literals are matched in place; a value ends at the next quote (no stop byte in the line).
        ref byte s = ref Unsafe.Add(ref b0, start);
        if ((Word(ref s, 0) & 0x00FF_FFFF_FFFF_FFFFUL) != Head)
        {
            return end;
        }

        line.Id = 7;
        int close = NextQuote(ref quotes, 7, w);
        line.IdLength = close - line.Id;
        if (!Gap(ref s, close, length, 10, ShopLo, ShopHi))
        {
            return end;
        }

        line.Shop = close + 10;
        close = NextQuote(ref quotes, line.Shop, w);
        line.ShopLength = close - line.Shop;
        if (!Gap(ref s, close, length, 14, CustomerLo, CustomerHi))
        {
            return end;
        }

        line.Customer = close + 14;
        close = NextQuote(ref quotes, line.Customer, w);
        line.CustomerLength = close - line.Customer;
        if (!Gap(ref s, close, length, 13, AccountLo, AccountHi))
        {
            return end;
        }

        line.Account = close + 13;
        close = NextQuote(ref quotes, line.Account, w);
        line.AccountLength = close - line.Account;
        if (!Gap(ref s, close, length, 9, DirLo, DirHi))
        {
            return end;
        }

        int idsEnd = close;
        int dir = close + 9;
        close = NextQuote(ref quotes, dir, w);
        int dirLength = close - dir;
        if (!Gap(ref s, close, length, 8, AtLo, AtHi))
        {
            return end;
        }

        line.At = close + 8;
        close = NextQuote(ref quotes, line.At, w);
        line.AtLength = close - line.At;
        if (close < 0)
        {
            return end;
        }

        if (close + 2 != length)
        {
            if (!Gap(ref s, close, length, 10, TextLo, TextHi))
            {
                return end;
            }

            line.HasText = true;
            line.Text = close + 10;
            close = NextQuote(ref quotes, line.Text, w);
            line.TextLength = close - line.Text;
            if (close + 2 != length)
            {
                return end;
            }
        }

        if (Unsafe.Add(ref s, close + 1) != (byte)'}'
            || line.IdLength <= 0 || line.ShopLength <= 0 || line.CustomerLength <= 0 || line.AccountLength <= 0
            || line.IdLength > IdRules.MaxUtf8Bytes || line.ShopLength > IdRules.MaxUtf8Bytes
            || line.CustomerLength > IdRules.MaxUtf8Bytes || line.AccountLength > IdRules.MaxUtf8Bytes)
        {
            return end;
        }

        // Ids: one look at the 0x7F-and-up mask over all four (and the literals between, which are ASCII); only ids
        // with such a byte take the exact check.
        if (AnyBit(ref high, line.Id, idsEnd))
        {
            var lineSpan = block.Slice(start, length);
            if (!IdRules.IsPlain(lineSpan.Slice(line.Id, line.IdLength)) || !IdRules.IsPlain(lineSpan.Slice(line.Shop, line.ShopLength))
                || !IdRules.IsPlain(lineSpan.Slice(line.Customer, line.CustomerLength)) || !IdRules.IsPlain(lineSpan.Slice(line.Account, line.AccountLength)))
            {
                return end;
            }
        }

        if (dirLength == 2 && Unsafe.Add(ref s, dir) == (byte)'i' && Unsafe.Add(ref s, dir + 1) == (byte)'n')
        {
            line.Dir = Direction.In;
        }
        else if (dirLength == 3 && Unsafe.Add(ref s, dir) == (byte)'o' && Unsafe.Add(ref s, dir + 1) == (byte)'u' && Unsafe.Add(ref s, dir + 2) == (byte)'t')
        {
            line.Dir = Direction.Out;
        }
        else
        {
            return end;
        }

        line.Chars = line.TextLength - CountBits(ref continuation, line.Text, line.Text + line.TextLength);

        // Offsets into the block.
        line.Id += start;
        line.Shop += start;
        line.Customer += start;
        line.Account += start;
        line.At += start;
        line.Text += start;
        common = true;
        return end;
    }

    /// <summary>
    /// The <paramref name="length"/> (8 to 16) bytes from a value's closing quote (-1 when none) are those of a literal
    /// (whose last byte is the next value's opening quote), within the line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Gap(ref byte s, int close, int lineLength, int length, ulong lo, ulong hi) =>
        close >= 0 && close + length <= lineLength && Word(ref s, close) == lo && Word(ref s, close + length - 8) == hi;

    /// <summary>The first quote at or after <paramref name="from"/> (relative to the line), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextQuote(ref Words quotes, int from, int lastWord)
    {
        int i = from >> 6;
        if (i > lastWord)
        {
            return -1;
        }

        ulong m = quotes[i] >> (from & 63);
        if (m != 0)
        {
            return from + BitOperations.TrailingZeroCount(m);
        }

        while (++i <= lastWord)
        {
            if (quotes[i] != 0)
            {
                return (i * 64) + BitOperations.TrailingZeroCount(quotes[i]);
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Word(ref byte s, int at) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, at));

    /// <summary>How many bits a mask has in [from, to) (positions relative to the line start; none when empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountBits(ref Words words, int from, int to)
    {
        int count = 0;
        for (int i = from >> 6; to > from && i <= (to - 1) >> 6; i++)
        {
            count += BitOperations.PopCount(InRange(ref words, i, from, to));
        }

        return count;
    }

    /// <summary>Whether a mask has a bit in [from, to) (positions relative to the line start).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AnyBit(ref Words words, int from, int to)
    {
        for (int i = from >> 6; i <= (to - 1) >> 6; i++)
        {
            if (InRange(ref words, i, from, to) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Word <paramref name="i"/> of a mask, without its bits outside [from, to).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong InRange(ref Words words, int i, int from, int to)
    {
        ulong m = words[i];
        if (i == from >> 6)
        {
            m &= ulong.MaxValue << (from & 63);
        }

        if (i == (to - 1) >> 6)
        {
            m &= ulong.MaxValue >> (63 - ((to - 1) & 63));
        }

        return m;
    }

    /// <summary>The masks of the last bytes of the buffer (fewer than 64), copied to a padded word.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MasksOfTail(ReadOnlySpan<byte> tail, out ulong quote, out ulong newline, out ulong stop, out ulong high, out ulong continuation)
    {
        Span<byte> pad = stackalloc byte[64];
        pad.Clear();
        tail.CopyTo(pad);
        Masks(ref MemoryMarshal.GetReference(pad), out quote, out newline, out stop, out high, out continuation);
    }

    /// <summary>
    /// The masks of 64 bytes: quotes, line feeds, string stops (backslash, bytes below 0x20), bytes of 0x7F and up, and
    /// UTF-8 continuation bytes (0x80 to 0xBF).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Masks(ref byte p, out ulong quote, out ulong newline, out ulong stop, out ulong high, out ulong continuation)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref p);
            quote = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
            newline = Vector512.Equals(v, Vector512.Create((byte)'\n')).ExtractMostSignificantBits();
            stop = (Vector512.LessThan(v, Vector512.Create((byte)0x20)) | Vector512.Equals(v, Vector512.Create((byte)'\\'))).ExtractMostSignificantBits();
            high = Vector512.GreaterThanOrEqual(v, Vector512.Create((byte)0x7F)).ExtractMostSignificantBits();
            continuation = Vector512.LessThan(v.AsSByte(), Vector512.Create((sbyte)-64)).ExtractMostSignificantBits();
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Masks256(ref p, out uint q0, out uint n0, out uint s0, out uint h0, out uint c0);
            Masks256(ref Unsafe.Add(ref p, 32), out uint q1, out uint n1, out uint s1, out uint h1, out uint c1);
            quote = q0 | ((ulong)q1 << 32);
            newline = n0 | ((ulong)n1 << 32);
            stop = s0 | ((ulong)s1 << 32);
            high = h0 | ((ulong)h1 << 32);
            continuation = c0 | ((ulong)c1 << 32);
        }
        else
        {
            quote = newline = stop = high = continuation = 0;
            for (int i = 0; i < 64; i++)
            {
                byte b = Unsafe.Add(ref p, i);
                ulong bit = 1UL << i;
                quote |= b == (byte)'"' ? bit : 0;
                newline |= b == (byte)'\n' ? bit : 0;
                stop |= b < 0x20 || b == (byte)'\\' ? bit : 0;
                high |= b >= 0x7F ? bit : 0;
                continuation |= (b & 0xC0) == 0x80 ? bit : 0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masks256(ref byte p, out uint quote, out uint newline, out uint stop, out uint high, out uint continuation)
    {
        var v = Vector256.LoadUnsafe(ref p);
        quote = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
        newline = Vector256.Equals(v, Vector256.Create((byte)'\n')).ExtractMostSignificantBits();
        stop = (Vector256.LessThan(v, Vector256.Create((byte)0x20)) | Vector256.Equals(v, Vector256.Create((byte)'\\'))).ExtractMostSignificantBits();
        high = Vector256.GreaterThanOrEqual(v, Vector256.Create((byte)0x7F)).ExtractMostSignificantBits();
        continuation = Vector256.LessThan(v.AsSByte(), Vector256.Create((sbyte)-64)).ExtractMostSignificantBits();
    }
}
