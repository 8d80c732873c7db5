using System.Collections.Immutable;

namespace CsPerf.Engine;

internal static class ReportBuilder
{
    public static Report Build(Dataset data, CsPerfConfig config, ReportRequest request) =>
        new(request.AsOf, request.Rule ?? config.AttributionRule, request.AllRules, request.By, ImmutableArray<PeriodReport>.Empty,
            FilteredCounts.None, data.RejectedCount, data.RejectedLines, data.Warnings);
}
