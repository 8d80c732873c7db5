using System.Text;
using NodaTime;

namespace CsPerf.Synthetic;

/// <summary>Streams generated records as the contract's JSON Lines files, hand formatted from pre-encoded fragments.</summary>
internal sealed class JsonlSink : IRecordSink, IDisposable
{
    private readonly Generator _g;
    private readonly Utf8Out _messages, _orders, _refunds, _reviews, _ratings, _complaints;
    private readonly byte[][] _shopPart;       // ","shop":"s1","customer":"
    private readonly byte[][] _accountPart;    // ","account":"s1:x","dir":"in","at":"   (index account * 2 + dir)
    private readonly byte[][] _accountId;      // s1:x (for internal-chat customers and ratings)
    private readonly byte[][] _shopId;
    private readonly byte[][] _textPart;       // ","text":"…"}\n
    private readonly byte[][] _reasons;
    private readonly Clock[] _clocks;
    private int _lastOrderShop;

    public JsonlSink(Generator g, string directory)
    {
        _g = g;
        _messages = new Utf8Out(Path.Combine(directory, "messages.jsonl"));
        _orders = new Utf8Out(Path.Combine(directory, "orders.jsonl"));
        _refunds = new Utf8Out(Path.Combine(directory, "refunds.jsonl"));
        _reviews = new Utf8Out(Path.Combine(directory, "reviews.jsonl"));
        _ratings = new Utf8Out(Path.Combine(directory, "ratings.jsonl"));
        _complaints = new Utf8Out(Path.Combine(directory, "complaints.jsonl"));
        _shopId = [.. g.ShopIds.Select(Utf8Out.JsonString)];
        _shopPart = [.. g.ShopIds.Select(s => U8($"\",\"shop\":\"{Esc(s)}\",\"customer\":\""))];
        _accountId = [.. g.AccountIds.Select(Utf8Out.JsonString)];
        _accountPart = new byte[g.AccountIds.Length * 2][];
        for (int a = 0; a < g.AccountIds.Length; a++)
        {
            _accountPart[a * 2] = U8($"\",\"account\":\"{Esc(g.AccountIds[a])}\",\"dir\":\"in\",\"at\":\"");
            _accountPart[a * 2 + 1] = U8($"\",\"account\":\"{Esc(g.AccountIds[a])}\",\"dir\":\"out\",\"at\":\"");
        }

        _textPart = [.. g.Texts.Select(t => U8($"\",\"text\":\"{Esc(t)}\"}}\n"))];
        _reasons = [.. Vocabulary.ComplaintReasons.Select(Utf8Out.JsonString)];
        _clocks = [.. g.Zones.Select(z => new Clock(z))];
    }

    public long MessageCount => _messages.Lines;

    public GenerateSummary Summary(long extraBytes) => new(
        _messages.Lines, _orders.Lines, _refunds.Lines, _reviews.Lines, _ratings.Lines, _complaints.Lines,
        extraBytes + _messages.Bytes + _orders.Bytes + _refunds.Bytes + _reviews.Bytes + _ratings.Bytes + _complaints.Bytes);

    private static string Esc(string s) => Encoding.UTF8.GetString(Utf8Out.JsonString(s));

    private static byte[] U8(string s) => Encoding.UTF8.GetBytes(s);

    private void Customer(Utf8Out o, int c)
    {
        if (c < 0)
        {
            o.Write(_accountId[~c]);
        }
        else
        {
            o.WriteCustomer(c);
        }
    }

    public void Message(long id, in MsgRec m)
    {
        var o = _messages;
        o.Write("{\"id\":\"m"u8);
        o.Write(id);
        o.Write(_shopPart[m.Shop]);
        Customer(o, m.Customer);
        o.Write(_accountPart[m.Account * 2 + (int)m.Dir]);
        _clocks[m.Shop].Write(o, m.At);
        o.Write(m.Text < 0 ? "\"}\n"u8 : _textPart[m.Text]);
        o.Lines++;
    }

    public void Order(long id, int shop, int customer, long createdAt, long paidAt, long amountCents, long postageCents, int items)
    {
        var o = _orders;
        _lastOrderShop = shop;
        o.Write("{\"id\":\"o"u8);
        o.Write(id);
        o.Write("\",\"shop\":\""u8);
        o.Write(_shopId[shop]);
        o.Write("\",\"customer\":\""u8);
        Customer(o, customer);
        o.Write("\",\"createdAt\":\""u8);
        _clocks[shop].Write(o, createdAt);
        if (paidAt >= 0)
        {
            o.Write("\",\"paidAt\":\""u8);
            _clocks[shop].Write(o, paidAt);
            o.Write("\",\"amount\":"u8);
        }
        else
        {
            o.Write("\",\"paidAt\":null,\"amount\":"u8);
        }

        o.WriteMoney(amountCents);
        o.Write(",\"postage\":"u8);
        o.WriteMoney(postageCents);
        o.Write(",\"items\":"u8);
        o.Write(items);
        o.Write("}\n"u8);
        o.Lines++;
    }

