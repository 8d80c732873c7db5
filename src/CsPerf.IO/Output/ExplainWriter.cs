using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace CsPerf.IO;

/// <summary>Writes an <see cref="OrderExplanation"/> as the contract's explain JSON, or as text for a person.</summary>
public static class ExplainWriter
{
    private static readonly OffsetDateTimePattern Rfc3339 = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFo<Z+HH:mm>");

    /// <summary>The explanation as indented JSON (instants in the shop's local offset).</summary>
    public static string ToJson(OrderExplanation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            string At(Instant i) => Rfc3339.Format(i.InZone(e.Zone).ToOffsetDateTime());
            w.WriteStartObject();
            w.WriteString("order", e.Order);
            w.WriteString("shop", e.Shop);
            w.WriteString("customer", e.Customer);
            w.WriteString("createdAt", At(e.CreatedAt));
            if (e.PaidAt is { } paid)
            {
                w.WriteString("paidAt", At(paid));
            }
            else
            {
                w.WriteNull("paidAt");
            }

            w.WriteStartObject("creditWindow");
            w.WriteString("from", At(e.CreditWindowFrom));
            w.WriteString("to", At(e.CreditWindowTo));
            w.WriteEndObject();
            w.WriteStartArray("candidates");
            foreach (var c in e.Candidates)
            {
                w.WriteStartObject();
                w.WriteString("message", c.Message);
                w.WriteString("account", c.Account);
                w.WriteString("at", At(c.At));
                w.WriteBoolean("consultedReception", c.ConsultedReception);
                w.WriteBoolean("advert", c.Advert);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteNullable(w, "orderAgent", e.OrderAgent);
            WriteNullable(w, "paymentAgent", e.PaymentAgent);
            w.WriteStartObject("credited");
            WriteNullable(w, "Order", e.Credited.Order);
            WriteNullable(w, "Payment", e.Credited.Payment);
            WriteNullable(w, "OrderFirst", e.Credited.OrderFirst);
            w.WriteEndObject();
            w.WriteString("rule", e.Rule.ToString());
            WriteArray(w, "assistsBeforeOrder", e.AssistsBeforeOrder);
            WriteArray(w, "assistsFollowUp", e.AssistsFollowUp);
            WriteArray(w, "why", e.Why);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The explanation as text: the facts, the candidate messages as a table, then the reasons.</summary>
    public static void WriteTable(OrderExplanation e, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(output);
        string At(Instant i) => Rfc3339.Format(i.InZone(e.Zone).ToOffsetDateTime());
        output.WriteLine($"Order {e.Order} of customer {e.Customer} in shop {e.Shop}");
        output.WriteLine($"  created {At(e.CreatedAt)}, paid {(e.PaidAt is { } p ? At(p) : "not paid")}");
        output.WriteLine($"  credit window {At(e.CreditWindowFrom)} .. {At(e.CreditWindowTo)} (excluded)");
        output.WriteLine($"  order agent 落实下单客服:   {e.OrderAgent ?? "none (silent order 静默下单)"}");
        output.WriteLine($"  payment agent 落实付款客服: {e.PaymentAgent ?? "none"}");
        output.WriteLine($"  credited: Order {e.Credited.Order ?? "silent"}, Payment {e.Credited.Payment ?? "silent"}, OrderFirst {e.Credited.OrderFirst ?? "silent"} (this report: {e.Rule})");
        output.WriteLine();
        output.WriteLine("  candidate messages (effective replies of presale accounts):");
        if (e.Candidates.Length == 0)
        {
            output.WriteLine("    none");
        }

        foreach (var c in e.Candidates)
        {
            string notes = (c.ConsultedReception ? "customer wrote that day" : "customer did not write that day") + (c.Advert ? ", advert session" : "");
            output.WriteLine($"    {At(c.At)}  {c.Account,-20} {c.Message,-12} {notes}");
        }

        output.WriteLine();
        output.WriteLine("  why:");
        foreach (string line in e.Why)
        {
            output.WriteLine("  - " + line);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
