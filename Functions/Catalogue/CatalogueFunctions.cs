using System.Security.Cryptography;
using System.Text;
using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Cooperation;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ClustersCord.Functions.Catalogue;

/// <summary>The public cluster catalogue: presenting a cluster, search, profiles, matches, topics, working groups.</summary>
/// <remarks>
/// Public answers also say whether a cluster has signed the partnership agreement: the signatories are a few
/// dozen rows of one partition, read with each answer (not kept in the catalogue's snapshot), so a signature shows
/// at once; the search's ETag covers them.
/// </remarks>
public sealed class CatalogueFunctions(CatalogueService catalogue, AgreementService agreement, ILogger<CatalogueFunctions> logger)
{
    public const long MaxProfileBytes = 64 * 1024;

    [Function("SubmitCluster")]
    public Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "clusters")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, MaxProfileBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (input, invalid) = JsonInput.Read<ClusterInput>(body!.Text);
            if (input is null)
            {
                return invalid!;
            }
            return await catalogue.SubmitAsync(input, cancellationToken) switch
            {
                ProfileOutcome.Done d => ApiResults.Accepted(new { id = d.Profile.Id, status = "pending", manageUrl = catalogue.ManageLink(d.Profile.Id) }),
                ProfileOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        });

    [Function("SearchClusters")]
    public Task<IActionResult> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "clusters")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var query = new CatalogueQuery(
                ApiQuery.Enum<Sector>(request, "sector", errors),
                ApiQuery.Text(request, "country", 2, errors),
                ApiQuery.Enum<Sector>(request, "workingGroup", errors),
                ApiQuery.Text(request, "offers", ClusterValidator.MaxTopicLength, errors),
                ApiQuery.Text(request, "needs", ClusterValidator.MaxTopicLength, errors),
                ApiQuery.Text(request, "q", 200, errors));
            if (query.Country is { } country && !Countries.IsValid(country.ToUpperInvariant()))
            {
                errors.Add("country", "An ISO 3166-1 alpha-2 code, such as CZ.");
            }
            var pageSize = ApiQuery.PageSize(request, errors);
            var after = ApiQuery.ContinuationToken(request, errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            var snapshot = await catalogue.SnapshotAsync(cancellationToken);
            var signed = await agreement.SignedByClusterAsync(cancellationToken);
            var etag = ETag(snapshot.Version, request.QueryString.Value, signed);
            if (EntityTags.NoneMatchFails(request, etag))
            {
                return ApiResults.NotModified(etag);
            }
            var page = snapshot.Search(query, pageSize!.Value, after);
            var result = ApiResults.Ok(new
            {
                items = page.Items.Select(p => ClusterSummary.From(p, signed.GetValueOrDefault(p.Id))),
                continuationToken = ApiQuery.WrapContinuationToken(page.ContinuationToken),
            });
            result.Headers["ETag"] = etag;
            result.Headers["Cache-Control"] = "no-cache";
            return result;
        });

    [Function("GetCluster")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "clusters/{clusterId}")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            (await catalogue.SnapshotAsync(cancellationToken)).Get(clusterId) is { } profile
                ? ApiResults.Ok(ClusterProfileResponse.From(profile, forOrganisers: false,
                    (await agreement.SignedByClusterAsync(cancellationToken)).GetValueOrDefault(profile.Id)))
                : ApiResults.NotFound("No such cluster in the catalogue."));

    [Function("ClusterMatches")]
    public Task<IActionResult> Matches(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "clusters/{clusterId}/matches")] HttpRequest request,
        string clusterId,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var errors = new ValidationErrors();
            var limit = ApiQuery.PageSize(request, errors);
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            var matches = await catalogue.MatchesAsync(clusterId, limit!.Value, cancellationToken);
            var signed = matches is null ? null : await agreement.SignedByClusterAsync(cancellationToken);
            return matches is null
                ? ApiResults.NotFound("No such cluster in the catalogue.")
                : ApiResults.Ok(new
                {
                    items = matches.Select(m => new
                    {
                        clusterId = m.Cluster.Id,
                        name = m.Cluster.Name,
                        country = m.Cluster.Country,
                        score = m.Score,
                        reasons = m.Reasons.Select(r => new { kind = Enums.Name(r.Kind), topic = r.Topic }),
                        sharedSectors = m.SharedSectors.Select(s => Enums.Name(s)),
                        crossBorder = m.CrossBorder,
                        memberships = MembershipResponse.Of(m.Cluster),
                        agreement = SignatureResponse.Of(signed!.GetValueOrDefault(m.Cluster.Id)),
                    }),
                });
        });

    [Function("ListTopics")]
    public Task<IActionResult> ListTopics([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "topics")] HttpRequest request)
        => StorageFailures.GuardAsync(logger, () =>
        {
            var language = ApiQuery.Language(request);
            return Task.FromResult<IActionResult>(ApiResults.Ok(new { items = Topics.All.Select(t => new { id = t.Id, label = t.LabelIn(language) }) }));
        });

    [Function("ListWorkingGroups")]
    public Task<IActionResult> WorkingGroups(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "working-groups")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var groups = await catalogue.WorkingGroupsAsync(cancellationToken);
            return ApiResults.Ok(new { items = groups.Select(g => new { sector = Enums.Name(g.Sector), memberCount = g.Members.Count, nextEventId = g.NextEventId }) });
        });

    [Function("GetWorkingGroup")]
    public Task<IActionResult> WorkingGroup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "working-groups/{sector}")] HttpRequest request,
        string sector,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            if (Enums.Parse<Sector>(sector) is not { } wanted)
            {
                return ApiResults.NotFound("No such working group: the sectors are " + Enums.Names<Sector>() + ".");
            }
            var group = (await catalogue.WorkingGroupsAsync(cancellationToken)).Single(g => g.Sector == wanted);
            var signed = await agreement.SignedByClusterAsync(cancellationToken);
            return ApiResults.Ok(new
            {
                sector = Enums.Name(group.Sector),
                nextEventId = group.NextEventId,
                members = group.Members.OrderBy(m => m.Profile.Name, StringComparer.CurrentCulture).Select(m => GroupMemberResponse.From(m, signed.GetValueOrDefault(m.Profile.Id))),
            });
        });

    /// <summary>Changes when the catalogue, the signatories or the question changes; nothing else affects the answer.</summary>
    private static string ETag(long version, string? query, IReadOnlyDictionary<string, Signatory> signed)
    {
        var signatures = string.Join(";", signed.Values.Select(s => $"{s.ClusterId}|{s.SignedAt:O}|{s.Place}").Order(StringComparer.Ordinal));
        return $"\"c{version}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((query ?? "") + "\n" + signatures)))[..16]}\"";
    }
}
