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
/// A structural scan of the lines of a block (simdjson stage 1 in spirit): 64-byte vector loads, aligned to the block,
/// give bit masks of quotes, string stops (backslash and control bytes, so line feeds), bytes of 0x7F and up and UTF-8
/// continuation bytes, computed once per word for a window of the block and shared by the lines that cross it. The line
/// end is the first line feed, and a line of the common layout
/// <c>{"id":"…","shop":"…","customer":"…","account":"…","dir":"…","at":"…"[,"text":"…"]}</c> has exactly 24 (28 with a
/// text) quotes, found with a trailing-zero count, with fixed literals between them. It accepts a subset of what
/// <see cref="FastMessageParser"/>'s common layout accepts, with the same values: no stop byte in the line (so every
/// value ends at the next quote), the same literals, non-empty plain ids, <c>in</c> or <c>out</c>. The time is left to
/// the caller. Anything else is the parser's to judge. The same masks give the text's continuation bytes, so its
/// characters are counted on the way. One instance per thread; <see cref="Reset"/> before each block.
/// </summary>
internal sealed class LineScanner
{
    /// <summary>Longest line scanned, in 64-byte words (longer lines are cut with a plain search).</summary>
    internal const int MaxWords = 8;

    /// <summary>Words whose masks are computed together (16 KB of the block; 8 KB of masks, in the L1 cache).</summary>
    private const int WindowWords = 256;

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

    private readonly WordMasks[] _masks = new WordMasks[WindowWords];
    private int _first; // the block's word held in _masks[0]
    private int _count; // words held (0: none)

    /// <summary>The masks of one 64-byte word of the block (bits of bytes at or past the limit clear).</summary>
    private struct WordMasks
    {
        public ulong Quote, Stop, High, Continuation;
    }

    /// <summary>Forgets the masks: the next line is of another block (or the block's bytes changed).</summary>
    public void Reset() => _count = 0;

    /// <summary>
    /// Finds the end of the line that starts at <paramref name="start"/> and whether it is of the common layout
    /// (a fresh scanner: tests and one-off lines).
    /// </summary>
    /// <param name="block">The block (may extend past <paramref name="limit"/>; those bytes are ignored).</param>
    /// <param name="start">Where the line starts.</param>
    /// <param name="limit">Where the block's lines end.</param>
    /// <param name="line">The fields, when <paramref name="common"/>.</param>
    /// <param name="common">Whether the line is of the common layout.</param>
    /// <returns>The offset of the line's line feed (or <paramref name="limit"/>); -1 when the line is longer than <see cref="MaxWords"/> words.</returns>
    public static int Scan(ReadOnlySpan<byte> block, int start, int limit, out CommonLine line, out bool common) =>
        new LineScanner().Next(block, start, limit, out line, out common);

