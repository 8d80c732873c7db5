using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;

namespace CsPerf.Engine.Details;

/// <summary>A burst as the cursor saw it: absolute rows in the stream columns (-1: never answered) and its response time.</summary>
internal readonly record struct TracedBurst(int FirstInRow, int AnswerRow, long Response);

/// <summary>A counted reception or session: who, which day, its first and last rows and t0's row (absolute rows), its duration.</summary>
internal readonly record struct TracedSpan(int Customer, int Account, int Day, int FirstRow, int LastRow, int T0Row, long Ticks, int Sessions, TracedBurst[]? Bursts);

/// <summary>A burst counted as a no-response record.</summary>
internal readonly record struct TracedNoResponse(int Customer, int Account, int Day, TracedBurst Burst);

/// <summary>A lost inquiry: the reception and the end of its inquiry window.</summary>
internal readonly record struct TracedLost(ReceptionRow Inquiry, long WindowEnd);

/// <summary>A paid order counted in a period: its dataset index, agents and paid day.</summary>
internal readonly record struct TracedPaid(int Order, int OrderAgent, int PaymentAgent, int PaidDay);

/// <summary>A refund counted in a period: which KPIs it counts in, and the order's agents.</summary>
internal readonly record struct TracedRefund(int Refund, int Order, int CreatedDay, int CompletedDay, bool InOrders, bool InAmount, int OrderAgent, int PaymentAgent);

/// <summary>An account implicated by a review, with the message (or reception t0) of each phase (-1 / <see cref="SessionFacts.None"/>: none).</summary>
internal readonly record struct TracedImplication(int Account, int Mask, int PreSaleMessage, int InSaleMessage, long AfterSaleT0);

/// <summary>A review counted in a period, with every account it implicates.</summary>
internal readonly record struct TracedReview(int Review, int Order, int Customer, int Day, int OrderAgent, TracedImplication[] Implicated);

/// <summary>
/// What the stages counted, fact by fact, for a detail list (docs/details.md): filled by the session pass and the
/// attribution pass exactly where they increment the counter a list explains, so a list's total is its KPI by
/// construction. Stages take it as an optional argument: without one they record nothing and allocate nothing more.
/// </summary>
internal sealed class DetailTrace
{
    private readonly StreamRow[] _rows;
    private readonly long _longSession;
    private readonly long _slow;
    private readonly long _noResponse;
    private readonly List<TracedBurst> _sessionBursts = [];
    private readonly List<TracedBurst> _receptionSlow = [];
    private int _offset;
    private int _account;
    private int _customer;
    private int _recFirst = -1;
    private int _recLast = -1;
    private int _recT0 = -1;
    private int _recSessions;

    /// <param name="list">The list to trace, or null for none (only the first responses, <see cref="FirstResponses"/>).</param>
    /// <param name="rows">The stream columns.</param>
    /// <param name="config">The config.</param>
    /// <param name="firstResponses">Whether to record each counted customer-started session's first response by day.</param>
    public DetailTrace(DetailList? list, StreamRow[] rows, CsPerfConfig config, bool firstResponses = false)
    {
        FirstResponses = firstResponses ? [] : null;
        List = list;
        _rows = rows;
        _longSession = config.LongSessionThreshold.BclCompatibleTicks;
        _slow = config.SlowResponseThreshold.BclCompatibleTicks;
        _noResponse = config.NoResponseThreshold.BclCompatibleTicks;
    }

    /// <summary>The list being traced: only its facts are kept (null: none).</summary>
    public DetailList? List { get; }

    /// <summary>
    /// The first response (ticks, -1 never answered) of each customer-started session the session pass counted, by local
    /// day: exactly the sessions of <c>firstResponseAvg</c> (answered) and <c>firstResponseHitRate</c> (all); null unless asked.
    /// </summary>
    public Dictionary<int, List<long>>? FirstResponses { get; }

    public List<TracedSpan> Unreplied { get; } = [];

