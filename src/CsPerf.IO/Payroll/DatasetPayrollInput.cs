using System.Collections.Immutable;
using CsPerf.Engine;
using CsPerf.Engine.Payroll;
using NodaTime;

namespace CsPerf.IO.Payroll;

/// <summary>Builds the KPI part of a payroll input from a loaded dataset (domain.md §7: the period is a calendar month).</summary>
public static class DatasetPayrollInput
{
    /// <summary>
    /// Computes the month's report (by month, from the month's first to its last local day, every rule's keys so that
    /// any plan rule can be read) and maps its agents: an agent with a presale account is presale.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config the dataset was loaded with.</param>
    /// <param name="month">The month paid.</param>
    /// <param name="asOf">The instant the report is computed as of (decides whether the month is final).</param>
    /// <returns>The input without scores, attendance or history.</returns>
    public static PayrollInput Build(Dataset data, CsPerfConfig config, YearMonth month, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var request = new ReportRequest
        {
            AsOf = asOf,
            By = PeriodGrouping.Month,
            From = month.OnDayOfMonth(1),
            To = month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month)),
            AllRules = true,
        };
        var report = CsPerfEngine.Report(data, config, request);
        var period = report.Periods.Single();
        var presale = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var agent in data.Agents)
        {
            presale[agent.Id] = agent.Accounts.IsEmpty || agent.Accounts.Any(i => data.Accounts[i].Role == AccountRole.Presale);
        }

        var agents = period.Agents
            .Select(a => new PayrollAgent(a.Agent, a.Name, !presale.TryGetValue(a.Agent, out bool p) || p, a.Kpis))
            .ToImmutableArray();
        return new PayrollInput { Period = month, ReportRule = report.Rule, Final = period.Final, Agents = agents };
    }
}
