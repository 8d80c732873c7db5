using NodaTime;

namespace CsPerf.Synthetic;

/// <summary>Turns generated records into the object form of <see cref="SyntheticDataset"/>.</summary>
internal sealed class CollectingSink : IRecordSink
{
    private readonly Generator _g;

    // Customer ids repeat across days; one string per customer keeps memory at one copy.
    private readonly Dictionary<int, string> _customers = new();

    public CollectingSink(Generator generator) => _g = generator;

    public List<Message> Messages { get; } = new();

    public List<Order> Orders { get; } = new();

    public List<Refund> Refunds { get; } = new();

    public List<Review> Reviews { get; } = new();

    public List<Rating> Ratings { get; } = new();

    public List<Complaint> Complaints { get; } = new();

    private string Customer(int c)
    {
        if (c < 0)
        {
            return _g.AccountIds[~c];
        }

        if (!_customers.TryGetValue(c, out var id))
        {
            id = Generator.CustomerId(c);
            _customers.Add(c, id);
        }

        return id;
    }

    private static Instant At(long seconds) => Instant.FromUnixTimeSeconds(seconds);

    private static decimal Money(long cents) => new((int)cents, (int)(cents >> 32), 0, false, 2);

    private static string Id(char prefix, long n) => prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Message(long id, in MsgRec m) =>
        Messages.Add(new Message(Id('m', id), _g.ShopIds[m.Shop], Customer(m.Customer), _g.AccountIds[m.Account], m.Dir, At(m.At), m.Text < 0 ? null : _g.Texts[m.Text]));

    public void Order(long id, int shop, int customer, long createdAt, long paidAt, long amountCents, long postageCents, int items) =>
        Orders.Add(new Order(Id('o', id), _g.ShopIds[shop], Customer(customer), At(createdAt), paidAt < 0 ? null : At(paidAt), Money(amountCents), Money(postageCents), items));

    public void Refund(long id, long order, long createdAt, long completedAt, long amountCents, int items, RefundStatus status, int operations) =>
        Refunds.Add(new Refund(Id('r', id), Id('o', order), At(createdAt), completedAt < 0 ? null : At(completedAt), Money(amountCents), items, status, operations));

    public void Review(long order, long at, ReviewRating rating) => Reviews.Add(new Review(Id('o', order), At(at), rating));

    public void Rating(int shop, int customer, int account, long at, int score) =>
        Ratings.Add(new Rating(_g.ShopIds[shop], Customer(customer), _g.AccountIds[account], At(at), score));

    public void Complaint(int shop, int customer, int account, long at, int reason) =>
        Complaints.Add(new Complaint(_g.ShopIds[shop], Customer(customer), _g.AccountIds[account], At(at), Vocabulary.ComplaintReasons[reason]));
}
