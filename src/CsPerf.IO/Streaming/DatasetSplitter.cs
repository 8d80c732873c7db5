using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CsPerf.IO.Ingest;
using Microsoft.Win32.SafeHandles;

namespace CsPerf.IO.Streaming;

/// <summary>
/// Splits the line files of a dataset folder into part folders by customer (docs/partials.md "Streaming"): a record
/// goes to the part of its (shop, customer), refunds and reviews to the part of the order they name, a line whose
/// keys cannot be found to part 0 (where the normal reader reports it). Each part file has a line map
/// (<c>X.jsonl.lines</c>) giving the original line of each of its lines, so every problem is reported with the original
/// file and line. <c>roster.json</c> is copied into every part (the roster is shared).
/// </summary>
/// <remarks>
/// Ids (messages, orders, refunds) are decided here, exactly as the whole folder's reader decides them: the first
/// record of an id that the reader would keep is kept (in its own part), and every later record of that id the reader
/// would keep is reported here as a duplicate and written to no part. Ids are held as a hash and the file offset of
/// their first line; a hash match is confirmed by reading the id at that offset again, and whether a line would be
/// kept is found by parsing it (and the first line of its id) with the reader's own parsers, only when an id comes
/// again. CSV records and their problems are those of <see cref="CsvRecordReader"/>: a malformed record is reported
/// here and goes to no part.
/// </remarks>
internal static class DatasetSplitter
{
    private const int BlockSize = 1 << 22;

    /// <summary>The longest key value kept (an id of <see cref="IdRules.MaxUtf8Bytes"/> bytes written with escapes fits).</summary>
    private const int MaxKeyBytes = 2048;

    /// <summary>What splitting found.</summary>
    /// <param name="Bytes">Bytes of the original line files.</param>
    /// <param name="AccountOrder">The first position (file index, line) of each (shop, account) met in messages, ratings and complaints.</param>
    /// <param name="Problems">The problems decided while splitting (duplicate ids, malformed CSV records), the first ones of each file in file order.</param>
    /// <param name="ProblemCount">How many problems were decided while splitting.</param>
    /// <param name="Unsplittable">A file cannot be split (a CSV header that does not parse): the folder must be read whole, which reports it.</param>
    public sealed record Result(
        long Bytes,
        Dictionary<(string Shop, string Account), (int File, long Line)> AccountOrder,
        IReadOnlyList<RejectedLine> Problems,
        long ProblemCount,
        bool Unsplittable);

    /// <summary>The part of a (shop, customer): a stable 64-bit FNV-1a hash of both ids' UTF-8, modulo the parts.</summary>
    public static int PartOf(ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer, int parts) => (int)(PartOf64(shop, customer) % (ulong)parts);

