using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ClustersCord.Domain.Benchmarking;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using static ClustersCord.Functions.Tests.Trust.BenchmarkingFixtures;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// Issue 13, point 6 re-tested: an upload whose staged blocks could not be discarded (storage stalled as it
/// failed) is removed by DiscardStagedUploads once older than the grace; uploads still arriving and stored
/// reports are not touched.
/// </summary>
public sealed class StagedUploadSweepTests : IAsyncLifetime
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private readonly TestStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    /// <summary>Blocks staged as an upload that could not be discarded leaves them: ids carrying the time, never committed.</summary>
    private async Task StageAsync(string name, int blocks = 2)
    {
        var container = await _stack.Services.GetRequiredService<StorageContainers>().GetAsync(ContainerNames.Documents, CancellationToken.None);
        var blob = container.GetBlockBlobClient(name);
        for (var i = 0; i < blocks; i++)
        {
            await blob.StageBlockAsync(StagedBlockId.Encode(_stack.Time.GetUtcNow(), i), new MemoryStream(new byte[1024]));
        }
    }

    private async Task SweepAsync()
    {
        var response = await _stack.Organiser.PostAsync("/admin/functions/DiscardStagedUploads?wait=true", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Abandoned_staged_uploads_go_after_the_grace_and_nothing_else_does()
    {
        var report = await UploadAsync(_stack, "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"u8.ToArray(), "kept.pdf", "application/pdf");
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        var reportId = (await report.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await StageAsync("reports/abandoned");
        _stack.Time.Advance(Grace + TimeSpan.FromMinutes(1));
        await StageAsync("reports/arriving");

        await SweepAsync();

        var left = await AllBlobsAsync(_stack);
        Assert.DoesNotContain("reports/abandoned", left);
        Assert.Contains("reports/arriving", left);
        var download = await _stack.Client.GetAsync($"/api/benchmarking/reports/{reportId}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("%PDF-1.4", await download.Content.ReadAsStringAsync());

        _stack.Time.Advance(Grace + TimeSpan.FromMinutes(1));
        await SweepAsync();

        Assert.Equal([$"reports/{reportId}"], await AllBlobsAsync(_stack));
    }

    [Fact]
    public async Task A_blob_with_a_block_newer_than_the_grace_is_kept()
    {
        await StageAsync("reports/slow", blocks: 1);
        _stack.Time.Advance(Grace + TimeSpan.FromMinutes(1));
        var container = await _stack.Services.GetRequiredService<StorageContainers>().GetAsync(ContainerNames.Documents, CancellationToken.None);
        await container.GetBlockBlobClient("reports/slow").StageBlockAsync(StagedBlockId.Encode(_stack.Time.GetUtcNow(), 1), new MemoryStream(new byte[16]));

        await SweepAsync();

        Assert.Contains("reports/slow", await AllBlobsAsync(_stack));
    }

    [Fact]
    public async Task An_upload_stages_its_blocks_with_the_time_they_were_staged()
    {
        var body = new HeldBody();
        var sending = _stack.Organiser.PostAsync("/api/manage/benchmarking/reports", Form(body, "slow.pdf"));
        var container = await _stack.Services.GetRequiredService<StorageContainers>().GetAsync(ContainerNames.Documents, CancellationToken.None);
        BlockList? blocks = null;
        for (var i = 0; i < 400 && blocks is null; i++)
        {
            await Task.Delay(50);
            if ((await AllBlobsAsync(_stack)).FirstOrDefault() is { } name)
            {
                blocks = await container.GetBlockBlobClient(name).GetBlockListAsync(BlockListTypes.Uncommitted);
            }
        }
        body.Release();
        await sending;

        Assert.NotNull(blocks);
        Assert.All(blocks.UncommittedBlocks, b => Assert.Equal(_stack.Time.GetUtcNow(), StagedBlockId.StagedAt(b.Name)));
    }

    /// <summary>Five MiB of a PDF that is never finished, held open until released.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("%PDF-1.4\n"u8.ToArray());
            await stream.WriteAsync(new byte[5 * 1024 * 1024]);
            await stream.FlushAsync();
            await _release.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
