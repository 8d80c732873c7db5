using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.Synthetic;
using CsPerf.Tests.Properties;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

/// <summary>
/// The streaming report (docs/partials.md "Streaming", issue 11 item 3): a folder split by customer into parts, read
/// and aggregated part after part, merged and composed, gives the in-memory report byte for byte (domain.md §5
/// invariant 7), and its problems name the original file and line.
/// </summary>
public class StreamingReportTests
{
    private static readonly Instant AsOf = Instant.FromUtc(2026, 11, 12, 0, 0);

    private static readonly PeriodGrouping[] Groupings = [PeriodGrouping.Day, PeriodGrouping.Week, PeriodGrouping.Month, PeriodGrouping.All];

    /// <summary>The in-memory report and its problems, and the streamed one in <paramref name="parts"/> parts, as text.</summary>
    private static (string Whole, string Streamed, DatasetLoadResult WholeLoad, DatasetLoadResult StreamedLoad) Both(
        string dir, CsPerfConfig config, ReportRequest request, int parts, bool lenient = false)
    {
        var load = DatasetReader.Load(dir, config, lenient);
        string whole = load.Dataset is null ? "refused" : CsPerf.IO.JsonReportWriter.ToJson(CsPerfEngine.Report(load.Dataset, config, request));
        var streamed = StreamingReport.Run(dir, config, request, lenient, new StreamingOptions { Parts = parts });
        Assert.Equal(parts, streamed.Parts);
        return (whole, streamed.Report is null ? "refused" : CsPerf.IO.JsonReportWriter.ToJson(streamed.Report), load, streamed.Load);
    }

    private static void SameProblems(DatasetLoadResult whole, DatasetLoadResult streamed)
    {
        Assert.Equal(whole.ErrorCount, streamed.ErrorCount);
        Assert.Equal(whole.Errors.Select(e => e.ToString()), streamed.Errors.Select(e => e.ToString()));
        Assert.Equal(whole.Warnings, streamed.Warnings);
        Assert.Equal(whole.Counts, streamed.Counts);
    }

    [Theory] // domain.md §5 invariant 7: a generated month-like dataset (two shops, sessions across midnight, late payments) forced into 2..5 parts
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Streaming_GeneratedDataset_ForcedIntoParts_EqualsInMemoryReport(int parts)
    {
        using var folder = new TempDataset();
        var options = new GeneratorOptions { Shops = 2, Customers = 300, Days = 6, Seed = 11 };
        SyntheticData.WriteTo(folder.Dir, options);
        var config = CsPerfConfig.Default with { AdPhrase = options.AdPhrase };
        foreach (var by in Groupings)
        {
            var (whole, streamed, wl, sl) = Both(folder.Dir, config, new ReportRequest { AsOf = AsOf, By = by, AllRules = true }, parts);
            Assert.Equal(whole, streamed);
            SameProblems(wl, sl);
        }
    }

    [CsPerfProperty(12)] // domain.md §5 invariant 7: any generated dataset, any number of parts, any grouping, the same report
    public bool Streaming_GeneratedDatasets_RandomParts_EqualInMemoryReport(Seed seed)
    {
        var rnd = new Random(seed.Value);
        using var folder = new TempDataset();
        var options = new GeneratorOptions
        {
            Shops = rnd.Next(1, 4),
            Agents = rnd.Next(2, 8),
            Customers = rnd.Next(5, 120),
            Days = rnd.Next(1, 5),
            Seed = rnd.Next(),
            AdPhrase = rnd.Next(2) == 0 ? null : "你好，本店上新啦",
        };
        SyntheticData.WriteTo(folder.Dir, options);
        var config = CsPerfConfig.Default with { AdPhrase = options.AdPhrase };
        var request = new ReportRequest
        {
            AsOf = Instant.FromUtc(2026, 11, 1, 0, 0).Plus(Duration.FromDays(rnd.Next(0, 7))),
            By = Groupings[rnd.Next(Groupings.Length)],
            AllRules = rnd.Next(2) == 0,
        };
        var (whole, streamed, wl, sl) = Both(folder.Dir, config, request, rnd.Next(2, 7));
        Assert.Equal(whole, streamed);
        SameProblems(wl, sl);
        return true;
    }

    private static string M(string id, string shop, string customer, string account, string dir, string at, string text = "在吗") =>
        $$"""{"id":"{{id}}","shop":"{{shop}}","customer":"{{customer}}","account":"{{account}}","dir":"{{dir}}","at":"{{at}}","text":"{{text}}"}""";

