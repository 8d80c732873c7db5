using System.Text;
using CsPerf.Engine.Storage;
using CsPerf.IO.Ingest;
using CsPerf.Tests.Properties;
using Xunit;

namespace CsPerf.Tests.IO;

// docs/performance.md "Scale (issue 11)": the parse workers check a text's UTF-8 and count its characters in one pass;
// it must refuse exactly what System.Text.Unicode.Utf8.IsValid refuses (so bad input still reaches the general path
// and its error, contract.md "Bad input") and count what TextClassifier.CountScalars counts.
public class Utf8TextTests
{
    private static readonly byte[] Interesting =
        [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF];

    private static void AssertSameAsLibrary(byte[] buffer, int start, int length)
    {
        var text = buffer.AsSpan(start, length);
        bool expected = System.Text.Unicode.Utf8.IsValid(text);
        bool actual = Utf8Text.TryCount(buffer, start, length, out int scalars);
        Assert.True(expected == actual, $"{Convert.ToHexString(text)}: expected {expected}");
        if (expected)
        {
            Assert.Equal(TextClassifier.CountScalars(text), scalars);
            Assert.True(Utf8Text.TryCount(text, out int alone));
            Assert.Equal(scalars, alone);
        }
    }

    /// <summary>The sequence in ASCII text at several places around the 16-byte steps (and at the very end).</summary>
    private static void AtSeveralPlaces(ReadOnlySpan<byte> sequence)
    {
        foreach (int before in (ReadOnlySpan<int>)[0, 13, 14, 15, 16, 30])
        {
            foreach (int after in (ReadOnlySpan<int>)[0, 1, 2, 20])
            {
                byte[] buffer = new byte[before + sequence.Length + after + 40];
                buffer.AsSpan().Fill((byte)'a');
                sequence.CopyTo(buffer.AsSpan(before));
                buffer.AsSpan(before + sequence.Length + after).Fill(0xE4); // bytes after the text: a lead, never read
                AssertSameAsLibrary(buffer, 0, before + sequence.Length + after);
                AssertSameAsLibrary(buffer[..(before + sequence.Length + after)], 0, before + sequence.Length + after); // no room after it
            }
        }
    }

    [Fact]
    public void TryCount_EveryOneAndTwoByteSequence_SameAsTheLibrary()
    {
        for (int a = 0; a < 256; a++)
        {
            AtSeveralPlaces([(byte)a]);
            for (int b = 0; b < 256; b++)
            {
                byte[] pair = [(byte)a, (byte)b];
                AssertSameAsLibrary(pair, 0, 2);
                byte[] framed = [.. "abcdefghijklmno"u8, (byte)a, (byte)b, .. "xyz"u8];
                AssertSameAsLibrary(framed, 15, 2);
                AssertSameAsLibrary(framed, 0, framed.Length);
            }
        }
    }

    [Fact]
    public void TryCount_ThreeAndFourByteSequencesOfBoundaryBytes_SameAsTheLibrary()
    {
        for (int a = 0xC0; a < 256; a++)
        {
            foreach (byte b in Interesting)
            {
                foreach (byte c in Interesting)
                {
                    AtSeveralPlaces([(byte)a, b, c]);
                    foreach (byte d in Interesting)
                    {
                        byte[] four = [.. "abcdefghijklm"u8, (byte)a, b, c, d, .. "xy"u8];
                        AssertSameAsLibrary(four, 13, 4);
                        AssertSameAsLibrary(four, 0, four.Length);
                        AssertSameAsLibrary(four, 13, 3);
                    }
                }
            }
        }
    }

