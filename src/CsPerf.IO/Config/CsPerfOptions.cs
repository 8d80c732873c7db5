using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CsPerf.IO;

/// <summary>The CsPerf config as an options object, bound from the <c>CsPerf</c> section of the app's configuration.</summary>
public sealed class CsPerfOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CsPerf";

    /// <summary>The config (defaults until bound).</summary>
    public CsPerfConfig Config { get; set; } = CsPerfConfig.Default;

    /// <summary>Problems met while binding (unknown knobs, bad values); the validator reports them.</summary>
    public IList<string> BindingErrors { get; } = new List<string>();
}

/// <summary>Binds <see cref="CsPerfOptions"/> from a configuration section through the same knob parser as config files.</summary>
internal sealed class CsPerfConfigureOptions : IConfigureOptions<CsPerfOptions>
{
    private readonly IConfiguration _section;

    public CsPerfConfigureOptions(IConfiguration section) => _section = section;

    public void Configure(CsPerfOptions options)
    {
        var items = _section.GetChildren().Select(child =>
        {
            var children = child.GetChildren().ToList();
            IReadOnlyList<string>? list = child.Value is null && children.Count > 0
                ? children.OrderBy(c => int.TryParse(c.Key, out int i) ? i : int.MaxValue).Select(c => c.Value ?? "").ToArray()
                : null;
            return (child.Key, child.Value, list);
        });
        var source = ConfigLoader.FromItems(items, "appsettings:" + CsPerfOptions.SectionName);
        var merged = ConfigLoader.Merge([source]);
        options.Config = merged.Config;
        foreach (var e in source.Errors)
        {
            options.BindingErrors.Add(e);
        }
    }
}

/// <summary>Validates <see cref="CsPerfOptions"/>: binding problems plus <see cref="CsPerfConfig.Validate()"/>.</summary>
internal sealed class CsPerfOptionsValidator : IValidateOptions<CsPerfOptions>
{
    public ValidateOptionsResult Validate(string? name, CsPerfOptions options)
    {
        var failures = options.BindingErrors.Concat(options.Config.Validate()).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
