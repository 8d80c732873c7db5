using System.Runtime.CompilerServices;

namespace CsPerf.IO.Ingest;

/// <summary>
/// The fast path of a JSON Lines input file other than messages.jsonl (orders, refunds, …): a line of the common
/// layout (the writers' key order, no white space, no escapes, plain numbers) is parsed from its UTF-8 bytes on the
/// parsing thread and kept reduced (ids in one byte arena, instants as ticks, numbers as values); the calling thread
/// later applies it to the target through span overloads. Nothing is allocated per line. Any other line is refused
/// (<see cref="TryAdd"/> false) and takes the general path (<see cref="InputRow.LoadJson"/>), which decides and words
/// every problem: a line kept here is one the general path accepts with the same values.
/// </summary>
/// <typeparam name="TTarget">What the records go into.</typeparam>
/// <remarks>One instance per file read: <see cref="TryAdd"/> on one thread, then <see cref="Apply"/> on another.</remarks>
internal abstract class FastLines<TTarget>
{
    /// <summary>Lines kept so far.</summary>
    public abstract int Count { get; }

    /// <summary>The line number of the kept line at <paramref name="index"/> (increasing with the index).</summary>
    public abstract long LineAt(int index);

    /// <summary>Parses and keeps a line of the common layout; false means "take the general path" (nothing kept).</summary>
    public abstract bool TryAdd(ReadOnlySpan<byte> line, long number);

    /// <summary>Applies the kept line at <paramref name="index"/>: null when kept, else why refused (as the general path words it).</summary>
    public abstract Problem? Apply(int index, TTarget target, string file);

    /// <summary>Makes room in the target for <paramref name="lines"/> more records of the file, before they are applied.</summary>
    public virtual void Reserve(TTarget target, int lines)
    {
    }

    /// <summary>
    /// Reads ahead, for the kept lines [<paramref name="from"/>, <paramref name="to"/>), what applying them will look up
    /// in the target (the cache misses of a batch taken together rather than one after another); values are never
    /// changed. The sum read is only returned to keep the loads.
    /// </summary>
    public virtual long Touch(int from, int to, TTarget target) => 0;

    /// <summary>
    /// On the parsing thread, once the file is parsed: makes ahead what applying the kept lines will need and does not
    /// depend on the target's other records (ids interned in line order, rows in their final arrays, first touched
    /// here), using what the files parsed before it prepared (<paramref name="shared"/>). Not when a line of the general
    /// path adds a record (<paramref name="generalRecords"/>): those come between the kept lines.
    /// </summary>
    public virtual void Prepare(PreparedFiles shared, bool generalRecords)
    {
    }

    /// <summary>
    /// Hands what <see cref="Prepare"/> made to the target when it still fits it (nothing of the kind added yet, the same
    /// order ids): then every kept line is applied with <see cref="ApplyPrepared"/> and none with <see cref="Apply"/>;
    /// false when nothing was prepared or it does not fit (the plain path).
    /// </summary>
    public virtual bool BeginPrepared(TTarget target) => false;

    /// <summary>Applies the kept line at <paramref name="index"/> after <see cref="BeginPrepared"/>: the same result and problem as <see cref="Apply"/>.</summary>
    public virtual Problem? ApplyPrepared(int index, TTarget target, string file) => Apply(index, target, file);
}

/// <summary>
/// What the other files' parse prepared for the files after it (<see cref="FastLines{TTarget}.Prepare"/>, one per
/// parsing thread): the order ids, interned in line order, that refunds and reviews are resolved against.
/// </summary>
internal sealed class PreparedFiles
{
    /// <summary>The order ids the orders' fast path prepared, or null.</summary>
    public Utf8Interner? OrderIds { get; set; }
}

/// <summary>A run of bytes in a <see cref="FastLines{TTarget, TRow}"/> arena: its chunk and offset packed in <see cref="At"/>.</summary>
internal readonly record struct Utf8Slice(int At, int Length);

