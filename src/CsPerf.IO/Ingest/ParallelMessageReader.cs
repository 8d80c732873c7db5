using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CsPerf.IO.Ingest;

/// <summary>
/// The multi-core variant of the messages.jsonl hot path. Parse workers take turns cutting the file into blocks of
/// whole lines and reduce each block on their own: every line of the common shape becomes a compact record (id and
/// conversation key bytes with their hashes, time, text flags and character count). The calling thread takes the
/// blocks back in file order and only interns ids and conversations into the <see cref="DatasetBuilder"/>. Lines the
/// fast parser refuses travel raw to the caller's general path, so results and errors are those of the sequential
/// reader.
/// </summary>
internal static class ParallelMessageReader
{
    /// <summary>Bytes per block (about 7 000 lines of 150 bytes).</summary>
    internal const int BlockSize = 1 << 20;

    /// <summary>Records whose id slots are touched together before they are interned.</summary>
    private const int TouchBatch = 64;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Reads every line; returns how many messages the fast path added.</summary>
    /// <param name="stream">The file.</param>
    /// <param name="builder">Where messages go (touched on the calling thread only; its pure text classifier is shared).</param>
    /// <param name="duplicate">Called with the line number and id of a duplicate message.</param>
    /// <param name="fallback">Called with each non-blank line the fast parser refused, in file order.</param>
    /// <param name="workers">Parse threads; 0 for one per core.</param>
    /// <param name="blockSize">Bytes per block (tests use small blocks).</param>
    public static long Read(Stream stream, DatasetBuilder builder, Action<long, string> duplicate, LineHandler fallback, int workers = 0, int blockSize = BlockSize)
    {
        if (workers <= 0)
        {
            workers = Math.Clamp(Environment.ProcessorCount, 1, 8);
        }

        var pipe = new Pipeline(stream, builder, workers * 2 + 2, blockSize);

        // Unchecked ids: each worker keeps the hashes of the ids it reduces for the check at the end (their order does
        // not matter), so the interning thread only appends the bytes.
        var hashes = builder.MessageIds.IsUnchecked ? Enumerable.Range(0, workers).Select(_ => builder.KeepMessageIdHashes(workers)).ToArray() : null;
        var threads = new Thread[workers];
        for (int t = 0; t < threads.Length; t++)
        {
            var kept = hashes?[t];
            threads[t] = new Thread(() => pipe.Work(kept)) { IsBackground = true, Name = "csperf-ingest-" + t };
            threads[t].Start();
        }

        long added = 0;
        long lineBase = 0;
        long touched = 0;
        try
        {
            while (pipe.TakeNext() is { } chunk)
            {
                var records = chunk.Records;
                var arena = chunk.Arena;
                var ids = builder.MessageIds;
                if (hashes is not null && chunk.Fallbacks == 0)
                {
                    touched = unchecked(touched + AddBlock(builder, chunk));
                    added += chunk.Count;
                    lineBase += chunk.LineCount;
                    pipe.Return(chunk);
                    continue;
                }

                bool lookIds = !ids.IsUnchecked; // unchecked ids are appended without a lookup: no slot to touch
                bool lastAdded = false; // the record before was reduced and added: a record with SameKey joins its conversation
                int change = 0; // the first key change of the batch (chunk.KeyChanges lists the records with !SameKey)
                for (int start = 0; start < chunk.Count; start += TouchBatch)
                {
                    int end = Math.Min(chunk.Count, start + TouchBatch);
                    if (lookIds)
                    {
                        for (int i = start; i < end; i++)
                        {
                            touched = unchecked(touched + ids.Touch(records[i].IdHash)); // a sum only to keep the loads: wraps by design
                        }
                    }

                    int changeEnd = change;
                    while (changeEnd < chunk.KeyChangeCount && chunk.KeyChanges[changeEnd] < end)
                    {
                        changeEnd++;
                    }

                    touched = unchecked(touched + TouchKeys(builder, records, chunk.KeyChanges.AsSpan(change, changeEnd - change)));
                    change = changeEnd;

                    for (int i = start; i < end; i++)
                    {
                        ref readonly var r = ref records[i];
                        if (r.Fallback)
                        {
                            fallback(chunk.Raw.AsSpan(r.Start, r.KeyLength), lineBase + r.Line);
                            lastAdded = false; // the general path may have added a message of another conversation
                            continue;
                        }

                        var id = arena.AsSpan(r.Start, r.IdLength);
                        var key = arena.AsSpan(r.KeyStart, r.KeyLength);
                        if (builder.TryAddReduced(id, r.IdHash, key, r.KeyHash, r.ShopLength, r.CustomerLength, chunk.Ticks[i], chunk.Flags[i], chunk.Chars[i], r.SameKey && lastAdded, hashes is not null, r.Continues))
                        {
                            added++;
                            lastAdded = true;
                        }
                        else
                        {
                            duplicate(lineBase + r.Line, Encoding.UTF8.GetString(id));
                            lastAdded = false;
                        }
                    }
                }

                lineBase += chunk.LineCount;
                pipe.Return(chunk);
            }
        }
        finally
        {
            pipe.Stop();
            foreach (var thread in threads)
            {
                thread.Join();
            }
        }

        // Rethrows a read failure of a worker (an IOException, …) on the calling thread.
        pipe.ThrowIfFailed();
        GC.KeepAlive(touched);
        return added;
    }

