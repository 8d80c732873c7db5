namespace CsPerf.IO;

/// <summary>One knob as a configuration system holds it: its name and either a text value or a list of texts.</summary>
/// <param name="Knob">The knob's name (<c>SessionGap</c>).</param>
/// <param name="Text">Its value as text (<c>00:15:00</c>); <c>null</c> when it is a list or unset.</param>
/// <param name="Items">Its value as a list (<c>FilteredCustomers</c>); <c>null</c> when it is text.</param>
public readonly record struct ConfigItem(string Knob, string? Text, IReadOnlyList<string>? Items);
