using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Cooperation;

public sealed class CooperationRecordTests : IAsyncLifetime
{
    private readonly TestStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    private static object Record(string title = "Joint training for cluster managers", string[]? partners = null, string dueMonth = "2012-09",
        string status = "planned", string workingGroup = "ict") => new
    {
        workingGroup,
        title,
        partners = partners ?? [],
        nextStep = "Agree on the curriculum at the Stuttgart forum.",
        dueMonth,
        status,
        meetingRequestId = "forum-stuttgart-12",
    };

    private Task<HttpResponseMessage> RecordAsync(ClusterActor actor, object body)
        => _stack.AsAsync(actor, HttpMethod.Post, $"/api/clusters/{actor.Id}/cooperation", body);

    [Fact]
    public async Task A_member_records_for_its_working_group_and_the_work_plan_lists_it_with_names_only()
    {
        var member = await _stack.ApprovedAsync("Moravian ICT Cluster", "CZ");
        var partner = await _stack.ApprovedAsync("Software-Cluster Stuttgart", "DE", workingGroups: ["ict"]);
        var outsider = await _stack.ApprovedAsync("Health Only Cluster", "AT", workingGroups: ["health"]);

        // Not a member of the ICT group: refused, nothing recorded.
        var refused = await (await RecordAsync(outsider, Record())).JsonAsync(HttpStatusCode.Forbidden);
        Assert.EndsWith("/problems/forbidden", refused.GetProperty("type").GetString());

        // Bad input: every field named, nothing recorded.
        var invalid = await (await RecordAsync(member, Record(dueMonth: "2012-13", status: "finished", partners: [member.Id, "no-such-cluster"]))).JsonAsync(HttpStatusCode.BadRequest);
        var errors = invalid.GetProperty("errors");
        Assert.True(errors.TryGetProperty("dueMonth", out _));
        Assert.True(errors.TryGetProperty("status", out _));
        Assert.True(errors.TryGetProperty("partners", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await RecordAsync(member, Record(dueMonth: "September 2012"))).StatusCode);
        Assert.Empty((await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict/work-plan")).GetProperty("items").EnumerateArray());

        var created = await (await RecordAsync(member, Record(partners: [partner.Id]))).JsonAsync(HttpStatusCode.Created);
        await (await RecordAsync(member, Record(title: "Shared booth at CeBIT", dueMonth: "2012-03", status: "ongoing"))).JsonAsync(HttpStatusCode.Created);

        var plan = await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict/work-plan");
        var items = plan.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Shared booth at CeBIT", "Joint training for cluster managers"], items.Select(i => i.GetProperty("title").GetString()));
        var training = items[1];
        Assert.Equal(created.GetProperty("id").GetString(), training.GetProperty("id").GetString());
        Assert.Equal("Moravian ICT Cluster", training.GetProperty("cluster").GetProperty("name").GetString());
        Assert.Equal("Software-Cluster Stuttgart", Assert.Single(training.GetProperty("partners").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("forum-stuttgart-12", training.GetProperty("meetingRequestId").GetString());
        var raw = plan.GetRawText();
        Assert.DoesNotContain(member.Email, raw);
        Assert.DoesNotContain(partner.Email, raw);
        Assert.DoesNotContain("Contact of", raw);
        Assert.Empty((await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/health/work-plan")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Client.GetAsync("/api/working-groups/space/work-plan")).StatusCode);
    }

    [Fact]
    public async Task The_recording_cluster_changes_and_removes_a_record_and_a_partner_only_its_status()
    {
        var member = await _stack.ApprovedAsync("Recording Cluster");
        var partner = await _stack.ApprovedAsync("Partner Cluster");
        var stranger = await _stack.ApprovedAsync("Stranger Cluster");
        var id = (await (await RecordAsync(member, Record(partners: [partner.Id]))).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        string Path(ClusterActor actor) => $"/api/clusters/{actor.Id}/cooperation/{id}";

        // The partner moves the status on; changing the title too is not theirs to do.
        var moved = await (await _stack.AsAsync(partner, HttpMethod.Put, Path(partner), Record(partners: [partner.Id], status: "ongoing"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("ongoing", moved.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await _stack.AsAsync(partner, HttpMethod.Put, Path(partner), Record(title: "Renamed", partners: [partner.Id], status: "done"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _stack.AsAsync(partner, HttpMethod.Delete, Path(partner))).StatusCode);
        // A cluster that is neither finds nothing, even with the right record id.
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.AsAsync(stranger, HttpMethod.Put, Path(stranger), Record(status: "dropped"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.AsAsync(stranger, HttpMethod.Delete, Path(stranger))).StatusCode);

        var renamed = await (await _stack.AsAsync(member, HttpMethod.Put, Path(member), Record(title: "Joint training, second round", partners: [partner.Id], status: "done"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Joint training, second round", renamed.GetProperty("title").GetString());
        var own = await (await _stack.AsAsync(partner, HttpMethod.Get, $"/api/clusters/{partner.Id}/cooperation")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("done", Assert.Single(own.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _stack.AsAsync(member, HttpMethod.Delete, Path(member))).StatusCode);
        Assert.Empty((await _stack.Client.GetFromJsonAsync<JsonElement>("/api/working-groups/ict/work-plan")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Observers_read_the_progress_across_groups_but_write_nothing()
    {
        var member = await _stack.ApprovedAsync("Progress Cluster", workingGroups: ["ict", "health"]);
        await (await RecordAsync(member, Record(status: "done"))).JsonAsync(HttpStatusCode.Created);
        await (await RecordAsync(member, Record(title: "Second", status: "planned"))).JsonAsync(HttpStatusCode.Created);
        await (await RecordAsync(member, Record(title: "Health action", workingGroup: "health", status: "ongoing"))).JsonAsync(HttpStatusCode.Created);
        using var observer = _stack.NewClient();
        observer.DefaultRequestHeaders.Add("x-functions-key", TestStack.ObserverKey);

        var progress = await observer.GetFromJsonAsync<JsonElement>("/api/cooperation/progress");
        var groups = progress.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("workingGroup").GetString()!);
        Assert.Equal(5, groups.Count);
        Assert.Equal(2, groups["ict"].GetProperty("total").GetInt32());
        Assert.Equal(1, groups["ict"].GetProperty("done").GetInt32());
        Assert.Equal(1, groups["ict"].GetProperty("planned").GetInt32());
        Assert.Equal(1, groups["health"].GetProperty("ongoing").GetInt32());
        Assert.Equal(0, groups["food"].GetProperty("total").GetInt32());
        Assert.Equal(progress.GetRawText(), (await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/cooperation")).GetRawText());

        Assert.Equal(HttpStatusCode.Unauthorized, (await _stack.Client.GetAsync("/api/cooperation/progress")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await observer.GetAsync("/api/manage/cooperation")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await observer.PostAsJsonAsync("/api/manage/agreement/signatories",
            new { clusterId = member.Id, signedBy = "Jana Nováková", signedAt = "2012-11-29", place = "Brno" })).StatusCode);
        Assert.Empty((await _stack.Client.GetFromJsonAsync<JsonElement>("/api/agreement")).GetProperty("signatories").EnumerateArray());
    }
}
