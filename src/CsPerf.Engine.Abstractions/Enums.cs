namespace CsPerf.Engine;

/// <summary>Direction of a chat message.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<Direction>))]
public enum Direction : byte
{
    /// <summary>Customer → account (<c>"in"</c>).</summary>
    In = 0,

    /// <summary>Account → customer (<c>"out"</c>).</summary>
    Out = 1,
}

/// <summary>Role of a chat account (旺旺子账号).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AccountRole>))]
public enum AccountRole : byte
{
    /// <summary>Pre-sale account 售前: receives inquiries and is credited with sales.</summary>
    Presale = 0,

    /// <summary>After-sale account 售后: reports workload and response KPIs only.</summary>
    Aftersale = 1,
}

/// <summary>Which Chitu rule credits an order to an account (业绩判定, domain.md §5).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AttributionRule>))]
public enum AttributionRule : byte
{
    /// <summary>下单判定: the order agent is credited.</summary>
    Order = 0,

    /// <summary>付款判定: the payment agent is credited.</summary>
    Payment = 1,

    /// <summary>下单优先判定: the order agent, else the payment agent.</summary>
    OrderFirst = 2,
}

/// <summary>Denominator of the average order value 客单价 (domain.md §6).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AovBasis>))]
public enum AovBasis : byte
{
    /// <summary>Sales ÷ buyers (customer-days). The default.</summary>
    Buyers = 0,

    /// <summary>Sales ÷ paid orders (the textbook formula).</summary>
    Orders = 1,
}

/// <summary>How a report cuts its date range into periods.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PeriodGrouping>))]
public enum PeriodGrouping : byte
{
    /// <summary>One period per local date.</summary>
    Day = 0,

    /// <summary>One period per ISO week (Monday to Sunday), clipped to the range.</summary>
    Week = 1,

    /// <summary>One period per calendar month, clipped to the range.</summary>
    Month = 2,

    /// <summary>One period covering the whole range.</summary>
    All = 3,
}
