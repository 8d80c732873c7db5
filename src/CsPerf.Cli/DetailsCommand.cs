using System.Text;
using CsPerf.Engine;
using CsPerf.IO;
using NodaTime;

namespace CsPerf.Cli;

/// <summary>
/// <c>csperf details DIR --list NAME</c> (issue 9 item 1, docs/details.md): the rows behind a KPI, with the message ids
/// that decided each, computed by <see cref="CsPerfEngine.Details"/>. Exit 0, or 2 for bad input or arguments (an
/// unknown list or agent names the valid ones).
/// </summary>
internal static class DetailsCommand
{
    private static readonly HashSet<string> ValueOptions = new(["list", "agent", "from", "to", "as-of", "rule", "config", "format", "out"], StringComparer.Ordinal);

    private static readonly HashSet<string> FlagOptions = new(["lenient"], StringComparer.Ordinal);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IClock clock)
    {
        var a = CliArgs.Parse(args, ValueOptions, FlagOptions, knobs: true);
        string dir = CliApp.Dir(a);
        string validLists = string.Join(", ", DetailLists.All.Select(DetailLists.Name));
        string listName = a.Get("list") ?? throw new UsageException($"details needs --list NAME, one of {validLists}");
        if (!DetailLists.TryParse(listName, out var list))
        {
            throw new UsageException($"--list: unknown list \"{listName}\"; expected one of {validLists}");
        }

        string format = a.Get("format") switch
        {
            null or "table" => "table",
            "json" => "json",
            "csv" => "csv",
            var x => throw new UsageException($"--format: expected table, json or csv, was \"{x}\""),
        };
        var from = CliApp.Date(a, "from");
        var to = CliApp.Date(a, "to");
        if (from is not null && to is not null && from > to)
        {
            throw new UsageException($"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}");
        }

        AttributionRule? rule = a.Get("rule") switch
        {
            null => null,
            "order" => AttributionRule.Order,
            "payment" => AttributionRule.Payment,
            "order-first" => AttributionRule.OrderFirst,
            var x => throw new UsageException($"--rule: expected order, payment or order-first, was \"{x}\""),
        };

        var config = CliApp.LoadConfig(dir, a, stderr);
        if (config is null)
        {
            return 2;
        }

        var asOf = CliApp.AsOf(a.Get("as-of"), config, clock);
        if (CliApp.LoadDataset(dir, config, a.Has("lenient"), stderr) is not { } data)
        {
            return 2;
        }

        string? agent = a.Get("agent");
        if (agent is not null && !data.Agents.Any(g => string.Equals(g.Id, agent, StringComparison.Ordinal)))
        {
            var known = data.Agents.Select(g => g.Id).Order(StringComparer.Ordinal).ToList();
            string shown = string.Join(", ", known.Take(20)) + (known.Count > 20 ? $", … ({known.Count} in all)" : "");
            throw new UsageException($"--agent: no agent \"{agent}\" in {dir}; agents: {shown}");
        }

        var request = new DetailRequest { List = list, AsOf = asOf, From = from, To = to, Agent = agent, Rule = rule };
        var result = CsPerfEngine.Details(data, config, request);
        using var writer = a.Get("out") is { } path ? new StreamWriter(path, false, new UTF8Encoding(false)) : null;
        var target = (TextWriter?)writer ?? stdout;
        switch (format)
        {
            case "json":
                target.Write(DetailWriter.ToJson(result));
                break;
            case "csv":
                DetailWriter.WriteCsv(result, target);
                break;
            default:
                DetailWriter.WriteTable(result, target);
                break;
        }

        return 0;
    }
}
