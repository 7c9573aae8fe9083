using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ClustersCord.Functions.Tests.Meetings;

/// <summary>Outcomes after the meeting (the clock moves: a stack of its own), matches from the catalogue, and erasure.</summary>
public sealed class MeetingOutcomeAndErasureTests : IAsyncLifetime
{
    private readonly TestStack _stack = new() { OwnClock = true };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Either_side_tells_how_a_meeting_went_once_it_has_started_and_organisers_see_it()
    {
        var forum = await MeetingForum.CreateAsync(_stack);
        var (anna, _) = await forum.JoinAsync("Anna");
        var (ben, _) = await forum.JoinAsync("Ben");
        var requestId = await forum.AcceptedAsync(anna, ben);
        var outcome = new JsonObject { ["held"] = true, ["topic"] = "Joint Interreg proposal", ["nextStep"] = "Call in March" };

        // Not before it is scheduled, nor before it starts.
        Assert.Equal(HttpStatusCode.Conflict, (await _stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, anna.Registration, $"/meetings/{requestId}/outcome", outcome))).StatusCode);
        await forum.ScheduledAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await _stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, anna.Registration, $"/meetings/{requestId}/outcome", outcome))).StatusCode);
        var missingHeld = await _stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, anna.Registration, $"/meetings/{requestId}/outcome", new JsonObject { ["topic"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, missingHeld.StatusCode);

        _stack.Time.SetUtcNow(TestStack.Start.AddDays(30).AddHours(27));
        var told = await _stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, anna.Registration, $"/meetings/{requestId}/outcome", outcome));
        Assert.Equal(HttpStatusCode.OK, told.StatusCode);
        var noShow = await _stack.Client.SendAsync(MeetingForum.Json(HttpMethod.Put, ben.Registration, $"/meetings/{requestId}/outcome", new JsonObject { ["held"] = false }));
        Assert.Equal(HttpStatusCode.OK, noShow.StatusCode);

        var meeting = Assert.Single((await _stack.Organiser.GetFromJsonAsync<JsonElement>($"/api/manage/events/{forum.EventId}/meetings")).GetProperty("items").EnumerateArray());
        var outcomes = meeting.GetProperty("outcomes").EnumerateArray().ToDictionary(o => o.GetProperty("participantId").GetString()!);
        Assert.True(outcomes[anna.ParticipantId].GetProperty("held").GetBoolean());
        Assert.Equal("Call in March", outcomes[anna.ParticipantId].GetProperty("nextStep").GetString());
        Assert.False(outcomes[ben.ParticipantId].GetProperty("held").GetBoolean());

        // The workbook's list has them too, typed: Anna asked (side A), Ben was asked (side B).
        var xlsx = await _stack.Organiser.GetAsync($"/api/manage/events/{forum.EventId}/meetings.xlsx");
        using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var list = workbook.Worksheet("List");
        var header = list.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        ClosedXML.Excel.IXLCell Cell(string column) => list.Cell(2, header.IndexOf(column) + 1);
        Assert.Equal("Anna Nováková", Cell("name A").GetString());
        Assert.Equal(ClosedXML.Excel.XLDataType.Boolean, Cell("held (A)").DataType);
        Assert.True(Cell("held (A)").GetBoolean());
        Assert.Equal("Joint Interreg proposal", Cell("topic (A)").GetString());
        Assert.Equal("Call in March", Cell("next step (A)").GetString());
        Assert.False(Cell("held (B)").GetBoolean());
        Assert.True(Cell("topic (B)").IsEmpty());
    }

    [Fact]
    public async Task Participants_can_be_ranked_by_how_their_clusters_match_with_the_reasons()
    {
        var mine = await ApprovedClusterAsync("Moravian Health Cluster", offers: ["digital health"], needs: ["market access"]);
        var good = await ApprovedClusterAsync("Vienna Market Cluster", offers: ["market access"], needs: ["digital health"], country: "AT");
        var none = await ApprovedClusterAsync("Unrelated Cluster", offers: ["tourism routes"], needs: ["wine"], sectors: ["tourism"]);
        var forum = await MeetingForum.CreateAsync(_stack);
        var (anna, _) = await forum.JoinAsync("Anna", clusterId: mine);
        await forum.JoinAsync("Zeno", clusterId: good);
        await forum.JoinAsync("Adam", clusterId: none);

        var ranked = await (await forum.Send(anna, HttpMethod.Get, "/meeting-participants?matches=true")).Content.ReadFromJsonAsync<JsonElement>();

        var items = ranked.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(good, items[0].GetProperty("clusterId").GetString());
        Assert.True(items[0].GetProperty("score").GetInt32() > 0);
        Assert.Contains(items[0].GetProperty("reasons").EnumerateArray(), r => r.GetProperty("kind").GetString() == "theyOffer");
        Assert.Equal(0, items[1].GetProperty("score").GetInt32());
        // Without matches: by name, no scores.
        var plain = await (await forum.Send(anna, HttpMethod.Get, "/meeting-participants")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Adam Nováková", plain.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.False(plain.GetProperty("items")[0].TryGetProperty("score", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await forum.Send(anna, HttpMethod.Get, "/meeting-participants?matches=maybe")).StatusCode);
    }

    [Fact]
    public async Task Erasure_blanks_what_the_person_wrote_for_meetings()
    {
        var forum = await MeetingForum.CreateAsync(_stack);
        var marker = "zq" + Guid.NewGuid().ToString("N")[..10];
        var (anna, annaEmail) = await forum.JoinAsync("Anna", offer: marker + " topic");
        var (ben, _) = await forum.JoinAsync("Ben");
        Assert.Equal(HttpStatusCode.Created, (await forum.RequestAsync(anna, ben.ParticipantId, marker + " message")).StatusCode);
        Assert.NotEmpty(await RowsHoldingAsync(forum.EventId, marker));

        var erased = await _stack.Organiser.PostAsJsonAsync("/api/manage/people/erasure", new { email = annaEmail });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Empty(await RowsHoldingAsync(forum.EventId, marker));
        var bens = await (await forum.Send(ben, HttpMethod.Get, "/meeting-requests")).Content.ReadFromJsonAsync<JsonElement>();
        var request = Assert.Single(bens.GetProperty("items").EnumerateArray());
        Assert.Equal("ended", request.GetProperty("state").GetString());
        Assert.Equal("", request.GetProperty("message").GetString());
    }

    private async Task<List<string>> RowsHoldingAsync(string eventId, string marker)
    {
        var table = await _stack.Services.GetRequiredService<StorageTables>().GetAsync(TableNames.Meetings, CancellationToken.None);
        var found = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}")))
        {
            if (((IDictionary<string, object>)row).Values.OfType<string>().Any(v => v.Contains(marker, StringComparison.Ordinal)))
            {
                found.Add(row.RowKey);
            }
        }
        return found;
    }

    private async Task<string> ApprovedClusterAsync(string name, string[] offers, string[] needs, string country = "CZ", string[]? sectors = null)
    {
        var profile = new JsonObject
        {
            ["name"] = name,
            ["country"] = country,
            ["city"] = "Brno",
            ["website"] = "https://cluster.example",
            ["description"] = "A cluster organisation.",
            ["sectors"] = new JsonArray((sectors ?? ["health"]).Select(s => (JsonNode)s).ToArray()),
            ["workingGroups"] = new JsonArray(),
            ["memberCount"] = 40,
            ["memberTypes"] = new JsonArray("companies"),
            ["offers"] = new JsonArray(offers.Select(s => (JsonNode)s).ToArray()),
            ["needs"] = new JsonArray(needs.Select(s => (JsonNode)s).ToArray()),
            ["contact"] = new JsonObject { ["name"] = "Petra Kontaktní", ["email"] = $"contact-{Guid.NewGuid():N}@cluster.example" },
        };
        var response = await _stack.Client.PostAsJsonAsync("/api/clusters", profile);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync($"/api/manage/clusters/{id}/approve", null)).StatusCode);
        return id;
    }
}
