using System.Buffers;
using System.Text;
using System.Text.Json;
using CsPerf.IO.Ingest;

namespace CsPerf.IO.Streaming;

/// <summary>
/// Splits the line files of a dataset folder into part folders by customer (docs/partials.md "Streaming"): a record
/// goes to the part of its (shop, customer), refunds and reviews to the part of the order they name, a line whose
/// keys cannot be found to part 0 (where the normal reader reports it). Each part file has a line map
/// (<c>X.jsonl.lines</c>) giving the original line of each of its lines, so every problem is reported with the original
/// file and line. <c>roster.json</c> is copied into every part (the roster is shared).
/// </summary>
internal static class DatasetSplitter
{
    private const int BlockSize = 1 << 22;

    /// <summary>What splitting found.</summary>
    /// <param name="Bytes">Bytes of the original line files.</param>
    /// <param name="AccountOrder">The first position (file index, line) of each (shop, account) met in messages, ratings and complaints.</param>
    public sealed record Result(long Bytes, Dictionary<(string Shop, string Account), (int File, long Line)> AccountOrder);

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
    public static Result Split(string dir, IReadOnlyList<string?> paths, int parts, string temp)
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

        var orders = new Dictionary<string, int>(StringComparer.Ordinal);
        var accounts = new Dictionary<(string, string), (int, long)>();
        long bytes = 0;
        var files = DatasetFiles.All;
        for (int f = 0; f < files.Length; f++)
        {
            if (paths[f] is not { } path)
            {
                continue;
            }

            var file = files[f];
            var keys = file == DatasetFiles.Messages ? Keys.Customer | Keys.Account | Keys.Id
                : file == DatasetFiles.Ratings || file == DatasetFiles.Complaints ? Keys.Customer | Keys.Account
                : file == DatasetFiles.Orders ? Keys.Customer | Keys.Id
                : Keys.Order;
            var writers = new PartWriter[parts];
            try
            {
                for (int p = 0; p < parts; p++)
                {
                    writers[p] = new PartWriter(Path.Combine(partDirs[p], Path.GetFileName(path)));
                }

                bytes += new FileInfo(path).Length;
                var router = new Router(keys, parts, orders, accounts, f, file == DatasetFiles.Messages ? new IdTable(new FileInfo(path).Length / 150) : null);
                if (RowFile.IsCsv(path))
                {
                    SplitCsv(path, writers, router);
                }
                else
                {
                    SplitJsonl(path, writers, router);
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

        return new Result(bytes, accounts);
    }

    [Flags]
    private enum Keys
    {
        Customer = 1,
        Account = 2,
        Id = 4,
        Order = 8,
    }

    /// <summary>Decides the part of one record from its fields (UTF-8, unescaped).</summary>
    private sealed class Router(Keys keys, int parts, Dictionary<string, int> orders, Dictionary<(string, string), (int, long)> accounts, int fileIndex, IdTable? messageIds)
    {
        private readonly HashSet<ulong> _seenAccounts = [];

        public byte[] Shop = new byte[1024], Customer = new byte[1024], Account = new byte[1024], Id = new byte[1024];
        public int ShopLength = -1, CustomerLength = -1, AccountLength = -1, IdLength = -1;

        public void Clear() => ShopLength = CustomerLength = AccountLength = IdLength = -1;

        /// <summary>The field's buffer when the record's file routes by it, else null.</summary>
        public byte[]? Target(ReadOnlySpan<byte> name, out int slot)
        {
            slot = 0;
            if (name.SequenceEqual("shop"u8) && (keys & Keys.Customer) != 0)
            {
                slot = 1;
                return Shop;
            }

            if (name.SequenceEqual("customer"u8) && (keys & Keys.Customer) != 0)
            {
                slot = 2;
                return Customer;
            }

            if (name.SequenceEqual("account"u8) && (keys & Keys.Account) != 0)
            {
                slot = 3;
                return Account;
            }

            if ((name.SequenceEqual("id"u8) && (keys & Keys.Id) != 0) || (name.SequenceEqual("order"u8) && (keys & Keys.Order) != 0))
            {
                slot = 4;
                return Id;
            }

            return null;
        }

        /// <summary>
        /// The common layout, read without a JSON reader: the line opens with <c>"key":"value"</c> pairs (no escape, no
        /// space) holding every key this file routes by, and none of those keys comes again later in the line (a later
        /// one would win). Anything else goes to the JSON reader. A line broken further on is routed by these keys; its
        /// part's reader reports it.
        /// </summary>
        public bool TryCommonLayout(ReadOnlySpan<byte> text)
        {
            Clear();
            if (text.IsEmpty || text[0] != (byte)'{')
            {
                return false;
            }

            int pos = 1;
            while (!HasAll())
            {
                if (pos >= text.Length || text[pos] != (byte)'"')
                {
                    return false;
                }

                int keyEnd = text[(pos + 1)..].IndexOfAny((byte)'"', (byte)'\\');
                if (keyEnd < 0 || text[pos + 1 + keyEnd] != (byte)'"')
                {
                    return false;
                }

                var key = text.Slice(pos + 1, keyEnd);
                pos += keyEnd + 2;
                if (pos + 1 >= text.Length || text[pos] != (byte)':' || text[pos + 1] != (byte)'"')
                {
                    return false;
                }

                pos += 2;
                int valueEnd = text[pos..].IndexOfAny((byte)'"', (byte)'\\');
                if (valueEnd < 0 || text[pos + valueEnd] != (byte)'"')
                {
                    return false;
                }

                var value = text.Slice(pos, valueEnd);
                pos += valueEnd + 1;
                if (Target(key, out int slot) is { } target)
                {
                    if (value.Length > target.Length)
                    {
                        return false;
                    }

                    value.CopyTo(target);
                    Set(slot, value.Length);
                }

                if (pos >= text.Length || text[pos] != (byte)',')
                {
                    return false;
                }

                pos++;
            }

            var rest = text[pos..];
            return !(((keys & Keys.Customer) != 0 && (rest.IndexOf("\"shop\""u8) >= 0 || rest.IndexOf("\"customer\""u8) >= 0))
                || ((keys & Keys.Account) != 0 && rest.IndexOf("\"account\""u8) >= 0)
                || ((keys & Keys.Id) != 0 && rest.IndexOf("\"id\""u8) >= 0)
                || ((keys & Keys.Order) != 0 && rest.IndexOf("\"order\""u8) >= 0));
        }

        private bool HasAll() =>
            ((keys & Keys.Customer) == 0 || (ShopLength >= 0 && CustomerLength >= 0))
            && ((keys & Keys.Account) == 0 || AccountLength >= 0)
            && ((keys & (Keys.Id | Keys.Order)) == 0 || IdLength >= 0);

        public void Set(int slot, int length)
        {
            switch (slot)
            {
                case 1: ShopLength = length; break;
                case 2: CustomerLength = length; break;
                case 3: AccountLength = length; break;
                default: IdLength = length; break;
            }
        }

        public int Part(long line)
        {
            if ((keys & Keys.Order) != 0)
            {
                return IdLength > 0 && orders.TryGetValue(Encoding.UTF8.GetString(Id, 0, IdLength), out int owner) ? owner : 0;
            }

            if (ShopLength <= 0 || CustomerLength <= 0)
            {
                return 0;
            }

            int part = PartOf(Shop.AsSpan(0, ShopLength), Customer.AsSpan(0, CustomerLength), parts);
            if ((keys & Keys.Id) != 0 && IdLength > 0)
            {
                // The first record of an id is the one kept; a later one goes to the first one's part, whose reader
                // reports it as a duplicate there (refunds and reviews follow the first order of an id).
                if (messageIds is not null)
                {
                    part = messageIds.FirstPart(Id.AsSpan(0, IdLength), part);
                }
                else if (!orders.TryAdd(Encoding.UTF8.GetString(Id, 0, IdLength), part))
                {
                    part = orders[Encoding.UTF8.GetString(Id, 0, IdLength)];
                }
            }

            if ((keys & Keys.Account) != 0 && AccountLength > 0 && _seenAccounts.Add(PartOf64(Shop.AsSpan(0, ShopLength), Account.AsSpan(0, AccountLength))))
            {
                var key = (Encoding.UTF8.GetString(Shop, 0, ShopLength), Encoding.UTF8.GetString(Account, 0, AccountLength));
                accounts.TryAdd(key, (fileIndex, line));
            }

            return part;
        }
    }

    /// <summary>
    /// The part of the first message of each id, by a 64-bit hash of the id (open addressing, 10 bytes a message): a
    /// duplicate id goes where its first message went, so that part's reader reports it at its line. Two different ids
    /// with one hash (about 3 in 10 000 datasets of 100 M messages) would send the second message to the first one's
    /// part.
    /// </summary>
    private sealed class IdTable
    {
        private long[] _keys;
        private ushort[] _parts;
        private long _count;

        public IdTable(long expected)
        {
            long capacity = 1024;
            while (capacity * 4 < expected * 5)
            {
                capacity *= 2;
            }

            _keys = new long[capacity];
            _parts = new ushort[capacity];
        }

        public int FirstPart(ReadOnlySpan<byte> id, int part)
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
            long key = (long)(h | 1); // 0 marks an empty slot
            if ((_count + 1) * 5 > _keys.LongLength * 4)
            {
                Grow();
            }

            long mask = _keys.LongLength - 1;
            for (long i = (long)(h >> 1) & mask; ; i = (i + 1) & mask)
            {
                if (_keys[i] == key)
                {
                    return _parts[i];
                }

                if (_keys[i] == 0)
                {
                    _keys[i] = key;
                    _parts[i] = (ushort)part;
                    _count++;
                    return part;
                }
            }
        }

        private void Grow()
        {
            var (keys, parts) = (_keys, _parts);
            _keys = new long[keys.LongLength * 2];
            _parts = new ushort[keys.LongLength * 2];
            long mask = _keys.LongLength - 1;
            for (long j = 0; j < keys.LongLength; j++)
            {
                if (keys[j] != 0)
                {
                    long i = (long)((ulong)keys[j] >> 1) & mask;
                    while (_keys[i] != 0)
                    {
                        i = (i + 1) & mask;
                    }

                    _keys[i] = keys[j];
                    _parts[i] = parts[j];
                }
            }
        }
    }

    /// <summary>Splits a JSON Lines file line by line.</summary>
    private static void SplitJsonl(string path, PartWriter[] writers, Router router)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            int filled = 0;
            long line = 0;
            bool eof = false;
            while (!eof || filled > 0)
            {
                if (!eof)
                {
                    int read;
                    while (filled < buffer.Length && (read = input.Read(buffer, filled, buffer.Length - filled)) > 0)
                    {
                        filled += read;
                    }

                    eof = filled < buffer.Length;
                }

                int start = 0;
                while (start < filled)
                {
                    int nl = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        if (!eof)
                        {
                            break;
                        }

                        nl = filled - start - 1; // the last line, without its newline
                        line++;
                        Route(buffer.AsSpan(start, nl + 1), line, writers, router);
                        start = filled;
                        break;
                    }

                    line++;
                    Route(buffer.AsSpan(start, nl + 1), line, writers, router);
                    start += nl + 1;
                }

                if (start == 0 && filled == buffer.Length)
                {
                    // A line longer than the block: grow the block.
                    byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                    continue;
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Route(ReadOnlySpan<byte> text, long line, PartWriter[] writers, Router router) =>
        writers[PartOfJson(text, line, router)].Write(text, line, 1);

    private static int PartOfJson(ReadOnlySpan<byte> text, long line, Router router)
    {
        router.Clear();
        if (line == 1 && text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }

        if (router.TryCommonLayout(text))
        {
            return router.Part(line);
        }

        router.Clear();
        try
        {
            var reader = new Utf8JsonReader(text);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                byte[]? target = reader.ValueIsEscaped
                    ? router.Target(Encoding.UTF8.GetBytes(reader.GetString()!), out int slot)
                    : router.Target(reader.ValueSpan, out slot);

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
                        return 0;
                    }

                    router.Set(slot, reader.ValueIsEscaped ? reader.CopyString(target) : Copy(reader.ValueSpan, target));
                }
                else if (reader.TokenType == JsonTokenType.Number && reader.ValueSpan.Length <= target.Length)
                {
                    router.Set(slot, Copy(reader.ValueSpan, target));
                }
                else
                {
                    reader.Skip();
                    router.Set(slot, -1);
                }
            }
        }
        catch (JsonException)
        {
            return 0;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }

        return router.Part(line);
    }

    private static int Copy(ReadOnlySpan<byte> value, byte[] target)
    {
        value.CopyTo(target);
        return value.Length;
    }

    /// <summary>Splits a CSV file record by record (a quoted field may hold line breaks: the record's lines go together).</summary>
    private static void SplitCsv(string path, PartWriter[] writers, Router router)
    {
        byte[] all = File.ReadAllBytes(path);
        long line = 1; // the line the next record starts on
        int at = 0;
        string[]? header = null;
        while (at < all.Length)
        {
            // One record: physical lines until the quotes are balanced.
            int start = at;
            int newlines = 0;
            bool quoted = false;
            while (at < all.Length)
            {
                byte b = all[at++];
                if (b == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (b == (byte)'\n')
                {
                    newlines++;
                    if (!quoted)
                    {
                        break;
                    }
                }
            }

            var span = all.AsSpan(start, at - start);
            long first = line;
            line += newlines;
            int part = 0;
            var fields = CsvFields(first == 1 && span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? span[3..] : span);
            bool blank = fields.Count == 1 && fields[0].Trim().Length == 0;
            if (header is null)
            {
                if (!blank)
                {
                    header = [.. fields.Select(f => f.Trim())];
                    foreach (var w in writers)
                    {
                        w.Write(span, first, Math.Max(newlines, 1)); // every part needs the header
                    }

                    continue;
                }
            }
            else if (!blank)
            {
                router.Clear();
                for (int i = 0; i < header.Length && i < fields.Count; i++)
                {
                    if (fields[i].Length > 0 && router.Target(Encoding.UTF8.GetBytes(header[i]), out int slot) is { } target)
                    {
                        byte[] value = Encoding.UTF8.GetBytes(fields[i]);
                        if (value.Length <= target.Length)
                        {
                            value.CopyTo(target, 0);
                            router.Set(slot, value.Length);
                        }
                    }
                }

                part = fields.Count == header.Length ? router.Part(first) : 0;
            }

            writers[part].Write(span, first, Math.Max(newlines, 1));
        }
    }

    /// <summary>The fields of one CSV record (RFC 4180 quoting; the line break at the end dropped).</summary>
    private static List<string> CsvFields(ReadOnlySpan<byte> record)
    {
        string text = Encoding.UTF8.GetString(record).TrimEnd('\n').TrimEnd('\r');
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(sb.ToString());
        return fields;
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