    /// <summary>
    /// As <see cref="Scan"/>, reusing the masks of the lines before in the same block: lines must come in order
    /// (each <paramref name="start"/> past the one before), with the same <paramref name="block"/> and
    /// <paramref name="limit"/> until <see cref="Reset"/>.
    /// </summary>
    /// <param name="block">The block (may extend past <paramref name="limit"/>; those bytes are ignored).</param>
    /// <param name="start">Where the line starts (before <paramref name="limit"/>).</param>
    /// <param name="limit">Where the block's lines end.</param>
    /// <param name="line">The fields, when <paramref name="common"/>.</param>
    /// <param name="common">Whether the line is of the common layout.</param>
    /// <returns>The offset of the line's line feed (or <paramref name="limit"/>); -1 when the line is longer than <see cref="MaxWords"/> words.</returns>
    public int Next(ReadOnlySpan<byte> block, int start, int limit, out CommonLine line, out bool common)
    {
        line = default;
        common = false;
        if (start >= limit)
        {
            return limit;
        }

        // Bytes [start, searchEnd) are searched for the line feed; the masks of their words must be at hand.
        int searchEnd = Math.Min(limit, start + (MaxWords * 64));
        int firstWord = start >> 6;
        int lastWord = (searchEnd - 1) >> 6;
        if (firstWord < _first || lastWord >= _first + _count)
        {
            Fill(block, firstWord, limit);
        }

        ref WordMasks m0 = ref MemoryMarshal.GetArrayDataReference(_masks);
        ref WordMasks words = ref Unsafe.Subtract(ref m0, _first); // indexed by the block's word

        // The first stop byte: a line feed ends a line without stops; anything else takes the plain search.
        int w = firstWord;
        ulong stops = Unsafe.Add(ref words, w).Stop & (ulong.MaxValue << (start & 63));
        while (stops == 0 && w < lastWord)
        {
            stops = Unsafe.Add(ref words, ++w).Stop;
        }

        int stopAt = stops != 0 ? (w << 6) + BitOperations.TrailingZeroCount(stops) : int.MaxValue;
        ref byte b0 = ref MemoryMarshal.GetReference(block);
        int end;
        int length;
        if (stopAt < searchEnd)
        {
            byte stop = Unsafe.Add(ref b0, stopAt);
            if (stop == (byte)'\n')
            {
                end = stopAt;
                length = end - start;
            }
            else if (stop == (byte)'\r' && stopAt + 1 < searchEnd && Unsafe.Add(ref b0, stopAt + 1) == (byte)'\n')
            {
                end = stopAt + 1;
                length = stopAt - start; // the carriage return before the line feed is not part of the line
            }
            else if (stop == (byte)'\r' && stopAt + 1 == limit)
            {
                end = limit; // the last line, ending in a carriage return
                length = stopAt - start;
            }
            else
            {
                // A stop in the line: never the common layout; the line ends at the first line feed.
                int nl = block[stopAt..searchEnd].IndexOf((byte)'\n');
                return nl >= 0 ? stopAt + nl : searchEnd == limit ? limit : -1;
            }
        }
        else if (searchEnd == limit)
        {
            end = limit; // the last line, without a line feed
            length = end - start;
        }
        else
        {
            return -1;
        }

        if (length < 24)
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
        int close = NextQuote(ref words, start, 7, length);
        line.IdLength = close - line.Id;
        if (!Gap(ref s, close, length, 10, ShopLo, ShopHi))
        {
            return end;
        }

        line.Shop = close + 10;
        close = NextQuote(ref words, start, line.Shop, length);
        line.ShopLength = close - line.Shop;
        if (!Gap(ref s, close, length, 14, CustomerLo, CustomerHi))
        {
            return end;
        }

        line.Customer = close + 14;
        close = NextQuote(ref words, start, line.Customer, length);
        line.CustomerLength = close - line.Customer;
        if (!Gap(ref s, close, length, 13, AccountLo, AccountHi))
        {
            return end;
        }

        line.Account = close + 13;
        close = NextQuote(ref words, start, line.Account, length);
        line.AccountLength = close - line.Account;
        if (!Gap(ref s, close, length, 9, DirLo, DirHi))
        {
            return end;
        }

        int idsEnd = close;
        int dir = close + 9;
        close = NextQuote(ref words, start, dir, length);
        int dirLength = close - dir;
        if (!Gap(ref s, close, length, 8, AtLo, AtHi))
        {
            return end;
        }

        line.At = close + 8;
        close = NextQuote(ref words, start, line.At, length);
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
            close = NextQuote(ref words, start, line.Text, length);
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
        if (AnyHigh(ref words, start + line.Id, start + idsEnd))
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

        line.Chars = line.TextLength - CountContinuations(ref words, start + line.Text, start + line.Text + line.TextLength);

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

    /// <summary>Computes the masks of the block's words from <paramref name="firstWord"/> on (as many as the window holds, up to the limit).</summary>
    private void Fill(ReadOnlySpan<byte> block, int firstWord, int limit)
    {
        int lastWord = (limit - 1) >> 6;
        int count = Math.Min(WindowWords, lastWord - firstWord + 1);
        ref byte b0 = ref MemoryMarshal.GetReference(block);
        ref WordMasks to = ref MemoryMarshal.GetArrayDataReference(_masks);
        int at = firstWord << 6;
        for (int i = 0; i < count; i++, at += 64)
        {
            ref WordMasks m = ref Unsafe.Add(ref to, i);
            ulong q, stop, hi, cont;
            if (at + 64 <= block.Length)
            {
                Masks(ref Unsafe.Add(ref b0, at), out q, out stop, out hi, out cont);
            }
            else
            {
                MasksOfTail(block[at..limit], out q, out stop, out hi, out cont);
            }

            if (at + 64 > limit)
            {
                ulong valid = (1UL << (limit - at)) - 1;
                q &= valid;
                stop &= valid;
                hi &= valid;
                cont &= valid;
            }

            m.Quote = q;
            m.Stop = stop;
            m.High = hi;
            m.Continuation = cont;
        }

        _first = firstWord;
        _count = count;
    }

    /// <summary>
    /// The <paramref name="length"/> (8 to 16) bytes from a value's closing quote (-1 when none) are those of a literal
    /// (whose last byte is the next value's opening quote), within the line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Gap(ref byte s, int close, int lineLength, int length, ulong lo, ulong hi) =>
        close >= 0 && close + length <= lineLength && Word(ref s, close) == lo && Word(ref s, close + length - 8) == hi;

    /// <summary>
    /// The first quote at or after <paramref name="from"/> and before <paramref name="end"/> (both relative to the
    /// line at <paramref name="start"/>), relative to the line, or -1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextQuote(ref WordMasks words, int start, int from, int end)
    {
        if (from >= end)
        {
            return -1;
        }

        int at = start + from;
        int i = at >> 6;
        ulong m = Unsafe.Add(ref words, i).Quote >> (at & 63);
        int q;
        if (m != 0)
        {
            q = from + BitOperations.TrailingZeroCount(m);
        }
        else
        {
            int last = (start + end - 1) >> 6;
            while (true)
            {
                if (++i > last)
                {
                    return -1;
                }

                m = Unsafe.Add(ref words, i).Quote;
                if (m != 0)
                {
                    q = (i << 6) + BitOperations.TrailingZeroCount(m) - start;
                    break;
                }
            }
        }

        return q < end ? q : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Word(ref byte s, int at) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, at));

