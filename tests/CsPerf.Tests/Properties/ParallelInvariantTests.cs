using System.Text.Json;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.Synthetic;
using Xunit;

namespace CsPerf.Tests.Properties;

/// <summary>
/// The engine's parallel stages (docs/architecture.md "Parallel stages", issue 11): whatever
/// <see cref="EngineOptions.MaxDegreeOfParallelism"/>, the report and the partial are byte-identical (serialized JSON)
/// to the single-thread run. Degrees above the core count and above the number of customers cut the data into
/// uneven and empty parts on purpose (<see cref="EngineOptions.MinMessagesPerThread"/> 1: every dataset splits).
/// </summary>
public class ParallelInvariantTests
{
    private static readonly int[] Degrees = [2, 3, 8];

    [CsPerfProperty(15)] // contract "JSON report" and docs/partials.md: the thread count changes neither report nor partial
    public bool Parallel_ReportAndPartial_ByteIdenticalToSingleThread(PartialSpec spec)
    {
        var data = spec.Build();
        SameAtEveryDegree(data, PartialSpec.Config, PartialSpec.Request(PeriodGrouping.Day), [2, 3]);
        SameAtEveryDegree(data, PartialSpec.Config, PartialSpec.Request(PeriodGrouping.All, range: false), [2]);
        return true;
    }

    [Fact] // One customer, one conversation: a single item cannot be split; every part but one is empty
    public void Parallel_OneCustomer_SameAsSingleThread()
    {
        var s = new Engine.Scenario();
        s.In("09:00:00").Out("09:00:40").In("09:05:00").Out("09:20:00").Order("o1", "09:30:00", "09:40:00");
        SameAtEveryDegree(s.Build(), s.Config, new ReportRequest { AsOf = s.At("2026-11-03T00:00:00Z"), By = PeriodGrouping.Day, AllRules = true });
    }

    [Fact] // domain.md §1: one customer id in two shops is two customers (zones of different offsets), cut into different parts
    public void Parallel_CustomerInTwoShops_SameAsSingleThread()
    {
        var s = new Engine.Scenario
        {
            Roster = new Roster([new ShopInfo("s1", "Asia/Shanghai"), new ShopInfo("s2", "Europe/Berlin")], []),
        };
        for (int c = 0; c < 6; c++)
        {
            string customer = "c" + c;
            s.In("10:00:00", customer: customer).Out("10:01:00", customer: customer)
                .In("10:02:00", customer: customer, account: "s2:a", shop: "s2").Out("10:02:30", customer: customer, account: "s2:a", shop: "s2")
                .Order("o" + c, "10:05:00", "10:06:00", customer: customer, shop: c % 2 == 0 ? "s1" : "s2");
        }

        SameAtEveryDegree(s.Build(), s.Config, new ReportRequest { AsOf = s.At("2026-11-04T00:00:00Z"), By = PeriodGrouping.Day, AllRules = true });
    }

    [Fact] // domain.md §2–§4: a session crossing local midnight belongs to the day it started; its reception closes on the next day
    public void Parallel_MidnightCrossingSessions_SameAsSingleThread()
    {
        var s = new Engine.Scenario();
        for (int c = 0; c < 5; c++)
        {
            string customer = "c" + c;
            s.In("23:50:00", customer: customer).Out("23:58:00", customer: customer)
                .In("2026-11-03T00:05:00+08:00", customer: customer).Out("2026-11-03T00:12:00+08:00", customer: customer)
                .In("2026-11-03T09:00:00+08:00", customer: customer, account: "s1:b");
        }

        SameAtEveryDegree(s.Build(), s.Config, new ReportRequest { AsOf = s.At("2026-11-05T00:00:00Z"), By = PeriodGrouping.Day, AllRules = true });
    }

    [Fact] // A generated shop month in miniature (2 shops, transfers, refunds, reviews, ratings): every stage really splits
    public void Parallel_GeneratedShops_SameAsSingleThread()
    {
        var g = SyntheticData.Generate(new GeneratorOptions { Shops = 2, Agents = 4, Customers = 150, Days = 4, Seed = 11 });
        var data = Dataset.Create(g.Config, g.Roster, g.Messages, g.Orders, g.Refunds, g.Reviews, g.Ratings, g.Complaints);
        SameAtEveryDegree(data, g.Config, new ReportRequest { AsOf = g.End, By = PeriodGrouping.Day, AllRules = true });
    }

    [Fact] // The knobs are validated: fewer than one thread or message per thread is a caller error, not a silent default
    public void Parallel_OptionsBelowOne_Throw()
    {
        var s = new Engine.Scenario();
        s.In("09:00:00");
        var request = new ReportRequest { AsOf = s.At("2026-11-03T00:00:00Z") };
        Assert.Throws<ArgumentOutOfRangeException>(() => CsPerfEngine.Report(s.Build(), s.Config, request, new EngineOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CsPerfEngine.Aggregate(s.Build(), s.Config, request, new EngineOptions { MaxDegreeOfParallelism = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CsPerfEngine.Report(s.Build(), s.Config, request, new EngineOptions { MinMessagesPerThread = 0 }));
    }

    private static void SameAtEveryDegree(Dataset data, CsPerfConfig config, ReportRequest request, int[]? degrees = null)
    {
        var one = new EngineOptions { MaxDegreeOfParallelism = 1 };
        string report = ReportJson(CsPerfEngine.Report(data, config, request, one));
        string partial = PartialJson(CsPerfEngine.Aggregate(data, config, request, one));
        foreach (int degree in degrees ?? Degrees)
        {
            var options = new EngineOptions { MaxDegreeOfParallelism = degree, MinMessagesPerThread = 1 };
            Assert.Equal(report, ReportJson(CsPerfEngine.Report(data, config, request, options)));
            Assert.Equal(partial, PartialJson(CsPerfEngine.Aggregate(data, config, request, options)));
        }
    }

    private static string ReportJson(Report report)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(report, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()); // the bytes, as text for a readable difference
    }

    private static string PartialJson(KpiPartial partial) =>
        System.Text.Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(partial, CsPerfJsonContext.Default.KpiPartial));
}
