using System.Collections.Immutable;
using CsPerf.Engine;
using CsPerf.Synthetic;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Engine.Views;

// Issue 9 "Period comparison": per level and KPI, the previous period's value and the change (absolute and relative;
// null where either side has none, relative null where the previous is 0).
public class ComparisonTests
{

    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    [Theory] // issue 9: today vs yesterday, this week vs last, this month vs last, a range vs the same length before
    [InlineData(PeriodGrouping.Day, "2026-11-05", "2026-11-05", "2026-11-04", "2026-11-04")]
    [InlineData(PeriodGrouping.Week, "2026-11-02", "2026-11-08", "2026-10-26", "2026-11-01")]
    [InlineData(PeriodGrouping.Month, "2026-11-01", "2026-11-30", "2026-10-01", "2026-10-31")]
    [InlineData(PeriodGrouping.Month, "2026-03-01", "2026-03-31", "2026-02-01", "2026-02-28")]
    [InlineData(PeriodGrouping.Month, "2026-11-01", "2026-11-15", "2026-10-01", "2026-10-15")]
    [InlineData(PeriodGrouping.All, "2026-11-01", "2026-11-10", "2026-10-22", "2026-10-31")]
    public void Comparison_PreviousRange_IsThePreviousPeriodOfTheSameLength(PeriodGrouping by, string from, string to, string pf, string pt)
    {
        var p = NodaTime.Text.LocalDatePattern.Iso;
        var (f, t) = Comparison.PreviousRange(by, p.Parse(from).Value, p.Parse(to).Value);
        Assert.Equal((p.Parse(pf).Value, p.Parse(pt).Value), (f, t));
    }

    [CsPerf.Tests.Properties.CsPerfProperty(1000)] // issue 10: comparing a period with itself gives zero change (every kind of value)
    public bool Comparison_PeriodWithItself_HasZeroChange(KpiSet set) =>
        KpiChange.Of(set, set).All(kv =>
        {
            var c = kv.Value;
            var now = set[kv.Key];
            return c.Previous == now
                && (now.IsNull ? c.Change.IsNull && c.Relative is null : c.Change.AsDouble() == 0 && (c.Relative is null ? now.AsDouble() == 0 : c.Relative == 0));
        });

    [Fact] // issue 10, on a real report: every level of a period compared with itself has zero change
    public void Comparison_DemoPeriodWithItself_HasZeroChangeAtEveryLevel()
    {
        var demo = SyntheticData.Demo();
        var data = Dataset.Create(demo.Config, demo.Roster, demo.Messages, demo.Orders, demo.Refunds, demo.Reviews, demo.Ratings, demo.Complaints);
        var p = CsPerfEngine.Report(data, demo.Config, new ReportRequest { AsOf = demo.End }).Periods.Single();
        var sets = new[] { p.Total }.Concat(p.Shops.Select(s => s.Kpis)).Concat(p.Agents.Select(a => a.Kpis)).Concat(p.Agents.SelectMany(a => a.Accounts).Select(a => a.Kpis));
        foreach (var set in sets)
        {
            foreach (var (key, c) in KpiChange.Of(set, set))
            {
                Assert.True(c.Change.IsNull || c.Change.AsDouble() == 0, key);
                Assert.True(c.Relative is null or 0, key);
            }
        }
    }

    [Fact] // issue 9: relative change is null when the previous is 0; absolute keeps the kind
    public void Comparison_PreviousZero_HasAbsoluteButNoRelativeChange()
    {
        var c = KpiChange.Of(KpiValue.FromMoney(12.5m), KpiValue.FromMoney(0m));
        Assert.Equal(KpiValue.FromMoney(12.5m), c.Change);
        Assert.Null(c.Relative);
        var d = KpiChange.Of(KpiValue.FromCount(15), KpiValue.FromCount(10));
        Assert.Equal(KpiValue.FromCount(5), d.Change);
        Assert.Equal(0.5, d.Relative);
    }

    [Fact] // issue 9: a new agent (absent from the previous period) has null previous values and null change
    public void Comparison_NewAgent_HasNullPrevious()
    {
        var set = new KpiSet([new(Kpi.Received, KpiValue.FromCount(3)), new(Kpi.Sales, KpiValue.FromMoney(9m))]);
        Assert.All(KpiChange.Of(set, null), kv =>
        {
            Assert.True(kv.Value.Previous.IsNull);
            Assert.True(kv.Value.Change.IsNull);
            Assert.Null(kv.Value.Relative);
        });
    }

    [Fact] // issue 9: this month vs last month: the previous period of November is October, paired by entity id
    public void Comparison_PreviousMonth_PairsEntitiesById()
    {
        var demo = SyntheticData.Generate(new GeneratorOptions { Shops = 1, Agents = 3, Customers = 80, Days = 70, Seed = 11 });
        var data = Dataset.Create(demo.Config, demo.Roster, demo.Messages, demo.Orders, demo.Refunds, demo.Reviews, demo.Ratings, demo.Complaints);
        var probe = CsPerfEngine.Report(data, demo.Config, new ReportRequest { AsOf = demo.End, By = PeriodGrouping.Month });
        var request = new ReportRequest { AsOf = demo.End, By = PeriodGrouping.Month, From = probe.Periods[1].From, To = probe.Periods[1].To };
        var report = Comparison.WithPrevious(CsPerfEngine.Report(data, demo.Config, request), data, demo.Config, request);
        var month = Assert.Single(report.Periods);
        var prev = month.Previous!;
        var last = probe.Periods[0];
        var expected = Comparison.PreviousRange(PeriodGrouping.Month, month.From, month.To);
        Assert.Equal(expected, (prev.From, prev.To));
        var direct = CsPerfEngine.Report(data, demo.Config, request with { From = prev.From, To = prev.To }).Periods.Single();
        Assert.Equal(direct.Total, prev.Total, KpiSetComparer.Instance);
        foreach (var a in direct.Agents)
        {
            Assert.Equal(a.Kpis, prev.Agents[a.Agent], KpiSetComparer.Instance);
            foreach (var acc in a.Accounts)
            {
                Assert.Equal(acc.Kpis, prev.Accounts[acc.Account], KpiSetComparer.Instance);
            }
        }

        Assert.True(last.From <= prev.From);
    }

    private sealed class KpiSetComparer : IEqualityComparer<KpiSet>
    {
        public static KpiSetComparer Instance { get; } = new();

        public bool Equals(KpiSet? x, KpiSet? y) =>
            x is not null && y is not null && x.Count == y.Count && x.Zip(y).All(z => z.First.Key == z.Second.Key && z.First.Value == z.Second.Value);

        public int GetHashCode(KpiSet obj) => obj.Count;
    }
}