    /// <summary>How many continuation bytes the block has in [from, to) (none when empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountContinuations(ref WordMasks words, int from, int to)
    {
        int count = 0;
        for (int i = from >> 6; to > from && i <= (to - 1) >> 6; i++)
        {
            count += BitOperations.PopCount(InRange(Unsafe.Add(ref words, i).Continuation, i, from, to));
        }

        return count;
    }

    /// <summary>Whether the block has a byte of 0x7F and up in [from, to) (a non-empty range).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AnyHigh(ref WordMasks words, int from, int to)
    {
        for (int i = from >> 6; i <= (to - 1) >> 6; i++)
        {
            if (InRange(Unsafe.Add(ref words, i).High, i, from, to) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The mask <paramref name="m"/> of word <paramref name="i"/>, without its bits outside [from, to) (block positions).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong InRange(ulong m, int i, int from, int to)
    {
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
    private static void MasksOfTail(ReadOnlySpan<byte> tail, out ulong quote, out ulong stop, out ulong high, out ulong continuation)
    {
        Span<byte> pad = stackalloc byte[64];
        pad.Clear();
        tail.CopyTo(pad);
        Masks(ref MemoryMarshal.GetReference(pad), out quote, out stop, out high, out continuation);
    }

    /// <summary>
    /// The masks of 64 bytes: quotes, string stops (backslash, bytes below 0x20), bytes of 0x7F and up, and
    /// UTF-8 continuation bytes (0x80 to 0xBF).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Masks(ref byte p, out ulong quote, out ulong stop, out ulong high, out ulong continuation)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref p);
            quote = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
            stop = (Vector512.LessThan(v, Vector512.Create((byte)0x20)) | Vector512.Equals(v, Vector512.Create((byte)'\\'))).ExtractMostSignificantBits();
            high = Vector512.GreaterThanOrEqual(v, Vector512.Create((byte)0x7F)).ExtractMostSignificantBits();
            continuation = Vector512.LessThan(v.AsSByte(), Vector512.Create((sbyte)-64)).ExtractMostSignificantBits();
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Masks256(ref p, out uint q0, out uint s0, out uint h0, out uint c0);
            Masks256(ref Unsafe.Add(ref p, 32), out uint q1, out uint s1, out uint h1, out uint c1);
            quote = q0 | ((ulong)q1 << 32);
            stop = s0 | ((ulong)s1 << 32);
            high = h0 | ((ulong)h1 << 32);
            continuation = c0 | ((ulong)c1 << 32);
        }
        else
        {
            quote = stop = high = continuation = 0;
            for (int i = 0; i < 64; i++)
            {
                byte b = Unsafe.Add(ref p, i);
                ulong bit = 1UL << i;
                quote |= b == (byte)'"' ? bit : 0;
                stop |= b < 0x20 || b == (byte)'\\' ? bit : 0;
                high |= b >= 0x7F ? bit : 0;
                continuation |= (b & 0xC0) == 0x80 ? bit : 0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masks256(ref byte p, out uint quote, out uint stop, out uint high, out uint continuation)
    {
        var v = Vector256.LoadUnsafe(ref p);
        quote = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
        stop = (Vector256.LessThan(v, Vector256.Create((byte)0x20)) | Vector256.Equals(v, Vector256.Create((byte)'\\'))).ExtractMostSignificantBits();
        high = Vector256.GreaterThanOrEqual(v, Vector256.Create((byte)0x7F)).ExtractMostSignificantBits();
        continuation = Vector256.LessThan(v.AsSByte(), Vector256.Create((sbyte)-64)).ExtractMostSignificantBits();
    }
}
