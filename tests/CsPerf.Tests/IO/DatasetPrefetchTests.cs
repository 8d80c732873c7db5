using CsPerf.IO;
using CsPerf.Synthetic;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.IO;

// The other line files parsed ahead of the load (DatasetReader.Prefetch, started by csperf report while the config
// loads) must give exactly the load without it: same problems in the same order, same counts, same report
// (contract "Dataset folder"; docs/performance.md "Stop 19: fixed costs at 1M").
public class DatasetPrefetchTests
{
    private static readonly CsPerfConfig Config = CsPerfConfig.Default;

    private static TempDataset Generated()
    {
        var ds = new TempDataset();
        SyntheticData.WriteTo(ds.Dir, new GeneratorOptions { Agents = 3, Customers = 60, Days = 3 });
        // A bad line and a duplicate in the other files: their problems must come out where the load puts them.
        File.AppendAllText(Path.Combine(ds.Dir, "orders.jsonl"), "{broken\n");
        File.AppendAllText(Path.Combine(ds.Dir, "ratings.jsonl"), File.ReadLines(Path.Combine(ds.Dir, "ratings.jsonl")).First() + "\n");
        return ds;
    }

    private static string Summary(DatasetLoadResult load)
    {
        string report = load.Dataset is null
            ? "refused"
            : JsonReportWriter.ToJson(CsPerfEngine.Report(load.Dataset, Config, new ReportRequest { AsOf = Instant.FromUtc(2026, 12, 15, 0, 0) }));
        return string.Join("\n", load.Errors.Select(e => e.ToString())) + $"\n{load.ErrorCount}\n{load.Counts}\n" + string.Join("\n", load.Warnings) + "\n" + report;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Load_WithPrefetch_GivesTheLoadWithout(bool lenient)
    {
        using var ds = Generated();
        var without = DatasetReader.Load(ds.Dir, Config, lenient, progress: null, prefetch: null);
        var prefetch = DatasetReader.Prefetch(ds.Dir);
        Assert.NotNull(prefetch);
        var with = DatasetReader.Load(ds.Dir, Config, lenient, progress: null, prefetch);
        Assert.Equal(Summary(without), Summary(with));
    }

    [Fact]
    public void Load_WithPrefetchOfAnotherFolder_ParsesItsOwnFiles()
    {
        using var ds = Generated();
        using var other = TempDataset.Valid();
        var prefetch = DatasetReader.Prefetch(other.Dir);
        Assert.Equal(
            Summary(DatasetReader.Load(ds.Dir, Config, lenient: true, progress: null, prefetch: null)),
            Summary(DatasetReader.Load(ds.Dir, Config, lenient: true, progress: null, prefetch)));
    }

    [Fact]
    public void Prefetch_OfAFolderTheLoadRefuses_IsNull()
    {
        // Both forms of a file: the load refuses the folder before it parses anything, and reports it itself.
        using var ds = TempDataset.Valid().With("orders.csv", "id,shop,customer,createdAt,paidAt,amount");
        Assert.Null(DatasetReader.Prefetch(ds.Dir));
        Assert.Null(DatasetReader.Prefetch(Path.Combine(ds.Dir, "missing")));
    }
}
