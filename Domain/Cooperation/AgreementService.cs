using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Cooperation;

public abstract record SignatoryOutcome
{
    public sealed record Recorded(Signatory Signatory) : SignatoryOutcome;
    public sealed record Invalid(ValidationErrors Errors) : SignatoryOutcome;
    public sealed record AlreadySigned : SignatoryOutcome;
}

/// <summary>The partnership agreement's signatories (the documents go through <c>AgreementUploads</c> on the Azure side).</summary>
public sealed class AgreementService(IAgreementStore store, IClusterStore clusters, TimeProvider time)
{
    /// <summary>Records a cluster's signature once; the cluster must be approved in the catalogue (later joiners too).</summary>
    public async Task<SignatoryOutcome> SignAsync(SignatoryInput input, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var clusterId = input.ClusterId?.Trim();
        ClusterProfile? cluster = null;
        if (string.IsNullOrEmpty(clusterId))
        {
            errors.Add("clusterId", "Required.");
        }
        else if (clusterId.Length > 100 || (cluster = await clusters.GetAsync(clusterId, cancellationToken)) is not { Status: ProfileStatus.Approved })
        {
            errors.Add("clusterId", "No approved cluster in the catalogue has this id.");
        }
        var signedBy = TextRules.CheckName(errors, "signedBy", input.SignedBy, AgreementRules.MaxNameLength, required: true);
        var place = TextRules.Check(errors, "place", input.Place, AgreementRules.MaxPlaceLength, required: true);
        var now = time.GetUtcNow();
        var signedAt = AgreementRules.CheckDate(input.SignedAt, DateOnly.FromDateTime(now.UtcDateTime), errors);
        if (!errors.IsEmpty)
        {
            return new SignatoryOutcome.Invalid(errors);
        }
        var signatory = new Signatory
        {
            ClusterId = cluster!.Id,
            Name = cluster.Name,
            Country = cluster.Country,
            SignedBy = signedBy!,
            SignedAt = signedAt!.Value,
            Place = place!,
            RecordedAt = now,
            ContactKey = IntroductionService.PersonKey(cluster.Contact.Email),
        };
        return await store.TryAddSignatoryAsync(signatory, cancellationToken)
            ? new SignatoryOutcome.Recorded(signatory)
            : new SignatoryOutcome.AlreadySigned();
    }

    /// <summary>Signatories by signing date, then name.</summary>
    public async Task<IReadOnlyList<Signatory>> SignatoriesAsync(CancellationToken cancellationToken)
        => [.. (await store.SignatoriesAsync(cancellationToken)).OrderBy(s => s.SignedAt).ThenBy(s => s.Name, StringComparer.CurrentCulture)];

    /// <summary>Who has signed, by cluster id: what the catalogue shows beside each cluster.</summary>
    public async Task<IReadOnlyDictionary<string, Signatory>> SignedByClusterAsync(CancellationToken cancellationToken)
        => (await store.RecentSignatoriesAsync(cancellationToken)).ToDictionary(s => s.ClusterId, StringComparer.Ordinal);

    public Task<IReadOnlyList<AgreementVersion>> VersionsAsync(CancellationToken cancellationToken) => store.VersionsAsync(cancellationToken);

    /// <summary>
    /// A person's erasure: the name of who signed is cleared where the cluster's contact at signing was that
    /// person (the signature of the cluster stands); the number of signatories changed.
    /// </summary>
    public async Task<int> EraseAsync(string email, CancellationToken cancellationToken)
    {
        var key = IntroductionService.PersonKey(email);
        var erased = 0;
        foreach (var signatory in await store.SignatoriesAsync(cancellationToken))
        {
            if (signatory.ContactKey.Length > 0 && signatory.ContactKey == key)
            {
                await store.ReplaceSignatoryAsync(signatory with { SignedBy = "", ContactKey = "" }, cancellationToken);
                erased++;
            }
        }
        return erased;
    }
}
