using System.Collections.Immutable;
using CsPerf.Payroll;

namespace CsPerf.Engine.Payroll;

/// <summary>The formulas of domain.md §7, on exact decimals: commission modes, point scales, grade lookup, rounding.</summary>
internal static class PayrollMath
{
    /// <summary>A money line rounded once, half away from zero, to 0.01 (四舍五入, domain.md §7).</summary>
    public static decimal Round(decimal exact) => Math.Round(exact, 2, MidpointRounding.AwayFromZero);

    /// <summary>Linear commission: max(0, basis − baseline) × rate.</summary>
    public static decimal Linear(decimal basis, decimal baseline, decimal rate) => Math.Max(0, basis - baseline) * rate;

    /// <summary>
    /// Tiered commission and its bands (contract.md <c>bands</c>). Tier i covers <c>[from_i, from_{i+1})</c>; a tier is
    /// reached when basis ≥ its from. Progressive: one band per tier reached, the part of the basis inside it; whole:
    /// one band, the highest tier reached, on the whole basis.
    /// </summary>
    /// <param name="basis">The basis, ≥ 0.</param>
    /// <param name="tiers">Validated tiers, strictly ascending.</param>
    /// <param name="method">Progressive or whole.</param>
    public static (decimal Commission, ImmutableArray<CommissionBandLine> Bands) Tiered(decimal basis, ImmutableArray<CommissionTier> tiers, TierMethod method)
    {
        var bands = ImmutableArray.CreateBuilder<CommissionBandLine>();
        decimal total = 0;
        if (method == TierMethod.Whole)
        {
            for (int i = tiers.Length - 1; i >= 0; i--)
            {
                decimal from = tiers[i].From!.Value;
                if (basis >= from)
                {
                    decimal rate = tiers[i].Rate!.Value;
                    decimal? to = i + 1 < tiers.Length ? tiers[i + 1].From : null;
                    total = basis * rate;
                    bands.Add(new CommissionBandLine(from, to, rate, basis, total));
                    break;
                }
            }

            return (total, bands.ToImmutable());
        }

        for (int i = 0; i < tiers.Length; i++)
        {
            decimal from = tiers[i].From!.Value;
            if (basis < from)
            {
                break;
            }

            decimal rate = tiers[i].Rate!.Value;
            decimal? to = i + 1 < tiers.Length ? tiers[i + 1].From : null;
            decimal amount = (to is { } t && basis > t ? t : basis) - from;
            decimal commission = amount * rate;
            total += commission;
            bands.Add(new CommissionBandLine(from, to, rate, amount, commission));
        }

        return (total, bands.ToImmutable());
    }

    /// <summary>Points of a value by bands: the band with the highest min ≤ value; below every min, 0.</summary>
    public static decimal BandPoints(decimal value, ImmutableArray<ScoreBand> bands)
    {
        decimal? bestMin = null;
        decimal points = 0;
        foreach (var band in bands)
        {
            decimal min = band.Min!.Value;
            if (min <= value && (bestMin is null || min > bestMin))
            {
                bestMin = min;
                points = band.Points!.Value;
            }
        }

        return points;
    }

    /// <summary>Points on a linear scale: 100 × clamp((x − floor) ÷ (target − floor), 0, 1); floor &gt; target = lower is better.</summary>
    /// <remarks>
    /// Clamped by comparing first, so the division only ever gives a fraction in (0, 1): floor and target a hair apart
    /// (0.8 and 0.8000000000000000000000000001) with a large value must not overflow decimal.
    /// </remarks>
    public static decimal LinearPoints(decimal value, decimal floor, decimal target)
    {
        bool higherIsBetter = target > floor;
        if (higherIsBetter ? value <= floor : value >= floor)
        {
            return 0m;
        }

        if (higherIsBetter ? value >= target : value <= target)
        {
            return 100m;
        }

        // Here floor < value < target (or the reverse), so the fraction is in (0, 1); only the differences can
        // overflow, when floor and target lie near ±decimal.MaxValue: then both are taken on halves (same fraction).
        const decimal Safe = 1e27m;
        bool small = Math.Abs(floor) < Safe && Math.Abs(target) < Safe;
        decimal f = small
            ? (higherIsBetter ? (value - floor) / (target - floor) : (floor - value) / (floor - target))
            : (higherIsBetter ? ((value / 2) - (floor / 2)) / ((target / 2) - (floor / 2)) : ((floor / 2) - (value / 2)) / ((floor / 2) - (target / 2)));
        return 100m * f;
    }

    /// <summary>The grade of an exact total: the grade with the highest min ≤ total; below every min, the lowest grade.</summary>
    public static GradeBand Grade(decimal total, ImmutableArray<GradeBand> grades)
    {
        GradeBand? best = null;
        GradeBand lowest = grades[0];
        foreach (var g in grades)
        {
            if (g.Min!.Value < lowest.Min!.Value)
            {
                lowest = g;
            }

            if (g.Min.Value <= total && (best is null || g.Min.Value > best.Min!.Value))
            {
                best = g;
            }
        }

        return best ?? lowest;
    }
}
