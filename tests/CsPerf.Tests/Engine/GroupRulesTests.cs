using System.Collections.Immutable;
using System.Text.Json;
using CsPerf.Engine;
using CsPerf.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>Groups of agents 客服组: domain.md §6 "Groups" and contract.md roster <c>groups</c>.</summary>
public class GroupRulesTests
{
    /// <summary>
    /// Shop s1 (and s2 for a1's second account); agents a1..a5 on s1:a..s1:e; g1 = {a1, a2}, g2 = {a3, a4}; a5 in no
    /// group.
    /// </summary>
    private static Roster Roster(decimal? target1 = null, decimal? target2 = null) => new(
        [new ShopInfo("s1", "Asia/Shanghai"), new ShopInfo("s2", "Asia/Shanghai")],
        [
            new AgentInfo("a1", "小王", [new AccountBinding("s1", "s1:a", AccountRole.Presale), new AccountBinding("s2", "s2:a", AccountRole.Presale)], target1),
            new AgentInfo("a2", "小李", [new AccountBinding("s1", "s1:b", AccountRole.Presale)], target2),
            new AgentInfo("a3", "小张", [new AccountBinding("s1", "s1:c", AccountRole.Presale)]),
            new AgentInfo("a4", "小赵", [new AccountBinding("s1", "s1:d", AccountRole.Presale)]),
            new AgentInfo("a5", "小钱", [new AccountBinding("s1", "s1:e", AccountRole.Presale)]),
        ])
    {
        Groups = [new GroupInfo("g2", "售前二组", ["a3", "a4"]), new GroupInfo("g1", "售前一组", ["a1", "a2"])],
    };

    /// <summary>A received, answered session of <paramref name="customer"/> with <paramref name="account"/> from <paramref name="start"/> to <paramref name="end"/>.</summary>
    private static Scenario Session(Scenario s, string customer, string account, string start, string end, string shop = "s1") =>
        s.In(start, customer: customer, account: account, shop: shop).Out(end, customer: customer, account: account, shop: shop);

    private static PeriodReport Period(Scenario s, PeriodGrouping by = PeriodGrouping.All, bool allRules = false) =>
        s.Report(by, allRules: allRules).Periods.Single();

    [Fact] // §6 "Groups": two groups listed by id with their members; an agent in no group is in none; counts are sums
    public void Groups_TwoGroups_SumTheirAgents_AgentInNoGroupCountsInNone()
    {
        var s = new Scenario { Roster = Roster() };
        Session(s, "c1", "s1:a", "10:00:00", "10:00:30");
        Session(s, "c2", "s1:b", "10:01:00", "10:01:30");
        Session(s, "c3", "s1:b", "11:01:00", "11:01:30");
        Session(s, "c4", "s1:c", "12:00:00", "12:00:30");
        Session(s, "c5", "s1:e", "13:00:00", "13:00:30");
        var p = Period(s);

        Assert.Equal(["g1", "g2"], p.Groups.Select(g => g.Group));
        var g1 = p.Groups[0];
        Assert.Equal("售前一组", g1.Name);
        Assert.Equal(new[] { "a1", "a2" }, g1.Agents.AsEnumerable());
        Assert.Equal(3L, g1.Kpis.Count(Kpi.Received));
        Assert.Equal(1L, p.Groups[1].Kpis.Count(Kpi.Received));
        Assert.Equal(5L, p.Total.Count(Kpi.Received)); // a5's reception is in the total, in no group
        Assert.DoesNotContain(p.Groups, g => g.Agents.Contains("a5"));
        Assert.Equal(1.0, g1.Kpis.Real(Kpi.ReplyRate));

        // Every key, in the agents' order.
        Assert.Equal(p.Agents[0].Kpis.Select(kv => kv.Key), g1.Kpis.Select(kv => kv.Key));
    }

