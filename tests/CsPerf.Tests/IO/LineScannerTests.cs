using System.Runtime.InteropServices;
using System.Text;
using CsPerf.IO.Ingest;
using CsPerf.Tests.Properties;
using Xunit;

namespace CsPerf.Tests.IO;

// docs/performance.md "Scale (issue 11)": the structural line scanner of the parallel messages.jsonl reader accepts only
// lines the fast parser's common layout accepts, with the same values, and cuts lines where the plain search does, so
// results and errors (contract.md "Bad input") stay those of the sequential reader.
public class LineScannerTests
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>A messages.jsonl line: mostly the common layout, often with one of the things the scanner must leave alone.</summary>
    internal static byte[] Line(Random rnd, int i)
    {
        string Id(string prefix) => rnd.Next(48) switch
        {
            0 => prefix + "买" + i,
            1 => prefix + "\u007f" + i,
            2 => prefix + "\u00a0" + i,
            3 => prefix + "\u0085" + i,
            4 => new string('x', 256),
            5 => new string('y', 257),
            6 => string.Empty,
            7 => prefix + "\\\"" + i, // an escaped quote (the JSON text holds a backslash)
            _ => prefix + i % 7,
        };

        string at = rnd.Next(20) switch
        {
            0 => "2026-11-01T10:00:05Z",
            1 => "2026-11-01T10:00:05.123+08:00",
            2 => "2026-02-30T10:00:05+08:00",
            3 => "2026-11-01T24:00:05+08:00",
            4 => "2026-11-01T10:00:60+08:00",
            5 => "2026-11-01t10:00:05-05:30",
            6 => "2026-11-01 10:00:05+24:00",
            7 => "0001-01-01T00:00:00+08:00",
            8 => "2026-11-01T10:00:05+08",
            9 => "2026-11-0１T10:00:05+08:00",
            _ => $"2026-{1 + rnd.Next(12):D2}-{1 + rnd.Next(28):D2}T{rnd.Next(24):D2}:{rnd.Next(60):D2}:{rnd.Next(60):D2}+0{rnd.Next(9)}:{15 * rnd.Next(4):D2}",
        };
        string dir = rnd.Next(20) switch
        {
            0 => "up",
            1 => "IN",
            2 => "inn",
            _ => rnd.Next(2) == 0 ? "in" : "out",
        };
        string text = rnd.Next(16) switch
        {
            0 => string.Empty,
            1 => ",\"text\":null",
            2 => ",\"text\":\"\"",
            3 => ",\"text\":\"a\\\"b\"",
            4 => ",\"text\":\"a\\u4f60\"",
            5 => ",\"text\":\"" + new string('长', 200) + "\"", // 600 bytes: more words than the scanner looks at
            6 => ",\"text\":\"$auto 你好\"",
            7 => ",\"text\":\"a\tb\"",
            _ => ",\"text\":\"你好 " + i + "\"",
        };
        string line = $"{{\"id\":\"{Id("m")}\",\"shop\":\"{Id("s")}\",\"customer\":\"{Id("c")}\",\"account\":\"{Id("a")}\",\"dir\":\"{dir}\",\"at\":\"{at}\"{text}}}";
        line = rnd.Next(30) switch
        {
            0 => line + " ",
            1 => line + "}",
            2 => line[..^1],
            3 => line.Replace("\"shop\"", "\"shop \"", StringComparison.Ordinal),
            4 => line.Replace(",\"dir\"", ", \"dir\"", StringComparison.Ordinal),
            5 => line.Replace("\"account\":", "\"x\":1,\"account\":", StringComparison.Ordinal),
            6 => "   ",
            7 => string.Empty,
            8 => "{broken",
            9 => line.Replace("\"customer\"", "\"cust\\u006fmer\"", StringComparison.Ordinal),
            10 => line.Replace("\"at\"", "\"At\"", StringComparison.Ordinal),
            11 => line + "\r",
            12 => line.Replace("\"id\":", "\"id\" :", StringComparison.Ordinal),
            13 => line.Replace("{\"id\"", "{\"text\":\"x\",\"id\"", StringComparison.Ordinal),
            _ => line,
        };
        byte[] bytes = Utf8.GetBytes(line);
        return rnd.Next(40) switch
        {
            0 when bytes.Length > 8 => [.. bytes.AsSpan(0, bytes.Length - 5), 0xFF, .. bytes.AsSpan(bytes.Length - 5)], // invalid UTF-8
            1 when bytes.Length > 8 => [.. bytes.AsSpan(0, bytes.Length - 5), 0x01, .. bytes.AsSpan(bytes.Length - 5)], // a raw control byte
            2 when bytes.Length > 8 => [.. bytes.AsSpan(0, bytes.Length - 5), (byte)'\r', .. bytes.AsSpan(bytes.Length - 5)],
            3 when bytes.Length > 8 => [.. bytes.AsSpan(0, bytes.Length - 5), 0xE4, 0xBD, .. bytes.AsSpan(bytes.Length - 5)], // a character cut short
            4 when bytes.Length > 8 => [.. bytes.AsSpan(0, bytes.Length - 5), 0xED, 0xA0, 0x80, .. bytes.AsSpan(bytes.Length - 5)], // a surrogate
            5 when bytes.Length > 8 => [.. bytes.AsSpan(0, bytes.Length - 5), 0xBF, .. bytes.AsSpan(bytes.Length - 5)], // a lone continuation byte
            6 when bytes.Length > 8 => [.. bytes.AsSpan(0, bytes.Length - 2), 0xF0, 0x9F, 0x98, 0x80, .. bytes.AsSpan(bytes.Length - 2)], // an emoji last
            _ => bytes,
        };
    }

    [Fact]
    public void LineScanner_Literals_AreTheLayoutsLiterals()
    {
        static (ulong Lo, ulong Hi) Of(string literal)
        {
            byte[] b = Encoding.ASCII.GetBytes(literal);
            return (MemoryMarshal.Read<ulong>(b), MemoryMarshal.Read<ulong>(b.AsSpan(b.Length - 8)));
        }

        Assert.Equal((LineScanner.ShopLo, LineScanner.ShopHi), Of("\",\"shop\":\""));
        Assert.Equal((LineScanner.CustomerLo, LineScanner.CustomerHi), Of("\",\"customer\":\""));
        Assert.Equal((LineScanner.AccountLo, LineScanner.AccountHi), Of("\",\"account\":\""));
        Assert.Equal((LineScanner.DirLo, LineScanner.DirHi), Of("\",\"dir\":\""));
        Assert.Equal((LineScanner.AtLo, LineScanner.AtHi), Of("\",\"at\":\""));
        Assert.Equal((LineScanner.TextLo, LineScanner.TextHi), Of("\",\"text\":\""));
        Assert.Equal(LineScanner.Head, MemoryMarshal.Read<ulong>("{\"id\":\"\0"u8));
    }

    [CsPerfProperty(60)] // contract.md "Bad input": the scanner takes only lines the common layout takes, with the same values
    public bool LineScanner_GeneratedLines_AcceptOnlyWhatTheParserAcceptsWithTheSameValues(Seed seed)
    {
        var rnd = new Random(seed.Value);
        var parser = new FastMessageParser();
        var dates = default(DateCache);
        int accepted = 0;
        for (int i = 0; i < 300; i++)
        {
            byte[] line = Line(rnd, i);
            if (line.AsSpan().IndexOf((byte)'\n') >= 0)
            {
                continue;
            }

            // The line somewhere in a block: after another line, followed by a line feed (or not, at the block's end),
            // with bytes after the limit that the scanner must ignore.
            byte[] before = rnd.Next(2) == 0 ? [] : [.. "{\"x\":1}\n"u8];
            bool newline = rnd.Next(4) != 0;
            byte[] after = rnd.Next(2) == 0 ? [] : [.. "\"\\\n\u0001\"\"\"\"\"\"\"\""u8];
            byte[] block = [.. before, .. line, .. (newline ? "\n"u8 : []), .. after];
            int limit = before.Length + line.Length + (newline ? 1 : 0);
            int end = LineScanner.Scan(block, before.Length, limit, out var c, out bool common);
            int expectedEnd = before.Length + line.Length;
            Assert.True(end == expectedEnd || (end == -1 && line.Length >= LineScanner.MaxWords * 64), $"end {end} for {Utf8.GetString(line)}");
            if (end < 0 || !System.Text.Unicode.Utf8.IsValid(block.AsSpan(0, limit)))
            {
                continue; // the reader scans only blocks of valid UTF-8
            }

            var text = line.AsSpan();
            if (!text.IsEmpty && text[^1] == '\r')
            {
                text = text[..^1];
            }

            bool parsed = parser.TryParse(text, out var m, validUtf8: true);
            if (common && Rfc3339.TryParseCommon(block.AsSpan(c.At, c.AtLength), ref dates, out long ticks))
            {
                accepted++;
                Assert.True(parsed, Utf8.GetString(line));
                Assert.Equal(m.Id.ToArray(), block.AsSpan(c.Id, c.IdLength).ToArray());
                Assert.Equal(m.Shop.ToArray(), block.AsSpan(c.Shop, c.ShopLength).ToArray());
                Assert.Equal(m.Customer.ToArray(), block.AsSpan(c.Customer, c.CustomerLength).ToArray());
                Assert.Equal(m.Account.ToArray(), block.AsSpan(c.Account, c.AccountLength).ToArray());
                Assert.Equal(m.Dir, c.Dir);
                Assert.Equal(m.Ticks, ticks);
                Assert.Equal(m.HasText, c.HasText);
                Assert.Equal(m.Text.ToArray(), c.HasText ? block.AsSpan(c.Text, c.TextLength).ToArray() : []);
                Assert.Equal(CsPerf.Engine.Storage.TextClassifier.CountScalars(m.Text), c.Chars);
            }
        }

        Assert.True(accepted > 0);
        return true;
    }

    [CsPerfProperty(40)] // contract.md "Bad input": same records, duplicates and general-path lines as the sequential reader
    public bool ParallelReader_GeneratedFiles_TinyBlocks_GiveTheSequentialResult(Seed seed)
    {
        var rnd = new Random(seed.Value);
        var lines = Enumerable.Range(0, 400).Select(i => Line(rnd, i % 150)).ToList(); // ids repeat: duplicates
        byte[] newline = rnd.Next(2) == 0 ? [(byte)'\n'] : [(byte)'\r', (byte)'\n'];
        var file = new List<byte>();
        if (rnd.Next(2) == 0)
        {
            file.AddRange([0xEF, 0xBB, 0xBF]);
        }

        foreach (var line in lines)
        {
            file.AddRange(line);
            file.AddRange(newline);
        }

        if (rnd.Next(2) == 0)
        {
            file.RemoveRange(file.Count - newline.Length - rnd.Next(5), newline.Length); // a last line without a line break (maybe cut short)
        }

        byte[] bytes = [.. file];
        int blockSize = rnd.Next(3) switch
        {
            0 => 32 + rnd.Next(200), // smaller than most lines
            1 => 400 + rnd.Next(1000),
            _ => 4096 + rnd.Next(60_000),
        };
        var (seqBuilder, seqEvents) = ParallelIngestTests.Sequential(bytes);
        var (parBuilder, parEvents) = ParallelIngestTests.Parallel(bytes, 1 + rnd.Next(3), blockSize, unchecked_: false);
        Assert.Equal(seqEvents, parEvents);
        ParallelIngestTests.AssertSame(seqBuilder, parBuilder);
        return true;
    }

    [CsPerfProperty(20)] // docs/performance.md "Stop 21": the masks shared by the lines of a block (windows refilled on the way) give what a fresh scan of each line gives
    public bool LineScanner_OneScannerOverABlock_SameAsAFreshScanOfEachLine(Seed seed)
    {
        var rnd = new Random(seed.Value);
        var file = new List<byte>();
        int size = 40_000 + rnd.Next(20_000); // windows of masks are 16 KB
        while (file.Count < size)
        {
            file.AddRange(Line(rnd, file.Count));
            file.AddRange(rnd.Next(8) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }

        byte[] block = [.. file, .. "\"\"\n\\"u8]; // bytes past the limit are ignored
        int limit = file.Count - rnd.Next(3); // maybe a last line without its line feed
        var scanner = new LineScanner();
        int pos = 0, lines = 0;
        while (pos < limit)
        {
            int end = scanner.Next(block, pos, limit, out var c, out bool common);
            int expected = LineScanner.Scan(block, pos, limit, out var e, out bool expectedCommon);
            Assert.Equal(expected, end);
            Assert.Equal(expectedCommon, common);
            Assert.Equal(e, c);
            lines++;
            int next = end >= 0 ? end : block.AsSpan(pos, limit - pos).IndexOf((byte)'\n') is int nl and >= 0 ? pos + nl : limit;
            pos = next + 1;
        }

        Assert.True(lines > 100);
        return true;
    }

    [Fact] // docs/performance.md "Scale (issue 11)": one line longer than a block (and than the scanner's words) between common lines
    public void ParallelReader_LineLongerThanABlock_GivesTheSequentialResult()
    {
        string common = """{"id":"m{0}","shop":"s1","customer":"c","account":"a","dir":"out","at":"2026-11-01T10:00:05+08:00","text":"你好"}""";
        var lines = Enumerable.Range(0, 50).Select(i => common.Replace("{0}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();
        lines[20] = lines[20].Replace("你好", new string('长', 3000), StringComparison.Ordinal);
        lines[30] = lines[30].Replace("你好", new string('a', 600), StringComparison.Ordinal);
        byte[] file = Utf8.GetBytes(string.Join("\n", lines));
        foreach (int blockSize in new[] { 64, 1000, 5000 })
        {
            var (seqBuilder, seqEvents) = ParallelIngestTests.Sequential(file);
            var (parBuilder, parEvents) = ParallelIngestTests.Parallel(file, 2, blockSize, unchecked_: false);
            Assert.Empty(seqEvents);
            Assert.Equal(seqEvents, parEvents);
            ParallelIngestTests.AssertSame(seqBuilder, parBuilder);
        }
    }

    [CsPerfProperty(40)] // domain.md "Time": the common-shape instant parser gives what the one RFC 3339 parser gives
    public bool Rfc3339_TryParseCommon_SameAsParse(Seed seed)
    {
        var rnd = new Random(seed.Value);
        var cache = default(DateCache);
        const string Digits = "0123456789";
        for (int i = 0; i < 500; i++)
        {
            char[] s = $"{rnd.Next(10000):D4}-{rnd.Next(14):D2}-{rnd.Next(33):D2}T{rnd.Next(26):D2}:{rnd.Next(62):D2}:{rnd.Next(62):D2}{(rnd.Next(2) == 0 ? '+' : '-')}{rnd.Next(26):D2}:{rnd.Next(62):D2}".ToCharArray();
            if (rnd.Next(3) == 0)
            {
                // Reuse a recent date (the cache hit) or break one character.
                int at = rnd.Next(s.Length);
                s[at] = rnd.Next(2) == 0 ? Digits[rnd.Next(10)] : "-:T t+Z.\0/a"[rnd.Next(11)];
            }

            if (rnd.Next(4) == 0)
            {
                "2026-11-01".CopyTo(0, s, 0, 10);
            }

            byte[] bytes = Encoding.ASCII.GetBytes(s);
            bool expected = Rfc3339.Parse(bytes, out long expectedTicks) == InstantStatus.Ok;
            bool actual = Rfc3339.TryParseCommon(bytes, ref cache, out long ticks);
            Assert.Equal(expected, actual);
            if (expected)
            {
                Assert.Equal(expectedTicks, ticks);
            }
        }

        return true;
    }
}
