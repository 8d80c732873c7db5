using System.Collections.Immutable;
using CsPerf.Engine.Payroll;

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

    /// <summary>
    /// Points on a linear scale, exactly: 100 × clamp((x − floor) ÷ (target − floor), 0, 1); floor &gt; target = lower
    /// is better.
    /// </summary>
    public static Rational LinearPoints(decimal value, decimal floor, decimal target)
    {
        var f = (Rational.From(value) - Rational.From(floor)) / (Rational.From(target) - Rational.From(floor));
        return f <= Rational.Zero ? Rational.Zero : f >= Rational.One ? Rational.From(100m) : f * Rational.From(100m);
    }

    /// <summary>The grade of an exact total: the grade with the highest min ≤ total; below every min, the lowest grade.</summary>
    public static GradeBand Grade(Rational total, ImmutableArray<GradeBand> grades)
    {
        GradeBand? best = null;
        GradeBand lowest = grades[0];
        foreach (var g in grades)
        {
            if (g.Min!.Value < lowest.Min!.Value)
            {
                lowest = g;
            }

            if (Rational.From(g.Min.Value) <= total && (best is null || g.Min.Value > best.Min!.Value))
            {
                best = g;
            }
        }

        return best ?? lowest;
    }
}
