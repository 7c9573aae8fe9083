using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Composition;

/// <summary>Checks shared by the options classes, each failing with a message that names the setting.</summary>
public static class SettingChecks
{
    /// <summary>Binds a section, validates its annotations and refuses unresolved Key Vault references, all at start.</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(sp => new NoUnresolvedKeyVaultReference<T>(sp.GetRequiredService<IConfiguration>(), section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>A URL that is set must be absolute (http or https): a relative one would make broken links.</summary>
    public static ValidationResult? AbsoluteUrl(Uri? url, string setting)
        => url is null || url.IsAbsoluteUri && url.Scheme is "http" or "https" ? null : new ValidationResult($"{setting} must be an absolute http(s) URL.", [setting]);

    /// <summary>
    /// App Service leaves <c>@Microsoft.KeyVault(...)</c> as the value when it cannot resolve the reference
    /// (no access, wrong name): such a value is long enough to pass a length check but is no secret at all.
    /// </summary>
    private sealed class NoUnresolvedKeyVaultReference<T>(IConfiguration configuration, string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var unresolved = configuration.GetSection(section).AsEnumerable()
                .Where(setting => setting.Value?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
                .Select(setting => $"{setting.Key} is an unresolved Key Vault reference: grant the app's identity access to the secret, or fix its name.")
                .ToArray();
            return unresolved.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unresolved);
        }
    }
}
