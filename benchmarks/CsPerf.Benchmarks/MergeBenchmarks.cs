using BenchmarkDotNet.Attributes;
using CsPerf.Synthetic;
using NodaTime;

namespace CsPerf.Benchmarks;

/// <summary>
/// Merging partials and composing the report from the merged partial (docs/partials.md): the coordinator's share of
/// the Orleans path, the streamed report's last step, and the incremental days' recompute. A generated dataset of
/// 16 shops, 31 days (about 1M messages; about 60 000 in the short CI run) cut into partials <see cref="Split"/>:
/// <c>Shop</c> = one <see cref="CsPerfEngine.Aggregate(Dataset, CsPerfConfig, ReportRequest)"/> per shop's records (16 partials, as the shop grains answer);
/// <c>Day</c> = <see cref="IncrementalDays.Aggregate"/> (31 per-date partials). Their cost grows with shops × days ×
/// accounts, not with messages.
/// </summary>
[MemoryDiagnoser]
[CsPerfJob(warmupCount: 2, iterationCount: 7)]
public class MergeBenchmarks
{
    private KpiPartial[] _partials = [];
    private KpiPartial _merged = KpiPartial.Empty;
    private Roster _roster = null!;
    private CsPerfConfig _config = null!;
    private ReportRequest _request = null!;

    [ParamsSource(typeof(BenchScale), nameof(BenchScale.MergeSplits))]
    public string Split { get; set; } = "Shop";

    [GlobalSetup]
    public void Setup()
    {
        var options = new GeneratorOptions { Shops = 16, Agents = 4, Customers = BenchScale.MergeCustomers, Days = 31, Seed = 5 };
        var d = SyntheticData.Generate(options);
        _roster = d.Roster;
        _config = d.Config;
        // The generated dates as the range: both splits' partials own exactly these dates, and the composed report equals
        // CsPerfEngine.Report of all the records (checked by the partials' and Orleans' tests).
        LocalDate last = options.Start.PlusDays(options.Days - 1);
        _request = new ReportRequest { AsOf = d.End, By = PeriodGrouping.Day, From = options.Start, To = last };
        if (Split == "Day")
        {
            var data = Dataset.Create(d.Config, d.Roster, d.Messages, d.Orders, d.Refunds, d.Reviews, d.Ratings, d.Complaints);
            _partials = [.. IncrementalDays.Aggregate(data, d.Config, d.End, options.Start, last).Values];
        }
        else
        {
            var shopOfOrder = d.Orders.ToDictionary(o => o.Id, o => o.Shop, StringComparer.Ordinal);
            _partials = [.. d.Roster.Shops.Select(s => s.Id).Select(shop => CsPerfEngine.Aggregate(
                Dataset.Create(
                    d.Config,
                    d.Roster,
                    d.Messages.Where(m => m.Shop == shop),
                    d.Orders.Where(o => o.Shop == shop),
                    d.Refunds.Where(r => shopOfOrder[r.Order] == shop),
                    d.Reviews.Where(r => shopOfOrder[r.Order] == shop),
                    d.Ratings.Where(r => r.Shop == shop),
                    d.Complaints.Where(c => c.Shop == shop)),
                d.Config,
                _request))];
        }

        _merged = KpiPartial.Merge(_partials);
        Console.WriteLine($"// merge input: {d.Messages.Count:N0} messages, {_partials.Length} partials by {Split}, merged {_merged.AccountDays.Length:N0} account-days");
    }

    /// <summary><see cref="KpiPartial.Merge(IEnumerable{KpiPartial})"/> of every partial.</summary>
    [Benchmark(Baseline = true)]
    public int Merge() => KpiPartial.Merge(_partials).AccountDays.Length;

    /// <summary><see cref="CsPerfEngine.Compose"/> of the merged partial by day.</summary>
    [Benchmark]
    public int Compose() => CsPerfEngine.Compose(_merged, _roster, _config, _request).Periods.Length;
}