/// <summary>
/// A <see cref="FastLines{TTarget}"/> keeping each line as a <typeparamref name="TRow"/> and its strings in an arena,
/// all in fixed-size chunks: growing copies nothing and leaves no garbage behind.
/// </summary>
/// <typeparam name="TTarget">What the records go into.</typeparam>
/// <typeparam name="TRow">The reduced line.</typeparam>
internal abstract class FastLines<TTarget, TRow> : FastLines<TTarget>
    where TRow : struct
{
    private const int RowShift = 12, RowChunk = 1 << RowShift;
    private const int ArenaShift = 16, ArenaChunk = 1 << ArenaShift;
    private readonly List<TRow[]> _rows = [];
    private readonly List<long[]> _lines = [];
    private readonly List<byte[]> _arena = [];
    private int _count;
    private int _used = ArenaChunk; // in the last arena chunk (none yet: full)

    /// <inheritdoc/>
    public override int Count => _count;

    /// <inheritdoc/>
    public override long LineAt(int index) => _lines[index >> RowShift][index & (RowChunk - 1)];

    /// <inheritdoc/>
    public override bool TryAdd(ReadOnlySpan<byte> line, long number)
    {
        // The arena only ever takes bytes of the line, so room for the whole line in the current chunk is room enough;
        // a longer line (over 64 KB) or a full arena (2 GB) takes the general path.
        if (line.Length > ArenaChunk || _count == int.MaxValue)
        {
            return false;
        }

        if (ArenaChunk - _used < line.Length)
        {
            if (_arena.Count == int.MaxValue >> ArenaShift)
            {
                return false;
            }

            _arena.Add(new byte[ArenaChunk]);
            _used = 0;
        }

        // Utf8JsonReader hands out raw value bytes without checking their UTF-8; the general path would reject it.
        int mark = _used;
        if (!System.Text.Unicode.Utf8.IsValid(line) || !TryParse(line, out var row))
        {
            _used = mark;
            return false;
        }

        if ((_count & (RowChunk - 1)) == 0)
        {
            _rows.Add(new TRow[RowChunk]);
            _lines.Add(new long[RowChunk]);
        }

        _rows[_count >> RowShift][_count & (RowChunk - 1)] = row;
        _lines[_count >> RowShift][_count & (RowChunk - 1)] = number;
        _count++;
        return true;
    }

    /// <inheritdoc/>
    public override Problem? Apply(int index, TTarget target, string file) =>
        Apply(in _rows[index >> RowShift][index & (RowChunk - 1)], target, file, LineAt(index));

    /// <summary>The kept row at <paramref name="index"/>.</summary>
    internal ref readonly TRow RowAt(int index) => ref _rows[index >> RowShift][index & (RowChunk - 1)];

    /// <summary>Parses a line of the common layout (valid UTF-8) into a row, its strings through <see cref="Keep"/>; false to take the general path.</summary>
    protected abstract bool TryParse(ReadOnlySpan<byte> line, out TRow row);

    /// <summary>Applies a row: null when kept, else the problem as the general path words it.</summary>
    protected abstract Problem? Apply(in TRow row, TTarget target, string file, long line);

    /// <summary>Copies bytes of the line being parsed into the arena (where <see cref="TryAdd"/> made room for the line).</summary>
    protected Utf8Slice Keep(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_arena[^1].AsSpan(_used));
        var slice = new Utf8Slice(((_arena.Count - 1) << ArenaShift) | _used, value.Length);
        _used += value.Length;
        return slice;
    }

    /// <summary>The bytes of a kept string.</summary>
    internal ReadOnlySpan<byte> Bytes(Utf8Slice slice) =>
        slice.Length == 0 ? default : _arena[slice.At >> ArenaShift].AsSpan(slice.At & (ArenaChunk - 1), slice.Length);
}

/// <summary>
/// Byte-by-byte matching of the common layout of a JSON Lines record, accepting only what the general path
/// (<see cref="InputRow.LoadJson"/> and <see cref="Fields"/>) accepts with the same value; anything else is refused.
/// </summary>
internal static class FastJson
{
    /// <summary>The ticks of an absent or null instant.</summary>
    public const long NoTicks = long.MinValue;

    /// <summary>Consumes <paramref name="literal"/> if the text starts with it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Take(scoped ref ReadOnlySpan<byte> s, ReadOnlySpan<byte> literal) => FastMessageParser.Take(ref s, literal);

    /// <summary>The end of the record: the closing brace and nothing after it.</summary>
    public static bool End(ReadOnlySpan<byte> s) => s.Length == 1 && s[0] == (byte)'}';

    /// <summary>
    /// A required id after its opening quote: non-empty, no escape, and plainly valid (<see cref="IdRules.IsPlain"/>). An
    /// ASCII id without control characters or DEL holds none of the bytes <see cref="IdRules.IsPlain"/> refuses, so only
    /// its length is left to check; any other id takes <see cref="IdRules.IsPlain"/> itself.
    /// </summary>
    public static bool Id(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> id) =>
        Value(ref s, out id, out bool ascii) && !id.IsEmpty && (ascii ? id.Length <= IdRules.MaxUtf8Bytes : IdRules.IsPlain(id));

    /// <summary>A string value after its opening quote, with no escape.</summary>
    public static bool String(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> value) => Value(ref s, out value, out _);