    public void Refund(long id, long order, long createdAt, long completedAt, long amountCents, int items, RefundStatus status, int operations)
    {
        // Refunds and reviews always follow their order at once, so the last order's shop gives the zone.
        var clock = _clocks[_lastOrderShop];
        var o = _refunds;
        o.Write("{\"id\":\"r"u8);
        o.Write(id);
        o.Write("\",\"order\":\"o"u8);
        o.Write(order);
        o.Write("\",\"createdAt\":\""u8);
        clock.Write(o, createdAt);
        if (completedAt >= 0)
        {
            o.Write("\",\"completedAt\":\""u8);
            clock.Write(o, completedAt);
            o.Write("\",\"amount\":"u8);
        }
        else
        {
            o.Write("\",\"completedAt\":null,\"amount\":"u8);
        }

        o.WriteMoney(amountCents);
        o.Write(",\"items\":"u8);
        o.Write(items);
        o.Write(status switch
        {
            RefundStatus.Success => ",\"status\":\"success\",\"operations\":"u8,
            RefundStatus.Closed => ",\"status\":\"closed\",\"operations\":"u8,
            _ => ",\"status\":\"pending\",\"operations\":"u8,
        });
        o.Write(operations);
        o.Write("}\n"u8);
        o.Lines++;
    }

    public void Review(long order, long at, ReviewRating rating)
    {
        var o = _reviews;
        o.Write("{\"order\":\"o"u8);
        o.Write(order);
        o.Write("\",\"at\":\""u8);
        _clocks[_lastOrderShop].Write(o, at);
        o.Write(rating switch
        {
            ReviewRating.Good => "\",\"rating\":\"good\"}\n"u8,
            ReviewRating.Neutral => "\",\"rating\":\"neutral\"}\n"u8,
            _ => "\",\"rating\":\"negative\"}\n"u8,
        });
        o.Lines++;
    }

    private void ServiceHead(Utf8Out o, int shop, int customer, int account, long at)
    {
        o.Write("{\"shop\":\""u8);
        o.Write(_shopId[shop]);
        o.Write("\",\"customer\":\""u8);
        Customer(o, customer);
        o.Write("\",\"account\":\""u8);
        o.Write(_accountId[account]);
        o.Write("\",\"at\":\""u8);
        _clocks[shop].Write(o, at);
    }

    public void Rating(int shop, int customer, int account, long at, int score)
    {
        ServiceHead(_ratings, shop, customer, account, at);
        _ratings.Write("\",\"score\":"u8);
        _ratings.Write(score);
        _ratings.Write("}\n"u8);
        _ratings.Lines++;
    }

    public void Complaint(int shop, int customer, int account, long at, int reason)
    {
        ServiceHead(_complaints, shop, customer, account, at);
        _complaints.Write("\",\"reason\":\""u8);
        _complaints.Write(_reasons[reason]);
        _complaints.Write("\"}\n"u8);
        _complaints.Lines++;
    }

    public void Dispose()
    {
        _messages.Dispose();
        _orders.Dispose();
        _refunds.Dispose();
        _reviews.Dispose();
        _ratings.Dispose();
        _complaints.Dispose();
    }

    /// <summary>
    /// Formats unix seconds as RFC 3339 local time with the zone's offset. Caches the current zone interval and the
    /// current date, so the zone database is consulted only when a daylight-saving boundary or midnight is crossed.
    /// </summary>
    private sealed class Clock(DateTimeZone zone)
    {
        private long _intervalStart = long.MaxValue, _intervalEnd = long.MinValue;
        private long _offset;
        private readonly byte[] _offsetText = new byte[6];
        private long _day = long.MinValue;
        private readonly byte[] _dateText = new byte[11];

        public void Write(Utf8Out o, long unixSeconds)
        {
            if (unixSeconds < _intervalStart || unixSeconds >= _intervalEnd)
            {
                var interval = zone.GetZoneInterval(Instant.FromUnixTimeSeconds(unixSeconds));
                _intervalStart = interval.HasStart ? interval.Start.ToUnixTimeSeconds() : long.MinValue;
                _intervalEnd = interval.HasEnd ? interval.End.ToUnixTimeSeconds() : long.MaxValue;
                _offset = interval.WallOffset.Seconds;
                long abs = Math.Abs(_offset) / 60;
                _offsetText[0] = (byte)(_offset < 0 ? '-' : '+');
                Two(_offsetText, 1, abs / 60);
                _offsetText[3] = (byte)':';
                Two(_offsetText, 4, abs % 60);
                _day = long.MinValue;
            }

            long local = unixSeconds + _offset;
            long day = Math.DivRem(local, 86400, out long sod);
            if (sod < 0)
            {
                sod += 86400;
                day--;
            }

            if (day != _day)
            {
                _day = day;
                var date = new LocalDate(1970, 1, 1).PlusDays((int)day);
                Four(_dateText, 0, date.Year);
                _dateText[4] = (byte)'-';
                Two(_dateText, 5, date.Month);
                _dateText[7] = (byte)'-';
                Two(_dateText, 8, date.Day);
                _dateText[10] = (byte)'T';
            }

            var span = o.GetSpan(25);
            _dateText.CopyTo(span);
            Two(span, 11, sod / 3600);
            span[13] = (byte)':';
            Two(span, 14, sod / 60 % 60);
            span[16] = (byte)':';
            Two(span, 17, sod % 60);
            _offsetText.CopyTo(span[19..]);
            o.Advance(25);
        }

        private static void Two(Span<byte> b, int at, long v)
        {
            b[at] = (byte)('0' + v / 10);
            b[at + 1] = (byte)('0' + v % 10);
        }

        private static void Four(Span<byte> b, int at, int v)
        {
            Two(b, at, v / 100);
            Two(b, at + 2, v % 100);
        }
    }
}
