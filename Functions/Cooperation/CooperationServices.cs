using ClustersCord.Domain.Cooperation;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Cooperation;

/// <summary>Introductions, cooperation records and the agreement, for the composition root.</summary>
public static class CooperationServices
{
    public static IServiceCollection AddCooperation(this IServiceCollection services)
    {
        services.AddCheckedOptions<CooperationOptions>(CooperationOptions.Section);
        services.AddSingleton<ClusterGate>();
        services.AddSingleton<WorkingGroupMemberCheck>();
        services.AddSingleton<IIntroductionStore, TableIntroductionStore>();
        services.AddSingleton<ICooperationStore, TableCooperationStore>();
        // The catalogue shows each cluster's signature: read with the catalogue's own freshness bound, not per query.
        services.AddSingleton<TableAgreementStore>();
        services.AddSingleton(sp => new CachedAgreementStore(sp.GetRequiredService<TableAgreementStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<CatalogueOptions>>().Value.FreshnessBound));
        services.AddSingleton<IAgreementStore>(sp => sp.GetRequiredService<CachedAgreementStore>());
        services.AddSingleton<ICooperationEmailQueue, StorageCooperationEmailQueue>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CooperationOptions>>().Value;
            return new IntroductionRules(options.IntroductionsPerWindow, options.IntroductionWindow, options.DeclinedPause, options.EmailGrace);
        });
        services.AddSingleton<IntroductionService>();
        services.AddSingleton<CooperationService>();
        services.AddSingleton<AgreementService>();
        return services;
    }
}
