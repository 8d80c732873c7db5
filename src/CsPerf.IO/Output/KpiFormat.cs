using System.Globalization;
using System.Text;

namespace CsPerf.IO;

/// <summary>How report writers show KPI values.</summary>
internal static class KpiFormat
{
    /// <summary>Money is written rounded half away from zero to 0.01 (四舍五入), never banker's rounding.</summary>
    public static decimal RoundMoney(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Machine form (CSV): counts as integers, reals round-trip, money with 2 decimals, hourly joined by <c>;</c>, a
    /// breakdown as compact JSON (<c>{"":1,"态度":2}</c>, keys in ordinal order), null empty.
    /// </summary>
    public static string Machine(KpiValue v) => v.Kind switch
    {
        KpiKind.Count => v.Count.ToString(CultureInfo.InvariantCulture),
        KpiKind.Real => v.Real.ToString("R", CultureInfo.InvariantCulture),
        KpiKind.Money => RoundMoney(v.Money).ToString("0.00", CultureInfo.InvariantCulture),
        KpiKind.Hourly => string.Join(";", v.Hourly),
        KpiKind.Breakdown => v.ToString(),
        _ => "",
    };

    /// <summary>
    /// Human form (table, HTML): rates (<see cref="KpiUnitKind.Rate"/> in the catalogue) as percentages, seconds and
    /// other reals with 1 decimal, money with 2, a breakdown as <c>态度 2, 回复慢 1, (none) 1</c> (most first, then by
    /// reason; <c>(none)</c> for the absent reason; <c>-</c> when empty), null as <c>-</c>.
    /// </summary>
    public static string Human(string key, KpiValue v) => v.Kind switch
    {
        KpiKind.Count => v.Count.ToString("#,0", CultureInfo.InvariantCulture),
        KpiKind.Real when IsRate(key) => (v.Real * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        KpiKind.Real => v.Real.ToString("0.0", CultureInfo.InvariantCulture),
        KpiKind.Money => RoundMoney(v.Money).ToString("#,0.00", CultureInfo.InvariantCulture),
        KpiKind.Hourly => string.Join(" ", v.Hourly),
        KpiKind.Breakdown => Breakdown(v),
        _ => "-",
    };

    /// <summary>The human form of a breakdown: the most frequent reasons first, ties by reason (ordinal).</summary>
    private static string Breakdown(KpiValue v)
    {
        var counts = v.Breakdown;
        if (counts.IsEmpty)
        {
            return "-";
        }

        return string.Join(", ", counts
            .OrderByDescending(x => x.Value)
            .ThenBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => (x.Key.Length == 0 ? NoReason : x.Key) + " " + x.Value.ToString("#,0", CultureInfo.InvariantCulture)));
    }

    /// <summary>How the table and HTML writers show the absent complaint reason (<c>""</c> in JSON and CSV).</summary>
    public const string NoReason = "(none)";

    /// <summary>Whether a report key (suffixed under <c>--rule all</c> or not) is a rate of the catalogue.</summary>
    private static bool IsRate(string key) => KpiDefinitions.TryResolve(key, out var d, out _) && d.Kind == KpiUnitKind.Rate;

    /// <summary>Display width: East Asian wide and fullwidth characters take two columns.</summary>
    public static int Width(string s)
    {
        int width = 0;
        foreach (var r in s.EnumerateRunes())
        {
            width += IsWide(r.Value) ? 2 : (Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format ? 0 : 1);
        }

        return width;
    }

    public static string PadRight(string s, int width) => s + new string(' ', Math.Max(0, width - Width(s)));

    public static string PadLeft(string s, int width) => new string(' ', Math.Max(0, width - Width(s))) + s;

    private static bool IsWide(int c) =>
        (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF)
        || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF)
        || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
        || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F)
        || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}
