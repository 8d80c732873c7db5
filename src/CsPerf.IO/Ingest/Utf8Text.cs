using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CsPerf.IO.Ingest;

/// <summary>
/// One pass over a text that both checks its UTF-8 (the rules of <see cref="System.Text.Unicode.Utf8.IsValid"/>) and
/// counts its Unicode scalar values (as <see cref="CsPerf.Engine.Storage.TextClassifier.CountScalars"/>). With SSSE3,
/// 16 bytes at a time by the nibble lookups of Keiser and Lemire ("Validating UTF-8 in less than one instruction per
/// byte", 2021): each error class is a condition on the high and low nibble of a byte and the high nibble of the byte
/// after it, so three table lookups and two ANDs find every bad pair; a third or fourth byte is checked by whether the
/// byte two or three before is a lead of that length. Without SSSE3, the library's check and count.
/// </summary>
internal static class Utf8Text
{
    // Error classes (one bit each): a pair of bytes (first, second) is bad when the class's bit is set in the lookups
    // of first's high nibble, first's low nibble and second's high nibble.
    private const byte TooShort = 1 << 0; // a lead (or a bad lead) not followed by a continuation
    private const byte TooLong = 1 << 1; // an ASCII byte followed by a continuation
    private const byte Overlong3 = 1 << 2; // E0 80..9F
    private const byte TooLarge = 1 << 3; // F4..FF 90..BF
    private const byte Surrogate = 1 << 4; // ED A0..BF
    private const byte Overlong2 = 1 << 5; // C0..C1 continuation
    private const byte Overlong4OrTooLarge = 1 << 6; // F0 80..8F, F5..FF 80..8F
    private const byte TwoContinuations = 1 << 7; // a continuation after a continuation: right only as the third or fourth byte

    private static readonly Vector128<byte> FirstHigh = Table(high =>
        high < 8 ? TooLong
        : high < 0xC ? TwoContinuations
        : high == 0xC ? (byte)(TooShort | Overlong2)
        : high == 0xD ? TooShort
        : high == 0xE ? (byte)(TooShort | Overlong3 | Surrogate)
        : (byte)(TooShort | TooLarge | Overlong4OrTooLarge));

    // TooShort, TooLong and TwoContinuations do not depend on the low nibble.
    private static readonly Vector128<byte> FirstLow = Table(low => (byte)(TooShort | TooLong | TwoContinuations
        | (low == 0 ? Overlong3 | Overlong2 | Overlong4OrTooLarge : 0)
        | (low == 1 ? Overlong2 : 0)
        | (low >= 4 ? TooLarge : 0)
        | (low >= 5 ? Overlong4OrTooLarge : 0)
        | (low == 0xD ? Surrogate : 0)));

    private static readonly Vector128<byte> SecondHigh = Table(high =>
        high < 8 || high >= 0xC ? TooShort
        : (byte)(TooLong | Overlong2 | TwoContinuations
            | (high == 8 ? Overlong3 | Overlong4OrTooLarge : 0)
            | (high == 9 ? Overlong3 | TooLarge : 0)
            | (high >= 0xA ? Surrogate | TooLarge : 0)));

    // Bytes 0..12 may be anything; a lead in the last three bytes needs bytes after the text.
    private static readonly Vector128<byte> IncompleteMax = Vector128.Create(
        (byte)0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0 - 1, 0xE0 - 1, 0xC0 - 1);

    /// <summary>Whether the text is valid UTF-8; if so, its scalar values.</summary>
    /// <param name="text">The text.</param>
    /// <param name="scalars">Its Unicode scalar values (when valid).</param>
    public static bool TryCount(ReadOnlySpan<byte> text, out int scalars) => TryCount(text, 0, text.Length, out scalars);

    /// <summary>Whether the text at <paramref name="start"/> in a buffer is valid UTF-8; if so, its scalar values.</summary>
    /// <param name="buffer">The buffer (bytes after the text are read, when there are 16, and ignored).</param>
    /// <param name="start">Where the text starts.</param>
    /// <param name="length">Its length in bytes.</param>
    /// <param name="scalars">Its Unicode scalar values (when valid).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCount(ReadOnlySpan<byte> buffer, int start, int length, out int scalars)
    {
        var text = buffer.Slice(start, length);
        if (!Ssse3.IsSupported)
        {
            bool valid = System.Text.Unicode.Utf8.IsValid(text);
            scalars = valid ? CsPerf.Engine.Storage.TextClassifier.CountScalars(text) : 0;
            return valid;
        }

        ref byte p = ref MemoryMarshal.GetReference(text);
        var prev = Vector128<byte>.Zero;
        var error = Vector128<byte>.Zero;
        int continuations = 0;
        int i = 0;
        for (; i + 16 <= length; i += 16)
        {
            var v = Vector128.LoadUnsafe(ref p, (nuint)i);
            error |= Check(v, prev);
            continuations += Continuations(v);
            prev = v;
        }

        if (i < length)
        {
            // The tail, with zero bytes after the text (ASCII: a sequence cut by the end shows as too short).
            Vector128<byte> v;
            if (start + i + 16 <= buffer.Length)
            {
                v = Vector128.LoadUnsafe(ref p, (nuint)i) & Vector128.LessThan(Vector128<byte>.Indices, Vector128.Create((byte)(length - i)));
            }
            else
            {
                v = default;
                Unsafe.CopyBlockUnaligned(ref Unsafe.As<Vector128<byte>, byte>(ref v), ref Unsafe.Add(ref p, i), (uint)(length - i));
            }

            error |= Check(v, prev);
            continuations += Continuations(v);
            prev = v;
        }

        error |= Sse2.SubtractSaturate(prev, IncompleteMax);
        scalars = length - continuations;
        return error == Vector128<byte>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Continuations(Vector128<byte> v) =>
        BitOperations.PopCount(Vector128.LessThan(v.AsSByte(), Vector128.Create((sbyte)-64)).ExtractMostSignificantBits());

    /// <summary>The errors of 16 bytes after the 16 before them (zero when none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Check(Vector128<byte> input, Vector128<byte> before)
    {
        var low = Vector128.Create((byte)0x0F);
        var prev1 = Ssse3.AlignRight(input, before, 15);
        var pairs = Ssse3.Shuffle(FirstHigh, Sse2.ShiftRightLogical(prev1.AsUInt16(), 4).AsByte() & low)
            & Ssse3.Shuffle(FirstLow, prev1 & low)
            & Ssse3.Shuffle(SecondHigh, Sse2.ShiftRightLogical(input.AsUInt16(), 4).AsByte() & low);

        // A byte two after a lead of three or four bytes, or three after one of four, must be a continuation after a
        // continuation: that flips the pair's TwoContinuations bit (set where allowed, an error where missing).
        var prev2 = Ssse3.AlignRight(input, before, 14);
        var prev3 = Ssse3.AlignRight(input, before, 13);
        var must = Sse2.SubtractSaturate(prev2, Vector128.Create((byte)(0xE0 - 1))) | Sse2.SubtractSaturate(prev3, Vector128.Create((byte)(0xF0 - 1)));
        var must80 = Vector128.GreaterThan(must.AsSByte(), Vector128<sbyte>.Zero).AsByte() & Vector128.Create((byte)0x80);
        return pairs ^ must80;
    }

    private static Vector128<byte> Table(Func<int, byte> entry)
    {
        Span<byte> bytes = stackalloc byte[16];
        for (int i = 0; i < 16; i++)
        {
            bytes[i] = entry(i);
        }

        return Vector128.Create((ReadOnlySpan<byte>)bytes);
    }
}
