using System.Text.Json;
using CsPerf.IO;
using NodaTime;

namespace CsPerf.Orleans;

// How CsPerf's model crosses the wire and reaches grain storage (docs/decisions.md "Orleans"): the model lives in
// CsPerf.Engine.Abstractions, which must not depend on Orleans, so Orleans learns it through surrogates here.
// Input records (millions of them) travel field by field in Orleans' binary form: instants as Unix ticks, enums as
// bytes. The partial, the config and the roster (deep, evolving record graphs, one per call) travel as the UTF-8 JSON
// of the public source-generated CsPerfJsonContext, the form docs/partials.md already round-trips.

[GenerateSerializer]
internal struct MessageSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string Shop;
    [Id(2)] public string Customer;
    [Id(3)] public string Account;
    [Id(4)] public byte Dir;
    [Id(5)] public long At;
    [Id(6)] public string? Text;
}

[RegisterConverter]
internal sealed class MessageConverter : IConverter<Message, MessageSurrogate>
{
    public Message ConvertFromSurrogate(in MessageSurrogate s) =>
        new(s.Id, s.Shop, s.Customer, s.Account, (Direction)s.Dir, Instant.FromUnixTimeTicks(s.At), s.Text);

    public MessageSurrogate ConvertToSurrogate(in Message v) => new()
    {
        Id = v.Id, Shop = v.Shop, Customer = v.Customer, Account = v.Account, Dir = (byte)v.Dir,
        At = v.At.ToUnixTimeTicks(), Text = v.Text,
    };
}

[GenerateSerializer]
internal struct OrderSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string Shop;
    [Id(2)] public string Customer;
    [Id(3)] public long CreatedAt;
    [Id(4)] public long? PaidAt;
    [Id(5)] public decimal Amount;
    [Id(6)] public decimal Postage;
    [Id(7)] public int Items;
}

[RegisterConverter]
internal sealed class OrderConverter : IConverter<Order, OrderSurrogate>
{
    public Order ConvertFromSurrogate(in OrderSurrogate s) =>
        new(s.Id, s.Shop, s.Customer, Instant.FromUnixTimeTicks(s.CreatedAt),
            s.PaidAt is long p ? Instant.FromUnixTimeTicks(p) : null, s.Amount, s.Postage, s.Items);

    public OrderSurrogate ConvertToSurrogate(in Order v) => new()
    {
        Id = v.Id, Shop = v.Shop, Customer = v.Customer, CreatedAt = v.CreatedAt.ToUnixTimeTicks(),
        PaidAt = v.PaidAt?.ToUnixTimeTicks(), Amount = v.Amount, Postage = v.Postage, Items = v.Items,
    };
}

[GenerateSerializer]
internal struct RefundSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string Order;
    [Id(2)] public long CreatedAt;
    [Id(3)] public long? CompletedAt;
    [Id(4)] public decimal Amount;
    [Id(5)] public int Items;
    [Id(6)] public byte Status;
    [Id(7)] public int Operations;
}

[RegisterConverter]
internal sealed class RefundConverter : IConverter<Refund, RefundSurrogate>
{
    public Refund ConvertFromSurrogate(in RefundSurrogate s) =>
        new(s.Id, s.Order, Instant.FromUnixTimeTicks(s.CreatedAt),
            s.CompletedAt is long c ? Instant.FromUnixTimeTicks(c) : null, s.Amount, s.Items, (RefundStatus)s.Status, s.Operations);

    public RefundSurrogate ConvertToSurrogate(in Refund v) => new()
    {
        Id = v.Id, Order = v.Order, CreatedAt = v.CreatedAt.ToUnixTimeTicks(), CompletedAt = v.CompletedAt?.ToUnixTimeTicks(),
        Amount = v.Amount, Items = v.Items, Status = (byte)v.Status, Operations = v.Operations,
    };
}

[GenerateSerializer]
internal struct ReviewSurrogate
{
    [Id(0)] public string Order;
    [Id(1)] public long At;
    [Id(2)] public byte Rating;
}

[RegisterConverter]
internal sealed class ReviewConverter : IConverter<Review, ReviewSurrogate>
{
    public Review ConvertFromSurrogate(in ReviewSurrogate s) => new(s.Order, Instant.FromUnixTimeTicks(s.At), (ReviewRating)s.Rating);

