using System.Collections.Immutable;

namespace CsPerf.Engine;

/// <summary>A storefront 店铺 with its IANA time zone.</summary>
/// <param name="Id">Shop id as in the dataset.</param>
/// <param name="TimeZone">IANA zone id; every local date of the shop is in this zone.</param>
public sealed record ShopInfo(string Id, string TimeZone);

/// <summary>One chat account 旺旺子账号 bound to an agent.</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Account">Account id as it appears in messages.</param>
/// <param name="Role">Pre-sale or after-sale.</param>
public sealed record AccountBinding(string Shop, string Account, AccountRole Role);

/// <summary>A real person 客服 with one or more accounts, possibly across shops (客服绑定).</summary>
/// <param name="Id">Agent id.</param>
/// <param name="Name">Display name 花名.</param>
/// <param name="Accounts">The accounts the agent answers on.</param>
/// <param name="SalesTarget">Monthly sales target, if any.</param>
/// <param name="SalesTargets">Per-month overrides of the target, keyed <c>yyyy-MM</c>.</param>
public sealed record AgentInfo(
    string Id,
    string Name,
    ImmutableArray<AccountBinding> Accounts,
    decimal? SalesTarget = null,
    ImmutableDictionary<string, decimal>? SalesTargets = null)
{
    /// <summary>The target for a month (<c>yyyy-MM</c>): the override if given, else <see cref="SalesTarget"/>.</summary>
    public decimal? TargetFor(string month) =>
        SalesTargets is not null && SalesTargets.TryGetValue(month, out var t) ? t : SalesTarget;
}

/// <summary>A group of agents 客服组 (domain.md §6 "Groups"); an agent is in at most one group.</summary>
/// <param name="Id">Group id.</param>
/// <param name="Name">Display name, e.g. 售前一组.</param>
/// <param name="Agents">The ids of its agents, as listed in the roster.</param>
public sealed record GroupInfo(string Id, string Name, ImmutableArray<string> Agents);

/// <summary>The shops and agents of a dataset (<c>roster.json</c>).</summary>
/// <param name="Shops">Shops with their time zones.</param>
/// <param name="Agents">Agents and the accounts they bind.</param>
public sealed record Roster(ImmutableArray<ShopInfo> Shops, ImmutableArray<AgentInfo> Agents)
{
    /// <summary>An empty roster: every account seen in messages becomes its own pre-sale agent.</summary>
    public static Roster Empty { get; } = new(ImmutableArray<ShopInfo>.Empty, ImmutableArray<AgentInfo>.Empty);

    /// <summary>The groups of agents 客服组 (default none): each adds a group level to every report.</summary>
    public ImmutableArray<GroupInfo> Groups { get; init; } = ImmutableArray<GroupInfo>.Empty;

    /// <summary>
    /// The problems of <see cref="Groups"/>, in roster order, each as (field path, problem): an id that breaks
    /// <see cref="IdRules"/>, a duplicate group id, an agent id the roster does not list, an agent listed in two groups
    /// (or twice in one), an empty id. Empty when the groups are sound.
    /// </summary>
    public IReadOnlyList<(string Field, string Problem)> GroupProblems()
    {
        var problems = new List<(string, string)>();
        if (Groups.IsDefaultOrEmpty)
        {
            return problems;
        }

        var agents = new HashSet<string>(Agents.IsDefault ? [] : Agents.Select(a => a.Id), StringComparer.Ordinal);
        var groupIds = new HashSet<string>(StringComparer.Ordinal);
        var member = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < Groups.Length; i++)
        {
            var g = Groups[i];
            string f = $"groups[{i}]";
            if (g is null)
            {
                problems.Add((f, "expected a group"));
                continue;
            }

            if (string.IsNullOrEmpty(g.Id))
            {
                problems.Add((f + ".id", "expected a non-empty string"));
            }
            else if (IdRules.Problem(g.Id) is { } bad)
            {
                problems.Add((f + ".id", $"\"{IdRules.Shown(g.Id)}\" {bad}"));
            }
            else if (!groupIds.Add(g.Id))
            {
                problems.Add((f + ".id", $"duplicate group \"{g.Id}\""));
            }

            var ids = g.Agents.IsDefault ? [] : g.Agents;
            for (int j = 0; j < ids.Length; j++)
            {
                string a = ids[j];
                string af = $"{f}.agents[{j}]";
                if (string.IsNullOrEmpty(a))
                {
                    problems.Add((af, "expected a non-empty string"));
                }
                else if (!agents.Contains(a))
                {
                    problems.Add((af, $"agent \"{IdRules.Shown(a)}\" is not in the roster's agents"));
                }
                else if (member.TryGetValue(a, out string? other))
                {
                    problems.Add((af, other == g.Id
                        ? $"agent \"{a}\" is listed twice in group \"{g.Id}\""
                        : $"agent \"{a}\" is already in group \"{other}\" (an agent is in at most one group)"));
                }
                else
                {
                    member[a] = g.Id;
                }
            }
        }

        return problems;
    }
}
