using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// Text typed by registrants, organisers and clusters reaches the emails as data: never a template, never a
/// placeholder that the provider fills, never markup, and never a second header line. Read in the mail-send
/// requests the local SendGrid sink received, filled as the outbox fills them.
/// </summary>
public sealed class TypedTextInEmailsTests : IAsyncLifetime
{
    private readonly TestStack _stack = new() { OwnClock = true };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    /// <summary>Liquid, real placeholder names, text slots and markup, tagged with the field (at most 100 characters).</summary>
    private static string Hostile(string field)
        => $"{field}{{{{firstName}}}}{{{{manageUrl}}}}{{{{ 7 }}}}{{% if 1 %}}I{{% endif %}}{{position}}<a href=\"//e.x/{field}\">x</a><script>";

    [Fact]
    public async Task Confirmation_waiting_list_promotion_and_reminder_emails_carry_every_typed_field_as_typed()
    {
        var forum = Api.Forum(capacity: 1);
        forum["title"] = new JsonObject { ["en"] = Hostile("ten"), ["de"] = Hostile("tde"), ["cs"] = Hostile("tcs") };
        forum["city"] = Hostile("ci");
        forum["venue"] = Hostile("venue");
        var eventId = await _stack.CreateEventAsync(forum);
        var (first, second) = ($"first-{Guid.NewGuid():N}@example.cz", $"second-{Guid.NewGuid():N}@example.cz");
        await _stack.RegisteredAsync(eventId, Person(first, "en"));
        await _stack.RegisteredAsync(eventId, Person(second, "de"));

        var (_, confirmation) = await OneEmailAsync(first, "registration-confirmed");
        AssertTyped(confirmation, "ten", "ci", "venue", "fn");
        var (waitlistedRequest, waitlisted) = await OneEmailAsync(second, "registration-waitlisted");
        AssertTyped(waitlisted, "tde", "ci", "venue", "fn");
        Assert.Contains("1", waitlisted.Text.Replace(Hostile("tde"), "", StringComparison.Ordinal));
        Assert.Equal(Hostile("fn") + " " + Hostile("ln"), waitlistedRequest.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("name").GetString());

        forum["capacity"] = 2; // raising the capacity promotes the first waiting
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PutAsJsonAsync($"/api/manage/events/{eventId}", forum)).StatusCode);
        var (_, promoted) = await OneEmailAsync(second, "registration-promoted");
        AssertTyped(promoted, "tde", "ci", "venue", "fn");

        _stack.Time.SetUtcNow(TestStack.Start.AddDays(25.5));
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).StatusCode);
        var (_, reminder) = await OneEmailAsync(second, "registration-reminder");
        AssertTyped(reminder, "tde", "ci", "venue", "fn");
    }

    [Theory]
    [InlineData("approve", "catalogue-approved")]
    [InlineData("reject", "catalogue-rejected")]
    public async Task Cluster_decision_emails_carry_the_cluster_and_contact_names_as_typed(string decision, string category)
    {
        var contact = $"contact-{Guid.NewGuid():N}@cluster.example";
        var profile = new JsonObject
        {
            ["name"] = Hostile("cluster") + "{{name}}{{nameHtml}}", ["country"] = "CZ", ["description"] = "A cluster.",
            ["sectors"] = new JsonArray("ict"), ["memberCount"] = 20, ["memberTypes"] = new JsonArray("companies"),
            ["contact"] = new JsonObject { ["name"] = Hostile("contact"), ["email"] = contact },
        };
        var submitted = await _stack.Client.PostAsJsonAsync("/api/clusters", profile);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync($"/api/manage/clusters/{id}/{decision}", null)).StatusCode);

        var (request, email) = await OneEmailAsync(contact, category);
        Assert.Contains(Hostile("cluster") + "{{name}}{{nameHtml}}", email.Text);
        AssertTyped(email, "cluster", "contact");
        Assert.Equal(Hostile("contact"), request.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("\r\nBcc: victim@example.org")]
    [InlineData("\n")]
    [InlineData("\u2028")]
    public async Task Values_that_reach_a_header_are_refused_with_a_line_break_and_nothing_is_stored(string lineBreak)
    {
        var forum = Api.Forum();
        forum["title"] = new JsonObject { ["en"] = "Forum", ["de"] = "Forum" + lineBreak + "Linz" };
        var eventResponse = await _stack.Organiser.PutAsJsonAsync("/api/manage/events/forum-multiline", forum);
        await AssertProblemAsync(eventResponse, "title.de");
        Assert.Equal(HttpStatusCode.NotFound, (await _stack.Client.GetAsync("/api/events/forum-multiline")).StatusCode);

        var eventId = await _stack.CreateEventAsync();
        var person = Person($"p-{Guid.NewGuid():N}@example.cz", "en");
        person["firstName"] = "Jana" + lineBreak + "X";
        person["lastName"] = "Nováková" + lineBreak + "X";
        var registration = await _stack.RegisterAsync(eventId, person);
        await AssertProblemAsync(registration, "firstName", "lastName");
        Assert.Empty(await _stack.AllRegistrationsAsync(eventId));

        var cluster = new JsonObject
        {
            ["name"] = "Cluster" + lineBreak + "X", ["country"] = "CZ", ["description"] = "A cluster.", ["sectors"] = new JsonArray("ict"),
            ["memberCount"] = 20, ["memberTypes"] = new JsonArray("companies"),
            ["contact"] = new JsonObject { ["name"] = "Petra" + lineBreak + "X", ["email"] = "petra@cluster.example" },
        };
        await AssertProblemAsync(await _stack.Client.PostAsJsonAsync("/api/clusters", cluster), "name", "contact.name");
        var pending = await _stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/clusters?status=pending");
        Assert.Empty(pending.GetProperty("items").EnumerateArray());
    }

    private static JsonObject Person(string email, string language)
    {
        var person = Api.Person(email, Hostile("fn"), language);
        person["lastName"] = Hostile("ln");
        person["organisation"] = Hostile("org");
        return person;
    }

    private static void AssertTyped((string Subject, string Text, string Html) email, params string[] fields)
    {
        Assert.DoesNotContain('\n', email.Subject);
        foreach (var field in fields)
        {
            Assert.Contains(Hostile(field), email.Text);
            Assert.DoesNotContain($"<a href=\"//e.x/{field}\"", email.Html);
            Assert.Contains($"&lt;a href=&quot;//e.x/{field}&quot;&gt;x&lt;/a&gt;&lt;script&gt;", email.Html);
        }
        Assert.DoesNotContain("<script>", email.Html);
        if (fields[0].StartsWith('t'))
        {
            Assert.Contains(Hostile(fields[0]), email.Subject);
        }
    }

    private async Task<(JsonElement Request, (string Subject, string Text, string Html) Email)> OneEmailAsync(string address, string category)
    {
        var (request, personalization) = Assert.Single(await _stack.EmailsToAsync(address),
            e => e.Request.GetProperty("categories")[0].GetString() == category);
        return (request, Mail.Filled(request, personalization));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out _), field + " in " + errors);
        }
    }
}
