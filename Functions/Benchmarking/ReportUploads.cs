using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Specialized;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Domain.Common;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ClustersCord.Functions.Benchmarking;

/// <summary>
/// Takes a multipart report upload and streams the file to Blob Storage as staged blocks of 4 MiB while
/// hashing it and checking its bytes, so no more than one block is ever in memory (a ZIP is also copied to
/// a temporary file that deletes itself, to be opened as a workbook). The blob is committed only when the
/// file is within the size limit, is a PDF, XLSX or CSV by its content, and the other fields are valid.
/// Whatever ends the request otherwise — a refusal, a client gone mid-body, a failure — the staged blocks
/// are discarded: Blob Storage keeps uncommitted blocks for a week, so they are committed as an empty list
/// (which drops them) and the blob is deleted. Block ids carry the time they were staged
/// (<see cref="StagedBlockId"/>), so blocks that could not be discarded either are found by their age and
/// removed by <see cref="DiscardStagedUploadsFunction"/>.
/// </summary>
public sealed partial class ReportUploads(
    StorageContainers containers, IReportStore reports, IOptions<BenchmarkingOptions> options, TimeProvider time, ILogger<ReportUploads> logger)
{
    private const int BlockSize = 4 * 1024 * 1024;

    public async Task<IActionResult> UploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxUploadBytes;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return ApiResults.Problem(415, "Unsupported Media Type", "Send multipart/form-data with the fields file, title, year, visibility and optionally kind.");
        }
        if (request.ContentLength > maxBytes + RequestBodyLimit.MultipartAllowance)
        {
            return ApiResults.PayloadTooLarge(maxBytes);
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var container = await containers.GetAsync(ContainerNames.Documents, cancellationToken);
        var upload = new Upload(id, container.GetBlockBlobClient(DiscardStagedUploadsFunction.Prefix + id));
        try
        {
            return await ReceiveAsync(request, boundary, upload, cancellationToken);
        }
        finally
        {
            if (!upload.Stored && upload.BlockIds.Count > 0)
            {
                await DiscardAsync(upload.Blob);
            }
        }
    }

    private async Task<IActionResult> ReceiveAsync(HttpRequest request, string boundary, Upload upload, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxUploadBytes;
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = maxBytes + BlockSize + 1 };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        FileUpload? file = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFormDisposition()
                    && !disposition.IsFileDisposition())
                {
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() && name == "file" && file is null)
                {
                    file = await StageAsync(upload, section.Body, maxBytes, cancellationToken);
                    file = file with { FileName = SafeFileName(disposition.FileNameStar.Value ?? disposition.FileName.Value) };
                    if (file.TooLarge)
                    {
                        return ApiResults.PayloadTooLarge(maxBytes);
                    }
                }
                else if (name is "title" or "year" or "visibility" or "kind")
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var buffer = new char[1024];
                    var read = await text.ReadBlockAsync(buffer, cancellationToken);
                    fields[name] = new string(buffer, 0, read);
                }
            }
        }
        catch (InvalidDataException)
        {
            return file?.TooLarge == true ? ApiResults.PayloadTooLarge(maxBytes) : ApiResults.BadRequest("The multipart body is malformed.");
        }
        // Kestrel's own refusal (body over its limit) is an IOException too: the app's handler answers it (413).
        catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return ApiResults.BadRequest("The multipart body ended early.");
        }

        var errors = new ValidationErrors();
        var valid = ReportFields.Validate(fields.GetValueOrDefault("title"), fields.GetValueOrDefault("year"), fields.GetValueOrDefault("visibility"),
            file?.Kind, file?.Size, errors, fields.GetValueOrDefault("kind"));
        if (valid is null)
        {
            return ApiResults.ValidationProblem(errors.ToDictionary());
        }
        await upload.Blob.CommitBlockListAsync(upload.BlockIds, new Azure.Storage.Blobs.Models.CommitBlockListOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = BenchmarkReport.ContentTypeOf(valid.Kind) },
        }, cancellationToken);
        var report = new BenchmarkReport
        {
            Id = upload.Id,
            Title = valid.Title,
            Year = valid.Year,
            Visibility = valid.Visibility,
            Kind = valid.Kind,
            DocumentKind = valid.DocumentKind,
            Size = file!.Size,
            Sha256 = file.Sha256,
            UploadedAt = time.GetUtcNow(),
            FileName = file.FileName ?? "",
            BlobName = upload.Blob.Name,
        };
        await reports.SaveAsync(report, cancellationToken);
        upload.Stored = true;
        return ApiResults.Created($"/api/benchmarking/reports/{upload.Id}/content", ReportResponse.From(report, includeHash: true));
    }

    /// <summary>
    /// Drops whatever was staged or committed under the blob's name. Deleting alone does not reach a blob that
    /// has only uncommitted blocks (it does not exist yet), so an empty block list is committed first, which
    /// discards every uncommitted block. Runs without the request's token: a client gone is the case it is for.
    /// </summary>
    private async Task DiscardAsync(BlockBlobClient blob)
    {
        try
        {
            await blob.CommitBlockListAsync([], cancellationToken: CancellationToken.None);
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            // DiscardStagedUploads removes the blocks once storage answers again; the request's own answer stands.
            LogDiscardFailed(logger, blob.Name, LoggedException.Describe(e));
        }
    }

    /// <summary>Described, not attached: an exception's message may echo what storage was sent.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Staged upload {BlobName} could not be discarded: {Exception}")]
    private static partial void LogDiscardFailed(ILogger logger, string blobName, string exception);

    private async Task<FileUpload> StageAsync(Upload upload, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var sniffer = new ContentSniffer();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BlockSize];
        // A ZIP can only be judged whole (its directory is at the end): it is copied to a file that deletes itself.
        FileStream? archive = null;
        try
        {
            while (true)
            {
                var filled = 0;
                int read;
                while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
                {
                    filled += read;
                }
                if (filled == 0)
                {
                    break;
                }
                if (sniffer.Length + filled > maxBytes)
                {
                    return new FileUpload(sniffer.Length + filled, "", null, TooLarge: true);
                }
                sniffer.Append(buffer.AsSpan(0, filled));
                hash.AppendData(buffer, 0, filled);
                if (sniffer.IsZip)
                {
                    archive ??= new FileStream(Path.Combine(Path.GetTempPath(), "upload-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
                        FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                    await archive.WriteAsync(buffer.AsMemory(0, filled), cancellationToken);
                }
                var blockId = StagedBlockId.Encode(time.GetUtcNow(), upload.BlockIds.Count);
                // Listed before it is staged, so a request that ends mid-block still discards it.
                upload.BlockIds.Add(blockId);
                await upload.Blob.StageBlockAsync(blockId, new MemoryStream(buffer, 0, filled, writable: false), cancellationToken: cancellationToken);
                if (filled < buffer.Length)
                {
                    break;
                }
            }
            if (archive is not null)
            {
                await archive.FlushAsync(cancellationToken);
                archive.Position = 0;
            }
            return new FileUpload(sniffer.Length, Convert.ToHexStringLower(hash.GetHashAndReset()), sniffer.Result(archive), TooLarge: false);
        }
        finally
        {
            if (archive is not null)
            {
                await archive.DisposeAsync();
            }
        }
    }

    /// <summary>The uploader's file name without any path or control characters; used only for Content-Disposition.</summary>
    private static string? SafeFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var last = name.Replace('\\', '/').Split('/').Last();
        var clean = new string(last.Where(c => !char.IsControl(c) && c is not ('"' or ';')).ToArray()).Trim();
        return clean.Length is 0 ? null : clean.Length > 150 ? clean[^150..] : clean;
    }

    /// <summary>One upload's blob and the blocks staged to it; stored once its metadata is saved.</summary>
    private sealed class Upload(string id, BlockBlobClient blob)
    {
        public string Id => id;
        public BlockBlobClient Blob => blob;
        public List<string> BlockIds { get; } = [];
        public bool Stored { get; set; }
    }

    private sealed record FileUpload(long Size, string Sha256, ReportKind? Kind, bool TooLarge)
    {
        public string? FileName { get; init; }
    }
}
