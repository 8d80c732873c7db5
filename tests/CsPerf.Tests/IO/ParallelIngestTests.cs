using System.Text;
using CsPerf.IO;
using CsPerf.IO.Ingest;
using Xunit;

namespace CsPerf.Tests.IO;

// The multi-core messages.jsonl reader must give exactly what the sequential reader gives.
public class ParallelIngestTests
{
    private static readonly CsPerfConfig Config = CsPerfConfig.Default;

    private static string[] Lines(int n, int seed, bool duplicates)
    {
        var rnd = new Random(seed);
        return Enumerable.Range(0, n).Select(i => rnd.Next(100) switch
        {
            0 => "{broken",
            1 => "   ",
            2 when duplicates => $$"""{"id":"m{{i / 2}}","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""",
            3 => $$"""{"id":"g{{i}}","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05+08"}""",
            4 => $$"""{"id":"e{{i}}","shop":"s\u0031","customer":"c{{i % 5}}","account":"a","dir":"out","at":"2026-11-01T10:00:05.5Z","text":"long text \u4f60\u597d\u4f60\u597d\u4f60\u597d\u4f60\u597d\u4f60\u597d {{i}}"}""",
            _ => $$"""{"id":"m{{i}}","shop":"s{{i / 50 % 3}}","customer":"买{{i / 10 % 97}}","account":"a{{i / 10 % 7}}","dir":"{{(i % 2 == 0 ? "in" : "out")}}","at":"2026-11-01T10:{{i % 60:D2}}:05.{{i % 1000:D3}}+08:00","text":"{{(i % 5 == 0 ? "$auto" : "你好" + i)}}"}""",
        }).ToArray();
    }

    internal static (DatasetBuilder Builder, List<string> Events) Sequential(byte[] file)
    {
        var builder = new DatasetBuilder(Config, null);
        var events = new List<string>();
        var fast = new FastMessageParser();
        LineSplitter.ForEachLine(new MemoryStream(file), (line, number) =>
        {
            switch (fast.TryAdd(line, builder, out var dup))
            {
                case FastResult.Duplicate:
                    events.Add($"dup {number} {Encoding.UTF8.GetString(dup)}");
                    break;
                case FastResult.Fallback when !LineSplitter.IsBlank(line):
                    events.Add($"fallback {number} {Encoding.UTF8.GetString(line)}");
                    break;
            }
        });
        return (builder, events);
    }

    internal static (DatasetBuilder Builder, List<string> Events) Parallel(byte[] file, int workers, int blockSize, bool unchecked_)
    {
        var builder = new DatasetBuilder(Config, null);
        if (unchecked_)
        {
            builder.BeginUncheckedMessageIds();
        }

        var events = new List<string>();
        ParallelMessageReader.Read(
            new MemoryStream(file),
            builder,
            (number, id) => events.Add($"dup {number} {id}"),
            (line, number) => events.Add($"fallback {number} {Encoding.UTF8.GetString(line)}"),
            workers,
            blockSize);
        if (unchecked_)
        {
            Assert.True(builder.EndUncheckedMessageIds());
        }

        return (builder, events);
    }

    internal static void AssertSame(DatasetBuilder expected, DatasetBuilder actual)
    {
        var a = expected.Build();
        var b = actual.Build();
        Assert.Equal(a.MessageCount, b.MessageCount);
        Assert.Equal(a.MsgTicks.AsSpan(0, a.MessageCount).ToArray(), b.MsgTicks.AsSpan(0, b.MessageCount).ToArray());
        Assert.Equal(a.MsgConversation.AsSpan(0, a.MessageCount).ToArray(), b.MsgConversation.AsSpan(0, b.MessageCount).ToArray());
        Assert.Equal(a.MsgFlags.AsSpan(0, a.MessageCount).ToArray(), b.MsgFlags.AsSpan(0, b.MessageCount).ToArray());
        Assert.Equal(a.MsgChars.AsSpan(0, a.MessageCount).ToArray(), b.MsgChars.AsSpan(0, b.MessageCount).ToArray());
        Assert.Equal(Enumerable.Range(0, a.MessageCount).Select(a.MessageId), Enumerable.Range(0, b.MessageCount).Select(b.MessageId));
        Assert.Equal(a.ConvShop, b.ConvShop);
        Assert.Equal(a.ConvCustomer, b.ConvCustomer);
        Assert.Equal(a.ConvAccount, b.ConvAccount);
        Assert.Equal(Enumerable.Range(0, a.CustomerCount).Select(a.CustomerId), Enumerable.Range(0, b.CustomerCount).Select(b.CustomerId));
        for (int i = 0; i < a.MessageCount; i += 97)
        {
            // The id table built after unchecked adding finds every id.
            Assert.Equal(i, b.MessageIds.Find(Encoding.UTF8.GetBytes(a.MessageId(i))));
        }
    }

