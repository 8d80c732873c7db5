namespace CsPerf.Engine;

/// <summary>
/// The KPI keys of a report, as constants for C# callers (<c>report.Periods[0].Total[Kpi.Sales]</c>); each is the key
/// of one <see cref="KpiDefinition"/> of <see cref="KpiDefinitions.All"/> (domain.md §6).
/// </summary>
public static class Kpi
{
    /// <summary>咨询人数 (<c>consulted</c>).</summary>
    public const string Consulted = "consulted";

    /// <summary>接待人数 (<c>received</c>).</summary>
    public const string Received = "received";

    /// <summary>询单人数 (<c>inquiries</c>).</summary>
    public const string Inquiries = "inquiries";

    /// <summary>售中人数 (<c>inSale</c>).</summary>
    public const string InSale = "inSale";

    /// <summary>售后人数 (<c>afterSale</c>).</summary>
    public const string AfterSale = "afterSale";

    /// <summary>回复人数 (<c>replied</c>).</summary>
    public const string Replied = "replied";

    /// <summary>未回复人数 (<c>unreplied</c>).</summary>
    public const string Unreplied = "unreplied";

    /// <summary>回复率 (<c>replyRate</c>).</summary>
    public const string ReplyRate = "replyRate";

    /// <summary>会话数 (<c>sessions</c>).</summary>
    public const string Sessions = "sessions";

    /// <summary>平均首次响应时间 (<c>firstResponseAvg</c>).</summary>
    public const string FirstResponseAvg = "firstResponseAvg";

    /// <summary>平均响应时间 (<c>responseAvg</c>).</summary>
    public const string ResponseAvg = "responseAvg";

    /// <summary>首响达标率 (<c>firstResponseHitRate</c>).</summary>
    public const string FirstResponseHitRate = "firstResponseHitRate";

    /// <summary>慢响应人数 (<c>slowReceptions</c>).</summary>
    public const string SlowReceptions = "slowReceptions";

    /// <summary>3分钟未响应次数 (<c>noResponseRecords</c>).</summary>
    public const string NoResponseRecords = "noResponseRecords";

    /// <summary>长接待会话数 (<c>longSessions</c>).</summary>
    public const string LongSessions = "longSessions";

    /// <summary>长接待人数 (<c>longReceptions</c>).</summary>
    public const string LongReceptions = "longReceptions";

    /// <summary>消息数 (<c>messages</c>).</summary>
    public const string Messages = "messages";

    /// <summary>字数 (<c>characters</c>).</summary>
    public const string Characters = "characters";

    /// <summary>平均会话时长 (<c>sessionSecondsAvg</c>).</summary>
    public const string SessionSecondsAvg = "sessionSecondsAvg";

    /// <summary>最高同时接待数 (<c>peakConcurrency</c>).</summary>
    public const string PeakConcurrency = "peakConcurrency";

    /// <summary>分时最高同时接待数 (<c>peakConcurrencyByHour</c>).</summary>
    public const string PeakConcurrencyByHour = "peakConcurrencyByHour";

    /// <summary>销售额 (<c>sales</c>).</summary>
    public const string Sales = "sales";

    /// <summary>销售量 (<c>items</c>).</summary>
    public const string Items = "items";

    /// <summary>销售人数 (<c>buyers</c>).</summary>
    public const string Buyers = "buyers";

    /// <summary>订单量 (<c>orders</c>).</summary>
    public const string Orders = "orders";

    /// <summary>个人销售额占比 (<c>salesShare</c>).</summary>
    public const string SalesShare = "salesShare";

    /// <summary>静默销售额 (<c>silentSales</c>).</summary>
    public const string SilentSales = "silentSales";

    /// <summary>客服销售额 (<c>agentSales</c>).</summary>
    public const string AgentSales = "agentSales";

    /// <summary>客服销售占比 (<c>agentSalesShare</c>).</summary>
    public const string AgentSalesShare = "agentSalesShare";

    /// <summary>当日下单人数 (<c>orderedSameDay</c>).</summary>
    public const string OrderedSameDay = "orderedSameDay";

    /// <summary>最终下单人数 (<c>ordered</c>).</summary>
    public const string Ordered = "ordered";

    /// <summary>最终付款人数 (<c>paid</c>).</summary>
    public const string Paid = "paid";

    /// <summary>询单流失人数 (<c>lost</c>).</summary>
    public const string Lost = "lost";

    /// <summary>未定 (<c>pending</c>).</summary>
    public const string Pending = "pending";

    /// <summary>协助下单 (<c>assistsBeforeOrder</c>).</summary>
    public const string AssistsBeforeOrder = "assistsBeforeOrder";

    /// <summary>协助跟进 (<c>assistsFollowUp</c>).</summary>
    public const string AssistsFollowUp = "assistsFollowUp";

    /// <summary>落实付款(自己的订单) (<c>paymentsOwnOrder</c>).</summary>
    public const string PaymentsOwnOrder = "paymentsOwnOrder";

    /// <summary>落实付款(他人的订单) (<c>paymentsOthersOrder</c>).</summary>
    public const string PaymentsOthersOrder = "paymentsOthersOrder";

    /// <summary>落实付款(静默订单) (<c>paymentsSilentOrder</c>).</summary>
    public const string PaymentsSilentOrder = "paymentsSilentOrder";

    /// <summary>询单当日转化率 (<c>inquiryToOrderSameDayRate</c>).</summary>
    public const string InquiryToOrderSameDayRate = "inquiryToOrderSameDayRate";

