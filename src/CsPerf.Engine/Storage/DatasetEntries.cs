namespace CsPerf.Engine;

/// <summary>A shop of a built dataset.</summary>
/// <param name="Id">Shop id.</param>
/// <param name="Zone">Its time zone.</param>
public sealed record ShopEntry(string Id, NodaTime.DateTimeZone Zone);

/// <summary>An account of a built dataset.</summary>
/// <param name="Shop">Index of its shop in <see cref="Dataset.Shops"/>.</param>
/// <param name="Id">Account id.</param>
/// <param name="Role">Pre-sale or after-sale.</param>
/// <param name="Agent">Index of its agent in <see cref="Dataset.Agents"/>.</param>
public sealed record AccountEntry(int Shop, string Id, AccountRole Role, int Agent);

/// <summary>An agent of a built dataset.</summary>
/// <param name="Id">Agent id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Accounts">Indexes of its accounts in <see cref="Dataset.Accounts"/>.</param>
/// <param name="Info">The roster entry, or null for an implicit agent (an account outside the roster).</param>
public sealed record AgentEntry(string Id, string Name, System.Collections.Immutable.ImmutableArray<int> Accounts, AgentInfo? Info);
