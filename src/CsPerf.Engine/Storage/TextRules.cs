using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;

namespace CsPerf.Engine;

/// <summary>The text knobs a reader needs to turn a message text into flags; the text itself is not kept.</summary>
/// <param name="BroadcastPrefix">Broadcast prefix, or null when the broadcast filter is off.</param>
/// <param name="AutoReplyPrefix">Auto-reply prefix, or null when recognition is off.</param>
/// <param name="AdPhrase">Advert phrase, or null when off.</param>
public sealed record TextRules(string? BroadcastPrefix, string? AutoReplyPrefix, string? AdPhrase)
{
    /// <summary>The text rules of a config.</summary>
    public static TextRules From(CsPerfConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new TextRules(
            config.BroadcastFilter ? config.BroadcastPrefix : null,
            config.AutoReplyRecognition ? config.AutoReplyPrefix : null,
            config.AdPhrase?.Trim(WhiteSpace));
    }

    internal static readonly char[] WhiteSpace = Enumerable.Range(0, 0x10000)
        .Where(c => char.IsWhiteSpace((char)c)).Select(c => (char)c).ToArray();
}
