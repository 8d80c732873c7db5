using CsPerf.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace Orleans.Hosting;

/// <summary>
/// Registers CsPerf's grains, serializers and <see cref="CsPerfCoordinator"/> on an Orleans silo or client
/// (in Orleans' namespace, where Orleans keeps its own <c>AddXxx</c> builder extensions).
/// </summary>
public static class CsPerfHostingExtensions
{
    /// <summary>
    /// Adds CsPerf to a silo: the shop and directory grains, the serializers of the model (surrogates), and a
    /// <see cref="CsPerfCoordinator"/> of the default scope as a singleton. The grains persist their state in the
    /// grain storage provider named <see cref="CsPerfGrainKeys.StorageName"/>: register one on every silo, e.g.
    /// <c>siloBuilder.AddMemoryGrainStorage(CsPerfGrainKeys.StorageName)</c> for a trial, a durable provider in
    /// production (docs/scale-out.md).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The builder, to chain calls.</returns>
    public static ISiloBuilder AddCsPerf(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddServices(builder.Services);
        return builder;
    }

    /// <summary>
    /// Adds CsPerf to a cluster client: the serializers of the model and a <see cref="CsPerfCoordinator"/> of the
    /// default scope as a singleton (construct one with another scope for a tenant or shop group).
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <returns>The builder, to chain calls.</returns>
    public static IClientBuilder AddCsPerf(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddServices(builder.Services);
        return builder;
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddSerializer(s => s.AddAssembly(typeof(CsPerfCoordinator).Assembly));
        services.TryAddSingleton(sp => new CsPerfCoordinator(sp.GetRequiredService<IGrainFactory>()));
    }
}
