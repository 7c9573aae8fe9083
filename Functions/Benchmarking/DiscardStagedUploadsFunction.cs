using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Functions.Composition;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Benchmarking;

/// <summary>
/// Hourly: removes report uploads that were staged but never committed and could not be discarded when
/// their request ended (storage stalled just then). A report blob with only uncommitted blocks, every one
/// staged longer ago than <see cref="BenchmarkingOptions.StagedUploadGrace"/> (read from its block id,
/// <see cref="StagedBlockId"/>), is an abandoned upload; one with a newer block, or with ids of another
/// form, is left alone (storage drops those within a week anyway). The empty commit that drops the blocks
/// is made only if the blob still does not exist, and the delete only of what that commit made, so a
/// report committed in between is never touched.
/// </summary>
public sealed partial class DiscardStagedUploadsFunction(
    StorageContainers containers, IOptions<BenchmarkingOptions> options, TimeProvider time, ILogger<DiscardStagedUploadsFunction> logger)
{
    public const string Prefix = "reports/";

    [Function("DiscardStagedUploads")]
    public async Task Run([TimerTrigger("%Benchmarking:StagedUploadSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var container = await containers.GetAsync(ContainerNames.Documents, cancellationToken);
        var stagedBefore = time.GetUtcNow() - options.Value.StagedUploadGrace;
        int discarded = 0, kept = 0, failed = 0;
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { States = BlobStates.Uncommitted, Prefix = Prefix }, cancellationToken))
        {
            var blob = container.GetBlockBlobClient(item.Name);
            try
            {
                BlockList blocks = await blob.GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken);
                if (blocks.CommittedBlocks.Any() || !blocks.UncommittedBlocks.Any())
                {
                    continue; // a stored report
                }
                if (!blocks.UncommittedBlocks.All(b => StagedBlockId.StagedAt(b.Name) is { } stagedAt && stagedAt < stagedBefore))
                {
                    kept++;
                    continue;
                }
                await DiscardAsync(blob, cancellationToken);
                discarded++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // Committed, discarded or deleted by someone else between the listing and now.
                kept++;
            }
            catch (RequestFailedException e)
            {
                // One blob storage will not take now never stops the rest; the next run tries again.
                failed++;
                LogFailed(item.Name, LoggedException.Describe(e));
            }
        }
        LogRun(timer.IsPastDue, discarded, kept, failed);
    }

    private static async Task DiscardAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        // Committing an empty list drops every uncommitted block; If-None-Match: * makes it fail on a blob that exists.
        var committed = await blob.CommitBlockListAsync([], new CommitBlockListOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, cancellationToken);
        await blob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = committed.Value.ETag }, cancellationToken: cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DiscardStagedUploads could not discard {BlobName}: {Exception}; a later run tries again")]
    private partial void LogFailed(string blobName, string exception);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "DiscardStagedUploads (past due: {IsPastDue}): {Discarded} abandoned uploads discarded, {Kept} staged uploads kept, {Failed} to retry")]
    private partial void LogRun(bool isPastDue, int discarded, int kept, int failed);
}
