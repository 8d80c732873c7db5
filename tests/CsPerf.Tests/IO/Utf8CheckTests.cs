using System.Text;
using CsPerf.IO.Ingest;
using CsPerf.Tests.Properties;
using Xunit;

namespace CsPerf.Tests.IO;

// docs/performance.md "Stop 21": the parse workers' block check of UTF-8 must answer what the library answers, so that
// the same lines take the general path and give the same errors (contract.md "Bad input").
public class Utf8CheckTests
{
    [Fact] // contract.md "Bad input": every pair of bytes, with third and fourth bytes, at every place of a 32-byte chunk
    public void Utf8Check_EveryShortSequenceEverywhere_SameAsTheLibrary()
    {
        byte[] buffer = new byte[100];
        var rnd = new Random(7);
        for (int b0 = 0; b0 < 256; b0++)
        {
            for (int b1 = 0; b1 < 256; b1++)
            {
                // Three-byte sequences with every first two bytes and some third bytes; every place over two chunks.
                for (int k = 0; k < 3; k++)
                {
                    int b2 = k == 0 ? 0x80 + rnd.Next(64) : rnd.Next(256);
                    int at = rnd.Next(buffer.Length - 4);
                    Array.Fill(buffer, (byte)'a');
                    buffer[at] = (byte)b0;
                    buffer[at + 1] = (byte)b1;
                    buffer[at + 2] = (byte)b2;
                    buffer[at + 3] = (byte)(k < 2 ? 0x80 + rnd.Next(64) : rnd.Next(256)); // four-byte sequences too
                    int length = at + 1 + rnd.Next(buffer.Length - at); // sometimes cut after the first or second byte
                    var span = buffer.AsSpan(0, Math.Max(64, length));
                    Assert.True(System.Text.Unicode.Utf8.IsValid(span) == Utf8Check.IsValid(span), $"{b0:X2} {b1:X2} {b2:X2} at {at} of {span.Length}");
                }
            }
        }
    }

    [CsPerfProperty(200)] // contract.md "Bad input": texts of every width of character, broken at random, as the library judges them
    public bool Utf8Check_RandomTexts_SameAsTheLibrary(Seed seed)
    {
        var rnd = new Random(seed.Value);
        string[] pieces = ["a", "{\"id\":\"m1\"}", "\u00e9", "\u00a0", "\u4f60\u597d", "\ud83d\ude00", "\u0800", "\uffff", "\ud7ff", "\ue000", "\U0010FFFF", "\n"];
        var bytes = new List<byte>();
        int size = rnd.Next(3) == 0 ? rnd.Next(200) : rnd.Next(2000);
        while (bytes.Count < size)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(pieces[rnd.Next(pieces.Length)]));
        }

        byte[] text = [.. bytes];
        for (int k = rnd.Next(3); k > 0 && text.Length > 0; k--)
        {
            text[rnd.Next(text.Length)] = rnd.Next(4) switch
            {
                0 => (byte)(0x80 + rnd.Next(64)),
                1 => (byte)(0xC0 + rnd.Next(64)),
                2 => (byte)rnd.Next(256),
                _ => (byte)(0xF0 + rnd.Next(16)),
            };
        }

        int cut = rnd.Next(2) == 0 ? text.Length : rnd.Next(text.Length + 1);
        var span = text.AsSpan(0, cut);
        Assert.Equal(System.Text.Unicode.Utf8.IsValid(span), Utf8Check.IsValid(span));
        return true;
    }
}
