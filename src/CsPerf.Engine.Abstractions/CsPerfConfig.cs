using System.Collections.Immutable;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>
/// Every knob of the CsPerf rules (domain.md), with its default. Immutable: derive variants with <c>with</c>.
/// </summary>
/// <remarks>
/// Property names are the knob names of the config file (<c>config.json</c>, <c>--config F</c>,
/// the <c>CsPerf</c> section of <c>appsettings.json</c>). Call <see cref="Validate()"/> before use; the
/// engine refuses an invalid config.
/// <code>
/// var config = CsPerfConfig.Default with { SessionGap = Duration.FromMinutes(10), AdPhrase = "你是广告" };
/// </code>
/// </remarks>
public sealed record CsPerfConfig
{
    /// <summary>The defaults of domain.md.</summary>
    public static CsPerfConfig Default { get; } = new();

    /// <summary>Named preset applied before the config files: <c>null</c>, <c>"head"</c> (头部平台, first-response target 30 s) or <c>"small"</c> (中小店, 45 s).</summary>
    public string? Preset { get; init; }

    /// <summary>IANA time zone of shops the roster does not name (default <c>Asia/Shanghai</c>).</summary>
    public string TimeZone { get; init; } = "Asia/Shanghai";

    /// <summary>Customer ids whose messages are dropped (指定旺旺过滤).</summary>
    public ImmutableArray<string> FilteredCustomers { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Text prefix of a broadcast 群发 <c>out</c> message (default <c>@</c>).</summary>
    public string BroadcastPrefix { get; init; } = "@";

    /// <summary>Whether broadcasts are dropped (default on).</summary>
    public bool BroadcastFilter { get; init; } = true;

    /// <summary>Text prefix of an auto-reply 自动回复 (default <c>$</c>).</summary>
    public string AutoReplyPrefix { get; init; } = "$";

    /// <summary>Whether auto-replies are recognised (default on): they never count as an effective reply.</summary>
    public bool AutoReplyRecognition { get; init; } = true;

    /// <summary>Advert phrase 广告过滤 (default <c>null</c> = off).</summary>
    public string? AdPhrase { get; init; }

    /// <summary>How many first effective <c>out</c> messages of a session are checked for the advert phrase (default 3).</summary>
    public int AdReplyWindow { get; init; } = 3;

    /// <summary>Whether a reception in which the customer sent exactly one message is not effective (客户单句过滤, default off).</summary>
    public bool SingleLineFilter { get; init; }

    /// <summary>A gap of at least this long starts a new session (最长等待时间, default 15 min).</summary>
    public Duration SessionGap { get; init; } = Duration.FromMinutes(15);

    /// <summary>Answered bursts slower than <see cref="SlowResponseThreshold"/> that make a reception slow (default 3).</summary>
    public int SlowResponseCount { get; init; } = 3;

    /// <summary>A burst answered after more than this is slow (default 120 s).</summary>
    public Duration SlowResponseThreshold { get; init; } = Duration.FromSeconds(120);

    /// <summary>A burst answered after more than this, or never, is a no-response record (default 3 min).</summary>
    public Duration NoResponseThreshold { get; init; } = Duration.FromMinutes(3);

    /// <summary>A session lasting at least this long is a long session 长接待 (default 30 min).</summary>
    public Duration LongSessionThreshold { get; init; } = Duration.FromMinutes(30);

    /// <summary>A reception whose sessions last at least this long in sum is a long reception (default 60 min).</summary>
    public Duration LongDailyThreshold { get; init; } = Duration.FromMinutes(60);

    /// <summary>First-response target of the hit rate (default 30 s).</summary>
    public Duration FirstResponseTarget { get; init; } = Duration.FromSeconds(30);

    /// <summary>Days before an order's date whose inquiries may be credited with it (default 1: same or next day).</summary>
    public int InquiryWindowDays { get; init; } = 1;

    /// <summary>How long an unpaid order stays payable (default 3 days, exact 72 h).</summary>
    public Duration PaymentWindow { get; init; } = Duration.FromDays(3);

    /// <summary>Days after a payment during which a new reception may be after-sale 售后 (default 14, exact 14 × 24 h).</summary>
    public int AfterSaleDays { get; init; } = 14;

    /// <summary>The rule whose credits the unsuffixed KPIs show (default <see cref="CsPerf.Engine.AttributionRule.OrderFirst"/>).</summary>
    public AttributionRule AttributionRule { get; init; } = AttributionRule.OrderFirst;

    /// <summary>Denominator of <c>aov</c> (default <see cref="CsPerf.Engine.AovBasis.Buyers"/>).</summary>
    public AovBasis AovBasis { get; init; } = AovBasis.Buyers;

    /// <summary>
    /// Checks every knob and returns every failure as <c>Knob: what is wrong.</c>; empty when valid. The text form of
    /// <see cref="Validate(string)"/>.
    /// </summary>
    public IReadOnlyList<string> Validate() =>
        Validate("config").Select(p => $"{p.Field}: {p.Message}.").ToList();

    /// <summary>
    /// Checks every knob and returns every failure as a structured <see cref="Problem"/> whose field is the knob name
    /// (no line); empty when valid.
    /// </summary>
    /// <param name="source">The source the problems name (a config file, <c>config</c>).</param>
    public IReadOnlyList<Problem> Validate(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var errors = new List<Problem>();
        void Add(string knob, string message) => errors.Add(new Problem(source, null, knob, message));

        if (Preset is not null && Preset != "head" && Preset != "small")
        {
            Add(nameof(Preset), $"\"{Preset}\" is not a preset; use \"head\", \"small\" or null");
        }

        if (string.IsNullOrWhiteSpace(TimeZone) || NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is null)
        {
            Add(nameof(TimeZone), $"\"{TimeZone}\" is not an IANA time zone id (e.g. \"Asia/Shanghai\")");
        }

        if (FilteredCustomers.IsDefault)
        {
            Add(nameof(FilteredCustomers), "must be an array (use an empty one for none)");
        }

        if (BroadcastFilter && string.IsNullOrEmpty(BroadcastPrefix))
        {
            Add(nameof(BroadcastPrefix), $"must not be empty while {nameof(BroadcastFilter)} is on");
        }

        if (AutoReplyRecognition && string.IsNullOrEmpty(AutoReplyPrefix))
        {
            Add(nameof(AutoReplyPrefix), $"must not be empty while {nameof(AutoReplyRecognition)} is on");
        }

        if (AdPhrase is not null && AdPhrase.Trim().Length == 0)
        {
            Add(nameof(AdPhrase), "must not be blank; use null to turn the advert filter off");
        }

        if (AdReplyWindow < 1 || AdReplyWindow > MaxCount)
        {
            Add(nameof(AdReplyWindow), $"must be between 1 and {MaxCount}, was {AdReplyWindow}");
        }

        if (SlowResponseCount < 1 || SlowResponseCount > MaxCount)
        {
            Add(nameof(SlowResponseCount), $"must be between 1 and {MaxCount}, was {SlowResponseCount}");
        }

        Positive(Add, nameof(SessionGap), SessionGap);
        NotNegative(Add, nameof(SlowResponseThreshold), SlowResponseThreshold);
        NotNegative(Add, nameof(NoResponseThreshold), NoResponseThreshold);
        NotNegative(Add, nameof(LongSessionThreshold), LongSessionThreshold);
        NotNegative(Add, nameof(LongDailyThreshold), LongDailyThreshold);
        NotNegative(Add, nameof(FirstResponseTarget), FirstResponseTarget);
        NotNegative(Add, nameof(PaymentWindow), PaymentWindow);
        if (InquiryWindowDays < 0 || InquiryWindowDays > 366)
        {
            Add(nameof(InquiryWindowDays), $"must be between 0 and 366 days, was {InquiryWindowDays}");
        }

        if (AfterSaleDays < 0 || AfterSaleDays > 3660)
        {
            Add(nameof(AfterSaleDays), $"must be between 0 and 3660 days, was {AfterSaleDays}");
        }

        if (!Enum.IsDefined(AttributionRule))
        {
            Add(nameof(AttributionRule), "use Order, Payment or OrderFirst");
        }

        if (!Enum.IsDefined(AovBasis))
        {
            Add(nameof(AovBasis), "use Buyers or Orders");
        }

        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every failure of <see cref="Validate()"/>, joined by "; ".</summary>
    public CsPerfConfig EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid CsPerf config: " + string.Join("; ", errors));
        }

        return this;
    }

