using System.Collections.Immutable;
using System.Text.Json;
using CsPerf.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

/// <summary>docs/details.md "Output": the nested bursts and implicated accounts in JSON arrays, compact in one CSV cell.</summary>
public class DetailWriterTests
{
    private static readonly Instant T = Instant.FromUtc(2026, 11, 2, 2, 0);

    private static DetailMessage M(string id, int seconds) => new(id, T.Plus(Duration.FromSeconds(seconds)));

    private static DetailResult Result(DetailList list, DetailRow row, params DetailTotal[] totals) =>
        new(list, T, AttributionRule.OrderFirst, new LocalDate(2026, 11, 2), new LocalDate(2026, 11, 2), null, [row], [.. totals],
            ImmutableDictionary<string, string>.Empty.Add("s1", "Asia/Shanghai"));

    private static readonly SlowDetail Slow = new("s1", "c1", new LocalDate(2026, 11, 2), "s1:a", "a1", M("m1", 0),
        [new DetailBurst(M("m1", 0), M("m2", 121), Duration.FromSeconds(121)), new DetailBurst(M("m5", 300), M("m6", 450), Duration.FromSeconds(150))]);

    [Fact]
    public void DetailWriter_SlowJson_BurstsAreAnArrayAndTotalsAnObject()
    {
        using var doc = JsonDocument.Parse(DetailWriter.ToJson(Result(DetailList.Slow, Slow, new DetailTotal("slowReceptions", 1))));
        var root = doc.RootElement;
        Assert.Equal(("slow", "慢响应明细", 1), (root.GetProperty("list").GetString(), root.GetProperty("name").GetString(), root.GetProperty("count").GetInt32()));
        Assert.Equal(1, root.GetProperty("totals").GetProperty("slowReceptions").GetInt32());
        var bursts = root.GetProperty("rows")[0].GetProperty("bursts");
        Assert.Equal(2, bursts.GetArrayLength());
        Assert.Equal(("m5", "m6", 150.0), (bursts[1].GetProperty("firstIn").GetString(), bursts[1].GetProperty("answer").GetString(), bursts[1].GetProperty("responseSeconds").GetDouble()));
        Assert.Equal("2026-11-02T02:00:00Z", bursts[0].GetProperty("firstInAt").GetString());
    }

    [Fact]
    public void DetailWriter_SlowCsv_BurstsInOneCell()
    {
        var csv = new StringWriter();
        DetailWriter.WriteCsv(Result(DetailList.Slow, Slow), csv);
        var lines = csv.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("day,shop,customer,account,agent,firstMessage,firstAt,slowBursts,bursts", lines[0]);
        Assert.Equal("2026-11-02,s1,c1,s1:a,a1,m1,2026-11-02T02:00:00Z,2,m1>m2 121s; m5>m6 150s", lines[1]);
    }

    [Fact]
    public void DetailWriter_ReviewCsvAndTable_ImplicatedWithWhy_LocalTimes()
    {
        var review = new ReviewDetail("s1", "c1", new LocalDate(2026, 11, 2), "o1", ReviewRating.Negative, T, "s1:a", ReviewPhases.PreSale | ReviewPhases.InSale,
        [
            new ReviewImplication("s1:a", "a1", ReviewPhases.PreSale, M("m1", 0), null, null),
            new ReviewImplication("s1:b", "a2", ReviewPhases.InSale, null, M("m3", 60), null),
        ]);
        var result = Result(DetailList.Reviews, review, new DetailTotal("neutralReviews", 0), new DetailTotal("negativeReviews", 1));
        var csv = new StringWriter();
        DetailWriter.WriteCsv(result, csv);
        Assert.EndsWith(",preSale+inSale,s1:a (preSale m1); s1:b (inSale m3)\r\n", csv.ToString(), StringComparison.Ordinal);
        var table = new StringWriter();
        DetailWriter.WriteTable(result, table);
        Assert.Contains("1 row(s); neutralReviews 0, negativeReviews 1", table.ToString(), StringComparison.Ordinal);
        Assert.Contains("2026-11-02 10:00:00", table.ToString(), StringComparison.Ordinal); // 02:00 UTC in Asia/Shanghai
    }
}
