using System.Collections.Immutable;

namespace CsPerf.Engine;

/// <summary>The change of one KPI from the previous period.</summary>
/// <param name="Previous">The previous value (null when absent).</param>
/// <param name="Change">Current − previous, of the same kind (count, money or real); null when either side is null, hourly or per reason.</param>
/// <param name="Relative">(current − previous) ÷ |previous|; null when either side is null or the previous is 0.</param>
/// <remarks>A computed view, not part of the model: not serialisable on its own (it holds lone <see cref="KpiValue"/>s).</remarks>
public readonly record struct KpiChange(KpiValue Previous, KpiValue Change, double? Relative)
{
    /// <summary>The change from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    /// <param name="current">This period's value.</param>
    /// <param name="previous">The previous period's value.</param>
    public static KpiChange Of(KpiValue current, KpiValue previous)
    {
        // Hourly counts and counts per reason have no single change: the previous value alone (docs/decisions.md).
        if (current.IsNull || previous.IsNull || current.Kind != previous.Kind || current.Kind is KpiKind.Hourly or KpiKind.Breakdown)
        {
            return new(previous, KpiValue.Null, null);
        }

        (KpiValue change, double? relative) = current.Kind switch
        {
            KpiKind.Count => (KpiValue.FromCount(current.Count - previous.Count),
                previous.Count == 0 ? (double?)null : (double)(current.Count - previous.Count) / Math.Abs(previous.Count)),
            KpiKind.Money => MoneyChange(CsPerf.Engine.Payroll.PayrollMath.Round(current.Money), CsPerf.Engine.Payroll.PayrollMath.Round(previous.Money)),
            _ => (KpiValue.FromReal(current.Real - previous.Real),
                previous.Real == 0 ? null : (current.Real - previous.Real) / Math.Abs(previous.Real)),
        };
        return new(previous, change, relative);
    }

    /// <summary>
    /// Money changes are of the values as reports write them (rounded half away from zero to 0.01, domain.md §6
    /// "Division and rounding"), so a report's change is exactly the difference of the two amounts it shows, and a saved
    /// report read back gives the same changes (docs/decisions.md).
    /// </summary>
    private static (KpiValue Change, double? Relative) MoneyChange(decimal current, decimal previous) =>
        (KpiValue.FromMoney(current - previous), previous == 0 ? null : (double)((current - previous) / Math.Abs(previous)));

    /// <summary>The change of each KPI of <paramref name="current"/> (null previous when <paramref name="previous"/> is null or lacks it).</summary>
    /// <param name="current">This period's KPIs.</param>
    /// <param name="previous">The previous period's KPIs, or null for a new entity.</param>
    public static ImmutableArray<KeyValuePair<string, KpiChange>> Of(KpiSet current, KpiSet? previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        var result = ImmutableArray.CreateBuilder<KeyValuePair<string, KpiChange>>(current.Count);
        foreach (var (key, value) in current)
        {
            KpiValue prev = previous is not null && previous.TryGet(key, out var p) ? p : KpiValue.Null;
            result.Add(new(key, Of(value, prev)));
        }

        return result.MoveToImmutable();
    }
}
