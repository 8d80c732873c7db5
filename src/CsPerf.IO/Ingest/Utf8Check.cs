using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CsPerf.IO.Ingest;

/// <summary>
/// Whether a block of bytes is valid UTF-8, as <see cref="System.Text.Unicode.Utf8.IsValid(ReadOnlySpan{byte})"/> tells,
/// with AVX2 over 32 bytes at a time (Keiser and Lemire, "Validating UTF-8 In Less Than One Instruction Per Byte",
/// the lookup algorithm of simdjson): three nibble lookups of each byte and the one before give the errors of every
/// pair, the bytes two and three back tell where continuations must be. Without AVX2 the library answers.
/// </summary>
internal static class Utf8Check
{
    // Error bits of a byte pair (the byte before, the byte).
    private const byte TooShort = 1 << 0; // a lead byte not followed by a continuation
    private const byte TooLong = 1 << 1; // an ASCII byte followed by a continuation
    private const byte Overlong3 = 1 << 2; // E0 followed by 80..9F
    private const byte TooLarge = 1 << 3; // F4 followed by 90..BF, or F5 and up
    private const byte Surrogate = 1 << 4; // ED followed by A0..BF
    private const byte Overlong2 = 1 << 5; // C0 or C1
    private const byte TooLarge1000 = 1 << 6; // F5 and up followed by 80..8F
    private const byte Overlong4 = 1 << 6; // F0 followed by 80..8F
    private const byte TwoConts = 1 << 7; // two continuations (allowed only where a lead byte two or three back needs them)
    private const byte Carry = TooShort | TooLong | TwoConts;

    /// <summary>Whether <paramref name="bytes"/> is valid UTF-8 (no cut, overlong, surrogate or out-of-range sequence).</summary>
    public static bool IsValid(ReadOnlySpan<byte> bytes)
    {
        if (!Avx2.IsSupported || bytes.Length < 64)
        {
            return System.Text.Unicode.Utf8.IsValid(bytes);
        }

        return IsValidAvx2(bytes);
    }

    private static bool IsValidAvx2(ReadOnlySpan<byte> bytes)
    {
        // The three nibble tables, the same in both 128-bit lanes (vpshufb looks up within a lane).
        var byte1High = Lanes(Vector128.Create(
            TooLong, TooLong, TooLong, TooLong, TooLong, TooLong, TooLong, TooLong,
            TwoConts, TwoConts, TwoConts, TwoConts,
            TooShort | Overlong2,
            TooShort,
            TooShort | Overlong3 | Surrogate,
            TooShort | TooLarge | TooLarge1000 | Overlong4));
        const byte L = Carry | TooLarge | TooLarge1000;
        var byte1Low = Lanes(Vector128.Create(
            Carry | Overlong3 | Overlong2 | Overlong4,
            Carry | Overlong2,
            Carry,
            Carry,
            Carry | TooLarge,
            L, L, L, L, L, L, L, L,
            L | Surrogate,
            L, L));
        const byte C1000 = TooLong | Overlong2 | TwoConts | Overlong3 | TooLarge1000 | Overlong4;
        const byte C1001 = TooLong | Overlong2 | TwoConts | Overlong3 | TooLarge;
        const byte C101 = TooLong | Overlong2 | TwoConts | Surrogate | TooLarge;
        var byte2High = Lanes(Vector128.Create(
            TooShort, TooShort, TooShort, TooShort, TooShort, TooShort, TooShort, TooShort,
            C1000, C1001, C101, C101,
            TooShort, TooShort, TooShort, TooShort));

        // A chunk whose last bytes start a sequence that needs more bytes than it holds (E0.. in the last two, F0.. in
        // the last three, C0.. in the last one): only an error at the end of the input.
        var incompleteMax = Vector256.Create(
            (byte)0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0 - 1, 0xE0 - 1, 0xC0 - 1);
        var lowNibble = Vector256.Create((byte)0x0F);
        var third = Vector256.Create((byte)(0xE0 - 0x80));
        var fourth = Vector256.Create((byte)(0xF0 - 0x80));
        var high = Vector256.Create((byte)0x80);

        ref byte p = ref MemoryMarshal.GetReference(bytes);
        int n = bytes.Length;
        Span<byte> pad = stackalloc byte[32];
        var prev = Vector256<byte>.Zero;
        var prevIncomplete = Vector256<byte>.Zero;
        var error = Vector256<byte>.Zero;
        for (int i = 0; i < n; i += 32)
        {
            Vector256<byte> input;
            if (i + 32 <= n)
            {
                input = Vector256.LoadUnsafe(ref p, (nuint)i);
            }
            else
            {
                // The last bytes, padded with ASCII (which ends any sequence: a cut one is then an error).
                pad.Clear();
                bytes[i..].CopyTo(pad);
                input = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(pad));
            }

            if (Avx2.MoveMask(input) == 0)
            {
                // ASCII: only a sequence cut at the end of the chunk before is an error.
                error |= prevIncomplete;
                prevIncomplete = Vector256<byte>.Zero;
                prev = input;
                continue;
            }

            // The bytes 1, 2 and 3 back (across the two 128-bit lanes and from the chunk before).
            var shifted = Avx2.Permute2x128(prev, input, 0x21);
            var prev1 = Avx2.AlignRight(input, shifted, 15);
            var prev2 = Avx2.AlignRight(input, shifted, 14);
            var prev3 = Avx2.AlignRight(input, shifted, 13);

            var b1h = Avx2.Shuffle(byte1High, Avx2.ShiftRightLogical(prev1.AsUInt16(), 4).AsByte() & lowNibble);
            var b1l = Avx2.Shuffle(byte1Low, prev1 & lowNibble);
            var b2h = Avx2.Shuffle(byte2High, Avx2.ShiftRightLogical(input.AsUInt16(), 4).AsByte() & lowNibble);
            var special = b1h & b1l & b2h;

            // Where a lead byte two or three back requires a continuation (E0 and up two back, F0 and up three back):
            // only those keep the high bit after the saturating subtractions.
            var must23 = Avx2.SubtractSaturate(prev2, third) | Avx2.SubtractSaturate(prev3, fourth);
            error |= (must23 & high) ^ special;
            prevIncomplete = Avx2.SubtractSaturate(input, incompleteMax);
            prev = input;
        }

        error |= prevIncomplete;
        return error == Vector256<byte>.Zero;
    }

    private static Vector256<byte> Lanes(Vector128<byte> lane) => Vector256.Create(lane, lane);
}
