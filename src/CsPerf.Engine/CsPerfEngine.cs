namespace CsPerf.Engine;

/// <summary>
/// The engine's entry point: pure functions from a <see cref="Dataset"/> and a <see cref="CsPerfConfig"/> to reports.
/// </summary>
/// <remarks>Thread safe: no state is kept between calls; the same inputs always give the same report.</remarks>
public static class CsPerfEngine
{
    /// <summary>
    /// Computes the KPI report of a dataset, on up to one thread per processor: exactly <c>Compose(Aggregate(data, config, request), roster, config,
    /// request)</c> with the roster the dataset was built with.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config; must be valid and have the text rules the dataset was built with.</param>
    /// <param name="request">As-of instant, periods and range.</param>
    /// <exception cref="ArgumentException">An invalid config, or text rules that differ from the dataset's.</exception>
    public static Report Report(Dataset data, CsPerfConfig config, ReportRequest request) => Report(data, config, request, EngineOptions.Default);

    /// <summary>
    /// <see cref="Report(Dataset, CsPerfConfig, ReportRequest)"/> with the threads it may use: the report is the same,
    /// byte for byte, for every <see cref="EngineOptions.MaxDegreeOfParallelism"/>.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config; must be valid and have the text rules the dataset was built with.</param>
    /// <param name="request">As-of instant, periods and range.</param>
    /// <param name="options">How many threads the stages may use.</param>
    /// <exception cref="ArgumentException">An invalid config, text rules that differ from the dataset's, or options below 1.</exception>
    public static Report Report(Dataset data, CsPerfConfig config, ReportRequest request, EngineOptions options)
    {
        Check(data, config, request);
        return ReportBuilder.Build(data, config, request, Degree(options, data));
    }

    /// <summary>
    /// Computes the mergeable partial result of a dataset (docs/partials.md): the additive counters per (shop, account,
    /// local date) and per (shop, local date) of the request's dates (<see cref="ReportRequest.From"/> and
    /// <see cref="ReportRequest.To"/>, by default the dates holding data), the sessions those dates own, and the facts
    /// <see cref="Compose"/> decides from. Every window still looks at the whole dataset. The request's grouping and
    /// rule are not used: a partial holds every rule, per day.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config; as for <see cref="Report(Dataset, CsPerfConfig, ReportRequest)"/>.</param>
    /// <param name="request">The as-of instant and the dates the partial owns.</param>
    /// <exception cref="ArgumentException">An invalid config, or text rules that differ from the dataset's.</exception>
    public static KpiPartial Aggregate(Dataset data, CsPerfConfig config, ReportRequest request) => Aggregate(data, config, request, EngineOptions.Default);

    /// <summary>
    /// <see cref="Aggregate(Dataset, CsPerfConfig, ReportRequest)"/> with the threads it may use: the partial is the
    /// same, byte for byte, for every <see cref="EngineOptions.MaxDegreeOfParallelism"/>.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config; as for <see cref="Report(Dataset, CsPerfConfig, ReportRequest)"/>.</param>
    /// <param name="request">The as-of instant and the dates the partial owns.</param>
    /// <param name="options">How many threads the stages may use.</param>
    /// <exception cref="ArgumentException">An invalid config, text rules that differ from the dataset's, or options below 1.</exception>
    public static KpiPartial Aggregate(Dataset data, CsPerfConfig config, ReportRequest request, EngineOptions options)
    {
        Check(data, config, request);
        return Partials.Aggregator.Aggregate(data, config, request, Degree(options, data));
    }

    /// <summary>The threads the stages may use for <paramref name="data"/>: the options' maximum, at most one per <see cref="EngineOptions.MinMessagesPerThread"/> messages, at least one.</summary>
    private static int Degree(EngineOptions options, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDegreeOfParallelism, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinMessagesPerThread, 1, nameof(options));
        return Math.Clamp(data.MessageCount / options.MinMessagesPerThread, 1, options.MaxDegreeOfParallelism);
    }

    /// <summary>
    /// Composes a report from a partial, usually merged from partials of disjoint data (<see cref="KpiPartial.Merge(KpiPartial, KpiPartial)"/>):
    /// cuts the request's range (by default the partial's dates holding data) into periods, lists roster shops,
    /// agents and accounts always and others only with data, maps accounts to agents by <paramref name="roster"/>
    /// (an account outside it is its own agent), recomputes rates, peaks and agent review counts, and decides
    /// <c>final</c>/<c>provisionalFrom</c> in each listed shop's zone.
    /// </summary>
    /// <param name="partial">The partial.</param>
    /// <param name="roster">The roster: agents, their accounts and targets, shops always listed.</param>
    /// <param name="config">The config the partial was computed with (its counting knobs must match).</param>
    /// <param name="request">The as-of instant (must be the partial's), grouping, range and rule.</param>
    /// <exception cref="ArgumentException">An invalid config or roster, or a partial computed as of another instant or with other counting knobs.</exception>
    public static Report Compose(KpiPartial partial, Roster roster, CsPerfConfig config, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(partial);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        config.EnsureValid();
        return Partials.Composer.Compose(partial, roster, config, request);
    }

    /// <summary>
    /// A detail list 明细 (docs/details.md): the rows behind a KPI — unreplied receptions, slow receptions and their
    /// bursts, no-response records, long sessions and receptions, neutral and negative reviews, refunds, silent sales,
    /// lost inquiries — each naming the messages that decided it. The stages record the rows exactly where they count
    /// the KPI, so the list's <see cref="DetailResult.Totals"/> equal the report's KPIs for the same range, as-of
    /// instant, rule and agent (at the total level without an agent).
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config; as for <see cref="Report(Dataset, CsPerfConfig, ReportRequest)"/>.</param>
    /// <param name="request">The list, as-of instant, range, agent and rule.</param>
    /// <returns>The rows and their totals.</returns>
    /// <exception cref="ArgumentException">An invalid config, text rules that differ from the dataset's, or an agent not in the dataset.</exception>
    public static DetailResult Details(Dataset data, CsPerfConfig config, DetailRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(data, config, new ReportRequest { AsOf = request.AsOf });
        return CsPerf.Engine.Details.DetailBuilder.Build(data, config, request);
    }

    private static void Check(Dataset data, CsPerfConfig config, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        config.EnsureValid();
        if (TextRules.From(config) != data.TextRules)
        {
            throw new ArgumentException("The dataset was built with other text rules (prefixes or advert phrase) than this config; build it with this config.", nameof(config));
        }
    }

    /// <summary>
    /// Explains one order: its credit window, the candidate messages, the order and payment agents, the credited
    /// account under each rule, the assists, and why, in plain words (domain.md §5).
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config; as for <see cref="Report(Dataset, CsPerfConfig, ReportRequest)"/>.</param>
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
