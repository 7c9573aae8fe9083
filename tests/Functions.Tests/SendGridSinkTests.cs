using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClustersCord.Domain.Email;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>The local SendGrid sink refuses what SendGrid refuses, and the real client reaches it.</summary>
public sealed class SendGridSinkTests(TestStack stack) : IClassFixture<TestStack>
{
    private static JsonObject ValidRequest(int personalizations = 1) => new()
    {
        ["from"] = new JsonObject { ["email"] = "programme@clusterscord.example" },
        ["subject"] = "Hello",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text/plain", ["value"] = "Hi" }),
        ["personalizations"] = new JsonArray(Enumerable.Range(0, personalizations)
            .Select(i => (JsonNode)new JsonObject { ["to"] = new JsonArray(new JsonObject { ["email"] = $"p{i}@example.org" }) })
            .ToArray()),
    };

    private async Task<HttpResponseMessage> PostAsync(string body, bool authorized = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/mail/send")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (authorized)
        {
            request.Headers.Add("Authorization", "Bearer key");
        }
        return await stack.Client.SendAsync(request);
    }

    [Fact]
    public async Task Accepts_a_valid_request_with_202()
    {
        var response = await PostAsync(ValidRequest().ToJsonString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Refuses_a_request_without_an_api_key()
    {
        var response = await PostAsync(ValidRequest().ToJsonString(), authorized: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string> InvalidRequests()
    {
        var noFrom = ValidRequest(); noFrom.Remove("from");
        var noPersonalizations = ValidRequest(); noPersonalizations["personalizations"] = new JsonArray();
        var noContent = ValidRequest(); noContent.Remove("content");
        var tooMany = ValidRequest(1001);
        var duplicate = ValidRequest(2);
        duplicate["personalizations"]![1]!["to"]![0]!["email"] = "P0@example.org";
        var tooManyRecipients = ValidRequest(1);
        tooManyRecipients["personalizations"]![0]!["bcc"] = new JsonArray(Enumerable.Range(0, 1000)
            .Select(i => (JsonNode)new JsonObject { ["email"] = $"b{i}@example.org" }).ToArray());
        return new TheoryData<string>(
            noFrom.ToJsonString(), noPersonalizations.ToJsonString(), noContent.ToJsonString(),
            tooMany.ToJsonString(), duplicate.ToJsonString(), tooManyRecipients.ToJsonString(), "{ not json");
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Refuses_what_SendGrid_refuses_with_400_and_keeps_nothing(string body)
    {
        var before = (await stack.OutboxRequestsAsync()).Count;

        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotEqual(0, errors.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal(before, (await stack.OutboxRequestsAsync()).Count);
    }

    [Fact]
    public async Task Refuses_a_request_over_30_MB()
    {
        var request = ValidRequest();
        request["content"]![0]!["value"] = new string('x', 30 * 1024 * 1024 + 1);

        var response = await PostAsync(request.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_real_SendGrid_client_delivers_one_personalization_per_recipient_with_their_own_values()
    {
        var sender = stack.Services.GetRequiredService<IEmailSender>();
        var recipients = Enumerable.Range(0, 2500)
            .Select(i => new EmailRecipient($"person{i}@sender-test.example", $"Person {i}", new Dictionary<string, string> { ["link"] = $"L{i}" }))
            .ToArray();
        var message = new EmailMessage("Subject {{link}}", "<p>{{link}}</p>", "{{link}}", recipients, Category: "sender-test");

        var outcome = await sender.SendAsync(message, CancellationToken.None);

        Assert.True(outcome.AllAccepted);
        var requests = (await stack.OutboxRequestsAsync())
            .Where(r => r.TryGetProperty("categories", out var c) && c[0].GetString() == "sender-test").ToArray();
        Assert.Equal(3, requests.Length);
        var personalizations = requests.SelectMany(r => r.GetProperty("personalizations").EnumerateArray()).ToArray();
        Assert.Equal(2500, personalizations.Length);
        Assert.All(personalizations, p => Assert.Equal(1, p.GetProperty("to").GetArrayLength()));
        var sample = personalizations.Single(p => p.GetProperty("to")[0].GetProperty("email").GetString() == "person7@sender-test.example");
        Assert.Equal("L7", sample.GetProperty("substitutions").GetProperty("{{link}}").GetString());
    }

    [Fact]
    public async Task The_sender_retries_429_and_500_and_then_succeeds()
    {
        var sender = stack.Services.GetRequiredService<IEmailSender>();
        stack.SinkFaults.Enqueue(HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError);
        var message = new EmailMessage("Retry", "<p>x</p>", "x", [new EmailRecipient("retry@sender-test.example", null)], Category: "retry-test");

        var outcome = await sender.SendAsync(message, CancellationToken.None);

        Assert.True(outcome.AllAccepted);
        var delivered = (await stack.OutboxRequestsAsync())
            .Count(r => r.TryGetProperty("categories", out var c) && c[0].GetString() == "retry-test");
        Assert.Equal(1, delivered);
    }

    [Fact]
    public async Task The_sender_reports_a_permanent_refusal_per_recipient()
    {
        var sender = stack.Services.GetRequiredService<IEmailSender>();
        var message = new EmailMessage("", "", "", [new EmailRecipient("nobody-at-all", null)]);

        var outcome = await sender.SendAsync(message, CancellationToken.None);

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal(DeliveryStatus.Refused, recipient.Status);
        Assert.Contains("400", recipient.Reason);
    }
}
