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

/// <summary>The fields of one message line as UTF-8 spans (strings already unescaped).</summary>
internal readonly ref struct MessageSpans(
    ReadOnlySpan<byte> id, ReadOnlySpan<byte> shop, ReadOnlySpan<byte> customer, ReadOnlySpan<byte> account, ReadOnlySpan<byte> text, bool hasText, Direction dir, long ticks)
{
    public ReadOnlySpan<byte> Id { get; } = id;

    public ReadOnlySpan<byte> Shop { get; } = shop;

    public ReadOnlySpan<byte> Customer { get; } = customer;

    public ReadOnlySpan<byte> Account { get; } = account;

    public ReadOnlySpan<byte> Text { get; } = text;

    public bool HasText { get; } = hasText;

    public Direction Dir { get; } = dir;

    public long Ticks { get; } = ticks;
}

/// <summary>
/// The hot path of ingest: one messages.jsonl line straight from the read buffer to
/// <see cref="DatasetBuilder.AddMessageChecked"/>
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
        if (!TryParse(line, out var m))
        {
            return FastResult.Fallback;
        }

        if (builder.AddMessageChecked(m.Id, m.Shop, m.Customer, m.Account, m.Dir, NodaTime.Instant.FromUnixTimeTicks(m.Ticks), m.Text, m.HasText))
        {
            return FastResult.Added;
        }

        duplicateId = m.Id;
        return FastResult.Duplicate;
    }

    /// <summary>Parses a line of the common shape; false means "take the general path". Spans point into the line or this parser's scratch buffers.</summary>
    /// <param name="line">The line, without its line feed.</param>
    /// <param name="message">The fields.</param>
    /// <param name="validUtf8">True when the caller has already checked that the line is valid UTF-8 (a whole block at once).</param>
    public bool TryParse(ReadOnlySpan<byte> line, out MessageSpans message, bool validUtf8 = false)
    {
        message = default;
        try
        {
            return Parse(line, validUtf8, out message);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private bool Parse(ReadOnlySpan<byte> line, bool validUtf8, out MessageSpans message)
    {
        message = default;

        // Utf8JsonReader hands out raw value bytes without checking their UTF-8; the general path would reject it.
        if (!validUtf8 && !System.Text.Unicode.Utf8.IsValid(line))
        {
            return false;
        }

        if (TryCommonLayout(line, out message))
        {
            return true;
        }

        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
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
                return false;
            }

            var name = reader.ValueSpan;
            reader.Read();
            var token = reader.TokenType;
            switch (name.Length)
            {
                case 2 when name.SequenceEqual("id"u8):
                    if (!String(ref reader, Id, out id))
                    {
                        return false;
                    }

                    seen |= 1;
                    break;
                case 4 when name.SequenceEqual("shop"u8):
                    if (!String(ref reader, Shop, out shop))
                    {
                        return false;
                    }

                    seen |= 2;
                    break;
                case 8 when name.SequenceEqual("customer"u8):
                    if (!String(ref reader, Customer, out customer))
                    {
                        return false;
                    }

                    seen |= 4;
                    break;
                case 7 when name.SequenceEqual("account"u8):
                    if (!String(ref reader, Account, out account))
                    {
                        return false;
                    }

                    seen |= 8;
                    break;
                case 3 when name.SequenceEqual("dir"u8):
                    if (token != JsonTokenType.String || reader.ValueIsEscaped)
                    {
                        return false;
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
                        return false;
                    }

                    seen |= 16;
                    break;
                case 2 when name.SequenceEqual("at"u8):
                    if (token != JsonTokenType.String || reader.ValueIsEscaped || !Rfc3339.TryParseFast(reader.ValueSpan, out ticks))
                    {
                        return false;
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
                        return false;
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
            return false;
        }

        // Ids that might break IdRules (control characters, too long) are the general path's to judge and word
        // (the common layout checks this while it scans).
        if (!IdRules.IsPlain(id) || !IdRules.IsPlain(shop) || !IdRules.IsPlain(customer) || !IdRules.IsPlain(account))
        {
            return false;
        }

        message = new MessageSpans(id, shop, customer, account, text, hasText, dir, ticks);
        return true;
    }

    /// <summary>
    /// The layout writers produce: <c>{"id":"…","shop":"…","customer":"…","account":"…","dir":"…","at":"…"[,"text":"…"]}</c>
    /// with no white space and no escapes, matched byte by byte (no tokenizer). It accepts a subset of what the
    /// <see cref="Utf8JsonReader"/> path accepts, with the same values (a string value ends at its first quote and may
    /// hold no backslash nor control character); anything else goes to that path.
    /// </summary>
    private static bool TryCommonLayout(ReadOnlySpan<byte> s, out MessageSpans message)
    {
        message = default;
        if (!Take(ref s, "{\"id\":\""u8) || !PlainValue(ref s, out var id)
            || !Take(ref s, ",\"shop\":\""u8) || !PlainValue(ref s, out var shop)
            || !Take(ref s, ",\"customer\":\""u8) || !PlainValue(ref s, out var customer)
            || !Take(ref s, ",\"account\":\""u8) || !PlainValue(ref s, out var account)
            || !Take(ref s, ",\"dir\":\""u8) || !PlainValue(ref s, out var dirText)
            || !Take(ref s, ",\"at\":\""u8) || !PlainValue(ref s, out var at))
        {
            return false;
        }

        ReadOnlySpan<byte> text = default;
        bool hasText = false;
        if (Take(ref s, ",\"text\":\""u8))
        {
            if (!Value(ref s, out text))
            {
                return false;
            }

            hasText = true;
        }

        if (s.Length != 1 || s[0] != (byte)'}' || id.IsEmpty || shop.IsEmpty || customer.IsEmpty || account.IsEmpty)
        {
            return false;
        }

        Direction dir;
        if (dirText.Length == 2 && dirText[0] == (byte)'i' && dirText[1] == (byte)'n')
        {
            dir = Direction.In;
        }
        else if (dirText.Length == 3 && dirText[0] == (byte)'o' && dirText[1] == (byte)'u' && dirText[2] == (byte)'t')
        {
            dir = Direction.Out;
        }
        else
        {
            return false;
        }

        if (!Rfc3339.TryParseFast(at, out long ticks))
        {
            return false;
        }

        message = new MessageSpans(id, shop, customer, account, text, hasText, dir, ticks);
        return true;
    }

    internal static bool Take(scoped ref ReadOnlySpan<byte> s, ReadOnlySpan<byte> literal)
    {
        if (!s.StartsWith(literal))
        {
            return false;
        }

        s = s[literal.Length..];
        return true;
    }

    /// <summary>A string value up to its closing quote (already consumed); false at a backslash or control character.</summary>
    internal static bool Value(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> value)
    {
        int end = s.IndexOfAny(StringStops);
        if (end < 0 || s[end] != (byte)'"')
        {
            value = default;
            return false;
        }

        value = s[..end];
        s = s[(end + 1)..];
        return true;
    }

    /// <summary>
    /// A string value that is also a plain id (<see cref="IdRules.IsPlain"/>: at most <see cref="IdRules.MaxUtf8Bytes"/>
    /// bytes, no byte that may start a control character). Control characters already stop <see cref="Value"/>; an
    /// ASCII value (the common case, one vector range check) cannot hold the other suspects but DEL.
    /// </summary>
    private static bool PlainValue(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> value) =>
        Value(ref s, out value)
        && value.Length <= IdRules.MaxUtf8Bytes
        && (value.IndexOfAnyInRange((byte)0x7F, (byte)0xFF) < 0 || IdRules.IsPlain(value));

    private static readonly System.Buffers.SearchValues<byte> StringStops = System.Buffers.SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

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