    /// <summary>
    /// Adds a block with no line for the general path while ids are unchecked (every record is added): its columns in
    /// bulk, then a conversation per run of one key (the key changes the worker listed, their table slots read a batch
    /// ahead), then the stored ids with the runs of counting ids between them. Returns a sum of the look-ahead reads.
    /// </summary>
    private static long AddBlock(DatasetBuilder builder, Chunk chunk)
    {
        int n = chunk.Count;
        var records = chunk.Records;
        var arena = chunk.Arena;
        int first = builder.AppendReducedMessages(chunk.Ticks.AsSpan(0, n), chunk.Flags.AsSpan(0, n), chunk.Chars.AsSpan(0, n));
        var changes = chunk.KeyChanges;
        int count = chunk.KeyChangeCount;
        long touched = 0;
        for (int start = 0; start < count; start += TouchBatch)
        {
            int end = Math.Min(count, start + TouchBatch);
            touched = unchecked(touched + TouchKeys(builder, records, changes.AsSpan(start, end - start)));
            for (int j = start; j < end; j++)
            {
                int at = changes[j];
                ref readonly var r = ref records[at];
                int to = j + 1 < count ? changes[j + 1] : n;
                builder.SetConversation(first + at, first + to, arena.AsSpan(r.KeyStart, r.KeyLength), r.KeyHash, r.ShopLength, r.CustomerLength);
            }
        }

        var ids = builder.MessageIds;
        var heads = chunk.HeadRecords;
        int next = 0;
        for (int j = 0; j < chunk.Heads; j++)
        {
            int h = heads[j];
            ids.AppendContinuations(h - next);
            ref readonly var r = ref records[h];
            ids.AppendUnchecked(arena.AsSpan(r.Start, r.IdLength));
            next = h + 1;
        }

        ids.AppendContinuations(n - next);
        return touched;
    }

    /// <summary>
    /// Reads ahead what interning the records at <paramref name="changes"/> (a batch of key changes) will look at, so
    /// that the cache misses of the batch overlap: first the slots of their conversations and customers (a new key is
    /// mostly a new conversation, which looks its customer up), then, the slots at hand, the records of known
    /// customers and the entries of known conversations (their bytes, compared by the lookup). Returns a sum of the
    /// reads (kept only so that they are not dropped: it wraps by design).
    /// </summary>
    private static long TouchKeys(DatasetBuilder builder, Record[] records, ReadOnlySpan<int> changes)
    {
        long touched = 0;
        foreach (int at in changes)
        {
            ref readonly var r = ref records[at];
            touched = unchecked(touched + builder.TouchConversation(r.KeyHash) + builder.TouchCustomer(r.CustomerHash, name: true));
        }

        foreach (int at in changes)
        {
            ref readonly var r = ref records[at];
            touched = unchecked(touched + builder.TouchCustomerRecord(r.CustomerHash) + builder.TouchConversationEntry(r.KeyHash));
        }

        return touched;
    }

