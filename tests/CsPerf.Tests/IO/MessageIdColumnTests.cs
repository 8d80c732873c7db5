using System.Text;
using CsPerf.Engine.Storage;
using CsPerf.Tests.Properties;
using Xunit;

namespace CsPerf.Tests.IO;

/// <summary>
/// docs/performance.md "Stop 22: runs of message ids": while a load appends message ids unchecked, ids counting up by
/// one behind a common prefix are kept as runs; every id reads back byte for byte, compares as strings do, and the
/// check at the end finds exactly the duplicates, whether the ids come one by one (the sequential reader) or with the
/// parse workers' marks (the parallel reader).
/// </summary>
public class MessageIdColumnTests
{
    [Theory]
    [InlineData("m1", true, 1, 1L)]
    [InlineData("m0", true, 1, 0L)]
    [InlineData("0", true, 0, 0L)]
    [InlineData("12345", true, 0, 12345L)]
    [InlineData("a9b10", true, 3, 10L)]
    [InlineData("msg-000000000000000009", false, 0, 0L)] // a leading zero: "m09" is not "m" and 9
    [InlineData("m01", false, 0, 0L)]
    [InlineData("abc", false, 0, 0L)]
    [InlineData("", false, 0, 0L)]
    [InlineData("m123456789012345678", true, 1, 123456789012345678L)] // 18 digits
    [InlineData("m1234567890123456789", false, 0, 0L)] // 19 digits: not kept as a number
    [InlineData("١٢", false, 0, 0L)] // Arabic-Indic digits are not decimal digits here
    public void TryParseNumbered_ReadsThePlainNumberAtTheEnd(string id, bool plain, int prefix, long number)
    {
        bool ok = MessageIdColumn.TryParseNumbered(Encoding.UTF8.GetBytes(id), out int p, out long n);
        Assert.Equal(plain, ok);
        if (plain)
        {
            Assert.Equal(prefix, p);
            Assert.Equal(number, n);
        }
    }

    [Fact]
    public void Runs_OfCountingIds_KeepOnlyTheirFirstIds()
    {
        var ids = Enumerable.Range(1, 10_000).Select(i => $"m{i}").Concat(["x", "m01", "m02"]).Concat(Enumerable.Range(99, 5).Select(i => $"n{i}")).ToList();
        var column = Append(ids, workerMarks: false);
        Assert.True(column.EndUnchecked());
        Assert.Equal(2, column.RunCount);
        Assert.Equal(5, column.StoredCount); // m1, x, m01, m02, n99
        AssertReadsBack(column, ids);
    }