    [Theory]
    [InlineData(1, 512)]
    [InlineData(2, 64)]
    [InlineData(3, 1000)]
    [InlineData(2, 1 << 20)]
    public void Read_SmallBlocksAndManyWorkers_GiveTheSequentialResult(int workers, int blockSize)
    {
        // Blocks smaller than some lines, a byte order mark, CRLF and LF, and a last line without a line break.
        var text = "\uFEFF" + string.Join("\r\n", Lines(3000, 5, duplicates: true)) + "\n\n" + string.Join("\n", Lines(500, 6, duplicates: false).Select(l => l.Replace("\"m", "\"z", StringComparison.Ordinal)));
        var file = new UTF8Encoding(false).GetBytes(text);
        var (seqBuilder, seqEvents) = Sequential(file);
        var (parBuilder, parEvents) = Parallel(file, workers, blockSize, unchecked_: false);
        Assert.Contains(seqEvents, e => e.StartsWith("dup ", StringComparison.Ordinal));
        Assert.Equal(seqEvents, parEvents);
        AssertSame(seqBuilder, parBuilder);
    }

    [Theory]
    [InlineData(2, 300)]
    [InlineData(2, 4096)]
    public void Read_BadUtf8AndSuspectIds_InSomeBlocks_GiveTheSequentialResult(int workers, int blockSize)
    {
        // docs/performance.md "Scale (issue 11)": a block is checked for UTF-8 once; a block with a bad byte falls back
        // to the check per line (a bad sequence of any kind: the general path words the error), and ids with a byte
        // that may start a control character (DEL, 0xC2), or longer than IdRules.MaxUtf8Bytes, leave the common layout
        // for the general path.
        var utf8 = new UTF8Encoding(false);
        var lines = new List<byte[]>();
        foreach (var (line, i) in Lines(2000, 11, duplicates: false).Select((l, i) => (l, i)))
        {
            byte[] bytes = utf8.GetBytes(line);
            switch (i % 97)
            {
                case 3: // an invalid byte inside the text
                    bytes = [.. bytes.AsSpan(0, bytes.Length - 3), 0xFF, .. bytes.AsSpan(bytes.Length - 3)];
                    break;
                case 17: // DEL in the customer
                    bytes = utf8.GetBytes(line.Replace("\"customer\":\"", "\"customer\":\"\u007f", StringComparison.Ordinal));
                    break;
                case 29: // U+00A0 (0xC2 0xA0) in the account
                    bytes = utf8.GetBytes(line.Replace("\"account\":\"", "\"account\":\"\u00a0", StringComparison.Ordinal));
                    break;
                case 41: // an id of 257 bytes
                    bytes = utf8.GetBytes(line.Replace("\"id\":\"", "\"id\":\"" + new string('x', 257), StringComparison.Ordinal));
                    break;
                case 53: // an id of exactly 256 bytes stays on the fast path
                    bytes = utf8.GetBytes(line.Replace("\"id\":\"", "\"id\":\"" + new string('y', 250), StringComparison.Ordinal));
                    break;
                case 59: // a character cut short inside the text
                    bytes = [.. bytes.AsSpan(0, bytes.Length - 3), 0xE4, 0xBD, .. bytes.AsSpan(bytes.Length - 3)];
                    break;
                case 61: // a surrogate, an overlong form and a lone continuation byte inside the text
                    bytes = [.. bytes.AsSpan(0, bytes.Length - 3), (byte)(i % 3 == 0 ? 0xED : i % 3 == 1 ? 0xC0 : 0x41), (byte)(i % 3 == 0 ? 0xA0 : 0xAF), 0x80, .. bytes.AsSpan(bytes.Length - 3)];
                    break;
                case 67: // a text that ends with a lead byte
                    bytes = [.. bytes.AsSpan(0, bytes.Length - 2), 0xF0, .. bytes.AsSpan(bytes.Length - 2)];
                    break;
                case 71 when line.Contains("\"customer\":\"", StringComparison.Ordinal): // an invalid sequence in the customer (0xC0 0x80: an overlong NUL)
                    bytes = utf8.GetBytes(line.Replace("\"customer\":\"", "\"customer\":\"\u0001\u0001", StringComparison.Ordinal));
                    int at = Array.IndexOf(bytes, (byte)1);
                    bytes[at] = 0xC0;
                    bytes[at + 1] = 0x80;
                    break;
            }

            lines.Add(bytes);
        }

        var file = lines.SelectMany(l => l.Append((byte)'\n')).ToArray();
        var (seqBuilder, seqEvents) = Sequential(file);
        var (parBuilder, parEvents) = Parallel(file, workers, blockSize, unchecked_: false);
        Assert.Contains(seqEvents, e => e.StartsWith("fallback ", StringComparison.Ordinal) && e.Contains('\u00a0'));
        Assert.True(seqEvents.Count(e => e.StartsWith("fallback ", StringComparison.Ordinal) && e.Contains('\uFFFD')) >= 60);
        Assert.Equal(seqEvents, parEvents);
        AssertSame(seqBuilder, parBuilder);
    }