    /// <summary>询单转化率 (<c>inquiryToOrderRate</c>).</summary>
    public const string InquiryToOrderRate = "inquiryToOrderRate";

    /// <summary>询单到最终付款成功率 (<c>inquiryToPaidRate</c>).</summary>
    public const string InquiryToPaidRate = "inquiryToPaidRate";

    /// <summary>下单到付款成功率 (<c>orderToPaidRate</c>).</summary>
    public const string OrderToPaidRate = "orderToPaidRate";

    /// <summary>客单价 (<c>aov</c>).</summary>
    public const string Aov = "aov";

    /// <summary>客件数 (<c>itemsPerBuyer</c>).</summary>
    public const string ItemsPerBuyer = "itemsPerBuyer";

    /// <summary>件均价 (<c>pricePerItem</c>).</summary>
    public const string PricePerItem = "pricePerItem";

    /// <summary>静默客单价 (<c>silentAov</c>).</summary>
    public const string SilentAov = "silentAov";

    /// <summary>客服客单价 (<c>agentAov</c>).</summary>
    public const string AgentAov = "agentAov";

    /// <summary>退款订单数 (<c>refundOrders</c>).</summary>
    public const string RefundOrders = "refundOrders";

    /// <summary>退款人数 (<c>refundCustomers</c>).</summary>
    public const string RefundCustomers = "refundCustomers";

    /// <summary>退款金额 (<c>refundAmount</c>).</summary>
    public const string RefundAmount = "refundAmount";

    /// <summary>退款件数 (<c>refundItems</c>).</summary>
    public const string RefundItems = "refundItems";

    /// <summary>完结退款数 (<c>completedRefunds</c>).</summary>
    public const string CompletedRefunds = "completedRefunds";

    /// <summary>平均退款完结时长 (<c>refundCompletionAvg</c>).</summary>
    public const string RefundCompletionAvg = "refundCompletionAvg";

    /// <summary>退款操作次数 (<c>refundOperations</c>).</summary>
    public const string RefundOperations = "refundOperations";

    /// <summary>退款率 (<c>refundRate</c>).</summary>
    public const string RefundRate = "refundRate";

    /// <summary>中评数 (<c>neutralReviews</c>).</summary>
    public const string NeutralReviews = "neutralReviews";

    /// <summary>差评数 (<c>negativeReviews</c>).</summary>
    public const string NegativeReviews = "negativeReviews";

    /// <summary>售前差评数 (<c>negativeReviewsPreSale</c>).</summary>
    public const string NegativeReviewsPreSale = "negativeReviewsPreSale";

    /// <summary>售中差评数 (<c>negativeReviewsInSale</c>).</summary>
    public const string NegativeReviewsInSale = "negativeReviewsInSale";

    /// <summary>售后差评数 (<c>negativeReviewsAfterSale</c>).</summary>
    public const string NegativeReviewsAfterSale = "negativeReviewsAfterSale";

    /// <summary>售前中评数 (<c>neutralReviewsPreSale</c>).</summary>
    public const string NeutralReviewsPreSale = "neutralReviewsPreSale";

    /// <summary>售中中评数 (<c>neutralReviewsInSale</c>).</summary>
    public const string NeutralReviewsInSale = "neutralReviewsInSale";

    /// <summary>售后中评数 (<c>neutralReviewsAfterSale</c>).</summary>
    public const string NeutralReviewsAfterSale = "neutralReviewsAfterSale";

    /// <summary>订单评价数 (<c>reviews</c>).</summary>
    public const string Reviews = "reviews";

    /// <summary>好评数 (<c>goodReviews</c>).</summary>
    public const string GoodReviews = "goodReviews";

    /// <summary>好评率 (<c>goodReviewRate</c>).</summary>
    public const string GoodReviewRate = "goodReviewRate";

    /// <summary>差评率 (<c>negativeReviewRate</c>).</summary>
    public const string NegativeReviewRate = "negativeReviewRate";

    /// <summary>满意率 (<c>satisfactionRate</c>).</summary>
    public const string SatisfactionRate = "satisfactionRate";

    /// <summary>满意度评价数 (<c>ratings</c>).</summary>
    public const string Ratings = "ratings";

    /// <summary>投诉数 (<c>complaints</c>).</summary>
    public const string Complaints = "complaints";

    /// <summary>投诉率 (<c>complaintRate</c>).</summary>
    public const string ComplaintRate = "complaintRate";

    /// <summary>投诉原因分布 (<c>complaintsByReason</c>): reason → complaints, an absent reason as <c>""</c>.</summary>
    public const string ComplaintsByReason = "complaintsByReason";

    /// <summary>转出人数 (<c>transfersOut</c>).</summary>
    public const string TransfersOut = "transfersOut";

    /// <summary>转入人数 (<c>transfersIn</c>).</summary>
    public const string TransfersIn = "transfersIn";

    /// <summary>转接率 (<c>transferRate</c>).</summary>
    public const string TransferRate = "transferRate";

    /// <summary>接待量时段分布 (<c>receptionsByHour</c>).</summary>
    public const string ReceptionsByHour = "receptionsByHour";

    /// <summary>分时咨询消息数 (<c>customerMessagesByHour</c>).</summary>
    public const string CustomerMessagesByHour = "customerMessagesByHour";

    /// <summary>销售指标 (<c>salesTarget</c>).</summary>
    public const string SalesTarget = "salesTarget";

    /// <summary>指标完成率 (<c>targetCompletion</c>).</summary>
    public const string TargetCompletion = "targetCompletion";

    /// <summary>邮费 (<c>postage</c>).</summary>
    public const string Postage = "postage";
}
