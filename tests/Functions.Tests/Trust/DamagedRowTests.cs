using System.Net;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// One registration row that does not read (a date stored as text, as a hand edit or a bug would leave it)
/// stops nothing for the others: the organisers' list and export answer, and the event's reminders reach
/// everyone else.
/// </summary>
public sealed class DamagedRowTests : IAsyncLifetime
{
    private readonly TestStack _stack = new() { OwnClock = true };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task A_damaged_registration_row_stops_neither_the_list_nor_the_export_nor_the_reminders_of_the_others()
    {
        var eventId = await _stack.CreateEventAsync(Api.Forum(capacity: 10));
        var emails = new[] { $"damaged-one-{eventId}@example.org", $"damaged-two-{eventId}@example.org" };
        foreach (var email in emails)
        {
            await _stack.RegisteredAsync(eventId, Api.Person(email));
        }
        var table = new TableClient((await Azurite.GetAsync()).ConnectionString, _stack.NamePrefix + TableNames.Registrations);
        var good = table.Query<TableEntity>(e => e.PartitionKey == eventId).First(e => e.RowKey.StartsWith("r-", StringComparison.Ordinal));
        var damaged = new TableEntity(good) { RowKey = "r-0damaged0row0", ["RegisteredAt"] = "not a date", ["Id"] = eventId + "~0damaged0row0" };
        await table.AddEntityAsync(damaged);

        var list = await _stack.AllRegistrationsAsync(eventId);
        Assert.Equal(emails.Order(), list.Select(r => r.GetProperty("email").GetString()!).Order());
        var csv = await _stack.Organiser.GetAsync($"/api/manage/events/{eventId}/registrations.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var exported = await csv.Content.ReadAsStringAsync();
        Assert.All(emails, email => Assert.Contains(email, exported));

        _stack.Time.SetUtcNow(TestStack.Start.AddDays(23.5));
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).StatusCode);
        foreach (var email in emails)
        {
            Assert.Contains(await _stack.EmailsToAsync(email), e => e.Request.GetProperty("subject").GetString()!.StartsWith("Reminder", StringComparison.Ordinal));
        }
    }
}
