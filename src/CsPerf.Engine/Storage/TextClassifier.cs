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
        if (!hasText)
        {
            characters = 0;
            return dir == Direction.Out ? MessageFlags.Out : (byte)0;
        }

        characters = CountScalars(text);
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

        if (_ad is not null && TrimWhiteSpace(text).SequenceEqual(_ad))
        {
            flags |= MessageFlags.AdMatch;
        }

        return flags;
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
