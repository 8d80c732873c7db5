using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CsPerf.Engine;

/// <summary>
/// What an id may hold (message, order, refund, shop, customer, account and agent ids): valid Unicode, at most
/// <see cref="MaxUtf8Bytes"/> bytes of UTF-8, and no control character (C0 U+0000..U+001F, DEL U+007F, C1
/// U+0080..U+009F). Ids are otherwise opaque: compared byte for byte, never trimmed nor case-folded.
/// </summary>
/// <remarks>
/// The rule keeps every distinct id distinct: the engine joins ids with U+0000 into composite keys, which no valid id
/// can hold, and it stores ids as UTF-8, which a string holding a lone surrogate cannot be converted to losslessly.
/// </remarks>
public static class IdRules
{
    /// <summary>The longest id, in bytes of UTF-8.</summary>
    public const int MaxUtf8Bytes = 256;

    // A byte that may start a control character (C0, DEL, or 0xC2 which starts C1 but also U+00A0..U+00BF).
    private static readonly SearchValues<byte> Suspect = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 0x7F, 0xC2]);

    /// <summary>
    /// Why a UTF-8 id breaks the rules, or null when it is fine. An empty id is fine here (readers call it missing).
    /// </summary>
    /// <param name="utf8">The id as UTF-8 bytes.</param>
    public static string? Problem(ReadOnlySpan<byte> utf8)
    {
        if (IsPlain(utf8))
        {
            return null;
        }

        if (utf8.Length > MaxUtf8Bytes)
        {
            return TooLong(utf8.Length);
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return "is not valid UTF-8";
        }

        for (int i = 0; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (b < 0x20 || b == 0x7F)
            {
                return Control(b);
            }

            if (b == 0xC2 && i + 1 < utf8.Length && utf8[i + 1] >= 0x80 && utf8[i + 1] <= 0x9F)
            {
                return Control(utf8[i + 1]);
            }
        }

        return null;
    }

    /// <summary>Why an id breaks the rules, or null when it is fine. An empty id is fine here (readers call it missing).</summary>
    /// <param name="id">The id.</param>
    public static string? Problem(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            {
                return Control(c);
            }

            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"holds a lone surrogate U+{(int)c:X4} (not valid Unicode)";
            }
        }

        if (id.Length * 3 > MaxUtf8Bytes)
        {
            int bytes = Encoding.UTF8.GetByteCount(id);
            if (bytes > MaxUtf8Bytes)
            {
                return TooLong(bytes);
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="field"/> when an id breaks the rules.</summary>
    /// <param name="id">The id.</param>
    /// <param name="field">The field name used in the message.</param>
    /// <param name="paramName">The parameter name of the exception.</param>
    public static void Check(string id, string field, string paramName)
    {
        if (Problem(id) is { } problem)
        {
            throw new ArgumentException($"{field}: \"{Shown(id)}\" {problem}", paramName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="field"/> when a UTF-8 id breaks the rules.</summary>
    /// <param name="utf8">The id, UTF-8.</param>
    /// <param name="field">The field name used in the message.</param>
    /// <param name="paramName">The parameter name of the exception.</param>
    public static void Check(ReadOnlySpan<byte> utf8, string field, string paramName)
    {
        if (Problem(utf8) is { } problem)
        {
            throw new ArgumentException($"{field}: id {problem}", paramName);
        }
    }

    /// <summary>
    /// A quick sufficient check for the hot path: true when the id is short enough and holds no byte that could start
    /// a control character (valid UTF-8 assumed). False means "ask <see cref="Problem(ReadOnlySpan{byte})"/>".
    /// </summary>
    /// <param name="utf8">The id, UTF-8.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPlain(ReadOnlySpan<byte> utf8) => utf8.Length <= MaxUtf8Bytes && utf8.IndexOfAny(Suspect) < 0;

    /// <summary>An id as printed in a message: control characters shown as <c>\uXXXX</c>.</summary>
    /// <param name="id">The id.</param>
    public static string Shown(string id)
    {
        if (id.Length > 64)
        {
            id = id[..64] + "…";
        }

        var sb = new StringBuilder(id.Length);
        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                sb.Append(c).Append(id[++i]);
            }
            else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || char.IsSurrogate(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string Control(int c) =>
        $"holds the control character U+{c:X4}; ids may not hold control characters (U+0000..U+001F, U+007F..U+009F)";

    private static string TooLong(int bytes) =>
        $"is {bytes} bytes long (UTF-8); ids may be at most {MaxUtf8Bytes} bytes";
}
