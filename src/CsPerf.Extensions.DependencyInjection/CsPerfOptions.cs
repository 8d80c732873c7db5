using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CsPerf.IO;
using Microsoft.Extensions.Options;

namespace CsPerf.Extensions.DependencyInjection;

/// <summary>The CsPerf config as an options object, bound from the <c>CsPerf</c> section of the app's configuration.</summary>
public sealed class CsPerfOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "CsPerf";

    /// <summary>The config (defaults until bound).</summary>
    public CsPerfConfig Config { get; set; } = CsPerfConfig.Default;

    /// <summary>Problems met while binding (unknown knobs, bad values), each naming its configuration path
    /// (<c>Reports:CsPerf:Bogus: unknown knob</c>); the validator reports them.</summary>
    public IList<string> BindingErrors { get; } = new List<string>();

    /// <summary>
    /// The configuration path the options were bound from (<c>Reports:CsPerf</c>), or <c>null</c> when configured in code;
    /// problems of <see cref="Config"/> are reported under it (<c>CsPerfOptions.Config</c> when <c>null</c>).
    /// </summary>
    public string? SectionPath { get; set; }

    /// <summary>One problem as reported: the configuration path of its knob, then the problem.</summary>
    internal string Describe(Problem problem)
    {
        string path = SectionPath ?? "CsPerfOptions.Config";
        return problem.Field is null ? $"{path}: {problem.Message}" : $"{path}:{problem.Field}: {problem.Message}";
    }
}

/// <summary>Binds <see cref="CsPerfOptions"/> from a configuration section through the same knob parser as config files.</summary>
internal sealed class CsPerfConfigureOptions : IConfigureOptions<CsPerfOptions>
{
    private readonly IConfigurationSection _section;

    public CsPerfConfigureOptions(IConfigurationSection section) => _section = section;

    public void Configure(CsPerfOptions options)
    {
        var items = _section.GetChildren().Select(child =>
        {
            var children = child.GetChildren().ToList();
            IReadOnlyList<string>? list = child.Value is null && children.Count > 0
                ? children.OrderBy(c => int.TryParse(c.Key, out int i) ? i : int.MaxValue).Select(c => c.Value ?? "").ToArray()
                : null;
            return new ConfigItem(child.Key, child.Value, list);
        });
        var source = ConfigLoader.FromItems(items, _section.Path);
        options.SectionPath = _section.Path;
        options.Config = ConfigLoader.Merge([source]).Config;
        foreach (var problem in source.Problems)
        {
            options.BindingErrors.Add(options.Describe(problem));
        }
    }
}

/// <summary>Validates <see cref="CsPerfOptions"/>: binding problems plus <see cref="CsPerfConfig.Validate(string)"/>, each naming its configuration path.</summary>
internal sealed class CsPerfOptionsValidator : IValidateOptions<CsPerfOptions>
{
    public ValidateOptionsResult Validate(string? name, CsPerfOptions options)
    {
        var failures = options.BindingErrors.Concat(options.Config.Validate(options.SectionPath ?? "CsPerfOptions.Config").Select(options.Describe)).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