    /// <summary>One line: a reduced message (id and key bytes in the arena) or a raw line for the general path.</summary>
    private struct Record
    {
        public int Line; // within the block, from 1
        public int Start; // arena offset of the id, or raw offset of a fallback line
        public int KeyStart; // arena offset of the key
        public int IdLength;
        public int KeyLength; // or the raw length of a fallback line
        public int ShopLength;
        public int CustomerLength;
        public int IdHash;
        public int KeyHash;
        public int CustomerHash; // of the customer id, set with the key (only a hint for touching: stale on a record with SameKey)
        public bool Fallback;
        public bool SameKey; // the conversation key of the record before (most runs hit the builder's last-key cache)
        public bool Continues; // unchecked ids: the id counts on from the record before's (MessageIdColumn run): not in the arena, no hash
    }

    private sealed class Chunk(int blockSize)
    {
        public byte[] Raw = new byte[blockSize];
        public int RawLength;
        public int RawStart; // 3 after a byte order mark at the start of the file
        public bool Last;
        public long Sequence;
        public int LineCount;
        public Record[] Records = new Record[Math.Max(64, blockSize / 64)];
        public long[] Ticks = new long[Math.Max(64, blockSize / 64)]; // the columns of the records (a fallback's unused)
        public byte[] Flags = new byte[Math.Max(64, blockSize / 64)];
        public int[] Chars = new int[Math.Max(64, blockSize / 64)];
        public int[] KeyChanges = new int[64]; // the reduced records that do not have the key of the record before
        public int KeyChangeCount;
        public int[] HeadRecords = new int[64]; // the reduced records whose ids are stored (Heads of them)
        public int Fallbacks; // its lines for the general path
        public int Count;
        public byte[] Arena = new byte[Math.Max(256, blockSize / 2)];
        public int Used;
        public long IdBytes; // bytes of the ids of its reduced records (those stored: not continuing a run)
        public int Heads; // its reduced records whose ids are stored (listed in HeadRecords)

        public void Append(ReadOnlySpan<byte> value)
        {
            if (Used + value.Length > Arena.Length)
            {
                Array.Resize(ref Arena, Math.Max(Arena.Length * 2, Used + value.Length));
            }

            value.CopyTo(Arena.AsSpan(Used));
            Used += value.Length;
        }

