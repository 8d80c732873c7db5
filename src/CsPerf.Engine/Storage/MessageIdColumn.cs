using System.Runtime.CompilerServices;
using System.Text;

namespace CsPerf.Engine.Storage;

/// <summary>
/// The message ids of a dataset, in the order they were added. Ids are kept in a <see cref="Utf8Interner"/>, except
/// while they are appended unchecked (<see cref="BeginUnchecked"/>, a big load): then a run of ids that count up by one
/// behind a common prefix (<c>m1</c>, <c>m2</c>, <c>m3</c>, …, the numbering most chat exports use) keeps only its
/// first id, and the others are that id's prefix and its number plus their place in the run. Such a run costs a few
/// bytes however long it is, instead of each id's bytes, offset and hash (about 16 bytes a message), and its ids need
/// no hash check: two runs hold the same id only if their number ranges overlap.
/// </summary>
/// <remarks>
/// A number is a <em>plain</em> one (<see cref="TryParseNumbered"/>): the longest run of decimal digits at the end
/// of the id, 1 to 18 of them, without a leading zero unless it is the single digit <c>0</c>. Its id is then exactly
/// the prefix followed by the number written in decimal, so that ids of runs can be written back byte for byte, and
/// an id that is not plain can never equal one of a run. Entries are looked up (<see cref="Find"/>, checked
/// <see cref="GetOrAdd(ReadOnlySpan{byte}, out bool)"/>) only after the runs are written out into a plain
/// interner (<see cref="Expand"/>), which a load never needs. Not thread safe while ids are added; reads
/// (<see cref="GetString"/>, <see cref="CompareOrdinal"/>) may run on several threads.
/// </remarks>
internal sealed class MessageIdColumn
{
    /// <summary>Bytes a written-out id may need: an id of <see cref="IdRules.MaxUtf8Bytes"/> and a number one digit longer.</summary>
    internal const int MaxIdBytes = IdRules.MaxUtf8Bytes + 1;

    private const int MaxDigits = 18;

    private readonly object _expandGate = new();
    private Utf8Interner _stored; // the ids that are not in a run past its first entry, in order
    private int _count;

    // Segments of entries, in entry order; none (0) while every entry is the stored entry of the same index. A segment
    // runs to the next one's first entry (the last one to _count). A block: entries first, first + 1, … are stored
    // entries stored, stored + 1, …; a run: entry first is stored entry stored (its head), entry first + k is the
    // head's prefix and the head's number + k.
    private Segment[] _segs = [];
    private int _segments;
    private string?[]? _strings; // allocated on the first GetString: most message ids never become strings

    /// <summary>An empty column sized for <paramref name="capacity"/> ids.</summary>
    public MessageIdColumn(int capacity = 16) => _stored = new Utf8Interner(capacity);

    /// <summary>The ids added.</summary>
    public int Count => _count;

    /// <summary>Whether <see cref="BeginUnchecked"/> is on.</summary>
    public bool IsUnchecked => _stored.IsUnchecked;

    /// <summary>The stored ids (those not inside a run past its first id).</summary>
    internal int StoredCount => _stored.Count;

    /// <summary>Bytes of the stored ids.</summary>
    internal int DataLength => _stored.DataLength;

    /// <summary>The runs past their first id (tests).</summary>
    internal int RunCount
    {
        get
        {
            int runs = 0;
            for (int s = 0; s < _segments; s++)
            {
                runs += _segs[s].Number >= 0 ? 1 : 0;
            }

            return runs;
        }
    }

    /// <summary>
    /// The plain number at the end of an id: its longest run of decimal digits at the end, 1 to 18 of them, with no
    /// leading zero unless it is the single digit <c>0</c> (so the id is its prefix and the number written in decimal).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseNumbered(ReadOnlySpan<byte> id, out int prefixLength, out long number)
    {
        int i = id.Length;
        long value = 0;
        long scale = 1;
        while (i > 0 && id.Length - i < MaxDigits + 1)
        {
            uint d = (uint)(id[i - 1] - '0');
            if (d > 9)
            {
                break;
            }

            value += d * scale;
            scale *= 10;
            i--;
        }

        int digits = id.Length - i;
        prefixLength = i;
        number = value;
        return digits > 0 && digits <= MaxDigits && (i == 0 || (uint)(id[i - 1] - '0') > 9) && (digits == 1 || id[i] != (byte)'0');
    }

