using System.Collections;
using System.Collections.Immutable;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>What kind of value a KPI holds.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<KpiKind>))]
public enum KpiKind : byte
{
    /// <summary>No value (<c>null</c>): 0 ÷ 0, an average over nothing, or a key without meaning at this level.</summary>
    Null = 0,

    /// <summary>A whole count.</summary>
    Count = 1,

    /// <summary>A real number: a rate (fraction) or a duration in seconds.</summary>
    Real = 2,

    /// <summary>Money (decimal).</summary>
    Money = 3,

    /// <summary>24 counts, one per local hour of day.</summary>
    Hourly = 4,

    /// <summary>Counts per text key (reason → count), ordinally sorted: <c>complaintsByReason</c>.</summary>
    Breakdown = 5,
}

/// <summary>One KPI value. The default value is <see cref="Null"/>.</summary>
/// <remarks>
/// Not serialisable on its own without loss: it is written as its plain value (a number, 24 counts, an object of
/// counts or null), and a bare number does not say whether it was a count, money or a real. Serialise the
/// <see cref="KpiSet"/> that holds it, whose keys say (through the KPI catalogue).
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(KpiValueJsonConverter))]
public readonly struct KpiValue : IEquatable<KpiValue>
{
    private readonly long _count;
    private readonly double _real;
    private readonly decimal _money;
    // One reference for the two non-scalar kinds (the int[] behind an hourly array, or a breakdown), so the struct
    // stays as small as it was with the hourly array alone.
    private readonly object? _items;

    private KpiValue(KpiKind kind, long count, double real, decimal money, object? items)
    {
        Kind = kind;
        _count = count;
        _real = real;
        _money = money;
        _items = items;
    }

    /// <summary>No value.</summary>
    public static KpiValue Null => default;

    /// <summary>The kind of value.</summary>
    public KpiKind Kind { get; }

    /// <summary>Whether there is no value.</summary>
    public bool IsNull => Kind == KpiKind.Null;

    /// <summary>The count (only for <see cref="KpiKind.Count"/>).</summary>
    public long Count => Kind == KpiKind.Count ? _count : throw new InvalidOperationException($"KPI is {Kind}, not Count.");

    /// <summary>The real number (only for <see cref="KpiKind.Real"/>).</summary>
    public double Real => Kind == KpiKind.Real ? _real : throw new InvalidOperationException($"KPI is {Kind}, not Real.");

    /// <summary>The money amount, unrounded (only for <see cref="KpiKind.Money"/>).</summary>
    public decimal Money => Kind == KpiKind.Money ? _money : throw new InvalidOperationException($"KPI is {Kind}, not Money.");

    /// <summary>The 24 hourly counts (only for <see cref="KpiKind.Hourly"/>).</summary>
    public ImmutableArray<int> Hourly => Kind == KpiKind.Hourly
        ? System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray((int[])_items!)
        : throw new InvalidOperationException($"KPI is {Kind}, not Hourly.");

    /// <summary>
    /// The counts per key, ordinally sorted, without zero counts (only for <see cref="KpiKind.Breakdown"/>): for
    /// <c>complaintsByReason</c>, reason → complaints, the absent reason as <c>""</c>.
    /// </summary>
    public ImmutableSortedDictionary<string, long> Breakdown => Kind == KpiKind.Breakdown
        ? (ImmutableSortedDictionary<string, long>)_items!
        : throw new InvalidOperationException($"KPI is {Kind}, not Breakdown.");

    /// <summary>A count.</summary>
    public static KpiValue FromCount(long value) => new(KpiKind.Count, value, 0, 0, default);

    /// <summary>A real number, or null when <paramref name="value"/> is null (a ratio or average over nothing).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite: a KPI never is
    /// (domain.md §5 invariant 8), so such a value is a bug to surface, not to hide as "no value".</exception>
    public static KpiValue FromReal(double? value) => value switch
    {
        null => Null,
        { } v when double.IsFinite(v) => new(KpiKind.Real, 0, v, 0, default),
        { } v => throw new ArgumentOutOfRangeException(nameof(value), v, "A KPI is never NaN or infinite; a ratio over nothing is null."),
    };

    /// <summary>A money amount, or null.</summary>
    public static KpiValue FromMoney(decimal? value) => value is { } v ? new(KpiKind.Money, 0, 0, v, default) : Null;

    /// <summary>24 hourly counts.</summary>
    public static KpiValue FromHourly(ImmutableArray<int> value) =>
        value.Length == 24
            ? new(KpiKind.Hourly, 0, 0, 0, System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(value))
            : throw new ArgumentException("Expected 24 hourly values.", nameof(value));

    /// <summary>Counts per key (reason → count): kept ordinally sorted, zero counts dropped; empty is <c>{}</c>, not null.</summary>
    /// <exception cref="ArgumentException">A key is null, or a count is negative.</exception>
    public static KpiValue FromBreakdown(IEnumerable<KeyValuePair<string, long>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var b = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        foreach (var (key, n) in counts)
        {
            if (key is null || n < 0)
            {
                throw new ArgumentException(key is null ? "A breakdown key is never null (an absent reason is \"\")." : $"A breakdown count is never negative, was {n} for \"{key}\".", nameof(counts));
            }

            if (n != 0)
            {
                b[key] = checked(b.GetValueOrDefault(key) + n);
            }
        }

        return new(KpiKind.Breakdown, 0, 0, 0, b.ToImmutable());
    }

    /// <summary>An empty breakdown (<c>{}</c>).</summary>
    public static KpiValue EmptyBreakdown { get; } = FromBreakdown([]);

    /// <summary>The value as a nullable double (counts and money converted), for generic consumers.</summary>
    public double? AsDouble() => Kind switch
    {
        KpiKind.Count => _count,
        KpiKind.Real => _real,
        KpiKind.Money => (double)_money,
        _ => null,
    };

    /// <inheritdoc/>
    public bool Equals(KpiValue other) =>
        Kind == other.Kind && Kind switch
        {
            KpiKind.Count => _count == other._count,
            KpiKind.Real => _real.Equals(other._real),
            KpiKind.Money => _money == other._money,
            KpiKind.Hourly => Hourly.SequenceEqual(other.Hourly),
            KpiKind.Breakdown => BreakdownEquals(Breakdown, other.Breakdown),
            _ => true,
        };

    private static bool BreakdownEquals(ImmutableSortedDictionary<string, long> x, ImmutableSortedDictionary<string, long> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        foreach (var (key, n) in x)
        {
            if (!y.TryGetValue(key, out long m) || m != n)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A breakdown as compact JSON, keys in ordinal order, Chinese unescaped: <c>{"":1,"态度":2}</c>.</summary>
    internal static string BreakdownText(ImmutableSortedDictionary<string, long> counts)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteBreakdown(w, counts);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a breakdown as a JSON object, keys in ordinal order.</summary>
    internal static void WriteBreakdown(System.Text.Json.Utf8JsonWriter writer, ImmutableSortedDictionary<string, long> counts)
    {
        writer.WriteStartObject();
        foreach (var (key, n) in counts)
        {
            writer.WriteNumber(key, n);
        }

        writer.WriteEndObject();
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is KpiValue v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, _count, _real, _money);

    /// <summary>Equality.</summary>
    public static bool operator ==(KpiValue left, KpiValue right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(KpiValue left, KpiValue right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        KpiKind.Count => _count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        KpiKind.Real => _real.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        KpiKind.Money => _money.ToString(System.Globalization.CultureInfo.InvariantCulture),
        KpiKind.Hourly => "[" + string.Join(",", Hourly) + "]",
        KpiKind.Breakdown => BreakdownText(Breakdown),
        _ => "null",
    };
}

/// <summary>An ordered, immutable set of named KPI values (the JSON <c>kpis</c> object).</summary>
/// <remarks>Serialises through System.Text.Json as that object (<see cref="KpiSetJsonConverter"/>).</remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(KpiSetJsonConverter))]
public sealed class KpiSet : IReadOnlyList<KeyValuePair<string, KpiValue>>
{
    private readonly ImmutableArray<KeyValuePair<string, KpiValue>> _items;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a set; names must be distinct.</summary>
    public KpiSet(IEnumerable<KeyValuePair<string, KpiValue>> items)
    {
        _items = items.ToImmutableArray();
        _index = new Dictionary<string, int>(_items.Length, StringComparer.Ordinal);
        for (int i = 0; i < _items.Length; i++)
        {
            _index.Add(_items[i].Key, i);
        }
    }

    /// <summary>The value of a KPI.</summary>
    /// <exception cref="KeyNotFoundException">No KPI of that name.</exception>
    public KpiValue this[string name] => _items[_index[name]].Value;

    /// <inheritdoc/>
    public KeyValuePair<string, KpiValue> this[int index] => _items[index];

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <summary>Whether a KPI of that name is present.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>The value of a KPI, or false when absent.</summary>
    public bool TryGet(string name, out KpiValue value)
    {
        if (_index.TryGetValue(name, out int i))
        {
            value = _items[i].Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, KpiValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, KpiValue>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>KPIs of one account in one period.</summary>
/// <param name="Account">Account id.</param>
/// <param name="Shop">Shop id.</param>
/// <param name="Kpis">The KPIs.</param>
public sealed record AccountReport(string Account, string Shop, KpiSet Kpis);

/// <summary>KPIs of one agent (over its accounts) in one period.</summary>
/// <param name="Agent">Agent id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Kpis">The KPIs.</param>
/// <param name="Accounts">Its accounts, by shop then account id.</param>
public sealed record AgentReport(string Agent, string Name, KpiSet Kpis, ImmutableArray<AccountReport> Accounts);

/// <summary>KPIs of one group of agents 客服组 in one period (domain.md §6 "Groups").</summary>
/// <param name="Group">Group id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Kpis">The KPIs: sums of its agents' counts, rates recomputed, peaks over its sessions.</param>
/// <param name="Agents">The ids of its agents, as the roster lists them.</param>
public sealed record GroupReport(string Group, string Name, KpiSet Kpis, ImmutableArray<string> Agents);

/// <summary>KPIs of one shop in one period.</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Kpis">The KPIs.</param>
public sealed record ShopReport(string Shop, KpiSet Kpis);

/// <summary>One period of a report.</summary>
/// <param name="From">First local date, inclusive.</param>
/// <param name="To">Last local date, inclusive.</param>
/// <param name="Final">Whether every outcome in the period is final as of the report's instant.</param>
/// <param name="ProvisionalFrom">The first local date whose outcomes may still change, or null when final.</param>
/// <param name="Total">KPIs over all shops.</param>
/// <param name="Shops">Per shop, by id.</param>
/// <param name="Agents">Per agent, by id.</param>
public sealed record PeriodReport(LocalDate From, LocalDate To, bool Final, LocalDate? ProvisionalFrom, KpiSet Total, ImmutableArray<ShopReport> Shops, ImmutableArray<AgentReport> Agents)
{
    /// <summary>Per group of agents 客服组, by id; empty when the roster lists no groups.</summary>
    public ImmutableArray<GroupReport> Groups { get; init; } = [];

    /// <summary>The agents ranked by one KPI (<c>--rank</c>), or null when not asked for.</summary>
    public PeriodRanking? Ranking { get; init; }

    /// <summary>The previous period's KPIs (<c>--compare previous</c>), or null when not asked for.</summary>
    public PreviousPeriod? Previous { get; init; }
}

/// <summary>What the filters removed (domain.md §2). Units: messages, except advert (sessions) and singleLine (receptions).</summary>
/// <param name="Internal">Messages of internal chats.</param>
/// <param name="Listed">Messages of listed customers.</param>
/// <param name="Broadcast">Broadcast messages.</param>
/// <param name="Advert">Advert sessions.</param>
/// <param name="SingleLine">Single-line receptions.</param>
public sealed record FilteredCounts(long Internal, long Listed, long Broadcast, long Advert, long SingleLine)
{
    /// <summary>Nothing filtered.</summary>
    public static FilteredCounts None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>A whole KPI report.</summary>
/// <param name="AsOf">The instant the report is computed as of.</param>
/// <param name="Rule">The rule of the unsuffixed keys.</param>
/// <param name="AllRules">Whether the suffixed keys of every rule are present.</param>
/// <param name="By">How the range was cut.</param>
/// <param name="Periods">The periods, in date order.</param>
/// <param name="Filtered">What the filters removed.</param>
/// <param name="Rejected">How many input lines were rejected.</param>
/// <param name="RejectedLines">The first rejected lines.</param>
/// <param name="Warnings">Warnings met while loading.</param>
public sealed record Report(
    Instant AsOf,
    AttributionRule Rule,
    bool AllRules,
    PeriodGrouping By,
    ImmutableArray<PeriodReport> Periods,
    FilteredCounts Filtered,
    long Rejected,
    ImmutableArray<RejectedLine> RejectedLines,
    ImmutableArray<string> Warnings);

/// <summary>What to report.</summary>
public sealed record ReportRequest
{
    /// <summary>The instant the report is computed as of; data after it is ignored.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>How to cut the range into periods (default the whole range).</summary>
    public PeriodGrouping By { get; init; } = PeriodGrouping.All;

    /// <summary>First local date reported (default: the first date holding a message or an order).</summary>
    public LocalDate? From { get; init; }

    /// <summary>Last local date reported, inclusive (default: the last date holding a message or an order).</summary>
    public LocalDate? To { get; init; }

    /// <summary>The rule of the unsuffixed keys (default: the config's).</summary>
    public AttributionRule? Rule { get; init; }

    /// <summary>Whether to add the <c>ByOrder</c>/<c>ByPayment</c>/<c>ByOrderFirst</c> keys.</summary>
    public bool AllRules { get; init; }
}

/// <summary>
/// How the engine runs, not what it computes: every value gives the same report and the same partial, byte for byte
/// (docs/architecture.md "Parallel stages").
/// </summary>
public sealed record EngineOptions
{
    /// <summary>The default options: up to one thread per processor.</summary>
    public static EngineOptions Default { get; } = new();

    /// <summary>
    /// The most threads a stage uses at once (default <see cref="Environment.ProcessorCount"/>; 1 runs every stage on
    /// the calling thread). Must be at least 1.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The fewest messages worth a thread of their own (default 100,000): a dataset of n messages uses at most
    /// n / <see cref="MinMessagesPerThread"/> threads (at least one), so small datasets skip the thread hops. Must be
    /// at least 1.
    /// </summary>
    public int MinMessagesPerThread { get; init; } = 100_000;
}