    public ReviewSurrogate ConvertToSurrogate(in Review v) => new() { Order = v.Order, At = v.At.ToUnixTimeTicks(), Rating = (byte)v.Rating };
}

[GenerateSerializer]
internal struct RatingSurrogate
{
    [Id(0)] public string Shop;
    [Id(1)] public string Customer;
    [Id(2)] public string Account;
    [Id(3)] public long At;
    [Id(4)] public int Score;
}

[RegisterConverter]
internal sealed class RatingConverter : IConverter<Rating, RatingSurrogate>
{
    public Rating ConvertFromSurrogate(in RatingSurrogate s) => new(s.Shop, s.Customer, s.Account, Instant.FromUnixTimeTicks(s.At), s.Score);

    public RatingSurrogate ConvertToSurrogate(in Rating v) => new()
    {
        Shop = v.Shop, Customer = v.Customer, Account = v.Account, At = v.At.ToUnixTimeTicks(), Score = v.Score,
    };
}

[GenerateSerializer]
internal struct ComplaintSurrogate
{
    [Id(0)] public string Shop;
    [Id(1)] public string Customer;
    [Id(2)] public string Account;
    [Id(3)] public long At;
    [Id(4)] public string? Reason;
}

[RegisterConverter]
internal sealed class ComplaintConverter : IConverter<Complaint, ComplaintSurrogate>
{
    public Complaint ConvertFromSurrogate(in ComplaintSurrogate s) => new(s.Shop, s.Customer, s.Account, Instant.FromUnixTimeTicks(s.At), s.Reason);

    public ComplaintSurrogate ConvertToSurrogate(in Complaint v) => new()
    {
        Shop = v.Shop, Customer = v.Customer, Account = v.Account, At = v.At.ToUnixTimeTicks(), Reason = v.Reason,
    };
}

/// <summary>A model value as the UTF-8 JSON of <see cref="CsPerfJsonContext"/>.</summary>
[GenerateSerializer]
internal struct JsonSurrogate
{
    [Id(0)] public byte[] Json;
}

[RegisterConverter]
internal sealed class KpiPartialConverter : IConverter<KpiPartial, JsonSurrogate>
{
    public KpiPartial ConvertFromSurrogate(in JsonSurrogate s) => JsonSerializer.Deserialize(s.Json, CsPerfJsonContext.Default.KpiPartial)!;

    public JsonSurrogate ConvertToSurrogate(in KpiPartial v) => new() { Json = JsonSerializer.SerializeToUtf8Bytes(v, CsPerfJsonContext.Default.KpiPartial) };
}

[RegisterConverter]
internal sealed class CsPerfConfigConverter : IConverter<CsPerfConfig, JsonSurrogate>
{
    public CsPerfConfig ConvertFromSurrogate(in JsonSurrogate s) => JsonSerializer.Deserialize(s.Json, CsPerfJsonContext.Default.CsPerfConfig)!;

    public JsonSurrogate ConvertToSurrogate(in CsPerfConfig v) => new() { Json = JsonSerializer.SerializeToUtf8Bytes(v, CsPerfJsonContext.Default.CsPerfConfig) };
}

[RegisterConverter]
internal sealed class RosterConverter : IConverter<Roster, JsonSurrogate>
{
    public Roster ConvertFromSurrogate(in JsonSurrogate s) => JsonSerializer.Deserialize(s.Json, CsPerfJsonContext.Default.Roster)!;

    public JsonSurrogate ConvertToSurrogate(in Roster v) => new() { Json = JsonSerializer.SerializeToUtf8Bytes(v, CsPerfJsonContext.Default.Roster) };
}

[RegisterConverter]
internal sealed class ReportRequestConverter : IConverter<ReportRequest, JsonSurrogate>
{
    public ReportRequest ConvertFromSurrogate(in JsonSurrogate s) => JsonSerializer.Deserialize(s.Json, CsPerfJsonContext.Default.ReportRequest)!;

    public JsonSurrogate ConvertToSurrogate(in ReportRequest v) => new() { Json = JsonSerializer.SerializeToUtf8Bytes(v, CsPerfJsonContext.Default.ReportRequest) };
}
