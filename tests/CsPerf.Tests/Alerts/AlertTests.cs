using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using CsPerf.Cli;
using CsPerf.Engine;
using CsPerf.IO;
using CsPerf.Tests.Cli;
using CsPerf.Tests.IO;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Alerting;

// Issue 9 item 8 "Alerts", docs/alerts.md: a value breaches when strictly above `above` or strictly below `below`;
// null never breaches; a period that is not final marks its breaches provisional.
public class AlertEvaluationTests
{
    private static KpiSet Kpis(double? replyRate, double? firstResponseAvg, decimal? salesByPayment = null) => new(
    [
        new(Kpi.ReplyRate, KpiValue.FromReal(replyRate)),
        new(Kpi.FirstResponseAvg, KpiValue.FromReal(firstResponseAvg)),
        new(Kpi.Sales + "ByPayment", KpiValue.FromMoney(salesByPayment)),
    ]);

    private static PeriodReport Day(int day, bool final, KpiSet agent, KpiSet? account = null) => new(
        new LocalDate(2026, 11, day), new LocalDate(2026, 11, day), final, final ? null : new LocalDate(2026, 11, day),
        Kpis(0.99, 10), [new ShopReport("s1", Kpis(0.99, 10))],
        [new AgentReport("a1", "小王", agent, [new AccountReport("s1:xiaowang", "s1", account ?? agent)])]);

    private static Report Report(bool allRules, params PeriodReport[] periods) => new(
        Instant.FromUtc(2026, 11, 3, 0, 0), AttributionRule.OrderFirst, allRules, PeriodGrouping.Day, [.. periods],
        FilteredCounts.None, 0, [], []);

    [Fact]
    public void Alert_Above_BreachesOnlyWhenStrictlyGreater()
    {
        var report = Report(false, Day(1, true, Kpis(0.99, 60)), Day(2, true, Kpis(0.99, 61.5)));
        var breaches = Alerts.Evaluate(report, [new AlertRule { Kpi = Kpi.FirstResponseAvg, Above = 60 }]);
        var b = Assert.Single(breaches);
        Assert.Equal(("a1", "小王", (string?)null), (b.Id, b.Name, b.Shop));
        Assert.Equal(new LocalDate(2026, 11, 2), b.From);
        Assert.Equal(61.5, b.Value);
        Assert.Equal((AlertDirection.Above, 60.0, false), (b.Direction, b.Threshold, b.Provisional));
    }

    [Fact]
    public void Alert_Below_RateIsAFraction()
    {
        var report = Report(false, Day(1, true, Kpis(0.94, 10)), Day(2, true, Kpis(0.95, 10)));
        var b = Assert.Single(Alerts.Evaluate(report, [new AlertRule { Kpi = Kpi.ReplyRate, Below = 0.95 }]));
        Assert.Equal((AlertDirection.Below, 0.94), (b.Direction, b.Value));
    }

    [Fact]
    public void Alert_NullValue_NeverBreaches()
    {
        var report = Report(false, Day(1, true, Kpis(null, null)));
        Assert.Empty(Alerts.Evaluate(report, [new AlertRule { Kpi = Kpi.ReplyRate, Below = 0.95, Above = -1 }]));
    }

    [Fact]
    public void Alert_PeriodNotFinal_BreachIsProvisional()
    {
        var report = Report(false, Day(1, true, Kpis(0.5, 10)), Day(2, false, Kpis(0.5, 10)));
        var breaches = Alerts.Evaluate(report, [new AlertRule { Kpi = Kpi.ReplyRate, Below = 0.95 }]);
        Assert.Equal([false, true], breaches.Select(b => b.Provisional));
    }

    [Fact]
    public void Alert_SuffixedKey_ReadsThatRulesValue()
    {
        var report = Report(true, Day(1, true, Kpis(0.99, 10, salesByPayment: 50m)));
        var b = Assert.Single(Alerts.Evaluate(report, [new AlertRule { Kpi = "salesByPayment", Below = 100 }]));
        Assert.Equal(50.0, b.Value);
    }