    /// <summary>
    /// Whether <paramref name="id"/> counts on from <paramref name="previous"/>: both plain-numbered
    /// (<see cref="TryParseNumbered"/>) behind the same prefix, the number one more. Cheap for ids that do not: only the
    /// last bytes are compared unless the last digit goes up by one (or from 9 to 0).
    /// </summary>
    /// <param name="previous">The id before.</param>
    /// <param name="id">The id.</param>
    /// <param name="previousPlain">True when <paramref name="previous"/> is known to be plain-numbered (it counted on from the id before it).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool CountsOn(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> id, bool previousPlain)
    {
        if (id.IsEmpty || previous.IsEmpty)
        {
            return false;
        }

        uint last = (uint)(id[^1] - '0');
        uint before = (uint)(previous[^1] - '0');
        if (before < 9 && last == before + 1 && id.Length == previous.Length)
        {
            // No carry: the same bytes but the last, so the same prefix and digit run (plain when the one before is).
            return id[..^1].SequenceEqual(previous[..^1]) && (previousPlain || TryParseNumbered(previous, out _, out _));
        }

        return before == 9 && last == 0 && CountsOnWithCarry(previous, id);
    }

    private static bool CountsOnWithCarry(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> id) =>
        TryParseNumbered(previous, out int p, out long n) && TryParseNumbered(id, out int q, out long m)
        && m == n + 1 && p == q && previous[..p].SequenceEqual(id[..q]);

    /// <summary>
    /// From now on ids are appended without lookups (see <see cref="Utf8Interner.BeginUnchecked"/>), and runs are kept
    /// as runs; <see cref="EndUnchecked"/> then tells whether all ids were distinct. Only for an empty column.
    /// </summary>
    public void BeginUnchecked()
    {
        if (_count != 0)
        {
            throw new InvalidOperationException("Only an empty column can skip its lookups.");
        }

        _stored.BeginUnchecked();
    }

    /// <summary>
    /// Ends <see cref="BeginUnchecked"/>: true when all the ids appended are distinct (the stored ones by their hashes,
    /// see <see cref="Utf8Interner.EndUnchecked"/>; the runs by their number ranges, and each stored plain-numbered id
    /// against them); false when some id came twice: the column must be discarded.
    /// </summary>
    /// <param name="threads">Threads the check may use.</param>
    public bool EndUnchecked(int threads = 1) => _stored.EndUnchecked(threads) && !RunsHoldDuplicates();

    /// <summary>While unchecked: parts where another thread keeps the hashes of ids it will <see cref="AppendUnchecked"/> (see <see cref="Utf8Interner.KeepHashesElsewhere"/>).</summary>
    public HashParts KeepHashesElsewhere(int share) => _stored.KeepHashesElsewhere(share);

    /// <summary>
    /// Adds an id: while unchecked, appends it (to the run of the id before when it counts on from it); else interns it
    /// (<paramref name="added"/> false and the known index when it is there already).
    /// </summary>
    public int GetOrAdd(ReadOnlySpan<byte> value, out bool added)
    {
        if (_stored.IsUnchecked && ContinuesLast(value))
        {
            added = true;
            return AppendContinuation();
        }

        return GetOrAdd(value, Utf8Interner.Hash(value), out added);
    }

    /// <summary><see cref="GetOrAdd(ReadOnlySpan{byte}, out bool)"/> with the <see cref="Utf8Interner.Hash"/> already known.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> value, int hash, out bool added)
    {
        if (_stored.IsUnchecked)
        {
            if (ContinuesLast(value))
            {
                added = true;
                return AppendContinuation();
            }

            _stored.GetOrAdd(value, hash, out added);
            return AddStored();
        }

        Expand();
        int index = _stored.GetOrAdd(value, hash, out added);
        if (added)
        {
            _count++;
        }

        return index;
    }

    /// <summary>While unchecked: appends an id whose hash is in parts of <see cref="KeepHashesElsewhere"/> (it is stored).</summary>
    public int AppendUnchecked(ReadOnlySpan<byte> value)
    {
        _stored.AppendUnchecked(value);
        return AddStored();
    }

