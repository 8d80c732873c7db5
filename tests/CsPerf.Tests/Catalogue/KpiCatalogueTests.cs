using System.Reflection;
using CsPerf.Engine;
using CsPerf.Engine.Attribution;
using CsPerf.Engine.Kpis;
using CsPerf.Tests.Engine;
using Xunit;

namespace CsPerf.Tests.Catalogue;

/// <summary>The KPI catalogue (<see cref="KpiDefinitions"/>) against domain.md §6 and against what the engine emits.</summary>
public class KpiCatalogueTests
{
    private static readonly KpiLevels[] Levels = [KpiLevels.Account, KpiLevels.Agent, KpiLevels.Group, KpiLevels.Shop, KpiLevels.Total];

    [Fact] // §6: one entry per key, and a Kpi constant for each, with the same text
    public void Catalogue_KeysAreDistinct_AndEachHasItsKpiConstant()
    {
        var keys = KpiDefinitions.All.Select(d => d.Key).ToArray();
        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        var constants = typeof(Kpi).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
        Assert.Equal(keys.Order(StringComparer.Ordinal), constants.Order(StringComparer.Ordinal));
        Assert.All(KpiDefinitions.All, d => Assert.Same(d, KpiDefinitions.Find(d.Key)));
        Assert.Null(KpiDefinitions.Find("salesByOrder"));
    }

