using NodaTime;

namespace CsPerf.Synthetic;

/// <summary>Knobs of the synthetic dataset generator. Every combination with positive counts is valid.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Number of shops (s1, s2, …). The first is in Asia/Shanghai, the second in Europe/Berlin (which has daylight saving), the rest alternate.</summary>
    public int Shops { get; init; } = 1;

    /// <summary>Agents per shop, each with one account in that shop; every sixth is an after-sale account.</summary>
    public int Agents { get; init; } = 6;

    /// <summary>Customers per shop; each chats on about 8 % of the days.</summary>
    public int Customers { get; init; } = 2000;

    /// <summary>Number of local days generated, from <see cref="Start"/>.</summary>
    public int Days { get; init; } = 7;

    /// <summary>Seed: equal options give byte-identical data.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>First local date (in each shop's zone).</summary>
    public LocalDate Start { get; init; } = new(2026, 11, 1);

    /// <summary>The advert phrase some agent-started sessions open with, also written to the config; null = no adverts.</summary>
    public string? AdPhrase { get; init; } = "你好，本店上新啦";
}

/// <summary>A generated dataset in object form.</summary>
/// <param name="Config">Default config with <see cref="GeneratorOptions.AdPhrase"/> set.</param>
/// <param name="Roster">Shops, agents and their accounts.</param>
/// <param name="Messages">Chat lines, roughly in time order per day (not sorted per conversation).</param>
/// <param name="Orders">Orders.</param>
/// <param name="Refunds">Refunds on paid orders.</param>
/// <param name="Reviews">Reviews of paid orders.</param>
/// <param name="Ratings">Satisfaction votes.</param>
/// <param name="Complaints">Complaints.</param>
/// <param name="End">Start of the day after the last generated day (the latest over the shops' zones): a natural as-of.</param>
public sealed record SyntheticDataset(
    CsPerfConfig Config,
    Roster Roster,
    IReadOnlyList<Message> Messages,
    IReadOnlyList<Order> Orders,
    IReadOnlyList<Refund> Refunds,
    IReadOnlyList<Review> Reviews,
    IReadOnlyList<Rating> Ratings,
    IReadOnlyList<Complaint> Complaints,
    Instant End);

/// <summary>What <see cref="SyntheticData.WriteTo(string, GeneratorOptions)"/> wrote.</summary>
/// <param name="Messages">Message lines.</param>
/// <param name="Orders">Order lines.</param>
/// <param name="Refunds">Refund lines.</param>
/// <param name="Reviews">Review lines.</param>
/// <param name="Ratings">Rating lines.</param>
/// <param name="Complaints">Complaint lines.</param>
/// <param name="Bytes">Total bytes of all files written.</param>
public sealed record GenerateSummary(long Messages, long Orders, long Refunds, long Reviews, long Ratings, long Complaints, long Bytes);
