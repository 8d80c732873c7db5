using NodaTime;

namespace CsPerf.IO.Ingest;

/// <summary>
/// Turns an <see cref="InputRow"/> into a record of each dataset file, checking fields in a fixed order and returning
/// the first problem of the line (one error per bad line, so <c>rejected</c> counts lines).
/// </summary>
internal static class RecordParsers
{
    public static FieldProblem? Message(InputRow row, out Message? message)
    {
        message = null;
        if (!Fields.RequiredId(row, "id", out var id, out var p)
            || !Fields.RequiredId(row, "shop", out var shop, out p)
            || !Fields.RequiredId(row, "customer", out var customer, out p)
            || !Fields.RequiredId(row, "account", out var account, out p)
            || !Fields.RequiredString(row, "dir", out var dirText, out p))
        {
            return p;
        }

        Direction dir;
        if (dirText == "in")
        {
            dir = Direction.In;
        }
        else if (dirText == "out")
        {
            dir = Direction.Out;
        }
        else
        {
            return new FieldProblem("dir", "expected \"in\" or \"out\"");
        }

        if (!Fields.RequiredInstant(row, "at", out var at, out p)
            || !Fields.OptionalString(row, "text", out var text, out p))
        {
            return p;
        }

        message = new Message(id, shop, customer, account, dir, at, text);
        return null;
    }

    public static FieldProblem? Order(InputRow row, out Order? order)
    {
        order = null;
        if (!Fields.RequiredId(row, "id", out var id, out var p)
            || !Fields.RequiredId(row, "shop", out var shop, out p)
            || !Fields.RequiredId(row, "customer", out var customer, out p)
            || !Fields.RequiredInstant(row, "createdAt", out var createdAt, out p)
            || !Fields.OptionalInstant(row, "paidAt", out var paidAt, out p)
            || !Fields.Decimal(row, "amount", null, out var amount, out p)
            || !Fields.Decimal(row, "postage", 0m, out var postage, out p)
            || !Fields.Count(row, "items", 1, out var items, out p))
        {
            return p;
        }

        if (paidAt < createdAt)
        {
            return new FieldProblem("paidAt", "is before createdAt");
        }

        if (postage > amount)
        {
            return new FieldProblem("postage", "is greater than amount (amount includes postage)");
        }

        order = new Order(id, shop, customer, createdAt, paidAt, amount, postage, items);
        return null;
    }

    public static FieldProblem? Refund(InputRow row, out Refund? refund)
    {
        refund = null;
        if (!Fields.RequiredId(row, "id", out var id, out var p)
            || !Fields.RequiredId(row, "order", out var order, out p)
            || !Fields.RequiredInstant(row, "createdAt", out var createdAt, out p)
            || !Fields.OptionalInstant(row, "completedAt", out var completedAt, out p)
            || !Fields.Decimal(row, "amount", null, out var amount, out p)
            || !Fields.Count(row, "items", 0, out var items, out p)
            || !Fields.RequiredString(row, "status", out var statusText, out p)
            || !Fields.Count(row, "operations", 0, out var operations, out p))
        {
            return p;
        }

        RefundStatus status;
        switch (statusText)
        {
            case "success": status = RefundStatus.Success; break;
            case "closed": status = RefundStatus.Closed; break;
            case "pending": status = RefundStatus.Pending; break;
            default: return new FieldProblem("status", $"expected \"success\", \"closed\" or \"pending\", was \"{statusText}\"");
        }

        if (completedAt < createdAt)
        {
            return new FieldProblem("completedAt", "is before createdAt");
        }

        refund = new Refund(id, order, createdAt, completedAt, amount, items, status, operations);
        return null;
    }

    public static FieldProblem? Review(InputRow row, out Review? review)
    {
        review = null;
        if (!Fields.RequiredId(row, "order", out var order, out var p)
            || !Fields.RequiredInstant(row, "at", out var at, out p)
            || !Fields.RequiredString(row, "rating", out var ratingText, out p))
        {
            return p;
        }

        ReviewRating rating;
        switch (ratingText)
        {
            case "good": rating = ReviewRating.Good; break;
            case "neutral": rating = ReviewRating.Neutral; break;
            case "negative": rating = ReviewRating.Negative; break;
            default: return new FieldProblem("rating", $"expected \"good\", \"neutral\" or \"negative\", was \"{ratingText}\"");
        }

        review = new Review(order, at, rating);
        return null;
    }

    public static FieldProblem? Rating(InputRow row, out Rating? rating)
    {
        rating = null;
        if (!Parties(row, out var shop, out var customer, out var account, out var at, out var p)
            || !Fields.Integer(row, "score", null, out var score, out p))
        {
            return p;
        }

        if (score < 1 || score > 5)
        {
            return new FieldProblem("score", $"must be between 1 and 5, was {score}");
        }

        rating = new Rating(shop, customer, account, at, score);
        return null;
    }

    public static FieldProblem? Complaint(InputRow row, out Complaint? complaint)
    {
        complaint = null;
        if (!Parties(row, out var shop, out var customer, out var account, out var at, out var p)
            || !Fields.OptionalString(row, "reason", out var reason, out p))
        {
            return p;
        }

        complaint = new Complaint(shop, customer, account, at, reason);
        return null;
    }

    private static bool Parties(InputRow row, out string shop, out string customer, out string account, out Instant at, out FieldProblem p)
    {
        at = default;
        customer = account = "";
        return Fields.RequiredId(row, "shop", out shop, out p)
            && Fields.RequiredId(row, "customer", out customer, out p)
            && Fields.RequiredId(row, "account", out account, out p)
            && Fields.RequiredInstant(row, "at", out at, out p);
    }
}
