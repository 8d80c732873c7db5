using System.Collections.Concurrent;
using System.Text;

namespace CsPerf.IO.Ingest;

/// <summary>
/// The two-core variant of the messages.jsonl hot path: a worker thread splits and parses lines into compact chunks
/// (field bytes in one arena), the calling thread interns them into the <see cref="DatasetBuilder"/> in file order.
/// Lines the fast parser refuses travel raw to the caller's general path, so results and errors are those of the
/// sequential reader.
/// </summary>
internal static class ParallelMessageReader
{
    private const int RecordsPerChunk = 16_384;
    private const int ArenaFlushBytes = 4 << 20;

    /// <summary>Reads every line; returns how many messages the fast path added.</summary>
    /// <param name="stream">The file.</param>
    /// <param name="builder">Where messages go (touched on the calling thread only).</param>
    /// <param name="duplicate">Called with the line number and id of a duplicate message.</param>
    /// <param name="fallback">Called with each non-blank line the fast parser refused, in file order.</param>
    public static long Read(Stream stream, DatasetBuilder builder, Action<long, string> duplicate, LineHandler fallback)
    {
        using var full = new BlockingCollection<Chunk>(boundedCapacity: 4);
        var free = new ConcurrentQueue<Chunk>();
        using var cancel = new CancellationTokenSource();
        var worker = Task.Run(() => Produce(stream, full, free, cancel.Token));
        long added = 0;
        try
        {
            foreach (var chunk in full.GetConsumingEnumerable(cancel.Token))
            {
                for (int i = 0; i < chunk.Count; i++)
                {
                    ref readonly var r = ref chunk.Records[i];
                    var bytes = chunk.Arena.AsSpan(r.Start);
                    if (r.Fallback)
                    {
                        fallback(bytes[..r.TextLength], r.Line);
                        continue;
                    }

                    var id = bytes[..r.IdLength];
                    bytes = bytes[r.IdLength..];
                    var shop = bytes[..r.ShopLength];
                    bytes = bytes[r.ShopLength..];
                    var customer = bytes[..r.CustomerLength];
                    bytes = bytes[r.CustomerLength..];
                    var account = bytes[..r.AccountLength];
                    var text = bytes.Slice(r.AccountLength, r.TextLength);
                    if (builder.TryAddMessage(id, shop, customer, account, r.Dir, NodaTime.Instant.FromUnixTimeTicks(r.Ticks), text, r.HasText))
                    {
                        added++;
                    }
                    else
                    {
                        duplicate(r.Line, Encoding.UTF8.GetString(id));
                    }
                }

                chunk.Count = 0;
                chunk.Used = 0;
                free.Enqueue(chunk);
            }
        }
        catch
        {
            cancel.Cancel();
            try
            {
                worker.Wait();
            }
            catch (AggregateException)
            {
                // The consumer's own failure is the one to report.
            }

            throw;
        }

        // Rethrows a read failure of the worker (an IOException, …) on the calling thread.
        worker.GetAwaiter().GetResult();
        return added;
    }

    private static void Produce(Stream stream, BlockingCollection<Chunk> full, ConcurrentQueue<Chunk> free, CancellationToken cancel)
    {
        try
        {
            var parser = new FastMessageParser();
            var current = Rent(free);
            LineSplitter.ForEachLine(stream, (line, number) =>
            {
                if (current.Count == RecordsPerChunk || current.Used >= ArenaFlushBytes)
                {
                    full.Add(current, cancel);
                    current = Rent(free);
                }

                if (parser.TryParse(line, out var m))
                {
                    ref var r = ref current.Records[current.Count++];
                    r.Line = number;
                    r.Fallback = false;
                    r.Start = current.Used;
                    r.IdLength = current.Append(m.Id);
                    r.ShopLength = current.Append(m.Shop);
                    r.CustomerLength = current.Append(m.Customer);
                    r.AccountLength = current.Append(m.Account);
                    r.TextLength = current.Append(m.Text);
                    r.HasText = m.HasText;
                    r.Dir = m.Dir;
                    r.Ticks = m.Ticks;
                }
                else if (!LineSplitter.IsBlank(line))
                {
                    ref var r = ref current.Records[current.Count++];
                    r.Line = number;
                    r.Fallback = true;
                    r.Start = current.Used;
                    r.TextLength = current.Append(line);
                }
            });
            if (current.Count > 0)
            {
                full.Add(current, cancel);
            }
        }
        finally
        {
            full.CompleteAdding();
        }
    }

    private static Chunk Rent(ConcurrentQueue<Chunk> free) => free.TryDequeue(out var c) ? c : new Chunk();

    private struct Record
    {
        public long Line;
        public long Ticks;
        public int Start;
        public int IdLength;
        public int ShopLength;
        public int CustomerLength;
        public int AccountLength;
        public int TextLength;
        public bool HasText;
        public bool Fallback;
        public Direction Dir;
    }

    private sealed class Chunk
    {
        public byte[] Arena = new byte[ArenaFlushBytes + (64 << 10)];
        public Record[] Records = new Record[RecordsPerChunk];
        public int Count;
        public int Used;

        public int Append(ReadOnlySpan<byte> value)
        {
            if (Used + value.Length > Arena.Length)
            {
                Array.Resize(ref Arena, Math.Max(Arena.Length * 2, Used + value.Length));
            }

            value.CopyTo(Arena.AsSpan(Used));
            Used += value.Length;
            return value.Length;
        }
    }
}
