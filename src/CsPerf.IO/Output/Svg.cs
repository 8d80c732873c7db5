using System.Globalization;
using System.Net;

namespace CsPerf.IO;

/// <summary>
/// The dashboard's charts as inline SVG (no script, no network): bar charts, a line chart, a funnel and a stacked bar.
/// Every text is HTML-escaped; every mark carries <c>data-value</c> (the machine form of the number it draws) so tests and
/// scripts can read the numbers back.
/// </summary>
internal static class Svg
{
    public const string Blue = "#2f6fb3";
    public const string Orange = "#e07b24";
    public const string Grey = "#9aa3ad";
    public const string Red = "#c0392b";
    public const string Green = "#2e8b57";

    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>One bar of a bar chart: its axis label, value, the label above it, colour and extra attributes.</summary>
    public readonly record struct Bar(string Label, double Value, string Text, string Color, string Attributes);

    /// <summary>A vertical bar chart with the values above the bars and the labels below; <paramref name="line"/> adds a second series as a line on a right axis.</summary>
    public static void Bars(TextWriter o, string chart, string title, IReadOnlyList<Bar> bars, int width, int height, string? lineTitle = null, IReadOnlyList<double>? line = null, IReadOnlyList<string>? lineAttributes = null, bool smallValues = false)
    {
        const int left = 40, top = 28, bottom = 36, right = 12;
        bool hasLine = line is not null && line.Count == bars.Count && line.Count > 0;
        int band = hasLine ? 90 : 0;
        double plotW = width - left - right, plotH = height - top - bottom - band;
        double max = Nice(bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        double step = plotW / Math.Max(1, bars.Count);
        o.Write($"<svg class=\"chart\" data-chart=\"{E(chart)}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{E(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        Axis(o, left, top, plotW, plotH, max);
        for (int i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            double h = b.Value / max * plotH, x = left + (i * step) + (step * 0.15), w = step * 0.7;
            o.Write($"<rect class=\"bar\" x=\"{N(x)}\" y=\"{N(top + plotH - h)}\" width=\"{N(w)}\" height=\"{N(Math.Max(h, 0))}\" fill=\"{b.Color}\" {b.Attributes}><title>{E(b.Label)}: {E(b.Text)}</title></rect>");
            o.Write($"<text x=\"{N(x + (w / 2))}\" y=\"{N(top + plotH - h - 4)}\" text-anchor=\"middle\" class=\"{(smallValues ? "v small" : "v")}\">{E(b.Text)}</text>");
            o.Write($"<text x=\"{N(x + (w / 2))}\" y=\"{N(top + plotH + 16)}\" text-anchor=\"middle\" class=\"l\">{E(b.Label)}</text>");
        }

        if (hasLine)
        {
            // The second series in its own band under the bars (same hours), so no label crosses a bar.
            double y0 = top + plotH + bottom, y1 = y0 + band - 8;
            var series = line!;
            double lmax = Nice(series.Max());
            double Y(double v) => y1 - (v / lmax * (y1 - y0 - 26));
            o.Write($"<text x=\"{N(left)}\" y=\"{N(y0 + 2)}\" class=\"l\">{E(lineTitle ?? "")}</text>");
            o.Write($"<line x1=\"{N(left)}\" y1=\"{N(y1)}\" x2=\"{N(left + plotW)}\" y2=\"{N(y1)}\" stroke=\"#ddd\"/>");
            var pts = string.Join(" ", series.Select((v, i) => $"{N(left + (i * step) + (step / 2))},{N(Y(v))}"));
            o.Write($"<polyline points=\"{pts}\" fill=\"none\" stroke=\"{Orange}\" stroke-width=\"2\"/>");
            for (int i = 0; i < series.Count; i++)
            {
                string attrs = lineAttributes is null ? "" : lineAttributes[i];
                double cx = left + (i * step) + (step / 2);
                o.Write($"<circle cx=\"{N(cx)}\" cy=\"{N(Y(series[i]))}\" r=\"3\" fill=\"{Orange}\" {attrs}><title>{E(lineTitle ?? "")}: {N(series[i])}</title></circle>");
                o.Write($"<text x=\"{N(cx)}\" y=\"{N(Y(series[i]) - 6)}\" text-anchor=\"middle\" class=\"v small\">{N(series[i])}</text>");
            }
        }

        o.WriteLine("</svg>");
    }

    /// <summary>A line chart of one series over labelled points (dates), with the values of the first, last, highest and lowest points.</summary>
    public static void Line(TextWriter o, string chart, string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, IReadOnlyList<string> texts, IReadOnlyList<string> attributes, string color, int width, int height)
    {
        const int left = 48, right = 30, top = 24, bottom = 36;
        double plotW = width - left - right, plotH = height - top - bottom;
        double max = Nice(values.Count == 0 ? 0 : values.Max());
        o.Write($"<svg class=\"chart\" data-chart=\"{E(chart)}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{E(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        Axis(o, left, top, plotW, plotH, max);
        int n = values.Count;
        double X(int i) => n == 1 ? left + (plotW / 2) : left + (i * plotW / (n - 1));
        double Y(double v) => top + plotH - (Math.Max(0, v) / max * plotH);
        if (n > 1)
        {
            o.Write($"<polyline points=\"{string.Join(" ", values.Select((v, i) => $"{N(X(i))},{N(Y(v))}"))}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>");
        }

        int hi = 0, lo = 0;
        for (int i = 1; i < n; i++)
        {
            hi = values[i] > values[hi] ? i : hi;
            lo = values[i] < values[lo] ? i : lo;
        }

        int every = Math.Max(1, (int)Math.Ceiling(n / 10.0));
        for (int i = 0; i < n; i++)
        {
            o.Write($"<circle cx=\"{N(X(i))}\" cy=\"{N(Y(values[i]))}\" r=\"3\" fill=\"{color}\" {attributes[i]}><title>{E(labels[i])}: {E(texts[i])}</title></circle>");
            if (n <= 14 || i == 0 || i == n - 1 || i == hi || i == lo)
            {
                string anchor = n > 1 && i == 0 ? "start" : n > 1 && i == n - 1 ? "end" : "middle";
                o.Write($"<text x=\"{N(X(i))}\" y=\"{N(Y(values[i]) - 7)}\" text-anchor=\"{anchor}\" class=\"v small\">{E(texts[i])}</text>");
            }

            if ((n - 1 - i) % every == 0)
            {
                o.Write($"<text x=\"{N(X(i))}\" y=\"{N(top + plotH + 16)}\" text-anchor=\"middle\" class=\"l\">{E(labels[i])}</text>");
            }
        }

        o.WriteLine("</svg>");
    }

    /// <summary>The y axis: a baseline, a top line with the maximum and a middle grid line.</summary>
    private static void Axis(TextWriter o, double left, double top, double plotW, double plotH, double max)
    {
        o.Write($"<line x1=\"{N(left)}\" y1=\"{N(top + plotH)}\" x2=\"{N(left + plotW)}\" y2=\"{N(top + plotH)}\" stroke=\"#888\"/>");
        o.Write($"<line x1=\"{N(left)}\" y1=\"{N(top)}\" x2=\"{N(left + plotW)}\" y2=\"{N(top)}\" stroke=\"#eee\"/>");
        o.Write($"<line x1=\"{N(left)}\" y1=\"{N(top + (plotH / 2))}\" x2=\"{N(left + plotW)}\" y2=\"{N(top + (plotH / 2))}\" stroke=\"#eee\"/>");
        o.Write($"<text x=\"{N(left - 4)}\" y=\"{N(top + 4)}\" text-anchor=\"end\" class=\"l\">{E(Short(max))}</text>");
        o.Write($"<text x=\"{N(left - 4)}\" y=\"{N(top + (plotH / 2) + 4)}\" text-anchor=\"end\" class=\"l\">{E(Short(max / 2))}</text>");
        o.Write($"<text x=\"{N(left - 4)}\" y=\"{N(top + plotH + 4)}\" text-anchor=\"end\" class=\"l\">0</text>");
    }

    /// <summary>The axis maximum: the smallest of 1, 2, 2.5, 5 × 10^k at or above <paramref name="max"/> (at least 1).</summary>
    public static double Nice(double max)
    {
        if (max <= 1)
        {
            return 1;
        }

        double p = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (double m in (double[])[1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10])
        {
            if (m * p >= max)
            {
                return m * p;
            }
        }

        return 10 * p;
    }

    /// <summary>A stacked bar chart: per label, the parts bottom up, with the total above.</summary>
    public static void Stacked(TextWriter o, string chart, string title, IReadOnlyList<string> labels, IReadOnlyList<(double Value, string Color, string Attributes, string Text)[]> parts, IReadOnlyList<string> totals, int width, int height)
    {
        const int left = 48, right = 12, top = 24, bottom = 36;
        double plotW = width - left - right, plotH = height - top - bottom;
        double max = Nice(parts.Count == 0 ? 0 : parts.Max(ps => ps.Sum(x => Math.Max(0, x.Value))));
        double step = plotW / Math.Max(1, labels.Count);
        int every = Math.Max(1, (int)Math.Ceiling(labels.Count / 10.0));
        o.Write($"<svg class=\"chart\" data-chart=\"{E(chart)}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{E(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        Axis(o, left, top, plotW, plotH, max);
        for (int i = 0; i < labels.Count; i++)
        {
            double x = left + (i * step) + (step * 0.15), w = step * 0.7, y = top + plotH;
            foreach (var (value, color, attributes, text) in parts[i])
            {
                double h = Math.Max(0, value) / max * plotH;
                y -= h;
                o.Write($"<rect class=\"bar\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" fill=\"{color}\" {attributes}><title>{E(labels[i])}: {E(text)}</title></rect>");
            }

            if (labels.Count <= 14)
            {
                o.Write($"<text x=\"{N(x + (w / 2))}\" y=\"{N(y - 4)}\" text-anchor=\"middle\" class=\"v small\">{E(totals[i])}</text>");
            }

            if ((labels.Count - 1 - i) % every == 0)
            {
                o.Write($"<text x=\"{N(x + (w / 2))}\" y=\"{N(top + plotH + 16)}\" text-anchor=\"middle\" class=\"l\">{E(labels[i])}</text>");
            }
        }

        o.WriteLine("</svg>");
    }

    /// <summary>An axis number: 12.3k, 4.5M, else up to 1 decimal.</summary>
    public static string Short(double v) => Math.Abs(v) switch
    {
        >= 1e6 => (v / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (v / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("0.#", CultureInfo.InvariantCulture),
    };
}
