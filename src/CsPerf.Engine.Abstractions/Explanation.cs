using System.Collections.Immutable;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>A message that could decide an order: an effective <c>out</c> message of a presale account in its credit window or before its payment.</summary>
/// <param name="Message">Message id.</param>
/// <param name="Account">Account that sent it.</param>
/// <param name="At">When.</param>
/// <param name="ConsultedReception">Whether it lies in a reception where the customer wrote (before the order was decided).</param>
/// <param name="Advert">Whether its session was an advert (never a candidate).</param>
public sealed record ExplainCandidate(string Message, string Account, Instant At, bool ConsultedReception, bool Advert);

/// <summary>The credited account under each rule (null = silent).</summary>
/// <param name="Order">下单判定.</param>
/// <param name="Payment">付款判定.</param>
/// <param name="OrderFirst">下单优先判定.</param>
public sealed record CreditedByRule(string? Order, string? Payment, string? OrderFirst)
{
    /// <summary>The credited account under a rule.</summary>
    public string? For(AttributionRule rule) => rule switch
    {
        AttributionRule.Order => Order,
        AttributionRule.Payment => Payment,
        _ => OrderFirst,
    };
}

/// <summary>Why an order was credited to whom (domain.md §5), for a person who disputes it.</summary>
/// <param name="Order">Order id.</param>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="CreatedAt">下单.</param>
/// <param name="PaidAt">付款, null when unpaid as of the report instant.</param>
/// <param name="Zone">The shop's time zone (for showing local times).</param>
/// <param name="CreditWindowFrom">Start of the credit window (start of local date D − InquiryWindowDays).</param>
/// <param name="CreditWindowTo">End of the credit window (the order's creation, excluded).</param>
/// <param name="Candidates">Candidate messages from the window start to the payment (or the order), oldest first.</param>
/// <param name="OrderAgent">落实下单客服, or null (silent order).</param>
/// <param name="PaymentAgent">落实付款客服, or null.</param>
/// <param name="Credited">The credited account under each rule.</param>
/// <param name="Rule">The configured rule.</param>
/// <param name="AssistsBeforeOrder">Other order-agent candidates: accounts that assisted before the order.</param>
/// <param name="AssistsFollowUp">Accounts other than the credited one (configured rule) that messaged between order and payment.</param>
/// <param name="Why">Plain-language sentences.</param>
public sealed record OrderExplanation(
    string Order,
    string Shop,
    string Customer,
    Instant CreatedAt,
    Instant? PaidAt,
    DateTimeZone Zone,
    Instant CreditWindowFrom,
    Instant CreditWindowTo,
    ImmutableArray<ExplainCandidate> Candidates,
    string? OrderAgent,
    string? PaymentAgent,
    CreditedByRule Credited,
    AttributionRule Rule,
    ImmutableArray<string> AssistsBeforeOrder,
    ImmutableArray<string> AssistsFollowUp,
    ImmutableArray<string> Why);
