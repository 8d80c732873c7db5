using System.Collections.Immutable;

namespace CsPerf;

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

/// <summary>The shops and agents of a dataset (<c>roster.json</c>).</summary>
/// <param name="Shops">Shops with their time zones.</param>
/// <param name="Agents">Agents and the accounts they bind.</param>
public sealed record Roster(ImmutableArray<ShopInfo> Shops, ImmutableArray<AgentInfo> Agents)
{
    /// <summary>An empty roster: every account seen in messages becomes its own pre-sale agent.</summary>
    public static Roster Empty { get; } = new(ImmutableArray<ShopInfo>.Empty, ImmutableArray<AgentInfo>.Empty);
}
