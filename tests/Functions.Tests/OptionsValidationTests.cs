using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>A bad or unresolved setting stops the app at start, with a message that names the setting.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string> BadSettings() => new()
    {
        { "Registrations:RetentionAfterEvent", "-30.00:00:00" },
        { "Registrations:RetentionAfterEvent", "00:00:00" },
        { "Registrations:TokenSecret", "too-short" },
        { "Registrations:TokenSecret", "@Microsoft.KeyVault(SecretUri=https://kv-clusterscord.vault.azure.net/secrets/token-secret/)" },
        { "Email:ApiKey", "@Microsoft.KeyVault(VaultName=kv-clusterscord;SecretName=sendgrid-api-key)" },
        { "Access:ObserverKey", "@Microsoft.KeyVault(VaultName=kv-clusterscord;SecretName=observer-key)" },
        { "Email:Host", "api.sendgrid.com" },
        { "Email:FirstRetryDelay", "-00:00:01" },
        { "Email:MaxRetryDelay", "00:00:00" },
        { "Reminders:ClaimLease", "-00:10:00" },
        { "Reminders:RecipientsPerRequest", "0" },
        { "Site:ApiBaseUrl", "/relative" },
        { "Site:ThankYouUrl", "thank-you.html" },
        { "Site:ManagePageUrl", "manage.html" },
        { "Storage:NamePrefix", "Not-Valid" },
        { "Benchmarking:MaxUploadBytes", "0" },
        { "Benchmarking:MinimumGroupSize", "2" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task The_app_does_not_start_with_a_bad_setting_and_says_which(string setting, string value)
    {
        var stack = new TestStack { ExtraSettings = new Dictionary<string, string?> { [setting] = value } };
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(stack.InitializeAsync);

            var property = setting.Split(':')[1];
            Assert.Contains(property, failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                await stack.DisposeAsync();
            }
            catch (Exception)
            {
                // The host never started; there is nothing to stop.
            }
        }
    }

    [Fact]
    public async Task The_app_starts_with_the_test_settings()
    {
        var stack = new TestStack();
        await stack.InitializeAsync();
        await stack.DisposeAsync();
    }
}