    [Fact]
    public void EndUnchecked_AStoredIdInsideARun_IsADuplicate()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => $"m{(i == 15_000 ? 7 : i)}").ToList();
        Assert.False(Append(ids, workerMarks: false).EndUnchecked());
        Assert.False(Append(ids, workerMarks: true).EndUnchecked());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EndUnchecked_OverlappingRuns_AreDuplicates(bool workerMarks)
    {
        var ids = Enumerable.Range(0, 100).Concat(Enumerable.Range(99, 3)).Select(i => $"p{i}").ToList();
        Assert.False(Append(ids, workerMarks).EndUnchecked());
        var apart = Enumerable.Range(0, 100).Concat(Enumerable.Range(100, 3)).Select(i => $"p{i}").Concat(["q1", "q2", "p1x"]).ToList();
        Assert.True(Append(apart, workerMarks).EndUnchecked());
    }

    [CsPerfProperty(200)] // the sequential reader's adds and the parallel reader's marks keep the same ids, and find a duplicate exactly when there is one
    public bool Column_AnyIds_ReadBackAndFindExactlyTheDuplicates(Seed seed)
    {
        var rnd = new Random(seed.Value);
        var ids = RandomIds(rnd);
        bool distinct = ids.Distinct(StringComparer.Ordinal).Count() == ids.Count;
        foreach (bool workerMarks in new[] { false, true })
        {
            var column = Append(ids, workerMarks);
            Assert.Equal(ids.Count, column.Count);
            Assert.Equal(distinct, column.EndUnchecked(threads: 1 + (seed.Value % 2)));
            if (distinct)
            {
                AssertReadsBack(column, ids);
                for (int k = 0; k < 50 && ids.Count > 0; k++)
                {
                    int a = rnd.Next(ids.Count), b = rnd.Next(ids.Count);
                    Assert.Equal(Math.Sign(string.CompareOrdinal(ids[a], ids[b])), Math.Sign(column.CompareOrdinal(a, b)));
                }

                column.Expand();
                for (int i = 0; i < ids.Count; i++)
                {
                    Assert.Equal(i, column.Find(Encoding.UTF8.GetBytes(ids[i])));
                }

                Assert.Equal(ids.Count, column.GetOrAdd(Encoding.UTF8.GetBytes("never-seen"), out bool added));
                Assert.True(added);
            }
        }

        return true;
    }

    /// <summary>Ids in pieces: counting runs behind a few prefixes (some crossing a power of ten or past 18 digits), ids with leading zeros (some counting) or no digits, long numbers, and now and then one met before.</summary>
    private static List<string> RandomIds(Random rnd)
    {
        string[] prefixes = ["m", "msg-", "", "a9b", "会话"];
        var ids = new List<string>();
        int pieces = rnd.Next(1, 30);
        for (int p = 0; p < pieces; p++)
        {
            string prefix = prefixes[rnd.Next(prefixes.Length)];
            switch (rnd.Next(7))
            {
                case 5:
                    // Counting with a leading zero (m07, m08, m09, m010): not plain numbers, never a run.
                    int from = rnd.Next(0, 15);
                    for (int i = 0; i < 5; i++)
                    {
                        ids.Add(prefix + "0" + (from + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
                case 0:
                case 1:
                    long start = rnd.Next(3) == 0 ? 999_999_999_999_999_990L : rnd.Next(0, 200);
                    int length = rnd.Next(1, 40);
                    for (int i = 0; i < length; i++)
                    {
                        ids.Add(prefix + (start + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
                case 2:
                    ids.Add(prefix + "0" + rnd.Next(1000));
                    break;
                case 3:
                    ids.Add(prefix + "x" + (char)('a' + rnd.Next(26)));
                    break;
                case 4:
                    ids.Add(prefix + "1234567890123456789" + rnd.Next(10));
                    break;
                default:
                    if (ids.Count > 0 && rnd.Next(3) == 0)
                    {
                        ids.Add(ids[rnd.Next(ids.Count)]);
                    }
                    else
                    {
                        ids.Add(prefix + rnd.Next(300));
                    }

                    break;
            }
        }

        return ids;
    }

    /// <summary>
    /// Appends unchecked: one by one as the sequential reader does (<see cref="MessageIdColumn.GetOrAdd(ReadOnlySpan{byte}, out bool)"/>),
    /// or as the parallel reader's interning thread does with its workers' marks: an id counting on from the one before
    /// is appended as such, any other with its hash kept elsewhere.
    /// </summary>
    private static MessageIdColumn Append(List<string> ids, bool workerMarks)
    {
        var column = new MessageIdColumn(16);
        column.BeginUnchecked();
        var hashes = workerMarks ? column.KeepHashesElsewhere(1) : null;
        byte[]? prev = null;
        bool prevPlain = false;
        foreach (var text in ids)
        {
            var id = Encoding.UTF8.GetBytes(text);
            if (!workerMarks)
            {
                column.GetOrAdd(id, out bool added);
                Assert.True(added);
                continue;
            }

            bool continues = prev is not null && MessageIdColumn.CountsOn(prev, id, prevPlain);
            Assert.Equal(continues, CountsOnByNumbers(prev, id));
            prevPlain = continues;
            prev = id;
            if (continues)
            {
                column.AppendContinuation();
            }
            else
            {
                hashes!.Add(Utf8Interner.Hash(id));
                column.AppendUnchecked(id);
            }
        }

        return column;
    }

    /// <summary>The rule <see cref="MessageIdColumn.CountsOn"/> applies, by the numbers.</summary>
    private static bool CountsOnByNumbers(byte[]? previous, byte[] id) =>
        previous is not null
        && MessageIdColumn.TryParseNumbered(previous, out int p, out long n)
        && MessageIdColumn.TryParseNumbered(id, out int q, out long m)
        && m == n + 1 && p == q && previous.AsSpan(0, p).SequenceEqual(id.AsSpan(0, q));

    private static void AssertReadsBack(MessageIdColumn column, List<string> ids)
    {
        Span<byte> scratch = stackalloc byte[MessageIdColumn.MaxIdBytes];
        for (int i = 0; i < ids.Count; i++)
        {
            Assert.Equal(ids[i], Encoding.UTF8.GetString(column.GetBytes(i, scratch)));
            Assert.Equal(ids[i], column.GetString(i));
        }
    }
}