    [Fact] // §6 "Groups", "Levels": an agent with two accounts in two shops counts in its group with both
    public void Group_AgentWithAccountsInTwoShops_CountsBothAccounts()
    {
        var s = new Scenario { Roster = Roster() };
        Session(s, "c1", "s1:a", "10:00:00", "10:00:30");
        Session(s, "c1", "s2:a", "10:00:00", "10:00:20", shop: "s2");
        Session(s, "c2", "s1:b", "12:00:00", "12:01:00");
        var p = Period(s);
        var g1 = p.Groups.Single(g => g.Group == "g1");
        Assert.Equal(2L, p.Agents.Single(a => a.Agent == "a1").Kpis.Count(Kpi.Received));
        Assert.Equal(3L, g1.Kpis.Count(Kpi.Received));
        Assert.Equal(2L, g1.Kpis.Count(Kpi.PeakConcurrency)); // a1's two sessions overlap across the shops
        Assert.Equal((30.0 + 20 + 60) / 3, g1.Kpis.Real(Kpi.FirstResponseAvg)); // recomputed from the sums, not Σ of averages
    }

    [Fact] // §6 "Groups": peaks are swept over the group's sessions, not summed from its agents' peaks
    public void Group_Peaks_RecomputedOverItsSessions()
    {
        var s = new Scenario { Roster = Roster() };

        // g1: a1 peaks at 10:05 (2), a2 at 11:05 (2): never together → group peak 2, not 4.
        Session(s, "c1", "s1:a", "10:00:00", "10:10:00");
        Session(s, "c2", "s1:a", "10:05:00", "10:15:00");
        Session(s, "c3", "s1:b", "11:00:00", "11:10:00");
        Session(s, "c4", "s1:b", "11:05:00", "11:15:00");

        // g2: a3 and a4 each one session at a time, overlapping each other → group peak 2, above each agent's 1.
        Session(s, "c5", "s1:c", "14:00:00", "14:10:00");
        Session(s, "c6", "s1:d", "14:05:00", "14:15:00");
        var p = Period(s);
        var g1 = p.Groups.Single(g => g.Group == "g1").Kpis;
        var g2 = p.Groups.Single(g => g.Group == "g2").Kpis;
        Assert.Equal(2L, p.Agents.Single(a => a.Agent == "a1").Kpis.Count(Kpi.PeakConcurrency));
        Assert.Equal(2L, p.Agents.Single(a => a.Agent == "a2").Kpis.Count(Kpi.PeakConcurrency));
        Assert.Equal(2L, g1.Count(Kpi.PeakConcurrency));
        Assert.Equal(1L, p.Agents.Single(a => a.Agent == "a3").Kpis.Count(Kpi.PeakConcurrency));
        Assert.Equal(2L, g2.Count(Kpi.PeakConcurrency));

        // By hour too (local hours of the shop): g1 peaks 2 at 10 and 11, g2 2 at 14.
        var hourly = g1[Kpi.PeakConcurrencyByHour].Hourly;
        Assert.Equal(2, hourly[10]);
        Assert.Equal(2, hourly[11]);
        Assert.Equal(0, hourly[12]);
        Assert.Equal(2, g2[Kpi.PeakConcurrencyByHour].Hourly[14]);
    }

    [Fact] // §6 "Groups": salesShare of a group = its credited sales ÷ Σ credited sales of all agents; shop-only keys null
    public void Group_SalesShare_OverAllAgentsCreditedSales()
    {
        var s = new Scenario { Roster = Roster() };
        Session(s, "c1", "s1:a", "10:00:00", "10:00:10");
        Session(s, "c2", "s1:b", "10:00:00", "10:00:10");
        Session(s, "c3", "s1:c", "10:00:00", "10:00:10");
        Session(s, "c4", "s1:e", "10:00:00", "10:00:10");
        s.Order("o1", "10:30:00", "10:31:00", 100m, customer: "c1")
            .Order("o2", "10:30:00", "10:31:00", 200m, customer: "c2")
            .Order("o3", "10:30:00", "10:31:00", 300m, customer: "c3")
            .Order("o4", "10:30:00", "10:31:00", 400m, customer: "c4")
            .Order("o5", "10:30:00", "10:31:00", 1000m, customer: "c9"); // silent: in no agent's sales
        var p = Period(s);
        var g1 = p.Groups.Single(g => g.Group == "g1").Kpis;
        Assert.Equal(300m, g1.Money(Kpi.Sales));
        Assert.Equal(0.3, g1.Real(Kpi.SalesShare)!.Value, 12);
        Assert.Equal(0.3, p.Groups.Single(g => g.Group == "g2").Kpis.Real(Kpi.SalesShare)!.Value, 12);
        Assert.Equal(2L, g1.Count(Kpi.Paid));
        Assert.Null(g1.Money(Kpi.SilentSales));
        Assert.Null(g1.Money(Kpi.AgentSales));
        Assert.Null(g1.Real(Kpi.AgentSalesShare));
        Assert.Null(g1.Money(Kpi.AgentAov));
        Assert.Equal(150m, g1.Money(Kpi.Aov));
    }