    /// <summary>
    /// While unchecked: appends the id that counts on from the last one (same prefix, number plus one, as
    /// <see cref="TryParseNumbered"/> reads them), which the caller has checked; nothing of it is stored.
    /// </summary>
    public int AppendContinuation()
    {
        if (!_stored.IsUnchecked || _count == 0)
        {
            throw new InvalidOperationException("A run continues only an id appended unchecked.");
        }

        int last = _count - 1;
        if (_segments == 0 || _segs[_segments - 1].Number < 0)
        {
            // The id before is stored (by its index, or at the end of a block): it becomes the head of a run.
            int stored = _segments == 0 ? last : _segs[_segments - 1].Stored + (last - _segs[_segments - 1].First);
            if (!TryParseNumbered(_stored.GetBytes(stored), out int prefix, out long number) || number == long.MaxValue)
            {
                throw new InvalidOperationException("The id before has no plain number to count on from.");
            }

            if (_segments == 0)
            {
                if (last > 0)
                {
                    AddSegment(0, 0, -1, 0);
                }
            }
            else if (_segs[_segments - 1].First == last)
            {
                _segments--; // the block held only that id
            }

            AddSegment(last, stored, number, prefix);
        }

        return _count++;
    }

    /// <summary>While unchecked: <see cref="AppendContinuation"/> <paramref name="count"/> times (the ids after the last one, each counting on from the one before).</summary>
    public void AppendContinuations(int count)
    {
        if (count > 0)
        {
            AppendContinuation();
            _count += count - 1;
        }
    }

    /// <summary>Reads the slot where a lookup of <paramref name="hash"/> starts (see <see cref="Utf8Interner.Touch"/>).</summary>
    public long Touch(int hash) => _stored.Touch(hash);

    /// <summary>Takes the page faults of stored entries [<paramref name="from"/>, <paramref name="to"/>) and of their bytes ahead of the thread that appends them (see <see cref="Utf8Interner.TouchAhead"/>).</summary>
    public void TouchAhead(long from, long to, long fromByte, long toByte) => _stored.TouchAhead(from, to, fromByte, toByte);

    /// <summary>The index of an id, or -1 (writes the runs out first: see <see cref="Expand"/>).</summary>
    public int Find(ReadOnlySpan<byte> value)
    {
        Expand();
        return _stored.Find(value);
    }

    /// <summary>The bytes of entry <paramref name="index"/>: stored ones in place, one inside a run written into <paramref name="scratch"/> (at least <see cref="MaxIdBytes"/> bytes).</summary>
    public ReadOnlySpan<byte> GetBytes(int index, Span<byte> scratch)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        if (_segments == 0)
        {
            return _stored.GetBytes(index);
        }

        int s = SegmentOf(index);
        int k = index - _segs[s].First;
        long number = _segs[s].Number;
        if (number < 0 || k == 0)
        {
            return _stored.GetBytes(_segs[s].Stored + (number < 0 ? k : 0));
        }

        var head = _stored.GetBytes(_segs[s].Stored);
        int prefix = _segs[s].Prefix;
        head[..prefix].CopyTo(scratch);
        bool ok = (number + k).TryFormat(scratch[prefix..], out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        System.Diagnostics.Debug.Assert(ok, "scratch too small");
        return scratch[..(prefix + written)];
    }

    /// <summary>The string of an entry, created once and cached.</summary>
    public string GetString(int index)
    {
        var strings = _strings;
        if (strings is null || strings.Length < _count)
        {
            // Racing readers of a built dataset may each allocate; any of the arrays will do (the strings are equal).
            var old = strings;
            strings = new string?[_count];
            if (old is not null)
            {
                Array.Copy(old, strings, Math.Min(old.Length, strings.Length));
            }

            _strings = strings;
        }

        return strings[index] ??= Encoding.UTF8.GetString(_segments == 0 ? _stored.GetBytes(index) : GetBytes(index, stackalloc byte[MaxIdBytes]));
    }

    /// <summary>Ordinal (UTF-16 code unit) comparison of two entries, as <see cref="string.CompareOrdinal(string, string)"/>.</summary>
    public int CompareOrdinal(int a, int b)
    {
        if (a == b)
        {
            return 0;
        }

        if (_segments == 0)
        {
            return _stored.CompareOrdinal(a, b); // no runs: in place
        }

        return Utf8Interner.CompareUtf8Ordinal(GetBytes(a, stackalloc byte[MaxIdBytes]), GetBytes(b, stackalloc byte[MaxIdBytes]));
    }

    /// <summary>
    /// Writes the runs out: afterwards every entry is the stored entry of its index, so entries can be looked up. A load
    /// never needs it (lookups of message ids come from tests and checked adding after an unchecked load).
    /// </summary>
    internal void Expand()
    {
        if (_segments == 0)
        {
            return;
        }

        lock (_expandGate)
        {
            if (_segments == 0)
            {
                return;
            }

            if (_stored.IsUnchecked)
            {
                throw new InvalidOperationException("Ids appended unchecked are looked up only after EndUnchecked.");
            }

            var plain = new Utf8Interner(Math.Max(16, _count));
            Span<byte> scratch = stackalloc byte[MaxIdBytes];
            for (int i = 0; i < _count; i++)
            {
                plain.GetOrAdd(GetBytes(i, scratch), out _);
            }

            _stored = plain;
            _segments = 0;
        }
    }

