using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CsPerf.Tests.Properties;

/// <summary>
/// The generators of the property tests as FsCheck arbitraries: a generated dataset (<see cref="DatasetSpec"/>) for the
/// attribution and reception invariants and the detail lists, a generated multi-shop dataset (<see cref="PartialSpec"/>)
/// for partials and groups. Each is drawn from a seed, so a failure prints the seed that reproduces it.
/// </summary>
public static class CsPerfArbitraries
{
    /// <summary>Datasets of domain.md §5's invariants.</summary>
    public static Arbitrary<DatasetSpec> Datasets() => Gen.Choose(0, int.MaxValue - 1).Select(DatasetSpec.Generate).ToArbitrary();

    /// <summary>Seeds spread over every non-negative int (FsCheck's own ints stay small).</summary>
    public static Arbitrary<Seed> Seeds() => Gen.Choose(0, int.MaxValue - 1).Select(v => new Seed(v)).ToArbitrary();

    /// <summary>KPI sets holding a value of every kind (null, count, money, real), for the comparison properties.</summary>
    public static Arbitrary<KpiSet> KpiSets()
    {
        var values = Gen.OneOf(
            Gen.Constant(KpiValue.Null),
            Gen.Choose(-1000, 1000).Select(i => KpiValue.FromCount(i)),
            Gen.Choose(-100000, 100000).Select(i => KpiValue.FromMoney(i / 100m)),
            Gen.Choose(-100000, 100000).Select(i => KpiValue.FromReal(i / 997.0)));
        return Gen.ListOf(values).Select(vs => new KpiSet(vs.Select((v, i) => new KeyValuePair<string, KpiValue>("k" + i, v)))).ToArbitrary();
    }

    /// <summary>Instants from 1971 to 2033 with any tick and any quarter-hour offset within ±14 h, for the RFC 3339 parser.</summary>
    public static Arbitrary<NodaTime.OffsetDateTime> OffsetDateTimes() =>
        (from seconds in Gen.Choose(50_000, 2_000_000_000)
         from ticks in Gen.Choose(0, 9_999_999)
         from quarterHours in Gen.Choose(-14 * 4, 14 * 4)
         select NodaTime.Instant.FromUnixTimeSeconds(seconds).PlusTicks(ticks).WithOffset(NodaTime.Offset.FromSeconds(quarterHours * 900))).ToArbitrary();

    /// <summary>Datasets split into partials (several shops, groups, refunds, complaints with reasons).</summary>
    public static Arbitrary<PartialSpec> Partials() => Gen.Choose(0, int.MaxValue - 1).Select(PartialSpec.Generate).ToArbitrary();
}

/// <summary>
/// An FsCheck.Xunit property over <see cref="CsPerfArbitraries"/>, run <c>tests</c> times by default, or as many times
/// as the environment variable <c>CSPERF_PROPERTY_TESTS</c> says (CI can ask for more).
/// </summary>
public sealed class CsPerfPropertyAttribute : PropertyAttribute
{
    /// <summary>A property run <paramref name="tests"/> times unless <c>CSPERF_PROPERTY_TESTS</c> is set.</summary>
    public CsPerfPropertyAttribute(int tests)
    {
        MaxTest = Environment.GetEnvironmentVariable("CSPERF_PROPERTY_TESTS") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : tests;
        Arbitrary = [typeof(CsPerfArbitraries)];
        QuietOnSuccess = true;
    }
}

/// <summary>A seed for a property that draws its own inputs from <see cref="System.Random"/> (any non-negative int).</summary>
/// <param name="Value">The seed.</param>
public readonly record struct Seed(int Value);
