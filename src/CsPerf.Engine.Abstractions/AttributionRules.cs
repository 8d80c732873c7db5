using System.Collections.Immutable;

namespace CsPerf.Engine;

/// <summary>
/// The attribution rules 业绩判定 (domain.md §5), as one list: the engine computes all of them in one pass and indexes
/// its per-rule counters by position in <see cref="All"/>; <c>--rule all</c> reports repeat every rule-dependent KPI
/// (<see cref="KpiDefinition.RuleDependent"/>) once per rule, in this order, with the rule's <see cref="Suffix"/>.
/// </summary>
/// <remarks>
/// Adding a rule: a member of <see cref="AttributionRule"/> (the next number), an entry here (suffix, Chinese name),
/// and its credited account in the attribution pass. Thread safe.
/// </remarks>
public static class AttributionRules
{
    /// <summary>
    /// How many rules there are: <c>All.Length</c> as a constant, for array sizes and hot loops (a test checks that
    /// the two agree).
    /// </summary>
    public const int Count = 3;

    /// <summary>Every rule, in suffix order; <c>All[i]</c> is the rule numbered <c>i</c>.</summary>
    public static ImmutableArray<AttributionRule> All { get; } = [AttributionRule.Order, AttributionRule.Payment, AttributionRule.OrderFirst];

    /// <summary>The key suffix of each rule under <c>--rule all</c>, in the order of <see cref="All"/>.</summary>
    public static ImmutableArray<string> Suffixes { get; } = ["ByOrder", "ByPayment", "ByOrderFirst"];

    private static readonly ImmutableArray<string> ChineseNames = ["下单判定", "付款判定", "下单优先判定"];

    /// <summary>The suffix of a rule's keys under <c>--rule all</c>: <c>ByOrder</c>, <c>ByPayment</c> or <c>ByOrderFirst</c>.</summary>
    /// <param name="rule">The rule.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a rule of <see cref="All"/>.</exception>
    public static string Suffix(AttributionRule rule) => Suffixes[Index(rule)];

    /// <summary>The Chinese name of a rule (下单判定, 付款判定, 下单优先判定).</summary>
    /// <param name="rule">The rule.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a rule of <see cref="All"/>.</exception>
    public static string ChineseName(AttributionRule rule) => ChineseNames[Index(rule)];

    /// <summary>
    /// Splits a key that ends with a rule suffix (<c>salesByPayment</c>) into the key before it and the rule. Only the
    /// text is looked at; whether the rest is a rule-dependent KPI is <see cref="KpiDefinitions.TryResolve"/>'s job.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="unsuffixed">The key without the suffix, or <paramref name="key"/>.</param>
    /// <param name="rule">The rule of the suffix, or the default.</param>
    /// <returns>Whether <paramref name="key"/> ends with a rule suffix (and is longer than it).</returns>
    public static bool TrySplitSuffix(string key, out string unsuffixed, out AttributionRule rule)
    {
        ArgumentNullException.ThrowIfNull(key);

        // Longest suffix first, so that a suffix that ends another one can never win by order.
        int best = -1;
        for (int i = 0; i < Suffixes.Length; i++)
        {
            if (key.Length > Suffixes[i].Length && key.EndsWith(Suffixes[i], StringComparison.Ordinal)
                && (best < 0 || Suffixes[i].Length > Suffixes[best].Length))
            {
                best = i;
            }
        }

        unsuffixed = best < 0 ? key : key[..^Suffixes[best].Length];
        rule = best < 0 ? default : All[best];
        return best >= 0;
    }

    private static int Index(AttributionRule rule) =>
        (uint)rule < (uint)All.Length ? (int)rule : throw new ArgumentOutOfRangeException(nameof(rule), rule, "not an attribution rule");
}
