using CsPerf.Engine;
using CsPerf.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CsPerf with dependency injection.</summary>
public static class CsPerfServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="CsPerfOptions"/> from configuration (the same knobs as <c>config.json</c>), validates it at
    /// start, and registers the resulting <see cref="CsPerfConfig"/>. Given a section
    /// (<c>configuration.GetSection("Reports:CsPerf")</c>), that section is bound; given the root configuration, its
    /// <c>CsPerf</c> section. Problems name the configuration path (<c>Reports:CsPerf:SessionGap: must be a positive
    /// duration</c>). Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">A configuration section, or the app configuration (its <c>CsPerf</c> section is read).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentException">The section is missing or empty: CsPerf does not fall back to its defaults
    /// silently (use <see cref="AddCsPerf(IServiceCollection, Action{CsPerfOptions})"/> for the defaults).</exception>
    public static IServiceCollection AddCsPerf(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration as IConfigurationSection ?? configuration.GetSection(CsPerfOptions.SectionName);
        if (!section.Exists())
        {
            throw new ArgumentException(
                $"configuration section \"{section.Path}\" is missing or empty: put CsPerf's knobs under it (e.g. \"{section.Path}:SessionGap\": \"00:15:00\"), " +
                "or call AddCsPerf(options => …) to configure CsPerf in code (an empty action keeps the defaults)",
                nameof(configuration));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CsPerfOptions>>(new CsPerfConfigureOptions(section)));
        return AddCore(services);
    }

    /// <summary>
    /// Configures <see cref="CsPerfOptions"/> in code (starting from <see cref="CsPerfConfig.Default"/>), validates it at
    /// start, and registers the resulting <see cref="CsPerfConfig"/>; problems name <c>CsPerfOptions.Config.Knob</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets <see cref="CsPerfOptions.Config"/>, e.g. <c>o =&gt; o.Config = o.Config with { AdPhrase = "…" }</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddCsPerf(this IServiceCollection services, Action<CsPerfOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<CsPerfOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CsPerfOptions>, CsPerfOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<CsPerfOptions>>().Value.Config);
        return services;
    }
}