    [Fact] // §6 "Groups", "Targets": a group's target is Σ its agents' targets on month periods, against its sales; else null
    public void Group_Target_SumOfMembersTargets_OnMonthPeriods()
    {
        var s = new Scenario { Roster = Roster(target1: 1000m, target2: 500m) };
        Session(s, "c1", "s1:a", "10:00:00", "10:00:10");
        Session(s, "c2", "s1:b", "10:00:00", "10:00:10");
        s.Order("o1", "10:30:00", "10:31:00", 300m, customer: "c1").Order("o2", "10:30:00", "10:31:00", 300m, customer: "c2");
        var month = s.Report(PeriodGrouping.Month, from: new LocalDate(2026, 11, 1), to: new LocalDate(2026, 11, 30)).Periods.Single();
        var g1 = month.Groups.Single(g => g.Group == "g1").Kpis;
        Assert.Equal(1500m, g1.Money(Kpi.SalesTarget));
        Assert.Equal(0.4, g1.Real(Kpi.TargetCompletion)!.Value, 12);
        var g2 = month.Groups.Single(g => g.Group == "g2").Kpis;
        Assert.Null(g2.Money(Kpi.SalesTarget)); // no member has a target
        Assert.Null(g2.Real(Kpi.TargetCompletion));

        var day = Period(s, PeriodGrouping.Day);
        Assert.Null(day.Groups.Single(g => g.Group == "g1").Kpis.Money(Kpi.SalesTarget));
    }

    [Fact] // §6 "Groups" with --rule all: the suffixed keys are there too, same as an agent's
    public void Group_AllRules_HasTheSuffixedKeys()
    {
        var s = new Scenario { Roster = Roster() };
        Session(s, "c1", "s1:a", "10:00:00", "10:00:10");
        s.Order("o1", "10:30:00", "10:31:00", 100m, customer: "c1");
        var p = Period(s, allRules: true);
        var g1 = p.Groups.Single(g => g.Group == "g1").Kpis;
        Assert.Equal(KpiDefinitions.ReportKeys(allRules: true), g1.Select(kv => kv.Key));
        Assert.Equal(100m, g1.Money("salesByPayment"));
    }

    [Fact] // §6 "Groups": a roster without groups gives reports without the level (and JSON without the key)
    public void Groups_None_NoGroupLevel_AndJsonWithoutKey()
    {
        var s = new Scenario { Roster = Roster() with { Groups = [] } };
        Session(s, "c1", "s1:a", "10:00:00", "10:00:10");
        var report = s.Report();
        Assert.Empty(report.Periods.Single().Groups);
        using var doc = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        Assert.False(doc.RootElement.GetProperty("periods")[0].TryGetProperty("groups", out _));
    }

    [Fact] // contract.md roster: periods[].groups[] shaped like agents[] with group, name, kpis, agents (member ids)
    public void Groups_Json_Csv_Table_Html_ShowTheGroupLevel()
    {
        var s = new Scenario { Roster = Roster() };
        Session(s, "c1", "s1:a", "10:00:00", "10:00:10");
        var report = s.Report();
        using var doc = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        var groups = doc.RootElement.GetProperty("periods")[0].GetProperty("groups");
        Assert.Equal(2, groups.GetArrayLength());
        Assert.Equal("g1", groups[0].GetProperty("group").GetString());
        Assert.Equal("售前一组", groups[0].GetProperty("name").GetString());
        Assert.Equal(["a1", "a2"], groups[0].GetProperty("agents").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, groups[0].GetProperty("kpis").GetProperty(Kpi.Received).GetInt32());

        var csv = new StringWriter();
        CsvReportWriter.Write(report, csv);
        var lines = csv.ToString().Split('\n');
        Assert.StartsWith("period_from,period_to,level,shop,agent,account,agent_name,group,group_name,", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("2026-11-02,2026-11-02,group,,,,,g1,售前一组,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2026-11-02,2026-11-02,agent,,a1,,小王,g1,售前一组,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2026-11-02,2026-11-02,account,s1,a1,s1:a,小王,g1,售前一组,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2026-11-02,2026-11-02,agent,,a5,,小钱,,,", StringComparison.Ordinal));

        var table = new StringWriter();
        TableReportWriter.Write(report, table);
        Assert.Contains("group 售前一组 (g1)", table.ToString(), StringComparison.Ordinal);

        var html = new StringWriter();
        HtmlReportWriter.Write(report, html);
        Assert.Contains("<tr class=\"group\"><td>group 售前一组 (g1)</td>", html.ToString(), StringComparison.Ordinal);
    }

