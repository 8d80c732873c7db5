namespace CsPerf.Engine;

/// <summary>
/// The engine's entry point: pure functions from a <see cref="Dataset"/> and a <see cref="CsPerfConfig"/> to reports.
/// </summary>
/// <remarks>Thread safe: no state is kept between calls; the same inputs always give the same report.</remarks>
public static class CsPerfEngine
{
    /// <summary>Computes the KPI report of a dataset.</summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config; must be valid and have the text rules the dataset was built with.</param>
    /// <param name="request">As-of instant, periods and range.</param>
    /// <exception cref="ArgumentException">An invalid config, or text rules that differ from the dataset's.</exception>
    public static Report Report(Dataset data, CsPerfConfig config, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        config.EnsureValid();
        if (TextRules.From(config) != data.TextRules)
        {
            throw new ArgumentException("The dataset was built with other text rules (prefixes or advert phrase) than this config; build it with this config.", nameof(config));
        }

        return ReportBuilder.Build(data, config, request);
    }

    /// <summary>
    /// Explains one order: its credit window, the candidate messages, the order and payment agents, the credited
    /// account under each rule, the assists, and why, in plain words (domain.md §5).
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config; as for <see cref="Report"/>.</param>
    /// <param name="orderId">The order id.</param>
    /// <param name="asOf">The instant the attribution is computed as of.</param>
    /// <returns>The explanation, or null when no such order exists as of <paramref name="asOf"/>.</returns>
    public static OrderExplanation? Explain(Dataset data, CsPerfConfig config, string orderId, NodaTime.Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(orderId);
        config.EnsureValid();
        if (TextRules.From(config) != data.TextRules)
        {
            throw new ArgumentException("The dataset was built with other text rules (prefixes or advert phrase) than this config; build it with this config.", nameof(config));
        }

        return Attribution.AttributionPass.Explain(data, config, orderId, asOf, config.AttributionRule);
    }
}
