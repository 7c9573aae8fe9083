using System.Security.Cryptography;
using System.Text;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Cooperation;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ClustersCord.Functions.Cooperation;

/// <summary>
/// The international partnership agreement: organisers publish its versions (PDF or DOCX, judged by content,
/// every version kept in Blob Storage under a generated name) and record its signatories; anyone reads the
/// latest document, the older versions and the list of signatories.
/// </summary>
public sealed class AgreementFunctions(
    AgreementService agreement,
    IAgreementStore store,
    StorageContainers containers,
    IOptions<CooperationOptions> options,
    IOptions<SiteOptions> site,
    TimeProvider time,
    ILogger<AgreementFunctions> logger)
{
    private const long MaxSignatoryBytes = 8 * 1024;

    [Function("PublishAgreement")]
    public Task<IActionResult> Publish(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/agreement")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var maxBytes = options.Value.MaxAgreementBytes;
            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
                || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            {
                return ApiResults.Problem(415, "Unsupported Media Type", "Send multipart/form-data with the fields file and version.");
            }
            if (request.ContentLength > maxBytes + RequestBodyLimit.MultipartAllowance)
            {
                return ApiResults.PayloadTooLarge(maxBytes);
            }
            byte[]? file = null;
            string? version = null;
            var readingFile = false;
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = maxBytes + 1 };
            try
            {
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    {
                        continue;
                    }
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                    if (name == "file" && file is null)
                    {
                        readingFile = true;
                        using var buffer = new MemoryStream();
                        await section.Body.CopyToAsync(buffer, cancellationToken);
                        if (buffer.Length > maxBytes)
                        {
                            return ApiResults.PayloadTooLarge(maxBytes);
                        }
                        file = buffer.ToArray();
                        readingFile = false;
                    }
                    else if (name == "version" && version is null)
                    {
                        using var text = new StreamReader(section.Body, Encoding.UTF8);
                        var chars = new char[1024];
                        version = new string(chars, 0, await text.ReadBlockAsync(chars, cancellationToken));
                    }
                }
            }
            catch (InvalidDataException)
            {
                // The reader refuses a section over its limit with InvalidDataException too: over the limit is 413.
                return readingFile ? ApiResults.PayloadTooLarge(maxBytes) : ApiResults.BadRequest("The multipart body is malformed.");
            }
            catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                return ApiResults.BadRequest("The multipart body ended early.");
            }
            var errors = new ValidationErrors();
            var versionName = AgreementRules.CheckVersion(version, errors);
            AgreementFormat? format = null;
            if (file is null || file.Length == 0)
            {
                errors.Add("file", "Required: the agreement as a PDF or Word (DOCX) document.");
            }
            else if ((format = AgreementDocument.Sniff(file)) is null)
            {
                errors.Add("file", "Not a PDF or Word (DOCX) document by its content.");
            }
            if (!errors.IsEmpty)
            {
                return ApiResults.ValidationProblem(errors.ToDictionary());
            }
            if ((await store.VersionsAsync(cancellationToken)).Any(v => TableAgreementStore.NameKey(v.Version) == TableAgreementStore.NameKey(versionName!)))
            {
                return ApiResults.Conflict($"A version named '{versionName}' is published already; give the new one another name.");
            }
            var now = time.GetUtcNow();
            var container = await containers.GetAsync(ContainerNames.Agreement, cancellationToken);
            var blob = container.GetBlobClient($"{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}" + (format == AgreementFormat.Pdf ? ".pdf" : ".docx"));
            await blob.UploadAsync(new BinaryData(file!), new Azure.Storage.Blobs.Models.BlobUploadOptions
            {
                HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = AgreementVersion.ContentTypeOf(format!.Value) },
                Conditions = new Azure.Storage.Blobs.Models.BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
            }, cancellationToken);
            var published = new AgreementVersion
            {
                Version = versionName!,
                Format = format.Value,
                Size = file!.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(file)),
                UploadedAt = now,
                BlobName = blob.Name,
            };
            if (!await store.TryAddVersionAsync(published, cancellationToken))
            {
                await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
                return ApiResults.Conflict($"A version named '{versionName}' is published already; give the new one another name.");
            }
            return ApiResults.Created(DocumentPath(published.Version), VersionView(published));
        });

    [Function("RecordSignatory")]
    public Task<IActionResult> Sign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/agreement/signatories")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var (body, problem) = await RequestBody.ReadAsync(request, MaxSignatoryBytes, RequestBody.Json, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            var (input, invalid) = JsonInput.Read<SignatoryInput>(body!.Text);
            if (input is null)
            {
                return invalid!;
            }
            return await agreement.SignAsync(input, cancellationToken) switch
            {
                SignatoryOutcome.Recorded r => ApiResults.Created("/api/agreement", new
                {
                    clusterId = r.Signatory.ClusterId,
                    name = r.Signatory.Name,
                    country = r.Signatory.Country,
                    signedBy = r.Signatory.SignedBy,
                    signedAt = r.Signatory.SignedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    place = r.Signatory.Place,
                }),
                SignatoryOutcome.Invalid i => ApiResults.ValidationProblem(i.Errors.ToDictionary()),
                SignatoryOutcome.AlreadySigned => ApiResults.Conflict("This cluster is a signatory already."),
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        });

    [Function("GetAgreement")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "agreement")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var latest = (await agreement.VersionsAsync(cancellationToken)).FirstOrDefault();
            var signatories = await agreement.SignatoriesAsync(cancellationToken);
            return ApiResults.Ok(new
            {
                document = latest is null ? null : new { version = latest.Version, url = Absolute("/api/agreement/document"), contentType = latest.ContentType, size = latest.Size, uploadedAt = latest.UploadedAt },
                signatories = signatories.Select(s => new
                {
                    clusterId = s.ClusterId,
                    name = s.Name,
                    country = s.Country,
                    signedAt = s.SignedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    place = s.Place,
                }),
            });
        });

    [Function("ListAgreementVersions")]
    public Task<IActionResult> Versions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "agreement/versions")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
            ApiResults.Ok(new { items = (await agreement.VersionsAsync(cancellationToken)).Select(VersionView) }));

    [Function("AgreementDocument")]
    public Task<IActionResult> Document(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "agreement/document")] HttpRequest request,
        CancellationToken cancellationToken)
        => StorageFailures.GuardAsync(logger, async () =>
        {
            var versions = await agreement.VersionsAsync(cancellationToken);
            var wanted = request.Query["version"].FirstOrDefault();
            if (request.Query["version"].Count > 1 || wanted is { Length: > AgreementRules.MaxVersionLength * 4 })
            {
                return ApiResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["One version name, as listed by /api/agreement/versions."] });
            }
            var version = string.IsNullOrEmpty(wanted)
                ? versions.FirstOrDefault()
                : versions.FirstOrDefault(v => TableAgreementStore.NameKey(v.Version) == TableAgreementStore.NameKey(wanted));
            if (version is null)
            {
                return ApiResults.NotFound(string.IsNullOrEmpty(wanted) ? "No agreement is published yet." : "No such version of the agreement.");
            }
            var container = await containers.GetAsync(ContainerNames.Agreement, cancellationToken);
            var download = await container.GetBlobClient(version.BlobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new StreamActionResult(download.Value.Content, version.ContentType, download.Value.Details.ContentLength, version.DownloadName);
        });

    private object VersionView(AgreementVersion v) => new
    {
        version = v.Version,
        url = Absolute(DocumentPath(v.Version)),
        contentType = v.ContentType,
        size = v.Size,
        uploadedAt = v.UploadedAt,
    };

    private static string DocumentPath(string version) => "/api/agreement/document?version=" + Uri.EscapeDataString(version);

    private string Absolute(string path) => site.Value.ApiBaseUrl.ToString().TrimEnd('/') + path;
}