    private static string O(string id, string shop, string customer, string created, string? paid, string amount = "100.00") =>
        $$"""{"id":"{{id}}","shop":"{{shop}}","customer":"{{customer}}","createdAt":"{{created}}","paidAt":{{(paid is null ? "null" : "\"" + paid + "\"")}},"amount":{{amount}},"postage":0,"items":1}""";

    /// <summary>Customers c1..c8 of s1 chatting on 2026-11-01, so every part holds some.</summary>
    private static IEnumerable<string> Filler() => Enumerable.Range(1, 8).SelectMany(i => new[]
    {
        M($"f{i}a", "s1", $"c{i}", "s1:a", "in", $"2026-11-01T1{i % 10}:00:00+08:00"),
        M($"f{i}b", "s1", $"c{i}", "s1:a", "out", $"2026-11-01T1{i % 10}:00:30+08:00", "亲"),
    });

    [Theory] // domain.md §4 sessions and §5 attribution windows: a session crossing midnight, an order paid 3 days later, a buyer in two shops
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Streaming_SessionAcrossMidnight_OrderPaidDaysLater_BuyerInTwoShops_EqualsInMemoryReport(int parts)
    {
        using var folder = new TempDataset()
            .With("messages.jsonl", [.. Filler(),
                M("x1", "s1", "night", "s1:a", "in", "2026-11-01T23:58:00+08:00"),
                M("x2", "s1", "night", "s1:a", "out", "2026-11-02T00:01:00+08:00", "亲"),
                M("x3", "s1", "night", "s1:a", "in", "2026-11-02T00:05:00+08:00", "有货吗"),
                M("y1", "s1", "both", "s1:a", "in", "2026-11-01T10:00:00+08:00"),
                M("y2", "s2", "both", "s2:b", "in", "2026-11-01T10:00:00+01:00"),
                M("y3", "s2", "both", "s2:b", "out", "2026-11-01T10:01:00+01:00", "Hallo"),
            ])
            .With("orders.jsonl",
                O("o1", "s1", "night", "2026-11-02T00:20:00+08:00", "2026-11-05T09:00:00+08:00"),
                O("o2", "s2", "both", "2026-11-02T09:00:00+01:00", "2026-11-02T09:05:00+01:00", "59.90"),
                O("o3", "s1", "c3", "2026-11-01T13:10:00+08:00", null))
            .With("refunds.jsonl", """{"id":"r1","order":"o2","createdAt":"2026-11-03T10:00:00+01:00","completedAt":"2026-11-03T12:00:00+01:00","amount":59.90,"items":1,"status":"success","operations":1}""")
            .With("reviews.jsonl", """{"order":"o1","at":"2026-11-06T10:00:00+08:00","rating":"good"}""");
        foreach (var by in Groupings)
        {
            var (whole, streamed, wl, sl) = Both(folder.Dir, CsPerfConfig.Default, new ReportRequest { AsOf = Instant.FromUtc(2026, 11, 8, 0, 0), By = by, AllRules = true }, parts);
            Assert.Equal(whole, streamed);
            SameProblems(wl, sl);
        }
    }

    [Theory] // contract "errors": lenient mode skips bad lines and names them by their original file and line, whatever part they land in
    [InlineData(2)]
    [InlineData(4)]
    public void Streaming_Lenient_RejectedLines_NameOriginalFileAndLine(int parts)
    {
        var lines = Filler().ToList();
        lines.Insert(3, "{not json");
        lines.Insert(7, M("bad", "s1", "c5", "s1:a", "in", "yesterday"));
        lines.Insert(9, "");
        lines.Insert(12, """{"id":"nocustomer","shop":"s1","account":"s1:a","dir":"in","at":"2026-11-01T10:00:00+08:00","text":"x"}""");
        using var folder = new TempDataset()
            .With("messages.jsonl", [.. lines])
            .With("orders.jsonl", O("o1", "s1", "c1", "2026-11-01T11:00:00+08:00", "2026-11-01T11:01:00+08:00"), "[1,2]")
            .With("reviews.jsonl", """{"order":"nowhere","at":"2026-11-06T10:00:00+08:00","rating":"good"}""");
        var request = new ReportRequest { AsOf = Instant.FromUtc(2026, 11, 8, 0, 0), AllRules = true };
        var (whole, streamed, wl, sl) = Both(folder.Dir, CsPerfConfig.Default, request, parts, lenient: true);
        Assert.Equal(whole, streamed);
        SameProblems(wl, sl);
        Assert.Contains(sl.Errors, e => e.File == "messages.jsonl" && e.Line == 4);
        Assert.Contains(sl.Errors, e => e.File == "orders.jsonl" && e.Line == 2);

        // Strict mode refuses the folder with the same problems.
        var strict = Both(folder.Dir, CsPerfConfig.Default, request, parts);
        Assert.Equal("refused", strict.Streamed);
        SameProblems(strict.WholeLoad, strict.StreamedLoad);
    }