    [Fact]
    public void Alert_SuffixedKey_OnReportWithoutAllRules_Throws()
    {
        var report = Report(false, Day(1, true, Kpis(0.99, 10)));
        Assert.Throws<ArgumentException>(() => Alerts.Evaluate(report, [new AlertRule { Kpi = "salesByPayment", Below = 100 }]));
    }

    [Fact]
    public void Alert_AccountLevel_NamesAccountShopAndAgent_TotalLevelIsTotal()
    {
        var report = Report(false, Day(1, true, Kpis(0.99, 10), account: Kpis(0.5, 10)));
        var acc = Assert.Single(Alerts.Evaluate(report, [new AlertRule { Kpi = Kpi.ReplyRate, Level = AlertLevel.Account, Below = 0.95 }]));
        Assert.Equal(("s1:xiaowang", "s1", "小王"), (acc.Id, acc.Shop, acc.Name));
        var total = Assert.Single(Alerts.Evaluate(report, [new AlertRule { Kpi = Kpi.ReplyRate, Level = AlertLevel.Total, Above = 0.9 }]));
        Assert.Equal("total", total.Id);
    }

    [Fact]
    public void Alert_RuleOfAnotherGrouping_IsSkipped()
    {
        var report = Report(false, Day(1, true, Kpis(0.5, 10)));
        Assert.Empty(Alerts.Evaluate(report, [new AlertRule { Kpi = Kpi.ReplyRate, By = PeriodGrouping.Month, Below = 0.95 }]));
    }

    [Fact]
    public void Alert_HourlyKey_IsRejected()
    {
        Assert.NotNull(Alerts.KpiProblem(Kpi.PeakConcurrencyByHour, AlertLevel.Agent));
        Assert.Null(Alerts.KpiProblem("salesByPayment", AlertLevel.Agent));
    }
}

