using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Configuration;
using Orchestrator.Core.Options;

namespace Orchestrator.Hosting;

/// <summary>
/// The option groups through the Options pattern: <c>IOptions&lt;T&gt;</c> carries the values read (and
/// validated, every problem at once) by <see cref="OrchestratorConfig.Load"/>, the validators run again when a
/// host starts (<c>ValidateOnStart</c>), and the decisions keep taking the plain option objects.
/// </summary>
public static class OptionsRegistration
{
    private const DynamicallyAccessedMemberTypes Members =
        DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

    public static IServiceCollection AddOrchestratorOptions(this IServiceCollection services, OrchestratorConfig config)
    {
        services.AddSingleton<IValidateOptions<ScalingOptions>, ScalingOptionsValidator>();
        Add(services, config.Scaling);
        Add(services, config.Health);
        Add(services, config.Breaker);
        Add(services, config.Cycle);
        Add(services, config.Demand);
        return services;
    }

    // The annotations keep the options classes' constructors and properties in a trimmed (Native AOT) build.
    private static void Add<[DynamicallyAccessedMembers(Members)] T>(IServiceCollection services, T values)
        where T : class
    {
        services.AddOptions<T>().Configure(target => CopyInto(values, target)).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    /// <summary>Copies every public settable property (the options classes are plain property bags).</summary>
    private static void CopyInto<[DynamicallyAccessedMembers(Members)] T>(T source, T target)
    {
        foreach (var property in typeof(T).GetProperties().Where(p => p.CanRead && p.CanWrite))
        {
            property.SetValue(target, property.GetValue(source));
        }
    }
}
