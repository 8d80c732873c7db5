using System.Collections.Immutable;
using CsPerf.Engine;
using CsPerf.IO;
using NodaTime;

namespace CsPerf.Cli;

/// <summary>
/// <c>csperf alerts DIR --rules F</c> (issue 9 item 8, docs/alerts.md): computes the report each rule's grouping
/// needs, evaluates the rules with <see cref="Alerts.Evaluate"/> and prints the breaches. Exit 0 with no breach, 3 with
/// breaches, 2 for bad input.
/// </summary>
internal static class AlertsCommand
{
    /// <summary>The exit code when at least one rule is breached.</summary>
    public const int Breached = 3;

    public static int Run(CommandContext a)
    {
        var (stdout, stderr, o) = (a.Out, a.Error, a.Options);
        string dir = a.Dir;
        string rulesPath = a.Parse.GetValue<string?>("--rules") ?? throw new UsageException("alerts needs --rules F");
        bool json = a.Parse.GetValue<string>("--format") == "json";
        var (from, to) = CliApp.Range(a);

        var (rules, errors) = AlertRulesReader.Read(rulesPath);
        foreach (var e in errors)
        {
            stderr.WriteLine(e.ToString());
        }

        if (errors.Count > 0)
        {
            return 2;
        }

        var config = CliApp.LoadConfig(dir, a);
        if (config is null)
        {
            return 2;
        }

        var asOf = CliApp.AsOf(a.Get(o.AsOf), config, a.Clock);
        if (CliApp.LoadDataset(dir, config, a.Has(o.Lenient), stderr) is not { } data)
        {
            return 2;
        }

        // One report per grouping the rules use; the suffixed keys only when a rule asks for one.
        bool allRules = rules.Any(r => KpiDefinitions.TryResolve(r.Kpi, out _, out var rule) && rule is not null);
        var found = new List<AlertBreach>();
        foreach (var by in rules.Select(r => r.By).Distinct().Order())
        {
            var request = new ReportRequest { AsOf = asOf, By = by, From = from, To = to, AllRules = allRules };
            var report = CsPerfEngine.Report(data, config, request);
            found.AddRange(Alerts.Evaluate(report, rules));
        }

        var breaches = found.OrderBy(b => b.RuleIndex).ToImmutableArray();
        if (json)
        {
            stdout.Write(AlertWriter.ToJson(asOf, breaches));
        }
        else
        {
            AlertWriter.WriteTable(asOf, breaches, stdout);
        }

        return breaches.IsEmpty ? 0 : Breached;
    }
}
