using System.Collections.Immutable;
using CsPerf.Engine.Kpis;

namespace CsPerf.Engine;

/// <summary>
/// The KPI keys a report emits, taken from the report composer itself (it composes one empty agent-level set once),
/// so that validators, such as payroll plan validation, never keep a second hand-written list.
/// </summary>
/// <remarks>Thread safe; the lists are computed once.</remarks>
public static class KpiCatalog
{
    private static readonly KpiSet Sample = KpiComposer.Compose(new LevelInputs { Level = Level.Agent }, 0, allRules: false, AovBasis.Buyers, monthPeriod: true);

    /// <summary>Every unsuffixed KPI key, in report order.</summary>
    public static ImmutableArray<string> Keys { get; } = Sample.Select(kv => kv.Key).ToImmutableArray();

    /// <summary>
    /// The keys that depend on the attribution rule: under <c>--rule all</c> they also appear suffixed
    /// <c>ByOrder</c>, <c>ByPayment</c>, <c>ByOrderFirst</c> (domain.md §6).
    /// </summary>
    public static ImmutableArray<string> RuleKeys { get; } = [.. KpiComposer.RuleKeys];

    /// <summary>The keys whose value is a whole count (complaints, noResponseRecords, …): the keys a penalty can charge.</summary>
    public static ImmutableArray<string> CountKeys { get; } = Sample.Where(kv => kv.Value.Kind == KpiKind.Count).Select(kv => kv.Key).ToImmutableArray();

    /// <summary>The keys whose value is one number (count, real or money, possibly null): every key but the hourly ones.</summary>
    public static ImmutableArray<string> NumberKeys { get; } = Sample.Where(kv => kv.Value.Kind != KpiKind.Hourly).Select(kv => kv.Key).ToImmutableArray();

    /// <summary>Whether <paramref name="key"/> is an unsuffixed KPI key.</summary>
    /// <param name="key">The key.</param>
    public static bool IsKey(string key) => KeySet.Contains(key);

    /// <summary>Whether <paramref name="key"/> depends on the attribution rule.</summary>
    /// <param name="key">An unsuffixed key.</param>
    public static bool IsRuleKey(string key) => RuleKeySet.Contains(key);

    /// <summary>The suffix of a rule's keys under <c>--rule all</c>: <c>ByOrder</c>, <c>ByPayment</c> or <c>ByOrderFirst</c>.</summary>
    /// <param name="rule">The rule.</param>
    public static string Suffix(AttributionRule rule) => rule switch
    {
        AttributionRule.Order => "ByOrder",
        AttributionRule.Payment => "ByPayment",
        AttributionRule.OrderFirst => "ByOrderFirst",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    /// <summary>
    /// The key holding KPI <paramref name="key"/> under <paramref name="rule"/> in a report whose unsuffixed keys are
    /// under <paramref name="reportRule"/>: the key itself when it does not depend on the rule or the rules match,
    /// else the suffixed key.
    /// </summary>
    /// <param name="key">An unsuffixed key.</param>
    /// <param name="rule">The rule wanted.</param>
    /// <param name="reportRule">The rule of the report's unsuffixed keys.</param>
    public static string KeyUnder(string key, AttributionRule rule, AttributionRule reportRule) =>
        rule == reportRule || !IsRuleKey(key) ? key : key + Suffix(rule);

    private static readonly HashSet<string> KeySet = new(Keys, StringComparer.Ordinal);

    private static readonly HashSet<string> RuleKeySet = new(KpiComposer.RuleKeys, StringComparer.Ordinal);
}