    public List<TracedSpan> SlowReceptions { get; } = [];

    public List<TracedSpan> LongSessions { get; } = [];

    public List<TracedSpan> LongReceptions { get; } = [];

    public List<TracedNoResponse> NoResponse { get; } = [];

    public List<TracedLost> Lost { get; } = [];

    public List<TracedPaid> Paid { get; } = [];

    public List<TracedRefund> Refunds { get; } = [];

    public List<TracedReview> Reviews { get; } = [];

    /// <summary>The sink the cursor hands bursts to; empties the current session's bursts.</summary>
    public Sink BeginSession()
    {
        _sessionBursts.Clear();
        return new Sink(this);
    }

    /// <summary>A new conversation starts at <paramref name="offset"/> in the stream columns.</summary>
    public void Conversation(int offset, int account, int customer)
    {
        _offset = offset;
        _account = account;
        _customer = customer;
        StartReception();
    }

    /// <summary>A new reception (local day) of the current conversation starts.</summary>
    public void StartReception()
    {
        _receptionSlow.Clear();
        _recFirst = _recLast = _recT0 = -1;
        _recSessions = 0;
    }

    /// <summary>
    /// A non-advert session of the current reception; <paramref name="counted"/> when its day is in the range (the
    /// session pass counts it). Long sessions and no-response bursts are recorded here, slow bursts kept for the reception.
    /// </summary>
    public void Session(in SessionFacts session, int day, bool counted)
    {
        int first = _offset + session.First, last = _offset + session.End - 1;
        if (_recFirst < 0)
        {
            _recFirst = first;
        }

        _recLast = last;
        _recSessions++;
        if (_recT0 < 0 && session.FirstInRow >= 0)
        {
            _recT0 = _offset + session.FirstInRow;
        }

        foreach (var b in _sessionBursts)
        {
            if (b.AnswerRow >= 0 && b.Response > _slow)
            {
                _receptionSlow.Add(b);
            }

            if (counted && List == DetailList.NoResponse && (b.AnswerRow < 0 || b.Response > _noResponse))
            {
                NoResponse.Add(new TracedNoResponse(_customer, _account, day, b));
            }
        }

        if (counted && FirstResponses is not null && session.CustomerStarted)
        {
            if (!FirstResponses.TryGetValue(day, out var responses))
            {
                FirstResponses[day] = responses = [];
            }

            responses.Add(session.FirstBurstResponse);
        }

        long duration = session.Last - session.Start;
        if (counted && List == DetailList.Long && duration >= _longSession)
        {
            LongSessions.Add(new TracedSpan(_customer, _account, day, first, last, session.FirstInRow >= 0 ? _offset + session.FirstInRow : -1, duration, 1, null));
        }
    }

    /// <summary>The session pass counted the current reception (received, in the range) as unreplied, slow and/or long.</summary>
    public void Reception(int day, bool unreplied, bool slow, bool isLong, long ticks)
    {
        var span = new TracedSpan(_customer, _account, day, _recFirst, _recLast, _recT0, ticks, _recSessions, null);
        if (unreplied && List == DetailList.Unreplied)
        {
            Unreplied.Add(span);
        }

        if (slow && List == DetailList.Slow)
        {
            SlowReceptions.Add(span with { Bursts = [.. _receptionSlow] });
        }

        if (isLong && List == DetailList.Long)
        {
            LongReceptions.Add(span);
        }
    }

    /// <summary>The row of the stream columns.</summary>
    public ref readonly StreamRow Row(int row) => ref _rows[row];

    /// <summary>Receives the bursts of one session from the cursor.</summary>
    internal readonly struct Sink(DetailTrace trace) : IBurstSink
    {
        /// <inheritdoc/>
        public void Burst(int firstInRow, int answerRow, long response) =>
            trace._sessionBursts.Add(new TracedBurst(trace._offset + firstInRow, answerRow < 0 ? -1 : trace._offset + answerRow, response));
    }
}
