using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using System.Text;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Functions.Benchmarking;
using ClustersCord.Functions.Http;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Registrations;
using ClustersCord.Domain.Reminders;
using ClustersCord.Functions.Email;
using ClustersCord.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendGrid;

namespace ClustersCord.Functions.Composition;

/// <summary>The composition root shared by the Functions host (Program.cs) and DevHost.</summary>
public static class CompositionRoot
{
    public static IServiceCollection AddClustersCord(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section);
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RegistrationOptions>().BindConfiguration(RegistrationOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddStorageClients();
        services.AddSendGrid();
        services.AddProgrammeAndRegistrations();
        return services;
    }

    private static void AddProgrammeAndRegistrations(this IServiceCollection services)
    {
        services.AddSingleton<TableEventStore>();
        services.AddSingleton<IEventStore, CachedEventStore>();
        // One instance for both ports: its writers serialise each event's partition within this process.
        services.AddSingleton<TableRegistrationStore>();
        services.AddSingleton<IRegistrationStore>(sp => sp.GetRequiredService<TableRegistrationStore>());
        services.AddSingleton<IInvitationStore, TableInvitationStore>();
        services.AddSingleton<InvitationService>();
        services.AddSingleton(sp =>
        {
            var site = sp.GetRequiredService<IOptions<SiteOptions>>().Value;
            var secret = Encoding.UTF8.GetBytes(sp.GetRequiredService<IOptions<RegistrationOptions>>().Value.TokenSecret);
            return new RegistrationLinks(site.ApiBaseUrl, new ManageToken(secret), site.ManagePageUrl);
        });
        services.AddSingleton<RegistrationEmails>();
        services.AddSingleton<RegistrationNotifier>();
        services.AddSingleton<PendingEmailService>();
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<ProgrammeService>();
        services.AddSingleton<PersonalDataService>();

        services.AddSingleton<IReminderLedger, TableReminderLedger>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReminderOptions>>().Value;
            return new ReminderSettings(options.ClaimLease, options.RecipientsPerRequest);
        });
        services.AddSingleton<ReminderService>();
        services.AddSingleton<ReminderOverview>();

        services.AddOptions<CatalogueOptions>().BindConfiguration(CatalogueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TableClusterStore>();
        services.AddSingleton(sp => new CachedClusterStore(
            sp.GetRequiredService<TableClusterStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<CatalogueOptions>>().Value.FreshnessBound));
        services.AddSingleton<IClusterStore>(sp => sp.GetRequiredService<CachedClusterStore>());
        services.AddSingleton<CatalogueService>();

        services.AddOptions<BenchmarkingOptions>().BindConfiguration(BenchmarkingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IReportStore, TableReportStore>();
        services.AddSingleton<IIndicatorStore, TableIndicatorStore>();
        services.AddSingleton<IndicatorStatistics>();
        services.AddSingleton<ReportUploads>();
        services.AddSingleton<Audiences>();
    }

    private static void AddStorageClients(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = new TableClientOptions();
            ConfigureRetries(clientOptions.Retry);
            StorageAnswerPolicy.AddTo(clientOptions);
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new TableServiceClient(options.TableServiceUri, Credential(options), clientOptions)
                : new TableServiceClient(options.ConnectionString, clientOptions);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = new BlobClientOptions();
            ConfigureRetries(clientOptions.Retry);
            StorageAnswerPolicy.AddTo(clientOptions);
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new BlobServiceClient(options.BlobServiceUri, Credential(options), clientOptions)
                : new BlobServiceClient(options.ConnectionString, clientOptions);
        });
        services.AddSingleton<StorageTables>();
        services.AddSingleton<StorageContainers>();
        services.AddSingleton<StorageHealthCheck>();
    }

    // A request path must fail in seconds, not minutes, when storage is away: callers get a 503 and retry.
    private static void ConfigureRetries(RetryOptions retry)
    {
        retry.MaxRetries = 3;
        retry.Mode = RetryMode.Exponential;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(10);
    }

    private static DefaultAzureCredential Credential(StorageOptions options) => new(new DefaultAzureCredentialOptions
    {
        ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
    });

    private static void AddSendGrid(this IServiceCollection services)
    {
        // The SendGrid client gets its HttpClient from the factory (pooled handlers, no socket exhaustion);
        // it does not retry then, which is what we want: the adapter owns retries and checks every answer.
        services.AddHttpClient(SendGridEmailSender.HttpClientName);
        services.AddSingleton<ISendGridClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(SendGridEmailSender.HttpClientName);
            return new SendGridClient(http, new SendGridClientOptions { ApiKey = options.ApiKey, Host = options.Host });
        });
        services.AddSingleton<IEmailSender, SendGridEmailSender>();
    }
}
