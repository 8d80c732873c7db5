using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;

namespace CsPerf.Engine.Storage;

/// <summary>Bit flags of a message in the columnar table.</summary>
internal static class MessageFlags
{
    public const byte Out = 1;
    public const byte AutoReply = 2;
    public const byte Broadcast = 4;
    public const byte AdMatch = 8;
}

/// <summary>Turns a UTF-8 text into message flags and a character count without allocating.</summary>
internal sealed class TextClassifier
{
    private readonly byte[]? _broadcast;
    private readonly byte[]? _autoReply;
    private readonly byte[]? _ad;

    public TextClassifier(TextRules rules)
    {
        Rules = rules;
        _broadcast = rules.BroadcastPrefix is null ? null : Encoding.UTF8.GetBytes(rules.BroadcastPrefix);
        _autoReply = rules.AutoReplyPrefix is null ? null : Encoding.UTF8.GetBytes(rules.AutoReplyPrefix);
        _ad = rules.AdPhrase is null ? null : Encoding.UTF8.GetBytes(rules.AdPhrase);
    }

    public TextRules Rules { get; }

    public byte Classify(Direction dir, ReadOnlySpan<byte> text, bool hasText, out int characters)
    {
        characters = hasText ? CountScalars(text) : 0;
        return Classify(dir, text, hasText);
    }

    /// <summary>The flags of a message whose characters the caller has counted (as <see cref="CountScalars"/> would).</summary>
    /// <param name="dir">The direction.</param>
    /// <param name="text">The text (valid UTF-8).</param>
    /// <param name="hasText">Whether the message has a text.</param>
    public byte Classify(Direction dir, ReadOnlySpan<byte> text, bool hasText)
    {
        if (!hasText)
        {
            return dir == Direction.Out ? MessageFlags.Out : (byte)0;
        }

        if (dir != Direction.Out)
        {
            return 0;
        }

        byte flags = MessageFlags.Out;
        if (_broadcast is not null && text.StartsWith(_broadcast))
        {
            flags |= MessageFlags.Broadcast;
        }

        if (_autoReply is not null && text.StartsWith(_autoReply))
        {
            flags |= MessageFlags.AutoReply;
        }

        if (_ad is not null && IsAd(text, _ad))
        {
            flags |= MessageFlags.AdMatch;
        }

        return flags;
    }

    /// <summary>
    /// Whether the text, white space trimmed, is the phrase. Most texts are refused without trimming: trimming only
    /// shortens, and an end whose byte cannot be part of white space is not trimmed, so it must already be the phrase's.
    /// </summary>
    private static bool IsAd(ReadOnlySpan<byte> text, byte[] ad)
    {
        if (text.Length < ad.Length)
        {
            return false;
        }

        // An end that cannot be white space is not trimmed: there the text must already be the phrase.
        if (ad.Length > 0
            && ((!WhiteSpaceBytes.First[text[0]] && !text.StartsWith(ad)) || (!WhiteSpaceBytes.Last[text[^1]] && !text.EndsWith(ad))))
        {
            return false;
        }

        return TrimWhiteSpace(text).SequenceEqual(ad);
    }

    /// <summary>Unicode scalar values in a UTF-8 text: every byte that is not a continuation byte starts one.</summary>
    public static int CountScalars(ReadOnlySpan<byte> text)
    {
        int continuation = 0;
        int i = 0;
        if (Vector128.IsHardwareAccelerated && text.Length >= Vector128<byte>.Count)
        {
            // Continuation bytes are 0x80..0xBF, that is below -64 as signed bytes.
            var below = Vector128.Create((sbyte)-64);
            for (; i <= text.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var v = Vector128.Create(text.Slice(i, Vector128<byte>.Count)).AsSByte();
                continuation += BitOperations.PopCount(Vector128.LessThan(v, below).ExtractMostSignificantBits());
            }
        }

        for (; i < text.Length; i++)
        {
            continuation += (text[i] & 0xC0) == 0x80 ? 1 : 0;
        }

        return text.Length - continuation;
    }

    public static ReadOnlySpan<byte> TrimWhiteSpace(ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(text, out var rune, out int n) != System.Buffers.OperationStatus.Done
                || !System.Text.Rune.IsWhiteSpace(rune))
            {
                break;
            }

            text = text[n..];
        }

        while (!text.IsEmpty)
        {
            if (System.Text.Rune.DecodeLastFromUtf8(text, out var rune, out int n) != System.Buffers.OperationStatus.Done
                || !System.Text.Rune.IsWhiteSpace(rune))
            {
                break;
            }

            text = text[..^n];
        }

        return text;
    }
}

/// <summary>
/// The bytes that can begin and end the UTF-8 of a white space character (<see cref="System.Text.Rune.IsWhiteSpace"/>:
/// U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000; a test
/// checks them against every code point).
/// </summary>
internal static class WhiteSpaceBytes
{
    /// <summary>Indexed by byte: whether a white space character's UTF-8 can start with it.</summary>
    public static readonly bool[] First = Table([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xC2, 0xE1, 0xE2, 0xE3]);

    /// <summary>Indexed by byte: whether a white space character's UTF-8 can end with it.</summary>
    public static readonly bool[] Last = Table(
        [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x9F, 0xA0, 0xA8, 0xA9, 0xAF]);

    private static bool[] Table(ReadOnlySpan<byte> bytes)
    {
        var table = new bool[256];
        foreach (byte b in bytes)
        {
            table[b] = true;
        }

        return table;
    }
}