    [Theory] // contract "errors": a message id met again for another customer (so in another part) is still a duplicate, at its line
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Streaming_DuplicateMessageIdsAcrossParts_StillReported(int parts)
    {
        var lines = Filler().ToList();
        lines.Add(M("f1a", "s1", "c2", "s1:a", "in", "2026-11-01T18:00:00+08:00", "again"));
        lines.Add(M("f3b", "s1", "c7", "s1:a", "out", "2026-11-01T18:00:00+08:00", "again"));
        lines.Add(M("f5a", "s1", "c5", "s1:a", "in", "2026-11-01T18:30:00+08:00", "again"));
        using var folder = new TempDataset().With("messages.jsonl", [.. lines])
            .With("orders.jsonl",
                O("o1", "s1", "c1", "2026-11-01T11:00:00+08:00", "2026-11-01T11:01:00+08:00"),
                O("o1", "s1", "c4", "2026-11-01T12:00:00+08:00", "2026-11-01T12:01:00+08:00"))
            .With("reviews.jsonl", """{"order":"o1","at":"2026-11-06T10:00:00+08:00","rating":"good"}""");
        var request = new ReportRequest { AsOf = Instant.FromUtc(2026, 11, 8, 0, 0), AllRules = true };
        var (whole, streamed, wl, sl) = Both(folder.Dir, CsPerfConfig.Default, request, parts, lenient: true);
        Assert.Equal(whole, streamed);
        SameProblems(wl, sl);
        Assert.Equal(4, sl.ErrorCount);
        Assert.Contains(sl.Errors, e => e.File == "messages.jsonl" && e.Line == 17 && e.Problem.Contains("duplicate", StringComparison.Ordinal));
    }

    [Theory] // contract "errors": a CSV file is split record by record (a quoted line break keeps its record whole), line numbers kept
    [InlineData(3)]
    public void Streaming_CsvMessages_EqualsInMemoryReport(int parts)
    {
        var csv = new List<string> { "id,shop,customer,account,dir,at,text" };
        for (int i = 1; i <= 9; i++)
        {
            csv.Add($"m{i}a,s1,c{i},s1:a,in,2026-11-01T10:0{i}:00+08:00,\"在吗\n还在吗\"");
            csv.Add($"m{i}b,s1,c{i},s1:a,out,2026-11-01T10:0{i}:30+08:00,亲");
        }

        csv.Add("m99,s1,c1,s1:a,in,not-a-time,x");
        using var folder = new TempDataset().With("messages.csv", [.. csv]);
        var (whole, streamed, wl, sl) = Both(folder.Dir, CsPerfConfig.Default, new ReportRequest { AsOf = AsOf }, parts, lenient: true);
        Assert.Equal(whole, streamed);
        SameProblems(wl, sl);
        Assert.Contains(sl.Errors, e => e.File == "messages.csv" && e.Line == 29);
    }

    [Fact] // contract "Dataset folder": a folder problem is reported as the in-memory reader does (nothing split)
    public void Streaming_MissingMessages_ReportsFolderProblem()
    {
        using var folder = new TempDataset().With("orders.jsonl", O("o1", "s1", "c1", "2026-11-01T11:00:00+08:00", null));
        var (whole, streamed, wl, sl) = Both(folder.Dir, CsPerfConfig.Default, new ReportRequest { AsOf = AsOf }, 1);
        Assert.Equal("refused", streamed);
        Assert.Equal(whole, streamed);
        SameProblems(wl, sl);
    }

    [Fact] // docs/partials.md "Streaming": half the budget per part
    public void Streaming_PartsFor_HalfTheBudgetPerPart()
    {
        Assert.Equal(1, StreamingReport.PartsFor(0, 4L << 30));
        Assert.Equal(1, StreamingReport.PartsFor(2L << 30, 4L << 30));
        Assert.Equal(2, StreamingReport.PartsFor((2L << 30) + 1, 4L << 30));
        Assert.Equal(8, StreamingReport.PartsFor(15_120_003_082, 4L << 30));
    }
}