    [Fact] // §6 "Under --rule all": the sales, basket and refund groups, postage, assistsFollowUp and targetCompletion
    public void Catalogue_RuleDependentKeys_AreTheSpecsList()
    {
        var expected = KpiDefinitions.All.Where(d => d.Group is KpiGroup.Sales or KpiGroup.Basket or KpiGroup.Refunds).Select(d => d.Key)
            .Concat([Kpi.Postage, Kpi.AssistsFollowUp, Kpi.TargetCompletion]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, KpiDefinitions.RuleDependent.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.Equal(KpiCatalog.RuleKeys, KpiDefinitions.RuleDependent.Select(d => d.Key));
    }

    [Fact] // §6 "Levels": keys without a meaning at a level are null there; §6 "Groups": a group is like an agent
    public void Catalogue_NullAt_IsTheSpecsList()
    {
        const KpiLevels accountAgent = KpiLevels.Account | KpiLevels.Agent | KpiLevels.Group;
        var expected = new Dictionary<string, KpiLevels>
        {
            [Kpi.SilentSales] = accountAgent,
            [Kpi.AgentSales] = accountAgent,
            [Kpi.AgentSalesShare] = accountAgent,
            [Kpi.SilentAov] = accountAgent,
            [Kpi.AgentAov] = accountAgent,
            [Kpi.SalesShare] = KpiLevels.Shop | KpiLevels.Total,
            [Kpi.SalesTarget] = KpiLevels.Account | KpiLevels.Shop,
            [Kpi.TargetCompletion] = KpiLevels.Account | KpiLevels.Shop,
        };
        Assert.All(KpiDefinitions.All, d => Assert.Equal(expected.GetValueOrDefault(d.Key), d.NullAt));
        Assert.Equal([Kpi.SalesTarget, Kpi.TargetCompletion], KpiDefinitions.All.Where(d => d.MonthPeriodsOnly).Select(d => d.Key));
    }

    [Fact] // §6 "Which date puts a KPI in a period"
    public void Catalogue_DatedBy_FollowsTheSpec()
    {
        Assert.All(KpiDefinitions.All.Where(d => d.Group is KpiGroup.Reception or KpiGroup.TimeSlots), d => Assert.Equal(KpiDate.SessionDate, d.DatedBy));
        foreach (string key in new[] { Kpi.OrderedSameDay, Kpi.Ordered, Kpi.Paid, Kpi.Lost, Kpi.Pending, Kpi.AssistsBeforeOrder })
        {
            Assert.Equal(KpiDate.InquiryDate, KpiDefinitions.Find(key)!.DatedBy);
        }

        foreach (string key in new[] { Kpi.Sales, Kpi.Items, Kpi.Buyers, Kpi.Orders, Kpi.Postage, Kpi.Aov, Kpi.PaymentsOwnOrder, Kpi.PaymentsOthersOrder, Kpi.PaymentsSilentOrder, Kpi.AssistsFollowUp })
        {
            Assert.Equal(KpiDate.PaidAt, KpiDefinitions.Find(key)!.DatedBy);
        }

        foreach (string key in new[] { Kpi.RefundOrders, Kpi.RefundCustomers, Kpi.RefundOperations })
        {
            Assert.Equal(KpiDate.RefundCreatedAt, KpiDefinitions.Find(key)!.DatedBy);
        }

        foreach (string key in new[] { Kpi.RefundAmount, Kpi.RefundItems, Kpi.CompletedRefunds, Kpi.RefundCompletionAvg })
        {
            Assert.Equal(KpiDate.RefundCompletedAt, KpiDefinitions.Find(key)!.DatedBy);
        }

        Assert.All(KpiDefinitions.All.Where(d => d.Group is KpiGroup.Reviews), d => Assert.Equal(KpiDate.OwnInstant, d.DatedBy));
        foreach (string key in new[] { Kpi.Reviews, Kpi.GoodReviews, Kpi.Ratings, Kpi.Complaints })
        {
            Assert.Equal(KpiDate.OwnInstant, KpiDefinitions.Find(key)!.DatedBy);
        }
    }

    [Fact] // §6: every key has a Chinese name, a unit and a formula; rates are fractions, hourly KPIs 24 numbers
    public void Catalogue_EveryEntry_IsComplete()
    {
        Assert.All(KpiDefinitions.All, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.ChineseName), d.Key);
            Assert.False(string.IsNullOrWhiteSpace(d.Unit), d.Key);
            Assert.False(string.IsNullOrWhiteSpace(d.Counts), d.Key);
            Assert.False(string.IsNullOrWhiteSpace(d.Formula), d.Key);
            Assert.Equal(d.Kind == KpiUnitKind.Rate, d.Unit == "fraction");
        });
        Assert.Equal(KpiDefinitions.All.Length, KpiDefinitions.All.Select(d => d.ChineseName).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact] // §5: the three rules, numbered as the enum, with the suffixes of §6; AttributionRules.Count is All.Length
    public void AttributionRules_All_IsEveryRuleInOrder()
    {
        Assert.Equal(AttributionRules.Count, AttributionRules.All.Length);
        Assert.Equal(Enum.GetValues<AttributionRule>(), AttributionRules.All);
        Assert.All(AttributionRules.All, r => Assert.Equal(r, AttributionRules.All[(int)r]));
        Assert.Equal(["ByOrder", "ByPayment", "ByOrderFirst"], AttributionRules.All.Select(AttributionRules.Suffix));
        Assert.Equal(AttributionRules.Count, AttributionRules.Suffixes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("下单优先判定", AttributionRules.ChineseName(AttributionRule.OrderFirst));
        Assert.Throws<ArgumentOutOfRangeException>(() => AttributionRules.Suffix((AttributionRule)AttributionRules.Count));
    }

    [Fact] // §6 --rule all: a suffixed key resolves to its rule-dependent definition and rule; other suffixes do not
    public void KpiDefinitions_TryResolve_SuffixedKeys()
    {
        Assert.True(KpiDefinitions.TryResolve("salesByOrderFirst", out var d, out var rule));
        Assert.Equal((Kpi.Sales, AttributionRule.OrderFirst), (d!.Key, rule!.Value));
        Assert.True(KpiDefinitions.TryResolve("postageByOrder", out d, out rule));
        Assert.Equal((Kpi.Postage, AttributionRule.Order), (d!.Key, rule!.Value));
        Assert.True(KpiDefinitions.TryResolve(Kpi.ReplyRate, out d, out rule));
        Assert.Null(rule);
        Assert.False(KpiDefinitions.TryResolve("replyRateByOrder", out _, out _)); // not rule-dependent
        Assert.False(KpiDefinitions.TryResolve("ByOrder", out _, out _));
        Assert.False(KpiDefinitions.TryResolve("salesTotal", out _, out _));
    }

    [Fact] // §6: a report emits exactly the catalogue's keys in its order, then per rule the rule-dependent keys suffixed
    public void Composer_EmitsTheCatalogueKeys_InOrder()
    {
        var s = new Scenario().In("10:00:00").Out("10:00:10").Order("o1", "10:30:00", "10:31:00");
        var report = s.Report(allRules: true).Periods.Single();
        var expected = KpiDefinitions.ReportKeys(allRules: true).ToArray();
        Assert.Equal(expected, report.Total.Select(kv => kv.Key));
        Assert.Equal(expected, report.Shops.Single().Kpis.Select(kv => kv.Key));
        Assert.Equal(expected, report.Agents.Single().Kpis.Select(kv => kv.Key));
        Assert.Equal(expected, report.Agents.Single().Accounts.Single().Kpis.Select(kv => kv.Key));
        Assert.Equal(KpiDefinitions.ReportKeys(allRules: false), s.Report().Periods.Single().Total.Select(kv => kv.Key));
    }

    [Fact] // §6 "Levels": with every counter non-zero, a key is null exactly at the levels the catalogue says, else of its kind
    public void Composer_ValuesHaveTheCatalogueKind_AndAreNullExactlyWhereTheCatalogueSays()
    {
        foreach (var level in Levels)
        {
            var set = KpiComposer.Compose(Filled(level), (int)AttributionRule.OrderFirst, allRules: true, AovBasis.Buyers, monthPeriod: true);
            Assert.All(KpiDefinitions.All, d =>
            {
                var value = set[d.Key];
                if (d.NullAt.HasFlag(level))
                {
                    Assert.True(value.IsNull, $"{d.Key} at {level}");
                }
                else
                {
                    Assert.Equal(d.ValueKind, value.Kind);
                }
            });
            Assert.All(KpiDefinitions.RuleDependent, d => Assert.All(AttributionRules.All, r =>
                Assert.Equal(set[d.Key].Kind, set[d.KeyFor(r)].Kind)));

            var notMonth = KpiComposer.Compose(Filled(level), 0, allRules: false, AovBasis.Buyers, monthPeriod: false);
            Assert.All(KpiDefinitions.All.Where(d => d.MonthPeriodsOnly), d => Assert.True(notMonth[d.Key].IsNull, d.Key));
        }
    }

    [Fact] // §6 payroll inputs: plan validation reads the catalogue (numbers, counts, rule suffixes)
    public void KpiCatalog_Lists_ComeFromTheDefinitions()
    {
        Assert.Equal(KpiDefinitions.All.Select(d => d.Key), KpiCatalog.Keys);
        Assert.Equal(KpiDefinitions.All.Where(d => d.Kind == KpiUnitKind.Count).Select(d => d.Key), KpiCatalog.CountKeys);
        Assert.DoesNotContain(Kpi.PeakConcurrencyByHour, KpiCatalog.NumberKeys);
        Assert.Equal("salesByPayment", KpiCatalog.KeyUnder(Kpi.Sales, AttributionRule.Payment, AttributionRule.OrderFirst));
        Assert.Equal(Kpi.ReplyRate, KpiCatalog.KeyUnder(Kpi.ReplyRate, AttributionRule.Payment, AttributionRule.OrderFirst));
    }

    [Fact] // docs/io.md: the table shows rates as percentages, read from the catalogue's kind (suffixed keys too)
    public void KpiFormat_Human_RatesFromTheCatalogue()
    {
        var half = KpiValue.FromReal(0.5);
        Assert.Equal("50.0%", CsPerf.IO.KpiFormat.Human(Kpi.ReplyRate, half));
        Assert.Equal("50.0%", CsPerf.IO.KpiFormat.Human("salesShareByPayment", half));
        Assert.Equal("50.0%", CsPerf.IO.KpiFormat.Human(Kpi.TargetCompletion, half));
        Assert.Equal("0.5", CsPerf.IO.KpiFormat.Human(Kpi.ItemsPerBuyer, half));
        Assert.Equal("3600.0", CsPerf.IO.KpiFormat.Human(Kpi.RefundCompletionAvg, KpiValue.FromReal(3600))); // seconds, not 360000.0%
        Assert.Equal("3600.0", CsPerf.IO.KpiFormat.Human("refundCompletionAvgByOrder", KpiValue.FromReal(3600)));
    }

    [Fact] // contract "JSON report": a saved report's numbers are read with the catalogue's kind
    public void SavedReport_KindOf_FromTheCatalogue()
    {
        Assert.All(KpiDefinitions.All.Where(d => d.IsNumber), d => Assert.Equal(d.ValueKind, CsPerf.IO.Payroll.SavedReportReader.KindOf(d.Key)));
        Assert.Equal(KpiKind.Money, CsPerf.IO.Payroll.SavedReportReader.KindOf("agentAovByPayment"));
        Assert.Equal(KpiKind.Count, CsPerf.IO.Payroll.SavedReportReader.KindOf("someLaterKey"));
    }

    /// <summary>Inputs of one level with every counter non-zero and rate denominators larger than their numerators.</summary>
    private static LevelInputs Filled(KpiLevels level)
    {
        var x = new LevelInputs
        {
            Level = level switch { KpiLevels.Account => Level.Account, KpiLevels.Agent => Level.Agent, KpiLevels.Group => Level.Group, KpiLevels.Shop => Level.Shop, _ => Level.Total },
            Reception = Fill<ReceptionCounters>(),
            Peak = 2,
            Conversion = Fill<ConversionCounters>(),
            Quality = Fill<QualityCounters>(),
            Target = 1000m,
        };
        x.Reception.Inquiries = 10;
        x.Reception.Received = 10;
        for (int r = 0; r < AttributionRules.Count; r++)
        {
            x.Credited[r] = Fill<SalesCounters>();
            x.Silent[r] = Fill<SalesCounters>();
            x.ShareBase[r] = 100m;
        }

        return x;
    }

    private static T Fill<T>()
        where T : struct
    {
        object boxed = default(T);
        foreach (var f in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            f.SetValue(boxed, f.FieldType == typeof(decimal) ? 2m : f.FieldType == typeof(int) ? 2 : (object)2L);
        }

        return (T)boxed;
    }
}
