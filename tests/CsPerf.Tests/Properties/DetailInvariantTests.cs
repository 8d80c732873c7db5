using CsPerf.Engine;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Properties;

/// <summary>
/// Detail lists 明细 (docs/details.md, issue 9 item 1): over the generated datasets, with random ranges, rules and
/// agents, the total of every list equals the KPI of <see cref="CsPerfEngine.Report(Dataset, CsPerfConfig, ReportRequest)"/> it explains.
/// </summary>
public class DetailInvariantTests
{
    private static readonly string?[] Agents = [null, null, "a1", "a2", "a3", "a4"];

    // Tight thresholds so the generated chats also hold slow and long receptions (the default ones rarely occur there).
    private static readonly CsPerfConfig Tight = DatasetSpec.Config with
    {
        SlowResponseCount = 1,
        LongSessionThreshold = Duration.FromMinutes(5),
        LongDailyThreshold = Duration.FromMinutes(10),
    };

    [CsPerfProperty(300)] // issue 9 item 1: the totals of each list equal the KPI it explains, for the same dataset, range, rule and agent
    public bool Details_ListTotals_EqualTheirKpis(DatasetSpec spec)
    {
        var rnd = new Random(spec.Seed ^ 0x2545F491);
        var data = spec.Build();
        string? agent = Agents[rnd.Next(Agents.Length)];
        var rule = (AttributionRule)rnd.Next(3);
        var config = rnd.Next(2) == 0 ? DatasetSpec.Config : Tight;
        LocalDate? from = null, to = null;
        if (rnd.Next(4) != 0)
        {
            var first = new LocalDate(2026, 10, 17).PlusDays(rnd.Next(0, 12));
            (from, to) = (first, first.PlusDays(rnd.Next(0, 6)));
        }

        var report = CsPerfEngine.Report(data, config, new ReportRequest { AsOf = DatasetSpec.AsOf, From = from, To = to, Rule = rule });
        var period = report.Periods.SingleOrDefault();
        KpiSet? kpis = period is null ? null : agent is null ? period.Total : period.Agents.SingleOrDefault(g => g.Agent == agent)?.Kpis;
        decimal Kpi(string key) => kpis is null || kpis[key].IsNull ? 0m : kpis[key].Kind == KpiKind.Money ? kpis[key].Money : kpis[key].Count;

        foreach (var list in DetailLists.All)
        {
            if (list == DetailList.Silent && agent is not null)
            {
                continue; // silentSales has no value at agent level (domain.md §6 "Levels")
            }

            var details = CsPerfEngine.Details(data, config, new DetailRequest { List = list, AsOf = DatasetSpec.AsOf, From = from, To = to, Agent = agent, Rule = rule });
            if (period is not null && (details.From != period.From || details.To != period.To))
            {
                throw new InvalidOperationException($"{list}: range {details.From}..{details.To}, report {period.From}..{period.To}");
            }

            foreach (var total in details.Totals)
            {
                if (total.Value != Kpi(total.Kpi))
                {
                    throw new InvalidOperationException($"{list} (agent {agent ?? "-"}, {rule}, {from}..{to}): {total.Kpi} rows give {total.Value}, the report {Kpi(total.Kpi)}");
                }
            }

            if (details.Totals.IsEmpty)
            {
                return false;
            }
        }

        return true;
    }
}
