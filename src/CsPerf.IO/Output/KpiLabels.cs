using System.Text;

namespace CsPerf.IO;

/// <summary>
/// How the HTML page names a KPI: Chinese name, English name and unit from the catalogue (<see cref="KpiDefinitions"/>),
/// e.g. <c>接待人数 Received (receptions)</c>; the English name is the key in words (<c>firstResponseAvg</c> →
/// <c>First response avg</c>), a rule suffix (all rules) in brackets.
/// </summary>
internal static class KpiLabels
{
    /// <summary>The English name of a key: its camelCase words, the first capitalised.</summary>
    public static string English(string key)
    {
        string bare = KpiDefinitions.TryResolve(key, out var d, out var rule) && rule is not null ? d.Key : key;
        var sb = new StringBuilder(bare.Length + 8);
        for (int i = 0; i < bare.Length; i++)
        {
            char c = bare[i];
            if (i == 0)
            {
                sb.Append(char.ToUpperInvariant(c));
            }
            else if (char.IsUpper(c))
            {
                // Keep acronyms together ("aov" is lower case already): a capital starts a word.
                sb.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Replace("Aov", "AOV", StringComparison.Ordinal).Replace(" aov", " AOV", StringComparison.Ordinal);
    }

    /// <summary>The unit as shown after the name: <c>%</c> for rates, <c>s</c> for seconds, else the catalogue's unit.</summary>
    public static string Unit(string key)
    {
        if (!KpiDefinitions.TryResolve(key, out var d, out _))
        {
            return "";
        }

        return d.Kind switch
        {
            KpiUnitKind.Rate => "%",
            KpiUnitKind.Seconds => "s",
            KpiUnitKind.Hourly => d.Unit + " per hour of day",
            KpiUnitKind.Breakdown => d.Unit + " per reason",
            _ => d.Unit,
        };
    }

    /// <summary>The Chinese name of a key (the key itself when the catalogue does not know it).</summary>
    public static string Chinese(string key) => KpiDefinitions.TryResolve(key, out var d, out _) ? d.ChineseName : key;

    /// <summary>The full label: <c>接待人数 Received (receptions)</c>, plus <c>[rule byPayment]</c> for a suffixed key.</summary>
    public static string Label(string key)
    {
        if (!KpiDefinitions.TryResolve(key, out var d, out var rule))
        {
            return key;
        }

        string suffix = rule is null ? "" : " [" + key[d.Key.Length..] + "]";
        string unit = Unit(key);
        return $"{d.ChineseName} {English(key)}{suffix}" + (unit.Length == 0 ? "" : $" ({unit})");
    }

    /// <summary>Whether lower values of a key are better (a fall is shown green).</summary>
    public static KpiBetter Better(string key) => KpiDefinitions.TryResolve(key, out var d, out _) ? d.Better : KpiBetter.None;
}