// docs/io.md "Errors": rules file problems are `file:line: field: problem`, all at once, exit 2.
public class AlertRulesReaderTests
{
    private static (ImmutableArray<AlertRule> Rules, IReadOnlyList<string> Errors) Parse(string json)
    {
        var (rules, errors) = AlertRulesReader.Parse(Encoding.UTF8.GetBytes(json), "alerts.json");
        return (rules, errors.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void RulesFile_ArrayOrRulesObject_DefaultsAgentAndDay()
    {
        var (a, errA) = Parse("""[{ "kpi": "replyRate", "below": 0.95 }]""");
        var (b, errB) = Parse("""{ "rules": [{ "kpi": "firstResponseAvg", "level": "shop", "by": "week", "above": 60 }] }""");
        Assert.Empty(errA);
        Assert.Empty(errB);
        Assert.Equal(new AlertRule { Kpi = "replyRate", Level = AlertLevel.Agent, By = PeriodGrouping.Day, Below = 0.95 }, Assert.Single(a));
        Assert.Equal(new AlertRule { Kpi = "firstResponseAvg", Level = AlertLevel.Shop, By = PeriodGrouping.Week, Above = 60 }, Assert.Single(b));
    }

    [Fact] // domain.md §6 "Groups", docs/alerts.md: "level": "group" watches each group; silentSales has no value there
    public void RulesFile_LevelGroup_Accepted_AndKeysNullAtGroupRefused()
    {
        var (rules, errors) = Parse("""[{ "kpi": "replyRate", "level": "group", "below": 0.9 }]""");
        Assert.Empty(errors);
        Assert.Equal(AlertLevel.Group, Assert.Single(rules).Level);
        var (_, bad) = Parse("""[{ "kpi": "silentSales", "level": "group", "above": 1 }]""");
        Assert.Contains("has no value at the group level", Assert.Single(bad), StringComparison.Ordinal);
    }

    [Fact]
    public void RulesFile_EveryProblem_ReportedWithFileLineAndPath()
    {
        var (rules, errors) = Parse("""
            [
              { "kpi": "replyRat", "below": 0.95 },
              { "kpi": "peakConcurrencyByHour", "above": 3 },
              { "kpi": "replyRate",
                "level": "team", "by": "year", "below": 0.9 },
              { "kpi": "replyRate" },
              { "below": "high", "colour": "red" }
            ]
            """);
        Assert.Empty(rules);
        Assert.Equal(
        [
            "alerts.json:2: $[0].kpi: unknown KPI \"replyRat\" (a key of the report's kpis object, such as replyRate or salesByPayment)",
            "alerts.json:3: $[1].kpi: \"peakConcurrencyByHour\" is not a single number (24 hourly counts); alerts watch one number",
            "alerts.json:5: $[2].level: expected account, agent, group, shop or total, was \"team\"",
            "alerts.json:5: $[2].by: expected day, week, month or all, was \"year\"",
            "alerts.json:6: $[3]: no threshold: give \"above\" and/or \"below\"",
            "alerts.json:7: $[4].colour: unknown field (known: kpi, level, by, above, below)",
            "alerts.json:7: $[4].kpi: missing; a key of the report's kpis object, such as replyRate",
            "alerts.json:7: $[4].below: expected a number, was \"high\"",
        ], errors);
    }

    [Fact]
    public void RulesFile_KeyWithoutValueAtTheLevel_IsAProblem()
    {
        // domain.md §6 "Levels": salesTarget is null at the account level, so such a rule could never fire.
        Assert.Equal(["alerts.json:1: $.rules[0].kpi: \"salesTarget\" has no value at the account level"],
            Parse("""{ "rules": [{ "kpi": "salesTarget", "level": "account", "above": 1 }] }""").Errors);
    }

    [Fact]
    public void RulesFile_NotJson_ReportsItsLine()
    {
        var (_, errors) = Parse("[\n{ \"kpi\": \"replyRate\",, }\n]");
        Assert.Equal(["alerts.json:2: -: not valid JSON"], errors);
    }

    [Fact]
    public void RulesFile_EmptyOrWrongShape_IsAProblem()
    {
        Assert.Equal(["alerts.json:1: $: no rules"], Parse("[]").Errors);
        Assert.Equal(["alerts.json:1: $: expected an array of rules (or an object { \"rules\": [...] })"], Parse("3").Errors);
    }
}

// Issue 9 item 8: exit 0 with no breach, 3 with breaches (a cron job can page someone), 2 for bad input.
public class AlertsCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0)));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Rules(TempDataset ds, string json)
    {
        string path = Path.Combine(ds.Dir, "alerts.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void AlertsCli_NoBreach_ExitsZero()
    {
        using var ds = TempDataset.Valid();
        string rules = Rules(ds, """[{ "kpi": "firstResponseAvg", "above": 60 }]""");
        var (code, output, err) = Run("alerts", ds.Dir, "--rules", rules);
        Assert.True(code == 0, err);
        Assert.StartsWith("no breach", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertsCli_Breach_ExitsThreeAndPrintsIt()
    {
        using var ds = TempDataset.Valid();
        string rules = Rules(ds, """{ "rules": [{ "kpi": "firstResponseAvg", "above": 10 }, { "kpi": "replyRate", "level": "total", "by": "all", "below": 0.95 }] }""");
        var (code, output, err) = Run("alerts", ds.Dir, "--rules", rules, "--format", "json", "--as-of", "2026-11-30T00:00:00Z");
        Assert.True(code == 3, err);
        var b = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("breaches").EnumerateArray());
        Assert.Equal("firstResponseAvg", b.GetProperty("kpi").GetString());
        Assert.Equal(20, b.GetProperty("value").GetDouble());
        Assert.Equal(10, b.GetProperty("threshold").GetDouble());
        var (tableCode, table, _) = Run("alerts", ds.Dir, "--rules", rules, "--as-of", "2026-11-30T00:00:00Z");
        Assert.Equal(3, tableCode);
        Assert.Contains("firstResponseAvg", table, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertsCli_BadRulesFile_ExitsTwoWithFileLine()
    {
        using var ds = TempDataset.Valid();
        string rules = Rules(ds, "[\n { \"kpi\": \"nope\", \"above\": 1 }\n]");
        var (code, output, err) = Run("alerts", ds.Dir, "--rules", rules);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(Path.GetFileName(rules) + ":2: $[0].kpi: unknown KPI \"nope\"", err, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertsCli_MissingRulesOption_ExitsTwo()
    {
        using var ds = TempDataset.Valid();
        var (code, _, err) = Run("alerts", ds.Dir);
        Assert.Equal(2, code);
        Assert.Contains("--rules", err, StringComparison.Ordinal);
    }
}
