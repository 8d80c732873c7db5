using System.Text;
using CsPerf.IO.Ingest;
using Xunit;

namespace CsPerf.Tests.IO;

// domain.md §1 Entities: a customer is identified per shop by (shop, customer id). Customers are numbered in the order
// their pair is first met (conversations of messages.jsonl first, then orders), names once per distinct id.
public class CustomerNumberingTests
{
    private static string Line(int id, string shop, string customer, string account) =>
        $$"""{"id":"m{{id}}","shop":"{{shop}}","customer":"{{customer}}","account":"{{account}}","dir":"in","at":"2026-11-01T10:00:{{id % 60:D2}}Z"}""";

    [Theory]
    [InlineData(1, 64)]
    [InlineData(2, 1 << 20)]
    public void Customers_SameIdInTwoShopsAndTwoAccounts_NumberedByFirstPair(int workers, int blockSize)
    {
        string[] lines =
        [
            Line(1, "s1", "c1", "s1:a"), // customer 0 (s1, c1), conversation 0
            Line(2, "s1", "c1", "s1:a"),
            Line(3, "s1", "c2", "s1:a"), // customer 1 (s1, c2)
            Line(4, "s2", "c1", "s2:b"), // customer 2 (s2, c1): the same id in another shop is another customer
            Line(5, "s1", "c1", "s1:b"), // customer 0 again, with another account: conversation 3
            Line(6, "s2", "c1", "s2:b"),
            Line(7, "s2", "c3", "s2:a"), // customer 3
            Line(7, "s2", "c5", "s2:a"), // a duplicate id: refused
            Line(9, "s2", "c5", "s2:a"), // customer 4: the key of the refused line before, not of the last conversation
            Line(10, "s2", "c1", "s2:a"), // customer 2 again
        ];
        var builder = new DatasetBuilder(CsPerfConfig.Default, null);
        var duplicates = new List<long>();
        ParallelMessageReader.Read(
            new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")),
            builder,
            (line, _) => duplicates.Add(line),
            (_, line) => Assert.Fail($"line {line} left the fast path"),
            workers,
            blockSize);
        Assert.True(builder.TryAddOrder("o1"u8, "s2"u8, "c4"u8, NodaTime.Instant.FromUnixTimeSeconds(0), null, 10m, 0m, 1)); // customer 5
        Assert.True(builder.TryAddOrder("o2"u8, "s1"u8, "c2"u8, NodaTime.Instant.FromUnixTimeSeconds(0), null, 10m, 0m, 1)); // customer 1
        var data = builder.Build();

        Assert.Equal([8L], duplicates);
        Assert.Equal(["c1", "c2", "c1", "c3", "c5", "c4"], Enumerable.Range(0, data.CustomerCount).Select(data.CustomerId));
        Assert.Equal([0, 0, 1, 1, 1, 1], data.CustomerShop);
        Assert.Equal(data.CustomerName[0], data.CustomerName[2]); // one name entry for one id
        Assert.Equal([0, 1, 2, 0, 3, 4, 2], data.ConvCustomer);
        Assert.Equal([5, 1], data.Orders.Select(o => o.Customer));
        Assert.Equal(2, data.FindCustomer(1, "c1"));
        Assert.Equal(0, data.FindCustomer(0, "c1"));
        Assert.Equal(-1, data.FindCustomer(0, "c3"));
        Assert.Equal(-1, data.FindCustomer(1, "c9"));
    }
}
