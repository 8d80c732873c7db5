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
    public static int Run(CommandContext a)
    {
        var (stdout, stderr, o) = (a.Out, a.Error, a.Options);
        string dir = a.Dir;
        string validLists = string.Join(", ", DetailLists.All.Select(DetailLists.Name));
        string listName = a.Parse.GetValue<string?>("--list") ?? throw new UsageException($"details needs --list NAME, one of {validLists}");
        if (!DetailLists.TryParse(listName, out var list))
        {
            throw new UsageException($"--list: unknown list \"{listName}\"; expected one of {validLists}");
        }

        string format = a.Parse.GetValue<string>("--format")!;
        var (from, to) = CliApp.Range(a);
        AttributionRule? rule = a.Parse.GetValue<string?>("--rule") switch
        {
            "order" => AttributionRule.Order,
            "payment" => AttributionRule.Payment,
            "order-first" => AttributionRule.OrderFirst,
            _ => null,
        };

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

        string? agent = a.Parse.GetValue<string?>("--agent");
        if (agent is not null && !data.Agents.Any(g => string.Equals(g.Id, agent, StringComparison.Ordinal)))
        {
            var known = data.Agents.Select(g => g.Id).Order(StringComparer.Ordinal).ToList();
            string shown = string.Join(", ", known.Take(20)) + (known.Count > 20 ? $", … ({known.Count} in all)" : "");
            throw new UsageException($"--agent: no agent \"{agent}\" in {dir}; agents: {shown}");
        }

        var request = new DetailRequest { List = list, AsOf = asOf, From = from, To = to, Agent = agent, Rule = rule };
        var result = CsPerfEngine.Details(data, config, request);
        using var writer = a.Get(o.Out) is { } path ? new StreamWriter(path, false, new UTF8Encoding(false)) : null;
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