    [CsPerfProperty(80)] // contract.md "Bad input": texts of random characters, some bytes broken, anywhere in a buffer
    public bool TryCount_RandomTexts_SameAsTheLibrary(Seed seed)
    {
        var rnd = new Random(seed.Value);
        Span<byte> utf8 = stackalloc byte[4];
        for (int round = 0; round < 50; round++)
        {
            var text = new List<byte>();
            int chars = rnd.Next(60);
            for (int i = 0; i < chars; i++)
            {
                int cp = rnd.Next(5) switch
                {
                    0 => rnd.Next(0x80),
                    1 => 0x80 + rnd.Next(0x780),
                    2 => 0x4E00 + rnd.Next(0x5200),
                    3 => 0x10000 + rnd.Next(0x100000),
                    _ => 0xE000 + rnd.Next(0x2000),
                };
                int n = new Rune(cp).EncodeToUtf8(utf8);
                text.AddRange(utf8[..n].ToArray());
            }

            if (text.Count > 0 && rnd.Next(3) == 0)
            {
                int at = rnd.Next(text.Count);
                text[at] = rnd.Next(4) switch
                {
                    0 => (byte)rnd.Next(256),
                    1 => (byte)(text[at] ^ 0x40),
                    2 => 0xBF,
                    _ => 0xF4,
                };
            }

            if (text.Count > 0 && rnd.Next(6) == 0)
            {
                text.RemoveAt(rnd.Next(text.Count)); // a character cut short (or an ASCII byte less)
            }

            int before = rnd.Next(20), after = rnd.Next(20);
            byte[] buffer = new byte[before + text.Count + after];
            rnd.NextBytes(buffer);
            text.CopyTo(buffer, before);
            AssertSameAsLibrary(buffer, before, text.Count);
        }

        return true;
    }

    [Fact] // domain.md "Messages": an ASCII text's characters are its bytes; a text of CJK and an emoji counts each once
    public void LineScanner_AsciiAndCjkTexts_CountedAsTheGeneralPathCounts()
    {
        foreach (string text in new[] { "hello there, this text is only ASCII and longer than 16", "你好，本店上新啦😀 ok", string.Empty })
        {
            byte[] line = Encoding.UTF8.GetBytes($$"""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"out","at":"2026-11-01T10:00:05+08:00","text":"{{text}}"}""" + "\n");
            LineScanner.Scan(line, 0, line.Length, out var c, out bool common);
            Assert.True(common);
            Assert.Equal(text.EnumerateRunes().Count(), c.Chars);
            Assert.Equal(text.All(ch => ch < 0x7F), c.Ascii);
        }
    }

    [Fact] // contract.md "Bad input": a bad sequence in a text leaves the common layout (the general path words the error)
    public void LineScanner_InvalidUtf8InText_IsNotCommon()
    {
        byte[] line = [.. """{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"out","at":"2026-11-01T10:00:05+08:00","text":"ab"""u8, 0xED, 0xA0, 0x80, .. "\"}\n"u8];
        LineScanner.Scan(line, 0, line.Length, out var c, out bool common);
        Assert.False(common);
        Assert.False(c.Ascii);
    }

    [Fact] // docs/performance.md "Scale (issue 11)": the ad phrase's shortcut knows every white space character's first and last byte
    public void WhiteSpaceBytes_CoverEveryWhiteSpaceCharacter()
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (Rune.IsValid(cp) && Rune.IsWhiteSpace(new Rune(cp)))
            {
                int n = new Rune(cp).EncodeToUtf8(utf8);
                Assert.True(WhiteSpaceBytes.First[utf8[0]], $"U+{cp:X4} first");
                Assert.True(WhiteSpaceBytes.Last[utf8[n - 1]], $"U+{cp:X4} last");
            }
        }
    }

    [Theory] // domain.md "Messages": the ad phrase matches the text with white space trimmed at both ends
    [InlineData("你好，本店上新啦", true)]
    [InlineData("  你好，本店上新啦\u3000", true)]
    [InlineData("\u00a0你好，本店上新啦\u2029\t", true)]
    [InlineData("你好，本店上新啦!", false)]
    [InlineData("x你好，本店上新啦", false)]
    [InlineData("你好，本店上新", false)]
    [InlineData("你好，本店上新啦 啦", false)]
    [InlineData("", false)]
    public void Classify_AdPhrase_SameAsTrimmingEveryText(string text, bool ad)
    {
        var classifier = new TextClassifier(TextRules.From(CsPerfConfig.Default with { AdPhrase = "你好，本店上新啦" }));
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        byte flags = classifier.Classify(Direction.Out, bytes, true, out int chars);
        Assert.Equal(ad, (flags & MessageFlags.AdMatch) != 0);
        Assert.Equal(TextClassifier.TrimWhiteSpace(bytes).SequenceEqual(Encoding.UTF8.GetBytes("你好，本店上新啦")), ad);
        Assert.Equal(text.EnumerateRunes().Count(), chars);
    }
}
