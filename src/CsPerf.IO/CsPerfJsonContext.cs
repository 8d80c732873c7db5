using System.Text.Json;
using System.Text.Json.Serialization;
using CsPerf.Engine.Payroll;
using NodaTime.Serialization.SystemTextJson;

namespace CsPerf.IO;

/// <summary>
/// Source-generated System.Text.Json metadata for CsPerf's public model (trim and AOT friendly: no reflection at run
/// time), with NodaTime's default converters (ISO instants and dates, durations as <c>H:mm:ss</c>, zones by TZDB id)
/// and enums as names: the config (the same shape as <c>config.json</c>, which csperf's config loader reads back), the
/// roster, the report, partials, detail lists, explanations, alert rules and breaches, payroll plans and results.
/// </summary>
/// <remarks>
/// <code>
/// string json = JsonSerializer.Serialize(report, CsPerfJsonContext.Default.Report);
/// Report back = JsonSerializer.Deserialize(json, CsPerfJsonContext.Default.Report)!;
/// </code>
/// This is the model's own shape (PascalCase members, as records declare them). The contract's report JSON
/// (camelCase, contract.md "JSON report") is written by <see cref="JsonReportWriter"/> and read by
/// <see cref="JsonReportReader"/>.
/// </remarks>
[JsonSourceGenerationOptions(
    Converters = [typeof(NodaTimeDefaultJsonConverterFactory), typeof(YearMonthJsonConverter)],
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CsPerfConfig))]
[JsonSerializable(typeof(Roster))]
[JsonSerializable(typeof(Report))]
[JsonSerializable(typeof(ReportRequest))]
[JsonSerializable(typeof(KpiPartial))]
[JsonSerializable(typeof(DetailRequest))]
[JsonSerializable(typeof(DetailResult))]
[JsonSerializable(typeof(OrderExplanation))]
[JsonSerializable(typeof(AlertRule))]
[JsonSerializable(typeof(AlertBreach))]
[JsonSerializable(typeof(PayrollPlan))]
[JsonSerializable(typeof(PayrollResult))]
public sealed partial class CsPerfJsonContext : JsonSerializerContext;

/// <summary>
/// <see cref="NodaTime.YearMonth"/> as <c>"yyyy-MM"</c> (the months of payroll periods and <c>salesTargets</c>), which
/// NodaTime's default converters leave out.
/// </summary>
public sealed class YearMonthJsonConverter : JsonConverter<NodaTime.YearMonth>
{
    private static readonly NodaTime.Text.YearMonthPattern Pattern = NodaTime.Text.YearMonthPattern.Iso;

    /// <inheritdoc/>
    public override NodaTime.YearMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = reader.TokenType == JsonTokenType.String ? Pattern.Parse(reader.GetString()!) : null;
        return result is { Success: true } ? result.Value : throw new JsonException("expected a month \"yyyy-MM\"");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, NodaTime.YearMonth value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Pattern.Format(value));
    }
}