        /// <summary>Appends <paramref name="length"/> bytes of a block; up to 32 bytes in two 16-byte moves when both sides have room.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AppendFrom(ReadOnlySpan<byte> block, int at, int length)
        {
            if (length <= 32 && at + 32 <= block.Length && Used + 32 <= Arena.Length)
            {
                ref byte from = ref Unsafe.Add(ref MemoryMarshal.GetReference(block), at);
                ref byte to = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Arena), Used);
                Unsafe.WriteUnaligned(ref to, Unsafe.ReadUnaligned<System.Runtime.Intrinsics.Vector128<byte>>(ref from));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 16), Unsafe.ReadUnaligned<System.Runtime.Intrinsics.Vector128<byte>>(ref Unsafe.Add(ref from, 16)));
                Used += length;
                return;
            }

            Append(block.Slice(at, length));
        }

        public void AppendByte(byte value)
        {
            if (Used == Arena.Length)
            {
                Array.Resize(ref Arena, Arena.Length * 2);
            }

            Arena[Used++] = value;
        }

        /// <summary>The next record; its index is <c>Count - 1</c> after the call.</summary>
        public ref Record Add()
        {
            if (Count == Records.Length)
            {
                int size = Records.Length * 2;
                Array.Resize(ref Records, size);
                Array.Resize(ref Ticks, size);
                Array.Resize(ref Flags, size);
                Array.Resize(ref Chars, size);
            }

            return ref Records[Count++];
        }

        public void AddKeyChange(int record) => Push(ref KeyChanges, ref KeyChangeCount, record);

        public void AddHead(int record) => Push(ref HeadRecords, ref Heads, record);

        private static void Push(ref int[] list, ref int count, int value)
        {
            if (count == list.Length)
            {
                Array.Resize(ref list, count * 2);
            }

            list[count++] = value;
        }
    }

    /// <summary>
    /// The shared state, guarded by one lock: the file cut into blocks (workers read in turn), a bounded pool of
    /// chunks, and a ring of parsed chunks the consumer takes in sequence order.
    /// </summary>
    private sealed class Pipeline
    {
        private readonly object _gate = new();
        private readonly Stream _stream;
        private readonly TextClassifier _classifier;
        private readonly DatasetBuilder _builder;
        private readonly object _touchGate = new();
        private long _touchedRecords; // message columns touched ahead up to here (an estimate of the interning cursor)
        private long _touchedBytes; // id arena bytes touched ahead up to here
        private long _touchedStored; // stored ids touched ahead up to here
        private readonly int _blockSize;
        private readonly Stack<Chunk> _free = new();
        private readonly Chunk?[] _ring;
        private readonly object _readLock = new();
        private byte[] _carry = [];
        private int _carryLength;
        private bool _eof;
        private bool _started;
        private long _nextRead;
        private long _nextTake;
        private long _total = -1; // chunks in the file, once the end is reached
        private int _allocated;
        private bool _stopped;
        private Exception? _failure;

        public Pipeline(Stream stream, DatasetBuilder builder, int maxChunks, int blockSize)
        {
            _stream = stream;
            _builder = builder;
            _classifier = builder.Classifier;
            _touchedRecords = builder.MessageCount;
            _touchedBytes = builder.MessageIds.DataLength;
            _touchedStored = builder.MessageIds.StoredCount;
            _blockSize = blockSize;
            _ring = new Chunk?[maxChunks];
        }

        /// <summary>A parse worker's loop; <paramref name="hashes"/> keeps the id hash of every record it reduces (unchecked ids).</summary>
        public void Work(HashParts? hashes)
        {
            var parser = new FastMessageParser();
            var scanner = new LineScanner();
            try
            {
                while (true)
                {
                    var chunk = Rent();
                    if (chunk is null || !Fill(chunk))
                    {
                        if (chunk is not null)
                        {
                            Return(chunk);
                        }

                        return;
                    }

                    Parse(chunk, parser, scanner, hashes);
                    TouchAhead(chunk);
                    lock (_gate)
                    {
                        _ring[chunk.Sequence % _ring.Length] = chunk;
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    _failure ??= ex;
                    _stopped = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>The next chunk in file order, or null at the end (or after a worker failed).</summary>
        public Chunk? TakeNext()
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_failure is not null || _nextTake == _total)
                    {
                        return null;
                    }

                    int slot = (int)(_nextTake % _ring.Length);
                    if (_ring[slot] is { } chunk && chunk.Sequence == _nextTake)
                    {
                        _ring[slot] = null;
                        _nextTake++;
                        return chunk;
                    }

                    Monitor.Wait(_gate);
                }
            }
        }

        public void Return(Chunk chunk)
        {
            chunk.Count = 0;
            chunk.Used = 0;
            chunk.LineCount = 0;
            chunk.IdBytes = 0;
            chunk.Heads = 0;
            chunk.KeyChangeCount = 0;
            chunk.Fallbacks = 0;
            lock (_gate)
            {
                _free.Push(chunk);
                Monitor.PulseAll(_gate);
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                _stopped = true;
                Monitor.PulseAll(_gate);
            }
        }

        public void ThrowIfFailed()
        {
            if (_failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
            }
        }

        private Chunk? Rent()
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_stopped)
                    {
                        return null;
                    }

                    if (_free.TryPop(out var chunk))
                    {
                        return chunk;
                    }

                    if (_allocated < _ring.Length)
                    {
                        _allocated++;
                        return new Chunk(_blockSize);
                    }

                    Monitor.Wait(_gate);
                }
            }
        }

        /// <summary>Cuts the next block of whole lines into the chunk; false at the end of the file.</summary>
        private bool Fill(Chunk chunk)
        {
            lock (_readLock)
            {
                if (_eof && _carryLength == 0)
                {
                    return false;
                }

                if (chunk.Raw.Length < Math.Max(_blockSize, _carryLength))
                {
                    chunk.Raw = new byte[Math.Max(_blockSize, _carryLength * 2)];
                }

                byte[] raw = chunk.Raw;
                Buffer.BlockCopy(_carry, 0, raw, 0, _carryLength);
                int filled = _carryLength;
                int limit;
                while (true)
                {
                    if (filled == raw.Length)
                    {
                        // One line longer than a block: grow rather than cut it.
                        Array.Resize(ref raw, raw.Length * 2);
                        chunk.Raw = raw;
                    }

                    int read = _eof ? 0 : _stream.Read(raw, filled, raw.Length - filled);
                    if (read == 0)
                    {
                        _eof = true;
                        limit = filled;
                        break;
                    }

                    int searchFrom = filled;
                    filled += read;
                    int nl = raw.AsSpan(searchFrom, filled - searchFrom).LastIndexOf((byte)'\n');
                    if (nl >= 0)
                    {
                        limit = searchFrom + nl + 1;
                        break;
                    }
                }

                chunk.RawStart = 0;
                if (!_started)
                {
                    _started = true;
                    if (raw.AsSpan(0, limit).StartsWith(Bom))
                    {
                        chunk.RawStart = 3;
                    }
                }

                _carryLength = filled - limit;
                if (_carry.Length < _carryLength)
                {
                    _carry = new byte[Math.Max(_carryLength, _blockSize)];
                }

                Buffer.BlockCopy(raw, limit, _carry, 0, _carryLength);
                chunk.RawLength = limit;
                chunk.Last = _eof && _carryLength == 0;
                chunk.Sequence = _nextRead++;
                if (chunk.Last)
                {
                    lock (_gate)
                    {
                        _total = _nextRead;
                        Monitor.PulseAll(_gate);
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// Takes the page faults of the builder's columns for as many messages as the chunk holds, ahead of the
        /// interning thread (workers run ahead of it by the ring, so the pages are touched before it writes them).
        /// Positions are estimates (chunks finish out of order, fallback lines are counted): a miss only costs the
        /// fault on the interning thread, as before.
        /// </summary>
        private void TouchAhead(Chunk chunk)
        {
            long from, to, fromStored, toStored, fromByte, toByte;
            lock (_touchGate)
            {
                from = _touchedRecords;
                fromStored = _touchedStored;
                fromByte = _touchedBytes;
                _touchedRecords += chunk.Count;
                _touchedStored += chunk.Heads;
                _touchedBytes += chunk.IdBytes;
                to = _touchedRecords;
                toStored = _touchedStored;
                toByte = _touchedBytes;
            }

            _builder.TouchMessagesAhead(from, to, fromStored, toStored, fromByte, toByte);
        }

        private void Parse(Chunk chunk, FastMessageParser parser, LineScanner scanner, HashParts? hashes)
        {
            var span = chunk.Raw.AsSpan();
            int pos = chunk.RawStart;
            int limit = chunk.RawLength;

            // One UTF-8 check of the whole block (cut at line ends, so at character boundaries) spares one per line;
            // a block with a bad byte anywhere checks line by line, as before (and skips the line scanner).
            bool validUtf8 = Utf8Check.IsValid(span[pos..limit]);
            scanner.Reset(); // the masks of the block before are stale
            int line = 0;
            int prevKeyStart = 0, prevKeyLength = -1, prevKeyHash = 0, prevShopLength = 0, prevCustomerLength = 0;
            int prevSegment = 0, prevSegmentLength = -1; // raw shop..account of the record before, when it was scanned
            bool runs = hashes is not null; // unchecked ids: an id counting on from the one before is not stored (MessageIdColumn)
            int prevId = 0, prevIdLength = -1; // the id of the record before (common layout) in the block, or -1
            bool prevPlain = false; // that id is plain-numbered (it counted on from the one before it)
            var dates = default(DateCache);
            while (pos < limit)
            {
                int lineStart = pos;
                int lineEnd = -1;
                bool common = false;
                CommonLine c = default;
                if (validUtf8)
                {
                    lineEnd = scanner.Next(span, pos, limit, out c, out common);
                }

                if (lineEnd < 0)
                {
                    int nl = span[pos..limit].IndexOf((byte)'\n');
                    lineEnd = nl < 0 ? limit : pos + nl;
                }

                var text = span[pos..lineEnd];
                if (!text.IsEmpty && text[^1] == '\r')
                {
                    text = text[..^1];
                }

                line++;
                pos = lineEnd < limit ? lineEnd + 1 : limit;
                if (common && Rfc3339.TryParseCommon(span.Slice(c.At, c.AtLength), ref dates, out long ticks))
                {
                    // The scanned common layout: the key is copied (and hashed) only when it changes. (The interning
                    // thread reads ids from the compact arena: reading them from the block costs it cache misses.)
                    ref var r = ref chunk.Add();
                    r.Fallback = false;
                    r.Line = line;
                    var id = span.Slice(c.Id, c.IdLength);
                    bool continues = runs && prevIdLength >= 0 && MessageIdColumn.CountsOn(span.Slice(prevId, prevIdLength), id, prevPlain);
                    r.Continues = continues;
                    prevPlain = continues;
                    prevId = c.Id;
                    prevIdLength = c.IdLength;
                    if (continues)
                    {
                        r.Start = chunk.Used;
                        r.IdLength = 0;
                        r.IdHash = 0;
                    }
                    else
                    {
                        r.Start = chunk.Used;
                        chunk.AppendFrom(span, c.Id, c.IdLength);
                        r.IdLength = c.IdLength;
                        chunk.IdBytes += c.IdLength;
                        chunk.AddHead(chunk.Count - 1);
                        r.IdHash = Utf8Interner.Hash(id);
                        hashes?.Add(r.IdHash);
                    }

                    int segmentLength = c.Account + c.AccountLength - c.Shop;
                    if (segmentLength == prevSegmentLength && SameBytes(span, c.Shop, prevSegment, segmentLength))
                    {
                        // Same bytes from shop to account (the literals between are fixed and values hold no quote): the same key.
                        r.KeyStart = prevKeyStart;
                        r.KeyLength = prevKeyLength;
                        r.KeyHash = prevKeyHash;
                        r.ShopLength = prevShopLength;
                        r.CustomerLength = prevCustomerLength;
                        r.SameKey = true;
                    }
                    else
                    {
                        int keyStart = chunk.Used;
                        chunk.Append(span.Slice(c.Shop, c.ShopLength));
                        chunk.AppendByte(0);
                        chunk.Append(span.Slice(c.Customer, c.CustomerLength));
                        chunk.AppendByte(0);
                        chunk.Append(span.Slice(c.Account, c.AccountLength));
                        SetKey(ref r, chunk, keyStart, c.ShopLength, c.CustomerLength, ref prevKeyStart, ref prevKeyLength, ref prevKeyHash);
                        prevShopLength = c.ShopLength; // (not read back from the record: its line may still be on its way)
                        prevCustomerLength = c.CustomerLength;
                        if (!r.SameKey)
                        {
                            chunk.AddKeyChange(chunk.Count - 1);
                        }
                    }

                    prevSegment = c.Shop;
                    prevSegmentLength = segmentLength;
                    int k = chunk.Count - 1;
                    chunk.Ticks[k] = ticks;
                    chunk.Chars[k] = c.Chars;
                    chunk.Flags[k] = _classifier.Classify(c.Dir, span.Slice(c.Text, c.TextLength), c.HasText);
                }
                else if (parser.TryParse(text, out var m, validUtf8))
                {
                    ref var r = ref chunk.Add();
                    r.Fallback = false;
                    r.Continues = false;
                    prevIdLength = -1; // (the id may sit in the parser's scratch: not compared with)
                    r.Line = line;
                    r.Start = chunk.Used;
                    chunk.Append(m.Id);
                    chunk.AddHead(chunk.Count - 1);
                    int keyStart = chunk.Used;
                    chunk.Append(m.Shop);
                    chunk.AppendByte(0);
                    chunk.Append(m.Customer);
                    chunk.AppendByte(0);
                    chunk.Append(m.Account);
                    r.IdLength = m.Id.Length;
                    chunk.IdBytes += m.Id.Length;
                    r.IdHash = Utf8Interner.Hash(m.Id);
                    hashes?.Add(r.IdHash);
                    SetKey(ref r, chunk, keyStart, m.Shop.Length, m.Customer.Length, ref prevKeyStart, ref prevKeyLength, ref prevKeyHash);
                    prevShopLength = r.ShopLength;
                    prevCustomerLength = r.CustomerLength;
                    prevSegmentLength = -1;
                    int k = chunk.Count - 1;
                    if (!r.SameKey)
                    {
                        chunk.AddKeyChange(k);
                    }

                    chunk.Ticks[k] = m.Ticks;
                    chunk.Flags[k] = _classifier.Classify(m.Dir, m.Text, m.HasText, out chunk.Chars[k]);
                }
                else if (!LineSplitter.IsBlank(text))
                {
                    ref var r = ref chunk.Add();
                    chunk.Fallbacks++;
                    r.Fallback = true;
                    r.Continues = false;
                    prevIdLength = -1; // the general path adds what it adds in between
                    r.SameKey = true;
                    r.IdHash = 0;
                    r.KeyHash = 0;
                    r.Line = line;
                    r.Start = lineStart;
                    r.KeyLength = text.Length;
                }
            }

            chunk.LineCount = line;
        }

        /// <summary>Whether the <paramref name="length"/> (8 and up) bytes at <paramref name="a"/> and <paramref name="b"/> are equal, compared as 8-byte words in place.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool SameBytes(ReadOnlySpan<byte> block, int a, int b, int length)
        {
            if (length < 8)
            {
                return block.Slice(a, length).SequenceEqual(block.Slice(b, length));
            }

            ref byte pa = ref MemoryMarshal.GetReference(block.Slice(a, length));
            ref byte pb = ref MemoryMarshal.GetReference(block.Slice(b, length));
            ulong diff = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref pa, length - 8)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref pb, length - 8));
            for (int i = 0; i < length - 8; i += 8)
            {
                diff |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref pa, i)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref pb, i));
            }

            return diff == 0;
        }

        /// <summary>Sets the key (just appended to the arena from <paramref name="keyStart"/>) of a record, and whether it is the key of the record before.</summary>
        private static void SetKey(ref Record r, Chunk chunk, int keyStart, int shopLength, int customerLength, ref int prevKeyStart, ref int prevKeyLength, ref int prevKeyHash)
        {
            r.KeyStart = keyStart;
            r.KeyLength = chunk.Used - keyStart;
            r.ShopLength = shopLength;
            r.CustomerLength = customerLength;
            var key = chunk.Arena.AsSpan(keyStart, r.KeyLength);
            r.KeyHash = Utf8Interner.Hash(key);
            r.CustomerHash = Utf8Interner.Hash(key.Slice(shopLength + 1, customerLength));
            r.SameKey = r.KeyHash == prevKeyHash && key.SequenceEqual(chunk.Arena.AsSpan(prevKeyStart, Math.Max(0, prevKeyLength)));
            prevKeyStart = keyStart;
            prevKeyLength = r.KeyLength;
            prevKeyHash = r.KeyHash;
        }
    }
}