    [Fact]
    public void Read_UncheckedIds_WithoutDuplicates_GiveTheSequentialResult()
    {
        var file = Encoding.UTF8.GetBytes(string.Join("\n", Lines(5000, 8, duplicates: false)) + "\n");
        var (seqBuilder, seqEvents) = Sequential(file);
        var (parBuilder, parEvents) = Parallel(file, 2, 4096, unchecked_: true);
        Assert.Equal(seqEvents, parEvents);
        AssertSame(seqBuilder, parBuilder);
    }

    [Fact]
    public void EndUnchecked_FindsADuplicateId()
    {
        var builder = new DatasetBuilder(Config, null);
        builder.BeginUncheckedMessageIds();
        for (int i = 0; i < 20_000; i++)
        {
            Assert.True(builder.TryAddMessage(new Message($"m{(i == 15_000 ? 7 : i)}", "s", "c", "a", Direction.In, NodaTime.Instant.FromUnixTimeSeconds(i), null)));
        }

        Assert.False(builder.EndUncheckedMessageIds());
    }

    [Theory]
    [InlineData(false)] // both lines reduced by the parse workers, whose threads keep the id hashes
    [InlineData(true)] // the first line through the general path (the interning thread keeps its hash)
    public void Read_UncheckedIds_DuplicateInAnotherBlock_IsFoundByTheCheck(bool firstGeneral)
    {
        // docs/performance.md "Stop 20: the messages load": with unchecked ids the workers keep the hashes; the check
        // at the end reads the interning thread's and theirs together.
        var lines = Lines(3000, 11, duplicates: false).Where(l => l.StartsWith("{\"id\":\"m", StringComparison.Ordinal)).ToList();
        lines[0] = firstGeneral
            ? """{"id":"dupe","shop":"s1",???}""" // refused by the fast parser: the handler below adds the id
            : """{"id":"dupe","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""";
        lines.Add("""{"id":"dupe","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""");
        var file = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var builder = new DatasetBuilder(Config, null);
        builder.BeginUncheckedMessageIds();
        int general = 0;
        ParallelMessageReader.Read(new MemoryStream(file), builder, (_, _) => Assert.Fail("no lookups"), (line, number) =>
        {
            // The general path's add, as the reader's: an unchecked add on the interning thread.
            general++;
            Assert.True(builder.TryAddMessage(new Message("dupe", "s1", "c", "a", Direction.In, NodaTime.Instant.FromUnixTimeSeconds(0), null)));
        }, workers: 2, blockSize: 4096);
        Assert.Equal(firstGeneral ? 1 : 0, general);
        Assert.Equal(lines.Count, builder.Count);
        Assert.False(builder.EndUncheckedMessageIds(threads: 2));
    }