    private static ulong PartOf64(ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in shop)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        h = (h ^ 0xFF) * 1099511628211UL; // a byte no UTF-8 id holds, between the two ids
        foreach (byte b in customer)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        h ^= h >> 29;
        return h;
    }

    /// <summary>Splits the line files of <paramref name="dir"/> (paths as picked, null when absent) into <paramref name="parts"/> folders under <paramref name="temp"/>.</summary>
    /// <param name="dir">The dataset folder.</param>
    /// <param name="paths">The path of each of <see cref="DatasetFiles.All"/>, null when absent.</param>
    /// <param name="parts">How many parts.</param>
    /// <param name="temp">The folder the part folders are written in.</param>
    /// <param name="idHashBits">How many bits of the id hashes are kept (64; fewer in tests, to make different ids collide).</param>
    public static Result Split(string dir, IReadOnlyList<string?> paths, int parts, string temp, int idHashBits = 64)
    {
        var partDirs = new string[parts];
        for (int p = 0; p < parts; p++)
        {
            partDirs[p] = Path.Combine(temp, "part" + p.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(partDirs[p]);
            string roster = Path.Combine(dir, RosterReader.FileName);
            if (File.Exists(roster))
            {
                File.Copy(roster, Path.Combine(partDirs[p], RosterReader.FileName));
            }
        }

        var split = new Splitter(parts);
        var sources = new List<Source>();
        long bytes = 0;
        var files = DatasetFiles.All;
        try
        {
            for (int f = 0; f < files.Length; f++)
            {
                if (paths[f] is not { } path)
                {
                    continue;
                }

                var file = files[f];
                var source = new Source(file, path);
                sources.Add(source);
                bytes += source.Length;
                var ids = file == DatasetFiles.Messages || file == DatasetFiles.Orders || file == DatasetFiles.Refunds
                    ? new IdLedger(source, idHashBits, source.Length / 150)
                    : null;
                if (file == DatasetFiles.Orders)
                {
                    split.Orders = ids;
                }

                var writers = new PartWriter[parts];
                try
                {
                    for (int p = 0; p < parts; p++)
                    {
                        writers[p] = new PartWriter(Path.Combine(partDirs[p], Path.GetFileName(path)));
                    }

                    var context = new FileContext(f, source, ids, writers, new Router(source.Keys));
                    bool splittable = source.Csv ? split.Csv(context) : split.Jsonl(context);
                    if (!splittable)
                    {
                        return new Result(bytes, split.Accounts, split.Problems, split.ProblemCount, Unsplittable: true);
                    }
                }
                finally
                {
                    foreach (var w in writers)
                    {
                        w?.Dispose();
                    }
                }
            }
        }
        finally
        {
            foreach (var s in sources)
            {
                s.Dispose();
            }
        }

        return new Result(bytes, split.Accounts, split.Problems, split.ProblemCount, Unsplittable: false);
    }

    [Flags]
    private enum Keys
    {
        Customer = 1,
        Account = 2,
        Id = 4,
        Order = 8,
    }

    /// <summary>What is known of an id (<see cref="IdLedger"/>).</summary>
    private enum IdState : byte
    {
        /// <summary>One line seen, not yet parsed: whether it is kept is found when the id comes again.</summary>
        Unresolved = 0,

        /// <summary>A record of the id is kept (in the part the ledger holds).</summary>
        Kept = 1,

        /// <summary>Every line of the id so far is refused (bad fields): the next good one is kept.</summary>
        None = 2,
    }

    /// <summary>One file being split: its source, its ids (null for a file without ids), its part writers and its router.</summary>
    private sealed record FileContext(int Index, Source Source, IdLedger? Ids, PartWriter[] Writers, Router Router);

    /// <summary>The state of one split across the files: the order ids, the accounts met, the problems decided.</summary>
    private sealed class Splitter(int parts)
    {
        private readonly Dictionary<ulong, List<byte[]>> _seenAccounts = [];
        private readonly List<RejectedLine> _problems = [];

        public IdLedger? Orders { get; set; }

        public Dictionary<(string, string), (int, long)> Accounts { get; } = [];

        public IReadOnlyList<RejectedLine> Problems => _problems;

        public long ProblemCount { get; private set; }

        /// <summary>
        /// Splits a JSON Lines file line by line on two threads (docs/performance.md "Streaming report in bounded
        /// memory"): a reader thread reads blocks, cuts their lines and reads their keys (<see cref="Cutter"/>); this
        /// thread takes the blocks in file order, decides the ids and writes each line to its part, so the parts are
        /// byte for byte what one thread writes.
        /// </summary>
        public bool Jsonl(FileContext f)
        {
            using var cancel = new CancellationTokenSource();
            using var free = new BlockingCollection<Block>();
            using var ready = new BlockingCollection<Block>(Cutter.Blocks);
            for (int i = 0; i < Cutter.Blocks; i++)
            {
                free.Add(new Block());
            }

            var cutter = Task.Factory.StartNew(
                () => Cutter.Run(f.Source, parts, f.Ids, free, ready, cancel.Token),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            try
            {
                foreach (var block in ready.GetConsumingEnumerable())
                {
                    Route(f, block);
                    free.Add(block);
                }

                cutter.GetAwaiter().GetResult(); // its failure, if any
            }
            finally
            {
                cancel.Cancel();
                ((IAsyncResult)cutter).AsyncWaitHandle.WaitOne();
            }

            return true;
        }

        /// <summary>Routes the lines of one block, in order.</summary>
        private void Route(FileContext f, Block block)
        {
            bool byOrder = f.Router.Routes(Keys.Order);
            for (int i = 0; i < block.Count; i++)
            {
                ref var k = ref block.Lines[i];
                var text = block.Buffer.AsSpan(k.Start, k.Length);
                long line = block.FirstLine + i;
                int part = 0;
                if (k.Found)
                {
                    part = byOrder ? PartByOrder(block.Key(k.Order, k.OrderLength)) : k.Part;
                    part = DecideId(f, part, block.Offset + k.Start, line, text, null, block.Key(k.Id, k.IdLength), k.IdHash);
                    if (part >= 0)
                    {
                        Register(f, line, block.Key(k.Shop, k.ShopLength), block.Key(k.Account, k.AccountLength), k.AccountHash, text, null);
                    }
                }

                if (part >= 0)
                {
                    f.Writers[part].Write(text, line, 1);
                }
            }
        }

        /// <summary>Splits a CSV file record by record, as <see cref="CsvRecordReader"/> cuts it; false when its header does not parse.</summary>
        public bool Csv(FileContext f)
        {
            using var input = new FileStream(f.Source.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var raw = f.Source.OpenRaw();
            var csv = new CsvRecordReader(input);
            var fields = new List<string>();
            var router = f.Router;
            string[]? header = null;
            long start = csv.Position;
            while (csv.Read(fields))
            {
                long end = csv.Position;
                long line = csv.StartLine;
                int lines = (int)Math.Max(csv.NextLine - csv.StartLine, 1);
                if (csv.IsBlank)
                {
                    start = end;
                    continue;
                }

                if (csv.Problem is not null)
                {
                    if (header is null)
                    {
                        return false; // the whole folder's reader reports it (and reads no record of the file)
                    }

                    Problem(f.Source.Name, line, null, csv.Problem);
                    start = end;
                    continue;
                }

                var bytes = raw.Read(start, end);
                if (header is null)
                {
                    header = [.. fields.Select(x => x.Trim())];
                    csv.ExpectedFields = header.Length;
                    f.Source.Header = header;
                    foreach (var w in f.Writers)
                    {
                        w.Write(bytes, line, lines); // every part needs the header
                    }

                    start = end;
                    continue;
                }

                router.ExtractCsv(fields, header);
                int part = router.Routes(Keys.Order) ? PartByOrder(router.OrderLength > 0 ? router.OrderSpan : default)
                    : router.ShopLength > 0 && router.CustomerLength > 0 ? DatasetSplitter.PartOf(router.ShopSpan, router.CustomerSpan, parts) : 0;
                var id = router.IdLength > 0 ? router.IdSpan : default;
                part = DecideId(f, part, start, line, default, fields, id, f.Ids?.Hash(id) ?? 0);
                if (part >= 0)
                {
                    var shop = router.ShopLength > 0 ? router.ShopSpan : default;
                    var account = router.AccountLength > 0 ? router.AccountSpan : default;
                    Register(f, line, shop, account, router.Routes(Keys.Account) && !shop.IsEmpty && !account.IsEmpty ? PartOf64(shop, account) : 0, default, fields);
                    f.Writers[part].Write(bytes, line, lines);
                }

                start = end;
            }

            return true;
        }

        /// <summary>The part of a refund or review: its order's (the part of the kept order), 0 when the order is unknown.</summary>
        private int PartByOrder(ReadOnlySpan<byte> order) =>
            !order.IsEmpty && Orders is { } orders && orders.Find(order) is long slot and >= 0 && orders.StateOf(slot) != IdState.None
                ? orders.PartOf(slot)
                : 0;

        /// <summary>
        /// The part of a record of a file with ids, or -1 when it is a duplicate (reported here): a new id is noted with
        /// its line's offset; an id met again is a duplicate when this record would be kept and an earlier one of the id
        /// was; else the record goes to its own part (and is the kept one of its id when it would be kept).
        /// </summary>
        private int DecideId(FileContext f, int part, long offset, long line, ReadOnlySpan<byte> json, List<string>? csvFields, ReadOnlySpan<byte> id, uint idHash)
        {
            if (f.Ids is not { } ids || id.IsEmpty)
            {
                return part;
            }

            long slot = ids.FindOrAdd(id, idHash, offset, part, out bool added);
            if (added)
            {
                return part;
            }

            bool keptBefore = Resolve(ids, slot) == IdState.Kept;
            object? record = csvFields is null ? f.Source.ParseJson(json, line == 1) : f.Source.ParseCsv(csvFields);
            if (!WouldKeep(record))
            {
                return part;
            }

            if (keptBefore)
            {
                string kind = f.Source.Kind.Name[..^1]; // messages → message
                Problem(f.Source.Name, line, "id", $"duplicate {kind} id \"{IdOf(record!)}\"");
                return -1;
            }

            ids.Set(slot, IdState.Kept, part);
            return part;
        }

        private static string IdOf(object record) => record switch
        {
            Message m => m.Id,
            Order o => o.Id,
            Refund r => r.Id,
            _ => throw new InvalidOperationException("a record without id"),
        };

        /// <summary>Whether the reader would keep a parsed record (null: refused) were its id new: a refund also needs a kept order.</summary>
        private bool WouldKeep(object? record) =>
            record is not null && (record is not Refund refund || OrderKept(refund.Order));

        private bool OrderKept(string order) =>
            Orders is { } orders && orders.Find(Encoding.UTF8.GetBytes(order)) is long slot and >= 0 && Resolve(orders, slot) == IdState.Kept;

        /// <summary>Whether a record of the id is kept, parsing its first line when that is not known yet.</summary>
        private IdState Resolve(IdLedger ids, long slot)
        {
            var state = ids.StateOf(slot);
            if (state == IdState.Unresolved)
            {
                state = WouldKeep(ids.Source.RecordAt(ids.OffsetOf(slot))) ? IdState.Kept : IdState.None;
                ids.Set(slot, state, ids.PartOf(slot));
            }

            return state;
        }

        /// <summary>
        /// Notes the first position of a (shop, account) of messages, ratings and complaints (to order the roster
        /// warnings): the first line the reader keeps, as the whole folder's reader meets the account only there (a line
        /// refused for a bad time, say, is not that position; only a line of an account not yet placed is parsed).
        /// </summary>
        private void Register(FileContext f, long line, ReadOnlySpan<byte> shop, ReadOnlySpan<byte> account, ulong hash, ReadOnlySpan<byte> json, List<string>? csvFields)
        {
            if (!f.Router.Routes(Keys.Account) || account.IsEmpty || shop.IsEmpty)
            {
                return;
            }

            if (!_seenAccounts.TryGetValue(hash, out var same))
            {
                _seenAccounts[hash] = same = [];
            }

            foreach (var known in same)
            {
                if (known.Length == shop.Length + account.Length && known.AsSpan(0, shop.Length).SequenceEqual(shop) && known.AsSpan(shop.Length).SequenceEqual(account))
                {
                    return;
                }
            }

            object? record = csvFields is null ? f.Source.ParseJson(json, line == 1) : f.Source.ParseCsv(csvFields);
            if (!WouldKeep(record))
            {
                return;
            }

            same.Add([.. shop, .. account]);
            Accounts.TryAdd((Encoding.UTF8.GetString(shop), Encoding.UTF8.GetString(account)), (f.Index, line));
        }

        private void Problem(string file, long line, string? field, string problem)
        {
            ProblemCount++;
            if (_problems.Count < DatasetReader.MaxListedErrors)
            {
                _problems.Add(new Problem(file, line, field, problem).ToRejectedLine());
            }
        }
    }

    /// <summary>The keys of one line of a <see cref="Block"/>: spans of the block's line and of its key bytes (length -1: absent).</summary>
    private struct LineKeys
    {
        public int Start, Length, Part, Id, IdLength, Order, OrderLength, Shop, ShopLength, Account, AccountLength;
        public bool Found;
        public uint IdHash;
        public ulong AccountHash;
    }

    /// <summary>A block of whole lines of a JSON Lines file and their keys, handed from the <see cref="Cutter"/> to the routing thread.</summary>
    private sealed class Block
    {
        public byte[] Buffer = new byte[BlockSize];
        public int Filled;
        public long Offset; // file offset of Buffer[0]
        public long FirstLine;
        public int Count;
        public LineKeys[] Lines = new LineKeys[1 << 15];
        public byte[] Keys = new byte[1 << 20];
        public int KeysUsed;

        public ReadOnlySpan<byte> Key(int at, int length) => length > 0 ? Keys.AsSpan(at, length) : default;

        /// <summary>Copies a key's bytes (null: absent) and returns where they are.</summary>
        public int Put(ReadOnlySpan<byte> value)
        {
            if (KeysUsed + value.Length > Keys.Length)
            {
                Array.Resize(ref Keys, Math.Max(Keys.Length * 2, KeysUsed + value.Length));
            }

            value.CopyTo(Keys.AsSpan(KeysUsed));
            KeysUsed += value.Length;
            return KeysUsed - value.Length;
        }
    }

    /// <summary>
    /// The reader thread of a JSON Lines split: reads the file in blocks, cuts them at their last line break (a line
    /// longer than a block grows it), and reads each line's keys with its own <see cref="Router"/>: the customer's
    /// part, the hashes of the id and of (shop, account). What needs the split's state (ids, orders) is left to the
    /// routing thread.
    /// </summary>
    private static class Cutter
    {
        /// <summary>Blocks in flight: the reader may run this many blocks ahead.</summary>
        public const int Blocks = 4;

        public static void Run(Source source, int parts, IdLedger? ids, BlockingCollection<Block> free, BlockingCollection<Block> ready, CancellationToken cancel)
        {
            try
            {
                using var input = new FileStream(source.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                var router = new Router(source.Keys);
                bool byCustomer = router.Routes(Keys.Customer), byAccount = router.Routes(Keys.Account);
                var block = free.Take(cancel);
                block.Filled = 0;
                block.Offset = 0;
                long line = 0;
                while (true)
                {
                    int read;
                    while (block.Filled < block.Buffer.Length && (read = input.Read(block.Buffer, block.Filled, block.Buffer.Length - block.Filled)) > 0)
                    {
                        block.Filled += read;
                    }

                    bool eof = block.Filled < block.Buffer.Length;
                    block.Count = 0;
                    block.KeysUsed = 0;
                    block.FirstLine = line + 1;
                    int start = 0;
                    while (start < block.Filled)
                    {
                        int nl = block.Buffer.AsSpan(start, block.Filled - start).IndexOf((byte)'\n');
                        if (nl < 0)
                        {
                            if (!eof)
                            {
                                break;
                            }

                            nl = block.Filled - start - 1; // the last line, without its newline
                        }

                        line++;
                        Cut(block, start, nl + 1, line, router, byCustomer, byAccount, parts, ids);
                        start += nl + 1;
                    }

                    if (start == 0 && !eof)
                    {
                        Array.Resize(ref block.Buffer, block.Buffer.Length * 2); // a line longer than the block
                        continue;
                    }

                    Block? next = null;
                    if (!eof)
                    {
                        next = free.Take(cancel);
                        int tail = block.Filled - start;
                        if (next.Buffer.Length < block.Buffer.Length)
                        {
                            next.Buffer = new byte[block.Buffer.Length];
                        }

                        block.Buffer.AsSpan(start, tail).CopyTo(next.Buffer);
                        next.Filled = tail;
                        next.Offset = block.Offset + start;
                    }

                    block.Filled = start;
                    ready.Add(block, cancel);
                    if (next is null)
                    {
                        return;
                    }

                    block = next;
                }
            }
            finally
            {
                ready.CompleteAdding();
            }
        }

        private static void Cut(Block block, int start, int length, long line, Router router, bool byCustomer, bool byAccount, int parts, IdLedger? ids)
        {
            if (block.Count == block.Lines.Length)
            {
                Array.Resize(ref block.Lines, block.Lines.Length * 2);
            }

            ref var k = ref block.Lines[block.Count++];
            k = default;
            k.Start = start;
            k.Length = length;
            k.Found = router.ExtractJson(block.Buffer.AsSpan(start, length), line == 1);
            if (!k.Found)
            {
                return;
            }

            if (router.IdLength > 0 && ids is not null)
            {
                k.Id = block.Put(router.IdSpan);
                k.IdLength = router.IdLength;
                k.IdHash = ids.Hash(router.IdSpan);
            }

            if (router.OrderLength > 0)
            {
                k.Order = block.Put(router.OrderSpan);
                k.OrderLength = router.OrderLength;
            }

            bool hasShop = router.ShopLength > 0;
            if (byCustomer)
            {
                k.Part = hasShop && router.CustomerLength > 0 ? PartOf(router.ShopSpan, router.CustomerSpan, parts) : 0;
            }

            if (byAccount && hasShop && router.AccountLength > 0)
            {
                k.Shop = block.Put(router.ShopSpan);
                k.ShopLength = router.ShopLength;
                k.Account = block.Put(router.AccountSpan);
                k.AccountLength = router.AccountLength;
                k.AccountHash = PartOf64(router.ShopSpan, router.AccountSpan);
            }
        }
    }

    /// <summary>Reads the key fields of one record (UTF-8, unescaped).</summary>
    private sealed class Router(Keys keys)
    {
        private readonly byte[] _shop = new byte[MaxKeyBytes], _customer = new byte[MaxKeyBytes], _account = new byte[MaxKeyBytes], _id = new byte[MaxKeyBytes], _order = new byte[MaxKeyBytes];

        public int ShopLength = -1, CustomerLength = -1, AccountLength = -1, IdLength = -1, OrderLength = -1;

        /// <summary>Whether the last extraction read the line's keys (false: not JSON, a key too long).</summary>
        public bool KeysFound { get; private set; }

        public ReadOnlySpan<byte> ShopSpan => _shop.AsSpan(0, ShopLength);

        public ReadOnlySpan<byte> CustomerSpan => _customer.AsSpan(0, CustomerLength);

        public ReadOnlySpan<byte> AccountSpan => _account.AsSpan(0, AccountLength);

        public ReadOnlySpan<byte> IdSpan => _id.AsSpan(0, IdLength);

        public ReadOnlySpan<byte> OrderSpan => _order.AsSpan(0, OrderLength);

        public bool Routes(Keys key) => (keys & key) != 0;

        public void Clear()
        {
            ShopLength = CustomerLength = AccountLength = IdLength = OrderLength = -1;
            KeysFound = false;
        }

        /// <summary>The field's buffer when the record's file routes by it, else null.</summary>
        private byte[]? Target(ReadOnlySpan<byte> name, out int slot)
        {
            slot = 0;
            if (name.SequenceEqual("shop"u8) && (keys & Keys.Customer) != 0)
            {
                slot = 1;
                return _shop;
            }

            if (name.SequenceEqual("customer"u8) && (keys & Keys.Customer) != 0)
            {
                slot = 2;
                return _customer;
            }

            if (name.SequenceEqual("account"u8) && (keys & Keys.Account) != 0)
            {
                slot = 3;
                return _account;
            }

            if (name.SequenceEqual("id"u8) && (keys & Keys.Id) != 0)
            {
                slot = 4;
                return _id;
            }

            if (name.SequenceEqual("order"u8) && (keys & Keys.Order) != 0)
            {
                slot = 5;
                return _order;
            }

            return null;
        }

        private void Set(int slot, int length)
        {
            switch (slot)
            {
                case 1: ShopLength = length; break;
                case 2: CustomerLength = length; break;
                case 3: AccountLength = length; break;
                case 4: IdLength = length; break;
                default: OrderLength = length; break;
            }
        }

        private bool HasAll() =>
            ((keys & Keys.Customer) == 0 || (ShopLength >= 0 && CustomerLength >= 0))
            && ((keys & Keys.Account) == 0 || AccountLength >= 0)
            && ((keys & Keys.Id) == 0 || IdLength >= 0)
            && ((keys & Keys.Order) == 0 || OrderLength >= 0);

        /// <summary>Reads the keys of a JSON line (its line break included or not); false when they cannot be read (the line is not one the reader keeps).</summary>
        public bool ExtractJson(ReadOnlySpan<byte> text, bool firstLine)
        {
            Clear();
            if (firstLine && text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                text = text[3..];
            }

            KeysFound = TryCommonLayout(text) || TryJsonReader(text);
            return KeysFound;
        }

        /// <summary>Reads the keys of a CSV record's cells, by the header.</summary>
        public void ExtractCsv(List<string> fields, string[] header)
        {
            Clear();
            for (int i = 0; i < header.Length && i < fields.Count; i++)
            {
                if (fields[i].Length > 0 && Target(Encoding.UTF8.GetBytes(header[i]), out int slot) is { } target)
                {
                    int length = Encoding.UTF8.GetByteCount(fields[i]);
                    if (length <= target.Length)
                    {
                        Set(slot, Encoding.UTF8.GetBytes(fields[i], target));
                    }
                }
            }

            KeysFound = true;
        }

        /// <summary>
        /// The common layout, read without a JSON reader: the line opens with <c>"key":"value"</c> pairs (no escape, no
        /// space) holding every key this file routes by, and none of those keys comes again later in the line (a later
        /// one would win). Anything else goes to the JSON reader. A line broken further on is routed by these keys; its
        /// part's reader reports it.
        /// </summary>
        private bool TryCommonLayout(ReadOnlySpan<byte> text)
        {
            if (text.IsEmpty || text[0] != (byte)'{')
            {
                return false;
            }

            int pos = 1;
            while (!HasAll())
            {
                if (pos >= text.Length || text[pos] != (byte)'"')
                {
                    return Reset();
                }

                int keyEnd = text[(pos + 1)..].IndexOfAny((byte)'"', (byte)'\\');
                if (keyEnd < 0 || text[pos + 1 + keyEnd] != (byte)'"')
                {
                    return Reset();
                }

                var key = text.Slice(pos + 1, keyEnd);
                pos += keyEnd + 2;
                if (pos + 1 >= text.Length || text[pos] != (byte)':' || text[pos + 1] != (byte)'"')
                {
                    return Reset();
                }

                pos += 2;
                int valueEnd = text[pos..].IndexOfAny((byte)'"', (byte)'\\');
                if (valueEnd < 0 || text[pos + valueEnd] != (byte)'"')
                {
                    return Reset();
                }

                var value = text.Slice(pos, valueEnd);
                pos += valueEnd + 1;
                if (Target(key, out int slot) is { } target)
                {
                    if (value.Length > target.Length)
                    {
                        return Reset();
                    }

                    value.CopyTo(target);
                    Set(slot, value.Length);
                }

                if (pos >= text.Length || text[pos] != (byte)',')
                {
                    return Reset();
                }

                pos++;
            }

            var rest = text[pos..];
            return !(((keys & Keys.Customer) != 0 && (rest.IndexOf("\"shop\""u8) >= 0 || rest.IndexOf("\"customer\""u8) >= 0))
                || ((keys & Keys.Account) != 0 && rest.IndexOf("\"account\""u8) >= 0)
                || ((keys & Keys.Id) != 0 && rest.IndexOf("\"id\""u8) >= 0)
                || ((keys & Keys.Order) != 0 && rest.IndexOf("\"order\""u8) >= 0)) || Reset();
        }

        private bool Reset()
        {
            Clear();
            return false;
        }

        private bool TryJsonReader(ReadOnlySpan<byte> text)
        {
            try
            {
                var reader = new Utf8JsonReader(text);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return Reset();
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    byte[]? target = reader.ValueIsEscaped
                        ? Target(Encoding.UTF8.GetBytes(reader.GetString()!), out int slot)
                        : Target(reader.ValueSpan, out slot);

                    reader.Read();
                    if (target is null)
                    {
                        reader.Skip();
                        continue;
                    }

                    if (reader.TokenType == JsonTokenType.String)
                    {
                        if (reader.ValueSpan.Length > target.Length)
                        {
                            return Reset();
                        }

                        Set(slot, reader.ValueIsEscaped ? reader.CopyString(target) : Copy(reader.ValueSpan, target));
                    }
                    else if (reader.TokenType == JsonTokenType.Number && reader.ValueSpan.Length <= target.Length)
                    {
                        Set(slot, Copy(reader.ValueSpan, target));
                    }
                    else
                    {
                        reader.Skip();
                        Set(slot, -1);
                    }
                }
            }
            catch (JsonException)
            {
                return Reset();
            }
            catch (InvalidOperationException)
            {
                return Reset();
            }

            return true;
        }

        private static int Copy(ReadOnlySpan<byte> value, byte[] target)
        {
            value.CopyTo(target);
            return value.Length;
        }
    }

    /// <summary>
    /// One original line file, read again at an offset when an id comes twice: the id of the line there, and the
    /// record the reader would make of it (null when it refuses the line). Parsing goes through the reader's own
    /// parsers (<see cref="InputRow"/>, <see cref="CsvRecordReader"/>, the file's <see cref="InputFile.Parse"/>).
    /// </summary>
    private sealed class Source : IDisposable
    {
        private readonly SafeFileHandle _handle;
        private readonly InputRow _row = new();
        private readonly List<string> _fields = [];
        private readonly Router _router;
        private byte[] _line = new byte[4096];

        public Source(InputFile<CsPerf.Engine.DatasetBuilder> kind, string path)
        {
            Kind = kind;
            Path = path;
            Name = System.IO.Path.GetFileName(path);
            Csv = RowFile.IsCsv(path);
            Keys = kind == DatasetFiles.Messages ? Keys.Customer | Keys.Account | Keys.Id
                : kind == DatasetFiles.Ratings || kind == DatasetFiles.Complaints ? Keys.Customer | Keys.Account
                : kind == DatasetFiles.Orders ? Keys.Customer | Keys.Id
                : kind == DatasetFiles.Refunds ? Keys.Id | Keys.Order
                : Keys.Order;
            _router = new Router(Keys);
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            Length = RandomAccess.GetLength(_handle);
        }

        public InputFile<CsPerf.Engine.DatasetBuilder> Kind { get; }

        public string Path { get; }

        public string Name { get; }

        public bool Csv { get; }

        public Keys Keys { get; }

        public long Length { get; }

        /// <summary>The CSV header, once read.</summary>
        public string[]? Header { get; set; }

        /// <summary>A reader of byte ranges of the file (CSV records are copied from it).</summary>
        public RawReader OpenRaw() => new(Path);

        /// <summary>The id of the record at <paramref name="offset"/> (empty when it has none).</summary>
        public ReadOnlySpan<byte> IdAt(long offset)
        {
            if (Csv)
            {
                if (ReadCsv(offset))
                {
                    _router.ExtractCsv(_fields, Header!);
                }
                else
                {
                    _router.Clear();
                }
            }
            else
            {
                _router.ExtractJson(LineAt(offset), offset == 0);
            }

            return _router.IdLength > 0 ? _router.IdSpan : default;
        }

        /// <summary>The record the reader makes of the line at <paramref name="offset"/>, or null when it refuses it.</summary>
        public object? RecordAt(long offset) => Csv ? (ReadCsv(offset) ? ParseCsv(_fields) : null) : ParseJson(LineAt(offset), offset == 0);

        /// <summary>The record the reader makes of a JSON line (its line break included or not), or null when it refuses it.</summary>
        public object? ParseJson(ReadOnlySpan<byte> text, bool firstLine)
        {
            if (firstLine && text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                text = text[3..];
            }

            if (!text.IsEmpty && text[^1] == '\n')
            {
                text = text[..^1];
            }

            if (!text.IsEmpty && text[^1] == '\r')
            {
                text = text[..^1];
            }

            if (LineSplitter.IsBlank(text) || _row.LoadJson(text) is not null)
            {
                return null;
            }

            return Kind.Parse(_row, out var record) is null ? record : null;
        }

        /// <summary>The record the reader makes of a CSV record's cells (already checked by <see cref="CsvRecordReader"/>), or null when it refuses it.</summary>
        public object? ParseCsv(List<string> fields)
        {
            _row.Clear();
            var header = Header!;
            for (int i = 0; i < header.Length; i++)
            {
                if (fields[i].Length > 0)
                {
                    _row.Set(header[i], new FieldValue(FieldKind.String, fields[i]));
                }
            }

            return Kind.Parse(_row, out var record) is null ? record : null;
        }

        /// <summary>The line at <paramref name="offset"/>, without its line break.</summary>
        private ReadOnlySpan<byte> LineAt(long offset)
        {
            int filled = 0;
            while (true)
            {
                int read = RandomAccess.Read(_handle, _line.AsSpan(filled), offset + filled);
                int nl = _line.AsSpan(filled, read).IndexOf((byte)'\n');
                if (nl >= 0)
                {
                    return _line.AsSpan(0, filled + nl);
                }

                filled += read;
                if (read == 0)
                {
                    return _line.AsSpan(0, filled);
                }

                if (filled == _line.Length)
                {
                    Array.Resize(ref _line, _line.Length * 2);
                }
            }
        }

        /// <summary>Reads the CSV record at <paramref name="offset"/> into the cells; false when it is malformed or blank.</summary>
        private bool ReadCsv(long offset)
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            stream.Position = offset;
            var csv = new CsvRecordReader(stream) { ExpectedFields = Header!.Length };
            return csv.Read(_fields) && csv.Problem is null && !csv.IsBlank;
        }

        public void Dispose() => _handle.Dispose();
    }

    /// <summary>Reads byte ranges of a file into one reused buffer.</summary>
    private sealed class RawReader(string path) : IDisposable
    {
        private readonly SafeFileHandle _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        private byte[] _buffer = new byte[1 << 16];

        public ReadOnlySpan<byte> Read(long from, long to)
        {
            int length = checked((int)(to - from));
            if (length > _buffer.Length)
            {
                _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
            }

            int filled = 0;
            while (filled < length)
            {
                int read = RandomAccess.Read(_handle, _buffer.AsSpan(filled, length - filled), from + filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return _buffer.AsSpan(0, filled);
        }

        public void Dispose() => _handle.Dispose();
    }

    /// <summary>
    /// The ids of one file: per id a 32-bit hash, and the file offset of its first line with its part and
    /// <see cref="IdState"/> in one long (open addressing, 12 bytes a slot). Two ids are the same only when the bytes
    /// are: a hash match is confirmed by reading the id at the stored offset again (<see cref="Source.IdAt"/>).
    /// </summary>
    private sealed class IdLedger
    {
        private const int MetaBits = 16; // part (12 bits: up to 4096 parts) and state (2 bits)

        private readonly int _hashBits;
        private Slot[] _slots; // one array: a probe reads the hash and the entry in one cache line
        private long _count;

        public IdLedger(Source source, int hashBits, long expected)
        {
            Source = source;
            _hashBits = hashBits;
            long capacity = 1024;
            while (capacity * 4 < expected * 5)
            {
                capacity *= 2;
            }

            _slots = new Slot[capacity];
        }

        public Source Source { get; }

        /// <summary>The hash of an id in this ledger.</summary>
        public uint Hash(ReadOnlySpan<byte> id) => HashOf(id, _hashBits);

        /// <summary>The hash of an id, of <paramref name="bits"/> bits (64: all) folded to 32.</summary>
        public static uint HashOf(ReadOnlySpan<byte> id, int bits)
        {
            ulong h = 14695981039346656037UL;
            foreach (byte b in id)
            {
                h = (h ^ b) * 1099511628211UL;
            }

            h ^= h >> 33;
            h *= 0xff51afd7ed558ccdUL;
            h ^= h >> 33;
            h *= 0xc4ceb9fe1a85ec53UL;
            h ^= h >> 33;
            if (bits < 64)
            {
                h &= (1UL << bits) - 1;
            }

            return (uint)h ^ (uint)(h >> 32);
        }

        /// <summary>The slot of an id, or -1.</summary>
        public long Find(ReadOnlySpan<byte> id) => Probe(id, Hash(id), out _);

        /// <summary>The slot of an id, added (first line at <paramref name="offset"/>, in <paramref name="part"/>, unresolved) when new.</summary>
        public long FindOrAdd(ReadOnlySpan<byte> id, uint h, long offset, int part, out bool added)
        {
            long slot = Probe(id, h, out long free);
            added = slot < 0;
            if (!added)
            {
                return slot;
            }

            if ((_count + 1) * 5 > _slots.LongLength * 4)
            {
                Grow();
                Probe(id, h, out free);
            }

            if (offset >= 1L << (63 - MetaBits))
            {
                throw new NotSupportedException("a line file larger than 128 TB");
            }

            _slots[free] = new Slot(h, ((offset + 1) << MetaBits) | (long)part);
            _count++;
            return free;
        }

        private long Probe(ReadOnlySpan<byte> id, uint h, out long free)
        {
            long mask = _slots.LongLength - 1;
            for (long i = h & mask; ; i = (i + 1) & mask)
            {
                var (hash, e) = _slots[i];
                if (e == 0)
                {
                    free = i;
                    return -1;
                }

                if (hash == h && Source.IdAt((e >> MetaBits) - 1).SequenceEqual(id))
                {
                    free = -1;
                    return i;
                }
            }
        }

        public long OffsetOf(long slot) => (_slots[slot].Entry >> MetaBits) - 1;

        public int PartOf(long slot) => (int)(_slots[slot].Entry & 0xFFF);

        public IdState StateOf(long slot) => (IdState)((_slots[slot].Entry >> 12) & 3);

        public void Set(long slot, IdState state, int part) =>
            _slots[slot] = _slots[slot] with { Entry = (_slots[slot].Entry & ~((1L << MetaBits) - 1)) | ((long)state << 12) | (long)part };

        private void Grow()
        {
            var old = _slots;
            _slots = new Slot[old.LongLength * 2];
            long mask = _slots.LongLength - 1;
            foreach (var slot in old)
            {
                if (slot.Entry != 0)
                {
                    long i = slot.Hash & mask;
                    while (_slots[i].Entry != 0)
                    {
                        i = (i + 1) & mask;
                    }

                    _slots[i] = slot;
                }
            }
        }

        /// <summary>A slot: the id's hash; (offset + 1) &lt;&lt; 16 | state &lt;&lt; 12 | part, 0 for an empty slot.</summary>
        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 4)]
        private readonly record struct Slot(uint Hash, long Entry);
    }

    /// <summary>
    /// A buffered writer of one part file and its line map (<c>X.lines</c>: the original line number of each of its
    /// lines, 4 bytes each), read back only when the part has problems to report.
    /// </summary>
    private sealed class PartWriter(string path) : IDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        private readonly FileStream _map = new(path + ".lines", FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        private readonly byte[] _buffer = new byte[1 << 20];
        private readonly uint[] _lines = new uint[1 << 16];
        private int _used, _lineCount;

        /// <summary>Writes a record of <paramref name="lines"/> physical lines starting on original line <paramref name="first"/>.</summary>
        public void Write(ReadOnlySpan<byte> bytes, long first, int lines)
        {
            for (int i = 0; i < lines; i++)
            {
                if (_lineCount == _lines.Length)
                {
                    FlushMap();
                }

                _lines[_lineCount++] = checked((uint)(first + i));
            }

            if (bytes.Length > _buffer.Length - _used)
            {
                Flush();
                if (bytes.Length > _buffer.Length)
                {
                    _stream.Write(bytes);
                    return;
                }
            }

            bytes.CopyTo(_buffer.AsSpan(_used));
            _used += bytes.Length;
        }

        private void Flush()
        {
            _stream.Write(_buffer, 0, _used);
            _used = 0;
        }

        private void FlushMap()
        {
            _map.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_lines.AsSpan(0, _lineCount)));
            _lineCount = 0;
        }

        public void Dispose()
        {
            Flush();
            FlushMap();
            _stream.Dispose();
            _map.Dispose();
        }
    }

    /// <summary>The original line of line <paramref name="line"/> of a part file (0, a file-level problem, stays 0).</summary>
    public static long OriginalLine(string partFile, long line)
    {
        if (line <= 0)
        {
            return line;
        }

        using var map = new FileStream(partFile + ".lines", FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        if ((line * 4) > map.Length)
        {
            return line;
        }

        Span<byte> at = stackalloc byte[4];
        map.Position = (line - 1) * 4;
        map.ReadExactly(at);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(at);
    }
}
