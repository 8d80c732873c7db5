using System.Collections.Immutable;

namespace CsPerf.Engine;

/// <summary>
/// Key lists of the KPI catalogue (<see cref="KpiDefinitions"/>) in the shapes payroll plan validation and scoring
/// use, so that they never keep a second hand-written list.
/// </summary>
/// <remarks>Thread safe; the lists are computed once from <see cref="KpiDefinitions.All"/>.</remarks>
public static class KpiCatalog
{
    /// <summary>Every unsuffixed KPI key, in report order.</summary>
    public static ImmutableArray<string> Keys { get; } = [.. KpiDefinitions.All.Select(d => d.Key)];

    /// <summary>
    /// The keys that depend on the attribution rule, in report order: under <c>--rule all</c> they also appear suffixed
    /// <c>ByOrder</c>, <c>ByPayment</c>, <c>ByOrderFirst</c> (domain.md §6).
    /// </summary>
    public static ImmutableArray<string> RuleKeys { get; } = [.. KpiDefinitions.RuleDependent.Select(d => d.Key)];

    /// <summary>The keys whose value is a whole count (complaints, noResponseRecords, …): the keys a penalty can charge.</summary>
    public static ImmutableArray<string> CountKeys { get; } = [.. KpiDefinitions.All.Where(d => d.Kind == KpiUnitKind.Count).Select(d => d.Key)];

    /// <summary>The keys whose value is one number (count, real or money, possibly null): every key but the hourly ones.</summary>
    public static ImmutableArray<string> NumberKeys { get; } = [.. KpiDefinitions.All.Where(d => d.IsNumber).Select(d => d.Key)];

    /// <summary>Whether <paramref name="key"/> is an unsuffixed KPI key.</summary>
    /// <param name="key">The key.</param>
    public static bool IsKey(string key) => KpiDefinitions.Find(key) is not null;

    /// <summary>Whether <paramref name="key"/> depends on the attribution rule.</summary>
    /// <param name="key">An unsuffixed key.</param>
    public static bool IsRuleKey(string key) => KpiDefinitions.Find(key) is { RuleDependent: true };

    /// <summary>The suffix of a rule's keys under <c>--rule all</c>: <c>ByOrder</c>, <c>ByPayment</c> or <c>ByOrderFirst</c>.</summary>
    /// <param name="rule">The rule.</param>
    public static string Suffix(AttributionRule rule) => AttributionRules.Suffix(rule);

    /// <summary>
    /// The key holding KPI <paramref name="key"/> under <paramref name="rule"/> in a report whose unsuffixed keys are
    /// under <paramref name="reportRule"/>: the key itself when it does not depend on the rule or the rules match,
    /// else the suffixed key.
    /// </summary>
    /// <param name="key">An unsuffixed key.</param>
    /// <param name="rule">The rule wanted.</param>
    /// <param name="reportRule">The rule of the report's unsuffixed keys.</param>
    public static string KeyUnder(string key, AttributionRule rule, AttributionRule reportRule) =>
        rule == reportRule || !IsRuleKey(key) ? key : key + AttributionRules.Suffix(rule);
}
