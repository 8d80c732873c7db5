using System.Text;
using CsPerf.Engine.Storage;
using CsPerf.IO.Ingest;
using CsPerf.Tests.Properties;
using Xunit;

namespace CsPerf.Tests.IO;

// docs/performance.md "Scale (issue 11)": the parse workers count a text's characters from the line scanner's masks and
// refuse most texts as the ad phrase without trimming them; both must give what the general path gives.
public class TextCountingTests
{
    [Fact] // domain.md "Messages": an ASCII text's characters are its bytes; a text of CJK and an emoji counts each once
    public void LineScanner_AsciiAndCjkTexts_CountedAsTheGeneralPathCounts()
    {
        foreach (string text in new[] { "hello there, this text is only ASCII and longer than 16", "你好，本店上新啦😀 ok", new string('长', 40) + "😀x", string.Empty })
        {
            byte[] line = Encoding.UTF8.GetBytes($$"""{"id":"m1","shop":"s1","customer":"c","account":"a","dir":"out","at":"2026-11-01T10:00:05+08:00","text":"{{text}}"}""" + "\n");
            LineScanner.Scan(line, 0, line.Length, out var c, out bool common);
            Assert.True(common);
            Assert.Equal(text.EnumerateRunes().Count(), c.Chars);
        }
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
    [InlineData("\u3002你好，本店上新啦", false)]
    [InlineData("你好，本店上新啦\u3002", false)]
    [InlineData("\u3000\u3000你好，本店上新啦", true)]
    public void Classify_AdPhrase_SameAsTrimmingEveryText(string text, bool ad)
    {
        var classifier = new TextClassifier(TextRules.From(CsPerfConfig.Default with { AdPhrase = "你好，本店上新啦" }));
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        byte flags = classifier.Classify(Direction.Out, bytes, true, out int chars);
        Assert.Equal(ad, (flags & MessageFlags.AdMatch) != 0);
        Assert.Equal(TextClassifier.TrimWhiteSpace(bytes).SequenceEqual(Encoding.UTF8.GetBytes("你好，本店上新啦")), ad);
        Assert.Equal(text.EnumerateRunes().Count(), chars);
    }

    [CsPerfProperty(60)] // domain.md "Messages": the ad phrase's shortcut decides as trimming every text decides
    public bool Classify_AdPhrase_RandomTexts_SameAsTrimming(Seed seed)
    {
        var rnd = new Random(seed.Value);
        string[] phrases = ["你好，本店上新啦", "sale", "\u3000广告", "a\u2003", "x"];
        string[] pieces = ["你好，本店上新啦", "sale", "\u3000", " ", "\t", "\u00a0", "\u2003", "\u3002", "\u201c", "广告", "a", "x", "\u0085", "啦", "😀"];
        foreach (string phrase in phrases)
        {
            // The rules trim the phrase; the classifier is also tried with an untrimmed one.
            var classifier = rnd.Next(2) == 0
                ? new TextClassifier(TextRules.From(CsPerfConfig.Default with { AdPhrase = phrase }))
                : new TextClassifier(new TextRules(null, null, phrase));
            byte[] ad = Encoding.UTF8.GetBytes(classifier.Rules.AdPhrase!);
            for (int i = 0; i < 40; i++)
            {
                var text = new StringBuilder();
                int n = rnd.Next(5);
                for (int k = 0; k < n; k++)
                {
                    text.Append(rnd.Next(3) == 0 ? phrase : pieces[rnd.Next(pieces.Length)]);
                }

                byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
                bool expected = TextClassifier.TrimWhiteSpace(bytes).SequenceEqual(ad);
                Assert.Equal(expected, (classifier.Classify(Direction.Out, bytes, true, out _) & MessageFlags.AdMatch) != 0);
            }
        }

        return true;
    }
}
