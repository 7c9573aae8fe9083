using System.Globalization;
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
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ClustersCord.Functions.Benchmarking;

/// <summary>
/// Takes a multipart report upload and streams the file to Blob Storage as staged blocks of 4 MiB while
/// hashing it and checking its bytes, so no more than one block is ever in memory. The blob is
/// committed only when the file is within the size limit, is a PDF, XLSX or CSV by its content, and the
/// other fields are valid; otherwise the staged blocks are never committed and nothing is stored.
/// </summary>
public sealed class ReportUploads(StorageContainers containers, IReportStore reports, IOptions<BenchmarkingOptions> options, TimeProvider time)
{
    private const int BlockSize = 4 * 1024 * 1024;

    public async Task<IActionResult> UploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxUploadBytes;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return ApiResults.Problem(415, "Unsupported Media Type", "Send multipart/form-data with the fields file, title, year and visibility.");
        }
        if (request.ContentLength > maxBytes + 64 * 1024)
        {
            return ApiResults.PayloadTooLarge(maxBytes);
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var blobName = $"reports/{id}";
        var container = await containers.GetAsync(ContainerNames.Documents, cancellationToken);
        var blob = container.GetBlockBlobClient(blobName);
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
                    file = await StageAsync(blob, section.Body, maxBytes, cancellationToken);
                    file = file with { FileName = SafeFileName(disposition.FileNameStar.Value ?? disposition.FileName.Value) };
                    if (file.TooLarge)
                    {
                        return ApiResults.PayloadTooLarge(maxBytes);
                    }
                }
                else if (name is "title" or "year" or "visibility")
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
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiResults.BadRequest("The multipart body ended early.");
        }

        var errors = new ValidationErrors();
        var valid = ReportFields.Validate(fields.GetValueOrDefault("title"), fields.GetValueOrDefault("year"), fields.GetValueOrDefault("visibility"),
            file?.Kind, file?.Size, errors);
        if (valid is null)
        {
            return ApiResults.ValidationProblem(errors.ToDictionary());
        }
        await blob.CommitBlockListAsync(file!.BlockIds, new Azure.Storage.Blobs.Models.CommitBlockListOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = BenchmarkReport.ContentTypeOf(valid.Kind) },
        }, cancellationToken);
        var report = new BenchmarkReport
        {
            Id = id,
            Title = valid.Title,
            Year = valid.Year,
            Visibility = valid.Visibility,
            Kind = valid.Kind,
            Size = file.Size,
            Sha256 = file.Sha256,
            UploadedAt = time.GetUtcNow(),
            FileName = file.FileName ?? $"report-{id}.{valid.Kind.ToString().ToLowerInvariant()}",
            BlobName = blobName,
        };
        await reports.SaveAsync(report, cancellationToken);
        return ApiResults.Created($"/api/benchmarking/reports/{id}/content", ReportResponse.From(report, includeHash: true));
    }

    private static async Task<FileUpload> StageAsync(BlockBlobClient blob, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var sniffer = new ContentSniffer();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var blockIds = new List<string>();
        var buffer = new byte[BlockSize];
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
                return new FileUpload([], sniffer.Length + filled, "", null, TooLarge: true);
            }
            sniffer.Append(buffer.AsSpan(0, filled));
            hash.AppendData(buffer, 0, filled);
            var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(blockIds.Count.ToString("D8", CultureInfo.InvariantCulture)));
            await blob.StageBlockAsync(blockId, new MemoryStream(buffer, 0, filled, writable: false), cancellationToken: cancellationToken);
            blockIds.Add(blockId);
            if (filled < buffer.Length)
            {
                break;
            }
        }
        return new FileUpload(blockIds, sniffer.Length, Convert.ToHexStringLower(hash.GetHashAndReset()), sniffer.Result(), TooLarge: false);
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

    private sealed record FileUpload(IReadOnlyList<string> BlockIds, long Size, string Sha256, ReportKind? Kind, bool TooLarge)
    {
        public string? FileName { get; init; }
    }
}