    /// <summary>
    /// A string value up to its closing quote (consumed); false at a backslash or a control character, as
    /// <see cref="FastMessageParser.Value"/>. <paramref name="ascii"/> tells that every byte is below DEL (0x7F). A plain
    /// byte loop: these values are a few dozen bytes, and a loop of this assembly is compiled ahead of time, where the
    /// vectorised <c>SearchValues</c> search runs unoptimised (tier 0) for the first tens of thousands of lines on a
    /// machine with AVX-512 (docs/performance.md, "Stop 20: fixed costs and the other files").
    /// </summary>
    private static bool Value(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> value, out bool ascii)
    {
        int high = 0;
        for (int i = 0; i < s.Length; i++)
        {
            int b = s[i];
            if (b == '"')
            {
                value = s[..i];
                s = s[(i + 1)..];
                ascii = high < 0x7F;
                return true;
            }

            if (b == '\\' || b < 0x20)
            {
                break;
            }

            high = Math.Max(high, b);
        }

        value = default;
        ascii = false;
        return false;
    }

    /// <summary>Which of three words a string value is (0, 1, 2), or -1 for none of them.</summary>
    public static int Word(ReadOnlySpan<byte> value, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third) =>
        value.SequenceEqual(first) ? 0 : value.SequenceEqual(second) ? 1 : value.SequenceEqual(third) ? 2 : -1;

    /// <summary>A required RFC 3339 instant string (from its opening quote) in the supported range.</summary>
    public static bool Instant(scoped ref ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = NoTicks;
        return Take(ref s, "\""u8) && String(ref s, out var text) && Rfc3339.TryParseFast(text, out ticks);
    }

    /// <summary>An optional instant: <paramref name="key"/> (<c>,"name":</c>) and a string or <c>null</c>, or nothing (<see cref="NoTicks"/>).</summary>
    public static bool OptionalInstant(scoped ref ReadOnlySpan<byte> s, ReadOnlySpan<byte> key, out long ticks)
    {
        ticks = NoTicks;
        return !Take(ref s, key) || Take(ref s, "null"u8) || Instant(ref s, out ticks);
    }

    /// <summary>
    /// An amount written as a plain JSON number, <c>0</c> or <c>[1-9][0-9]*</c> with an optional fraction, at most 18
    /// digits, within <see cref="AmountRules"/>; the decimal keeps the written scale, as <see cref="decimal.Parse(string)"/> does.
    /// </summary>
    public static bool Amount(scoped ref ReadOnlySpan<byte> s, out decimal value)
    {
        value = 0;
        const int MaxDigits = 18;
        ulong mantissa = 0;
        int i = 0, digits = 0;
        if (s.IsEmpty || (uint)(s[0] - '0') > 9)
        {
            return false;
        }

        if (s[0] == '0')
        {
            i = 1;
            digits = 1;
        }
        else
        {
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                if (++digits > MaxDigits)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (uint)(s[i] - '0');
                i++;
            }
        }

        int scale = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                if (++digits > MaxDigits)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (uint)(s[i] - '0');
                scale++;
                i++;
            }

            if (scale == 0)
            {
                return false;
            }
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, false, (byte)scale);
        s = s[i..];
        return value <= AmountRules.MaxAmount;
    }

    /// <summary>An optional amount: <paramref name="key"/> and a number or <c>null</c> (then <paramref name="fallback"/>), or nothing (<paramref name="fallback"/>).</summary>
    public static bool OptionalAmount(scoped ref ReadOnlySpan<byte> s, ReadOnlySpan<byte> key, decimal fallback, out decimal value)
    {
        value = fallback;
        return !Take(ref s, key) || Take(ref s, "null"u8) || Amount(ref s, out value);
    }

    /// <summary>A count written as a plain JSON integer (<c>0</c> or <c>[1-9][0-9]*</c>) up to <see cref="AmountRules.MaxCount"/>.</summary>
    public static bool Count(scoped ref ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || (uint)(s[0] - '0') > 9)
        {
            return false;
        }

        int i = 0;
        if (s[0] == '0')
        {
            i = 1;
        }
        else
        {
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                value = (value * 10) + (s[i] - '0');
                if (value > AmountRules.MaxCount)
                {
                    return false;
                }

                i++;
            }
        }

        s = s[i..];
        return true;
    }

    /// <summary>An optional count: <paramref name="key"/> and an integer or <c>null</c> (then <paramref name="fallback"/>), or nothing (<paramref name="fallback"/>).</summary>
    public static bool OptionalCount(scoped ref ReadOnlySpan<byte> s, ReadOnlySpan<byte> key, int fallback, out int value)
    {
        value = fallback;
        return !Take(ref s, key) || Take(ref s, "null"u8) || Count(ref s, out value);
    }
}