    [Fact] // §6 "Groups" and issue 9 "Period comparison": groups get their previous values like agents
    public void Groups_ComparePrevious_GivesPreviousValues()
    {
        var s = new Scenario { Roster = Roster() };
        Session(s, "c1", "s1:a", "2026-11-01T10:00:00+08:00", "2026-11-01T10:00:10+08:00");
        Session(s, "c2", "s1:b", "2026-11-01T11:00:00+08:00", "2026-11-01T11:00:10+08:00");
        Session(s, "c3", "s1:a", "10:00:00", "10:00:10");
        var data = s.Build();
        var request = new ReportRequest { AsOf = Instant.FromUtc(2027, 1, 1, 0, 0), By = PeriodGrouping.Day, From = new LocalDate(2026, 11, 2), To = new LocalDate(2026, 11, 2) };
        var report = Comparison.WithPrevious(CsPerfEngine.Report(data, s.Config, request), data, s.Config, request);
        var previous = report.Periods.Single().Previous!;
        Assert.Equal(2L, previous.Groups["g1"].Count(Kpi.Received));
        using var doc = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        var g1 = doc.RootElement.GetProperty("periods")[0].GetProperty("groups")[0];
        Assert.Equal(2, g1.GetProperty("previous").GetProperty(Kpi.Received).GetInt32());
        var table = new StringWriter();
        TableReportWriter.Write(report, table);
        string change = table.ToString()[table.ToString().IndexOf("Change from", StringComparison.Ordinal)..];
        Assert.Contains("group 售前一组 (g1)", change, StringComparison.Ordinal);
    }

    [Fact] // §6 "Groups" and docs/alerts.md: alert rules may watch the group level
    public void Groups_Alerts_LevelGroup()
    {
        var s = new Scenario { Roster = Roster() };
        Session(s, "c1", "s1:a", "10:00:00", "10:00:10");
        var breach = Assert.Single(Alerts.Evaluate(s.Report(), [new AlertRule { Kpi = Kpi.Received, Level = AlertLevel.Group, By = PeriodGrouping.All, Below = 1 }]));
        Assert.Equal("g2", breach.Id);
        Assert.Equal("售前二组", breach.Name);
    }

    [Fact] // §6 "Groups": the engine refuses unsound groups given in code, as the roster reader refuses them in a file
    public void Groups_Unsound_AreRefusedByTheEngine()
    {
        var bad = Roster() with { Groups = [new GroupInfo("g1", "x", ["a1"]), new GroupInfo("g2", "y", ["a1"])] };
        var ex = Assert.Throws<ArgumentException>(() => new Scenario { Roster = bad }.Build());
        Assert.Contains("agent \"a1\" is already in group \"g1\"", ex.Message, StringComparison.Ordinal);
        var partial = CsPerfEngine.Aggregate(new Scenario { Roster = Roster() }.In("10:00:00").Build(), CsPerfConfig.Default, new ReportRequest { AsOf = Instant.FromUtc(2027, 1, 1, 0, 0) });
        var unknown = Roster() with { Groups = [new GroupInfo("g1", "x", ["zz"])] };
        var ex2 = Assert.Throws<ArgumentException>(() => CsPerfEngine.Compose(partial, unknown, CsPerfConfig.Default, new ReportRequest { AsOf = Instant.FromUtc(2027, 1, 1, 0, 0) }));
        Assert.Contains("groups[0].agents[0]", ex2.Message, StringComparison.Ordinal);
        Assert.Equal([("groups[0].id", "expected a non-empty string")], (Roster() with { Groups = [new GroupInfo("", "x", [])] }).GroupProblems());
    }
}
