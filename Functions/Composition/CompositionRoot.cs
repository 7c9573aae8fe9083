using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using System.Text;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Functions.Benchmarking;
using ClustersCord.Functions.Http;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Meetings;
using ClustersCord.Domain.Meetings.Scheduling;
using ClustersCord.Functions.Meetings;
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
        services.AddCheckedOptions<StorageOptions>(StorageOptions.Section);
        services.AddCheckedOptions<EmailOptions>(EmailOptions.Section);
        services.AddCheckedOptions<SiteOptions>(SiteOptions.Section);
        services.AddCheckedOptions<AccessOptions>(AccessOptions.Section);
        services.AddCheckedOptions<ReminderOptions>(ReminderOptions.Section);
        services.AddCheckedOptions<RegistrationOptions>(RegistrationOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddStorageClients();
        services.AddSendGrid();
        services.AddEmailQueue();
        services.AddProgrammeAndRegistrations();
        services.AddMeetings();
        services.AddAuditLog();
        Cooperation.CooperationServices.AddCooperation(services);
        return services;
    }

    /// <summary>
    /// The audit log, and its middleware in the ASP.NET Core pipeline of whichever host runs the app (a
    /// startup filter, so both the worker's and DevHost's pipelines get it from this one registration).
    /// </summary>
    private static void AddAuditLog(this IServiceCollection services)
    {
        services.AddSingleton<Domain.Audit.IAuditLog, TableAuditLog>();
        services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, Audit.AuditStartupFilter>();
        services.AddSingleton<Audit.ManageGate>();
    }

    /// <summary>
    /// Bilateral meetings. The scheduler is registered here and nowhere else: OR-Tools CP-SAT, with the greedy
    /// assignment as its hint and fallback (it holds no state between runs, so one instance serves all), each
    /// run logged, a fallback as a warning.
    /// </summary>
    private static void AddMeetings(this IServiceCollection services)
    {
        services.AddCheckedOptions<MeetingOptions>(MeetingOptions.Section);
        services.AddSingleton<IMeetingStore, TableMeetingStore>();
        services.AddSingleton(new CpSatMeetingScheduler());
        services.AddSingleton<IMeetingScheduler, LoggedMeetingScheduler>();
        services.AddSingleton(sp => new MeetingSchedulingSettings(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<MeetingOptions>>().Value.SolverSeconds)));
        services.AddSingleton<MeetingService>();
        services.AddSingleton<MeetingAgendas>();
        services.AddSingleton<MeetingEmailContent>();
        services.AddSingleton<IRegistrationCancellationFollowUp, MeetingCancellationNotices>();
    }

    private static void AddProgrammeAndRegistrations(this IServiceCollection services)
    {
        services.AddSingleton<TableEventStore>();
        services.AddSingleton<IEventStore, CachedEventStore>();
        // One instance for both ports: its writers serialise each event's partition within this process.
        services.AddSingleton<TableRegistrationStore>();
        services.AddSingleton<IRegistrationStore>(sp => sp.GetRequiredService<TableRegistrationStore>());
        services.AddSingleton<IOwedEmailStore>(sp => sp.GetRequiredService<TableRegistrationStore>());
        services.AddSingleton<IEventMessageStore, TableEventMessageStore>();
        services.AddSingleton<EventMessageService>();
        services.AddSingleton<IInvitationStore, TableInvitationStore>();
        services.AddSingleton<InvitationService>();
        services.AddSingleton(sp =>
        {
            var site = sp.GetRequiredService<IOptions<SiteOptions>>().Value;
            var secret = Encoding.UTF8.GetBytes(sp.GetRequiredService<IOptions<RegistrationOptions>>().Value.TokenSecret);
            return new RegistrationLinks(site.ApiBaseUrl, new ManageToken(secret), site.ManagePageUrl);
        });
        // Calendar files name the address emails come from as their ORGANIZER.
        services.AddSingleton(sp =>
        {
            var email = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            return new Domain.Calendar.CalendarOrganiser(email.FromName, email.FromAddress);
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

        services.AddCheckedOptions<CatalogueOptions>(CatalogueOptions.Section);
        services.AddSingleton<TableClusterStore>();
        services.AddSingleton(sp => new CachedClusterStore(
            sp.GetRequiredService<TableClusterStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<CatalogueOptions>>().Value.FreshnessBound));
        services.AddSingleton<IClusterStore>(sp => sp.GetRequiredService<CachedClusterStore>());
        // The contact's profile page sits beside the registrants' manage page (DevHost serves both).
        services.AddSingleton(sp =>
        {
            var links = sp.GetRequiredService<RegistrationLinks>();
            var site = sp.GetRequiredService<IOptions<SiteOptions>>().Value;
            var managePage = site.ManagePageUrl ?? new Uri(site.ApiBaseUrl.ToString().TrimEnd('/') + "/manage.html");
            return new ClusterLinks(links.Tokens, new Uri(managePage, "profile.html"));
        });
        services.AddSingleton<CatalogueService>();
        services.AddSingleton<ClustersCord.Functions.Catalogue.ClusterContactGate>();

        services.AddCheckedOptions<BenchmarkingOptions>(BenchmarkingOptions.Section);
        services.AddSingleton<IReportStore, TableReportStore>();
        services.AddSingleton<IIndicatorStore, TableIndicatorStore>();
        services.AddSingleton<IndicatorStatistics>();
        services.AddSingleton<ReportUploads>();
        services.AddSingleton<Audiences>();

        services.AddCheckedOptions<Progress.ProgressOptions>(Progress.ProgressOptions.Section);
        services.AddSingleton<Progress.ParticipantCounts>();
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
        // The SendGrid client gets its HttpClient from the factory (pooled handlers), behind the standard
        // resilience pipeline: total timeout, retries of 429/5xx/timeouts/network failures honouring
        // Retry-After, a circuit breaker, a per-attempt timeout. The SendGrid client's own retries stay off.
        SendGridResilience.AddTo(services.AddHttpClient(SendGridEmailSender.HttpClientName)
            .ConfigureHttpClient((sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<EmailOptions>>().Value.TotalTimeout + TimeSpan.FromSeconds(5)));
        services.AddSingleton<ISendGridClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(SendGridEmailSender.HttpClientName);
            return new SendGridClient(http, new SendGridClientOptions { ApiKey = options.ApiKey, Host = options.Host });
        });
        services.AddSingleton<IEmailSender, SendGridEmailSender>();
    }

    /// <summary>The delivery queue (see <see cref="EmailQueues"/>) and what a queued delivery needs.</summary>
    private static void AddEmailQueue(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var email = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            // Base64, as the Functions host's queue trigger reads messages by default.
            var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            Email.UndecodableQueueMessages.HandleOn(clientOptions);
            ConfigureRetries(clientOptions.Retry);
            StorageAnswerPolicy.AddTo(clientOptions);
            if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
            {
                return new QueueServiceClient(storage.ConnectionString, clientOptions);
            }
            var uri = email.QueueServiceUri ?? throw new OptionsValidationException(EmailOptions.Section, typeof(EmailOptions),
                ["Set Email:QueueServiceUri when Storage:ConnectionString is not set."]);
            return new QueueServiceClient(uri, Credential(storage), clientOptions);
        });
        services.AddSingleton<EmailQueues>();
        services.AddSingleton<IEmailQueue, StorageEmailQueue>();
        services.AddSingleton<IUndeliveredEmails, PoisonQueueEmails>();
        services.AddSingleton<IEmailRefusalStore, TableEmailRefusals>();
        services.AddSingleton<RefusedEmailService>();
        services.AddSingleton<TablePendingEmailClaims>();
        services.AddSingleton<IPendingEmailClaims>(sp => sp.GetRequiredService<TablePendingEmailClaims>());
        services.AddSingleton<IGatheredEmailClaims>(sp => sp.GetRequiredService<TablePendingEmailClaims>());
        services.AddSingleton<IDecisionEmailLedger, TableDecisionEmailLedger>();
    }
}