    [Theory]
    [InlineData(5, 2999)] // an id of a run met again after the runs of other blocks
    [InlineData(1500, 2000)] // two blocks' runs overlapping
    public void Read_UncheckedIds_RunsOfCountingIds_DuplicatesAcrossBlocksAreFound(int again, int from)
    {
        // docs/performance.md "Stop 22: runs of message ids": the workers mark ids counting on from the line before's;
        // those ids are neither stored nor hashed, and the check at the end compares the runs' number ranges.
        string Line(int i) => $$"""{"id":"m{{i}}","shop":"s1","customer":"c{{i / 10}}","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""";
        var distinct = Enumerable.Range(0, 3000).Select(Line).ToList();
        var file = Encoding.UTF8.GetBytes(string.Join("\n", distinct) + "\n");
        var (seqBuilder, _) = Sequential(file);
        var (parBuilder, parEvents) = Parallel(file, 2, 4096, unchecked_: true);
        Assert.Empty(parEvents);
        AssertSame(seqBuilder, parBuilder);
        Assert.True(parBuilder.MessageIds.Count == 3000);

        var lines = distinct.Take(from).Concat(Enumerable.Range(again, 3000 - from).Select(Line)).ToList();
        var builder = new DatasetBuilder(Config, null);
        builder.BeginUncheckedMessageIds();
        ParallelMessageReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")), builder, (_, _) => Assert.Fail("no lookups"), (_, _) => Assert.Fail("no general path"), workers: 2, blockSize: 4096);
        Assert.Equal(lines.Count, builder.Count);
        Assert.False(builder.EndUncheckedMessageIds(threads: 2));
    }

    [Fact]
    public void EndUnchecked_ManyDistinctIdsWithEqualHashes_FindsNoDuplicate()
    {
        // docs/performance.md "Scale (issue 11)": the check keeps no index per id; ids whose 31-bit hashes are equal are
        // only candidates, compared byte by byte. 300 000 ids have a few such pairs.
        var interner = new CsPerf.Engine.Storage.Utf8Interner();
        interner.BeginUnchecked();
        var ids = Enumerable.Range(0, 300_000).Select(i => Encoding.UTF8.GetBytes($"m{i * 7919L}")).ToArray();
        foreach (var id in ids)
        {
            interner.GetOrAdd(id, out bool added);
            Assert.True(added);
        }

        Assert.True(ids.Select(id => CsPerf.Engine.Storage.Utf8Interner.Hash(id)).Distinct().Count() < ids.Length);
        Assert.True(interner.EndUnchecked());
        for (int i = 0; i < ids.Length; i += 101)
        {
            Assert.Equal(i, interner.Find(ids[i]));
        }
    }

    [Fact]
    public void EndUnchecked_OneDuplicateAmongManyIds_IsFound()
    {
        var interner = new CsPerf.Engine.Storage.Utf8Interner();
        interner.BeginUnchecked();
        for (int i = 0; i < 300_000; i++)
        {
            interner.GetOrAdd(Encoding.UTF8.GetBytes($"m{(i == 299_999 ? 3 : i)}"), out _);
        }

        Assert.False(interner.EndUnchecked());
    }

    [Theory]
    [InlineData(2_000_000, 150_000, true, 2)] // many parts (checked on two threads), each about 1 200 hashes
    [InlineData(2_000_000, 150_000, false, 2)]
    [InlineData(2_000_000, 150_000, true, 1)]
    [InlineData(20_000, 150_000, true, 1)] // an estimate far too low: the parts overflow into their lists
    [InlineData(20_000, 150_000, false, 2)]
    [InlineData(2_000_000, 1_000, true, 2)] // fewer hashes than parts: most stay in the parts' line buffers
    public void EndUnchecked_HashPartsSizedOrOverflowing_FindExactlyTheDuplicates(int capacity, int count, bool duplicate, int threads)
    {
        // docs/performance.md "Stop 20: the messages load": hashes are kept in parts by their top bits as they come; a
        // part past its share spills into a list. Ids m{i * 7919} have equal 31-bit hashes in pairs, which are not duplicates.
        var interner = new CsPerf.Engine.Storage.Utf8Interner(capacity);
        interner.BeginUnchecked();
        for (int i = 0; i < count; i++)
        {
            long id = duplicate && i == count - 1 ? 7919L * (count / 3) : i * 7919L;
            interner.GetOrAdd(Encoding.UTF8.GetBytes($"m{id}"), out bool added);
            Assert.True(added);
        }

        Assert.Equal(!duplicate, interner.EndUnchecked(threads));
    }

