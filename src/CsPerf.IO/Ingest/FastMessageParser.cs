using System.Text.Json;

namespace CsPerf.IO.Ingest;

/// <summary>Outcome of the fast message path.</summary>
internal enum FastResult : byte
{
    /// <summary>Parsed and added.</summary>
    Added,

    /// <summary>Parsed, but the id was already taken (nothing added).</summary>
    Duplicate,

    /// <summary>Not the common shape: the caller must take the general path, which decides and explains.</summary>
    Fallback,
}

/// <summary>
/// The hot path of ingest: one messages.jsonl line straight from the read buffer to
/// <see cref="DatasetBuilder.TryAddMessage(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Direction, NodaTime.Instant, ReadOnlySpan{byte}, bool)"/>
/// with no string per message. It accepts only lines the general path would accept with the same values and gives up
/// (<see cref="FastResult.Fallback"/>) on anything else, so errors are always worded by one piece of code.
/// </summary>
internal sealed class FastMessageParser
{
    private const int Id = 0, Shop = 1, Customer = 2, Account = 3, Text = 4;
    private readonly byte[][] _scratch = [new byte[256], new byte[256], new byte[256], new byte[256], new byte[1024]];

    public FastResult TryAdd(ReadOnlySpan<byte> line, DatasetBuilder builder, out ReadOnlySpan<byte> duplicateId)
    {
        duplicateId = default;
        try
        {
            return Parse(line, builder, out duplicateId);
        }
        catch (JsonException)
        {
            return FastResult.Fallback;
        }
        catch (InvalidOperationException)
        {
            return FastResult.Fallback;
        }
    }

    private FastResult Parse(ReadOnlySpan<byte> line, DatasetBuilder builder, out ReadOnlySpan<byte> duplicateId)
    {
        duplicateId = default;

        // Utf8JsonReader hands out raw value bytes without checking their UTF-8; the general path would reject it.
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            return FastResult.Fallback;
        }

        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return FastResult.Fallback;
        }

        ReadOnlySpan<byte> id = default, shop = default, customer = default, account = default, text = default;
        int seen = 0;
        bool hasText = false;
        Direction dir = default;
        long ticks = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.ValueIsEscaped)
            {
                return FastResult.Fallback;
            }

            var name = reader.ValueSpan;
            reader.Read();
            var token = reader.TokenType;
            switch (name.Length)
            {
                case 2 when name.SequenceEqual("id"u8):
                    if (!String(ref reader, Id, out id))
                    {
                        return FastResult.Fallback;
                    }

                    seen |= 1;
                    break;
                case 4 when name.SequenceEqual("shop"u8):
                    if (!String(ref reader, Shop, out shop))
                    {
                        return FastResult.Fallback;
                    }

                    seen |= 2;
                    break;
                case 8 when name.SequenceEqual("customer"u8):
                    if (!String(ref reader, Customer, out customer))
                    {
                        return FastResult.Fallback;
                    }

                    seen |= 4;
                    break;
                case 7 when name.SequenceEqual("account"u8):
                    if (!String(ref reader, Account, out account))
                    {
                        return FastResult.Fallback;
                    }

                    seen |= 8;
                    break;
                case 3 when name.SequenceEqual("dir"u8):
                    if (token != JsonTokenType.String || reader.ValueIsEscaped)
                    {
                        return FastResult.Fallback;
                    }

                    if (reader.ValueSpan.SequenceEqual("in"u8))
                    {
                        dir = Direction.In;
                    }
                    else if (reader.ValueSpan.SequenceEqual("out"u8))
                    {
                        dir = Direction.Out;
                    }
                    else
                    {
                        return FastResult.Fallback;
                    }

                    seen |= 16;
                    break;
                case 2 when name.SequenceEqual("at"u8):
                    if (token != JsonTokenType.String || reader.ValueIsEscaped || !Rfc3339.TryParseFast(reader.ValueSpan, out ticks))
                    {
                        return FastResult.Fallback;
                    }

                    seen |= 32;
                    break;
                case 4 when name.SequenceEqual("text"u8):
                    if (token == JsonTokenType.Null)
                    {
                        hasText = false;
                        text = default;
                    }
                    else if (String(ref reader, Text, out text))
                    {
                        hasText = true;
                    }
                    else
                    {
                        return FastResult.Fallback;
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // A second value or trailing garbage throws here, which sends the line to the general path.
        if (reader.Read() || seen != 63 || id.IsEmpty || shop.IsEmpty || customer.IsEmpty || account.IsEmpty)
        {
            return FastResult.Fallback;
        }

        if (builder.TryAddMessage(id, shop, customer, account, dir, NodaTime.Instant.FromUnixTimeTicks(ticks), text, hasText))
        {
            return FastResult.Added;
        }

        duplicateId = id;
        return FastResult.Duplicate;
    }

    private bool String(scoped ref Utf8JsonReader reader, int slot, out ReadOnlySpan<byte> value)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            value = default;
            return false;
        }

        if (!reader.ValueIsEscaped)
        {
            value = reader.ValueSpan;
            return true;
        }

        int need = reader.ValueSpan.Length;
        if (_scratch[slot].Length < need)
        {
            _scratch[slot] = new byte[Math.Max(need, _scratch[slot].Length * 2)];
        }

        int written = reader.CopyString(_scratch[slot]);
        value = _scratch[slot].AsSpan(0, written);
        return true;
    }
}