    /// <summary>Whether a value counts on from the last id (<see cref="CountsOn"/>; the last id is plain when it is inside a run).</summary>
    private bool ContinuesLast(ReadOnlySpan<byte> value)
    {
        if (_count == 0)
        {
            return false;
        }

        bool inRun = _segments != 0 && _segs[_segments - 1].Number >= 0;
        return CountsOn(GetBytes(_count - 1, stackalloc byte[MaxIdBytes]), value, previousPlain: inRun);
    }

    /// <summary>Books the stored entry just appended as the next entry.</summary>
    private int AddStored()
    {
        int stored = _stored.Count - 1;
        if (_segments != 0 && _segs[_segments - 1].Number >= 0)
        {
            AddSegment(_count, stored, -1, 0); // a block after a run
        }

        return _count++;
    }

    private void AddSegment(int first, int stored, long number, int prefix)
    {
        if (_segments == _segs.Length)
        {
            Array.Resize(ref _segs, Math.Max(16, _segments * 2));
        }

        _segs[_segments++] = new Segment(first, stored, number, prefix);
    }

    /// <summary>The segment holding entry <paramref name="index"/> (the last one starting at or before it).</summary>
    private int SegmentOf(int index)
    {
        int lo = 0, hi = _segments - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_segs[mid].First <= index)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private int SegmentEnd(int s) => s + 1 < _segments ? _segs[s + 1].First : _count;

    /// <summary>
    /// Whether an id of a run (past its head) equals another id: two runs behind the same prefix whose number ranges
    /// overlap, or a stored plain-numbered id inside a run's range. (Stored ids among themselves, run heads included,
    /// are the hash check's.)
    /// </summary>
    private bool RunsHoldDuplicates()
    {
        if (_segments == 0)
        {
            return false;
        }

        var runs = new List<int>();
        for (int s = 0; s < _segments; s++)
        {
            if (_segs[s].Number >= 0)
            {
                runs.Add(s);
            }
        }

        if (runs.Count == 0)
        {
            return false;
        }

        runs.Sort((a, b) =>
        {
            int c = Prefix(a).SequenceCompareTo(Prefix(b));
            return c != 0 ? c : _segs[a].Number.CompareTo(_segs[b].Number);
        });
        for (int r = 1; r < runs.Count; r++)
        {
            int a = runs[r - 1], b = runs[r];
            if (Prefix(a).SequenceEqual(Prefix(b)) && _segs[b].Number <= LastNumber(a))
            {
                return true; // sorted by first number: ranges of one prefix that do not overlap one after the other
            }
        }

        for (int s = 0; s < _segments; s++)
        {
            if (_segs[s].Number >= 0)
            {
                continue;
            }

            for (int k = 0, n = SegmentEnd(s) - _segs[s].First; k < n; k++)
            {
                var id = _stored.GetBytes(_segs[s].Stored + k);
                if (TryParseNumbered(id, out int prefix, out long number) && InRun(runs, id[..prefix], number))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether a run of <paramref name="sorted"/> (by prefix, then first number; not overlapping) holds the number behind the prefix.</summary>
    private bool InRun(List<int> sorted, ReadOnlySpan<byte> prefix, long number)
    {
        int lo = 0, hi = sorted.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            int s = sorted[mid];
            int c = Prefix(s).SequenceCompareTo(prefix);
            if (c < 0 || (c == 0 && _segs[s].Number <= number))
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (found < 0)
        {
            return false;
        }

        int run = sorted[found];
        return Prefix(run).SequenceEqual(prefix) && number <= LastNumber(run);
    }

    private ReadOnlySpan<byte> Prefix(int s) => _stored.GetBytes(_segs[s].Stored)[.._segs[s].Prefix];

    private long LastNumber(int s) => _segs[s].Number + (SegmentEnd(s) - _segs[s].First - 1);

    /// <summary>A segment of entries (see the fields above).</summary>
    /// <param name="First">Its first entry.</param>
    /// <param name="Stored">The stored entry of its first entry.</param>
    /// <param name="Number">A run: the number of its head; a block: -1.</param>
    /// <param name="Prefix">A run: the length of its head's prefix.</param>
    private readonly record struct Segment(int First, int Stored, long Number, int Prefix);
}
