using System.Collections.Immutable;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>The order of a ranking: which values come first.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RankOrder>))]
public enum RankOrder : byte
{
    /// <summary>Highest value first (rank 1 is the highest).</summary>
    Descending = 0,

    /// <summary>Lowest value first (rank 1 is the lowest).</summary>
    Ascending = 1,
}

/// <summary>One agent's place in a ranking (客服排名).</summary>
/// <param name="Rank">1…n, all distinct.</param>
/// <param name="Agent">Agent id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Value">The ranked KPI's value (null ranks last).</param>
/// <remarks>Serialises with its value's kind beside it (<see cref="RankEntryJsonConverter"/>), so it reads back equal.</remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(RankEntryJsonConverter))]
public sealed record RankEntry(int Rank, string Agent, string Name, KpiValue Value);

/// <summary>
/// Reads and writes a <see cref="RankEntry"/> as <c>{"Rank","Agent","Name","Value","Kind"}</c>: <c>Kind</c> (Count,
/// Real, Money, Null) says what the number is. The report's JSON writer writes its own shape (docs/io.md).
/// </summary>
public sealed class RankEntryJsonConverter : System.Text.Json.Serialization.JsonConverter<RankEntry>
{
    /// <inheritdoc/>
    public override RankEntry Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        if (reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
        {
            throw new System.Text.Json.JsonException("A rank entry is a JSON object.");
        }

        int rank = 0;
        string agent = "", name = "";
        KpiKind kind = KpiKind.Null;
        var value = KpiValue.Null;
        string? number = null;
        while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndObject)
        {
            string prop = reader.GetString() ?? "";
            reader.Read();
            switch (prop)
            {
                case "Rank": rank = reader.GetInt32(); break;
                case "Agent": agent = reader.GetString() ?? ""; break;
                case "Name": name = reader.GetString() ?? ""; break;
                case "Kind": kind = Enum.Parse<KpiKind>(reader.GetString() ?? "Null"); break;
                case "Value" when reader.TokenType == System.Text.Json.JsonTokenType.Number:
                    number = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
                case "Value": value = KpiSetJsonConverter.ReadValue(ref reader, "value", null); break;
                default: reader.Skip(); break;
            }
        }

        if (number is not null)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            value = kind switch
            {
                KpiKind.Count => KpiValue.FromCount(long.Parse(number, inv)),
                KpiKind.Money => KpiValue.FromMoney(decimal.Parse(number, System.Globalization.NumberStyles.Float, inv)),
                _ => KpiValue.FromReal(double.Parse(number, inv)),
            };
        }

        return new RankEntry(rank, agent, name, value);
    }

    /// <inheritdoc/>
    public override void Write(System.Text.Json.Utf8JsonWriter writer, RankEntry value, System.Text.Json.JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteNumber("Rank", value.Rank);
        writer.WriteString("Agent", value.Agent);
        writer.WriteString("Name", value.Name);
        writer.WritePropertyName("Value");
        KpiSetJsonConverter.WriteValue(writer, value.Value);
        writer.WriteString("Kind", value.Value.Kind.ToString());
        writer.WriteEndObject();
    }
}

/// <summary>The agents of one period ranked by one KPI (issue 9 "Ranking view").</summary>
/// <param name="Kpi">The ranked key, as the report holds it (<c>sales</c>, <c>salesByPayment</c>).</param>
/// <param name="Order">Which values come first.</param>
/// <param name="Entries">The agents, rank 1 first.</param>
public sealed record PeriodRanking(string Kpi, RankOrder Order, ImmutableArray<RankEntry> Entries);

/// <summary>
/// The previous period of a period (issue 9 "Period comparison"): its range and its KPI sets by entity id. An entity
/// absent from the previous period (a new agent) has no entry: its previous values are null.
/// </summary>
/// <param name="From">First local date of the previous period.</param>
/// <param name="To">Last local date of the previous period, inclusive.</param>
/// <param name="Total">KPIs over all shops.</param>
/// <param name="Shops">Per shop id.</param>
/// <param name="Agents">Per agent id.</param>
/// <param name="Accounts">Per account id.</param>
public sealed record PreviousPeriod(
    LocalDate From,
    LocalDate To,
    KpiSet Total,
    ImmutableDictionary<string, KpiSet> Shops,
    ImmutableDictionary<string, KpiSet> Agents,
    ImmutableDictionary<string, KpiSet> Accounts)
{
    /// <summary>Per group id 客服组 (empty without groups).</summary>
    public ImmutableDictionary<string, KpiSet> Groups { get; init; } = ImmutableDictionary<string, KpiSet>.Empty;
}
