using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Cooperation;

public sealed class CooperationErasureTests : IAsyncLifetime
{
    private readonly TestStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Erasure_reaches_introduction_messages_contact_copies_and_who_signed()
    {
        var asker = await _stack.ApprovedAsync("Erased Asker");
        var invited = await _stack.ApprovedAsync("Invited Partner");
        var other = await _stack.ApprovedAsync("Still Pending Partner");
        var accepted = (await (await _stack.AsAsync(asker, HttpMethod.Post, $"/api/clusters/{asker.Id}/introductions",
            new { to = invited.Id, message = "My mobile is +420 777 123 456." })).JsonAsync(HttpStatusCode.Created)).GetProperty("introductionId").GetString();
        await (await _stack.AsAsync(asker, HttpMethod.Post, $"/api/clusters/{asker.Id}/introductions",
            new { to = other.Id, message = "Call me on +420 777 123 456." })).JsonAsync(HttpStatusCode.Created);
        await (await _stack.AsAsync(invited, HttpMethod.Post, $"/api/clusters/{invited.Id}/introductions/{accepted}/accept")).JsonAsync(HttpStatusCode.OK);
        await (await _stack.Organiser.PostAsJsonAsync("/api/manage/agreement/signatories",
            new { clusterId = asker.Id, signedBy = "Erika Erased", signedAt = "2012-11-29", place = "Stuttgart" })).JsonAsync(HttpStatusCode.Created);
        await _stack.DeliverEmailsAsync();

        var report = await (await _stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = asker.Email.ToUpperInvariant() })).JsonAsync(HttpStatusCode.OK);
        var erased = report.GetProperty("erased");
        Assert.Equal(2, erased.GetProperty("introductionMessages").GetInt32());
        Assert.Equal(1, erased.GetProperty("introductionContacts").GetInt32());
        Assert.Equal(1, erased.GetProperty("signatories").GetInt32());

        // The partners keep the introductions, but neither the message nor the erased person's contact.
        foreach (var partner in new[] { invited, other })
        {
            var list = await (await _stack.AsAsync(partner, HttpMethod.Get, $"/api/clusters/{partner.Id}/introductions")).JsonAsync(HttpStatusCode.OK);
            var item = Assert.Single(list.GetProperty("items").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("message").ValueKind);
            Assert.Equal(JsonValueKind.Null, item.GetProperty("contact").ValueKind);
            Assert.DoesNotContain("777 123 456", list.GetRawText());
            Assert.DoesNotContain(asker.Email, list.GetRawText());
        }
        // The signature stands; the name of who signed is gone from storage.
        Assert.Single((await _stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement")).GetProperty("signatories").EnumerateArray());
        var table = await _stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Agreement, CancellationToken.None);
        var row = (await table.GetEntityAsync<TableEntity>("signatory", asker.Id)).Value;
        Assert.DoesNotContain("Erika", row.GetString("Json"));
        var introductions = await _stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Introductions, CancellationToken.None);
        await foreach (var stored in introductions.QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain("777 123 456", stored.GetString("Json"));
            Assert.DoesNotContain(asker.Email, stored.GetString("Json"), StringComparison.OrdinalIgnoreCase);
        }
    }
}