    /// <summary>Applies the named <see cref="Preset"/> to this config (no-op when it is null).</summary>
    public CsPerfConfig ApplyPreset() => Preset switch
    {
        "head" => this with { FirstResponseTarget = Duration.FromSeconds(30) },
        "small" => this with { FirstResponseTarget = Duration.FromSeconds(45) },
        _ => this,
    };

    /// <inheritdoc/>
    public bool Equals(CsPerfConfig? other) =>
        other is not null
        && Preset == other.Preset && TimeZone == other.TimeZone
        && FilteredCustomers.SequenceEqual(other.FilteredCustomers)
        && BroadcastPrefix == other.BroadcastPrefix && BroadcastFilter == other.BroadcastFilter
        && AutoReplyPrefix == other.AutoReplyPrefix && AutoReplyRecognition == other.AutoReplyRecognition
        && AdPhrase == other.AdPhrase && AdReplyWindow == other.AdReplyWindow
        && SingleLineFilter == other.SingleLineFilter && SessionGap == other.SessionGap
        && SlowResponseCount == other.SlowResponseCount && SlowResponseThreshold == other.SlowResponseThreshold
        && NoResponseThreshold == other.NoResponseThreshold && LongSessionThreshold == other.LongSessionThreshold
        && LongDailyThreshold == other.LongDailyThreshold && FirstResponseTarget == other.FirstResponseTarget
        && InquiryWindowDays == other.InquiryWindowDays && PaymentWindow == other.PaymentWindow
        && AfterSaleDays == other.AfterSaleDays && AttributionRule == other.AttributionRule
        && AovBasis == other.AovBasis;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TimeZone, SessionGap, AdPhrase, AttributionRule, FilteredCustomers.Length);

    /// <summary>The longest duration a knob may hold: 3650 days.</summary>
    public static Duration MaxDuration { get; } = Duration.FromDays(3650);

    /// <summary>The largest value of a count knob (<see cref="AdReplyWindow"/>, <see cref="SlowResponseCount"/>): 1,000,000.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary><see cref="MaxDuration"/> as told in messages.</summary>
    /// <summary>The largest duration knob, as text for messages.</summary>
    public const string MaxDurationText = "3650 days (\"3650.00:00:00\" or \"P3650D\")";

    private static void Positive(Action<string, string> add, string name, Duration value)
    {
        if (value > MaxDuration)
        {
            add(name, $"must be at most {MaxDurationText}, was {value}");
            return;
        }

        if (value <= Duration.Zero)
        {
            add(name, $"must be a positive duration (e.g. \"00:15:00\"), was {value}");
        }
    }

    private static void NotNegative(Action<string, string> add, string name, Duration value)
    {
        if (value > MaxDuration)
        {
            add(name, $"must be at most {MaxDurationText}, was {value}");
            return;
        }

        if (value < Duration.Zero)
        {
            add(name, $"must not be negative, was {value}");
        }
    }
}
