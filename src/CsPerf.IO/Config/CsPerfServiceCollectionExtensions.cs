using CsPerf;
using CsPerf.IO;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CsPerf with dependency injection.</summary>
public static class CsPerfServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="CsPerfOptions"/> from the <c>CsPerf</c> section of <paramref name="configuration"/> (same shape
    /// as <c>config.json</c>), validates it at start, and registers the resulting <see cref="CsPerfConfig"/>.
    /// Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The app configuration (its <c>CsPerf</c> section is read).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddCsPerf(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CsPerfOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CsPerfOptions>>(
            new CsPerfConfigureOptions(configuration.GetSection(CsPerfOptions.SectionName))));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CsPerfOptions>, CsPerfOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<CsPerfOptions>>().Value.Config);
        return services;
    }
}
