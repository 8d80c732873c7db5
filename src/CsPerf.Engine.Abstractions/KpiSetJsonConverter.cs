using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CsPerf.Engine;

/// <summary>
/// Reads and writes a <see cref="KpiSet"/> as the report's <c>kpis</c> object: one member per KPI, its value a number,
/// an array of 24 counts, an object of counts (<c>complaintsByReason</c>), or null. The KPI catalogue (<see cref="KpiDefinitions"/>) says, per key, whether a number is
/// a count, money or a real, so a set read back equals the set written.
/// </summary>
public sealed class KpiSetJsonConverter : JsonConverter<KpiSet>
{
    /// <inheritdoc/>
    public override KpiSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A KPI set is a JSON object.");
        }

        var items = new List<KeyValuePair<string, KpiValue>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString() ?? throw new JsonException("A KPI needs a name.");
            reader.Read();
            KpiKind? kind = KpiDefinitions.TryResolve(key, out var definition, out _) ? definition.ValueKind : null;
            items.Add(new(key, ReadValue(ref reader, key, kind)));
        }

        return new KpiSet(items);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, KpiSet value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (key, v) in value)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, v);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes one value as a number, an array of 24 counts, an object of counts, or null.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, KpiValue v)
    {
            switch (v.Kind)
            {
                case KpiKind.Count:
                    writer.WriteNumberValue(v.Count);
                    break;
                case KpiKind.Real:
                    writer.WriteNumberValue(v.Real);
                    break;
                case KpiKind.Money:
                    writer.WriteNumberValue(v.Money);
                    break;
                case KpiKind.Hourly:
                    writer.WriteStartArray();
                    foreach (int h in v.Hourly)
                    {
                        writer.WriteNumberValue(h);
                    }

                    writer.WriteEndArray();
                    break;
                case KpiKind.Breakdown:
                    KpiValue.WriteBreakdown(writer, v.Breakdown);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
    }

    /// <summary>Reads one value; <paramref name="kind"/> says what a number is (null: a whole number is a count).</summary>
    internal static KpiValue ReadValue(ref Utf8JsonReader reader, string key, KpiKind? kind)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return KpiValue.Null;
            case JsonTokenType.StartArray:
                var hours = ImmutableArray.CreateBuilder<int>(24);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    hours.Add(reader.GetInt32());
                }

                return KpiValue.FromHourly(hours.ToImmutable());
            case JsonTokenType.StartObject:
                var counts = new List<KeyValuePair<string, long>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string reason = reader.GetString()!;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long n) || n < 0)
                    {
                        throw new JsonException($"KPI {key}: \"{reason}\": a whole count ≥ 0 expected.");
                    }

                    counts.Add(new(reason, n));
                }

                return KpiValue.FromBreakdown(counts);
            case JsonTokenType.Number:
                return kind switch
                {
                    KpiKind.Count => KpiValue.FromCount(reader.GetInt64()),
                    KpiKind.Money => KpiValue.FromMoney(reader.GetDecimal()),
                    KpiKind.Real => KpiValue.FromReal(reader.GetDouble()),

                    // A key outside the catalogue: a whole number is read as a count, any other as a real.
                    _ => reader.TryGetInt64(out long count) ? KpiValue.FromCount(count) : KpiValue.FromReal(reader.GetDouble()),
                };
            default:
                throw new JsonException($"KPI {key}: a number, an array of 24 counts, an object of counts or null expected.");
        }
    }
}

/// <summary>
/// Writes a lone <see cref="KpiValue"/> as its plain value. Reading one back cannot tell money from a count or a real (a
/// whole number reads as a count, any other as a real): serialise the <see cref="KpiSet"/> instead.
/// </summary>
public sealed class KpiValueJsonConverter : JsonConverter<KpiValue>
{
    /// <inheritdoc/>
    public override KpiValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KpiSetJsonConverter.ReadValue(ref reader, "value", null);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, KpiValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        KpiSetJsonConverter.WriteValue(writer, value);
    }
}