    [Fact]
    public void Utf8Interner_CheckedFromASmallCapacity_GrowsAndFindsEveryValue()
    {
        var interner = new CsPerf.Engine.Storage.Utf8Interner();
        for (int i = 0; i < 100_000; i++)
        {
            Assert.Equal(i, interner.GetOrAdd($"c{i}", out bool added));
            Assert.True(added);
        }

        for (int i = 0; i < 100_000; i += 7)
        {
            Assert.Equal(i, interner.GetOrAdd($"c{i}", out bool added));
            Assert.False(added);
        }

        Assert.Equal(-1, interner.Find("c100000"));
    }

    [Fact]
    public void FileLength_OfASymbolicLink_IsTheLengthOfItsTarget()
    {
        // A messages.jsonl linked from another folder sizes the builder as the file itself would.
        using var ds = new TempDataset().With("messages.jsonl", Lines(200, 3, duplicates: false));
        string target = Path.Combine(ds.Dir, "messages.jsonl");
        string link = Path.Combine(ds.Dir, "link.jsonl");
        File.CreateSymbolicLink(link, target);
        Assert.Equal(new FileInfo(target).Length, DatasetReader.FileLength(link));
        Assert.Equal(new FileInfo(target).Length, DatasetReader.FileLength(target));
    }

    [Fact]
    public void Load_ParallelWithoutDuplicates_GivesTheSequentialResult()
    {
        using var ds = new TempDataset().With("messages.jsonl", Lines(20_000, 9, duplicates: false));
        var sequential = DatasetReader.Load(ds.Dir, Config, true, long.MaxValue);
        var parallel = DatasetReader.Load(ds.Dir, Config, true, 0);
        Assert.Equal(sequential.Errors.Select(e => e.ToString()), parallel.Errors.Select(e => e.ToString()));
        Assert.Equal(sequential.Counts, parallel.Counts);
        Assert.Equal(sequential.Dataset!.MessageCount, parallel.Dataset!.MessageCount);
        Assert.Equal(sequential.Dataset.MsgConversation.AsSpan(0, sequential.Dataset.MessageCount).ToArray(), parallel.Dataset.MsgConversation.AsSpan(0, parallel.Dataset.MessageCount).ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("你好, this is a longer text with 中文 and emoji 😀😀 to cross sixteen bytes")]
    public void CountScalars_CountsUnicodeScalars(string text)
    {
        Assert.Equal(text.EnumerateRunes().Count(), TextClassifier.CountScalars(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05+08:00","text":"你好"}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"out","at":"2026-11-01T10:00:05.123Z"}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"out","at":"2026-11-01T10:00:05Z","text":null}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"out","at":"2026-11-01T10:00:05Z","text":""}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z","text":"a\"b"}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z","text":"a	b"}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z","text":"a"} """)]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z","text":"a"}}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z","text":"a","text":"b"}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z","x":1}""")]
    [InlineData("""{"id":"","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05Z"}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"up","at":"2026-11-01T10:00:05Z"}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-11-01T10:00:05"}""")]
    [InlineData("""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"in","at":"2026-02-30T10:00:05Z"}""")]
    public void FastParser_AcceptsOnlyWhatTheGeneralPathAcceptsWithTheSameValues(string json)
    {
        var line = Encoding.UTF8.GetBytes(json.Replace("\\t", "\t", StringComparison.Ordinal));
        var row = new InputRow();
        var general = row.LoadJson(line) is null && RecordParsers.Message(row, out var expected) is null ? expected : null;
        if (!new FastMessageParser().TryParse(line, out var m))
        {
            return;
        }

        Assert.NotNull(general);
        Assert.Equal(general.Id, Encoding.UTF8.GetString(m.Id));
        Assert.Equal(general.Shop, Encoding.UTF8.GetString(m.Shop));
        Assert.Equal(general.Customer, Encoding.UTF8.GetString(m.Customer));
        Assert.Equal(general.Account, Encoding.UTF8.GetString(m.Account));
        Assert.Equal(general.Dir, m.Dir);
        Assert.Equal(general.At.ToUnixTimeTicks(), m.Ticks);
        Assert.Equal(general.Text, m.HasText ? Encoding.UTF8.GetString(m.Text) : null);
    }
}
