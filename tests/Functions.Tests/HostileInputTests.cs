using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests;

/// <summary>
/// A hostile-input corpus against every public route: malformed and deeply nested JSON, wrong types, huge
/// and empty strings, control characters and invalid UTF-8, confusables, OData- and injection-looking text,
/// path traversal, wrong methods and media types, oversized bodies. Each case: no 5xx, a problem+json
/// answer whenever it is refused, and nothing stored.
/// </summary>
public sealed class HostileInputTests(HostileInputTests.Stack stack) : IClassFixture<HostileInputTests.Stack>
{
    public const string EventId = "hostile-forum";

    public sealed class Stack : TestStack
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await this.CreateEventAsync(Api.Forum(capacity: 5), EventId);
        }
    }

    /// <param name="RefusedByServer">
    /// The HTTP server itself refuses the request line (a NUL in the path) before any application code runs;
    /// it answers a bare 400, which is all that can be asked of it.
    /// </param>
    public sealed record Case(string Name, string Method, string Path, string? ContentType = null, byte[]? Body = null, bool RefusedByServer = false)
    {
        public override string ToString() => Name;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Fields of the registration form, each then spoiled in turn. Consent stays off, so nothing may be stored.</summary>
    private static readonly Dictionary<string, object?> BaseForm = new()
    {
        ["firstName"] = "Jana", ["lastName"] = "Nováková", ["email"] = "jana@example.org", ["organisation"] = "Cluster",
        ["country"] = "CZ", ["role"] = "clusterManager", ["consent"] = false,
    };

    private static readonly string[] HostileStrings =
    [
        "", " ", new string('x', 5000), "\u0000", "a\u0001b", "\u202Eevil", "\uD800", "ｊａｎａ＠ｅｘａｍｐｌｅ．ｏｒｇ", "jаna@exаmple.org" /* Cyrillic а */,
        "' or '1' eq '1", "PartitionKey ne ''", "\"; DROP TABLE registrations; --", "<script>alert(1)</script>", "../../etc/passwd",
        "%00", "${jndi:ldap://x}", "{{7*7}}", "=cmd|' /C calc'!A0", "\r\nBcc: victim@example.org", "😀😀😀",
    ];

    private static readonly object?[] WrongTypes = [123, true, new[] { "a" }, new Dictionary<string, object> { ["x"] = 1 }, 1.5e308];

    public static IEnumerable<object[]> Cases()
    {
        var cases = new List<Case>();
        var registrations = $"/api/events/{EventId}/registrations";

        // Malformed JSON bodies.
        foreach (var (name, body) in new (string, string)[]
        {
            ("empty body", ""), ("truncated object", "{\"firstName\":"), ("array", "[]"), ("number", "42"), ("null", "null"),
            ("string", "\"x\""), ("trailing comma", "{\"a\":1,}"), ("single quotes", "{'a':1}"), ("comment", "/* x */ {}"),
            ("duplicate keys", "{\"consent\":true,\"consent\":false}"), ("nan", "{\"memberCount\":NaN}"), ("bom only", "\uFEFF"),
            ("deep arrays", new string('[', 5000) + new string(']', 5000)), ("deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000)),
        })
        {
            cases.Add(new($"registration: {name}", "POST", registrations, "application/json", Utf8(body)));
            cases.Add(new($"cluster: {name}", "POST", "/api/clusters", "application/json", Utf8(body)));
        }

        // Every field of the form spoiled by each hostile string and each wrong type.
        foreach (var field in BaseForm.Keys.Append("sectors").Append("language").Append("website"))
        {
            foreach (var (value, index) in HostileStrings.Select((v, i) => ((object?)v, i)).Concat(WrongTypes.Select((v, i) => (v, 100 + i))))
            {
                // consent = true would make a valid registration: every case must be refused.
                var valid = field == "consent" && value is true;
                if (!valid && (field is "firstName" or "email" or "country" or "sectors" || index < 3 || index >= 100))
                {
                    var form = new Dictionary<string, object?>(BaseForm) { [field] = value };
                    cases.Add(new($"registration: {field} = case {index}", "POST", registrations, "application/json", JsonSerializer.SerializeToUtf8Bytes(form)));
                }
            }
        }

        // Invalid UTF-8 and control bytes.
        foreach (var (name, bytes) in new (string, byte[])[]
        {
            ("invalid utf-8", [.. Utf8("{\"firstName\":\""), 0xC3, 0x28, .. Utf8("\"}")]),
            ("overlong utf-8", [.. Utf8("{\"firstName\":\""), 0xC0, 0xAF, .. Utf8("\"}")]),
            ("lone continuation", [0x80, 0x80]),
            ("nul bytes", [0x00, 0x00, 0x00]),
        })
        {
            cases.Add(new($"registration: {name}", "POST", registrations, "application/json", bytes));
            cases.Add(new($"cluster: {name}", "POST", "/api/clusters", "application/json", bytes));
            cases.Add(new($"form: {name}", "POST", registrations, "application/x-www-form-urlencoded", bytes));
        }

        // Wrong media types and oversized bodies.
        foreach (var mediaType in new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", "image/png", "application/x-www-form-urlencoded" })
        {
            cases.Add(new($"registration as {mediaType}", "POST", registrations, mediaType, Utf8("{\"consent\":false}")));
            cases.Add(new($"cluster as {mediaType}", "POST", "/api/clusters", mediaType, Utf8("{}")));
        }
        cases.Add(new("registration without content type", "POST", registrations, null, Utf8("{}")));
        cases.Add(new("registration body over 64 KiB", "POST", registrations, "application/json", Utf8("{\"firstName\":\"" + new string('x', 70_000) + "\"}")));
        cases.Add(new("cluster body over 64 KiB", "POST", "/api/clusters", "application/json", Utf8("{\"name\":\"" + new string('x', 70_000) + "\"}")));
        cases.Add(new("form body over 64 KiB", "POST", registrations, "application/x-www-form-urlencoded", Utf8("firstName=" + new string('x', 70_000))));

        // Ids with traversal, injection and odd characters on every route that takes one.
        foreach (var id in new[] { "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "x'%20or%20'1'%20eq%20'1", "%00", new string('a', 2000), "UPPER", "a%20b", "%F0%9F%98%80", "con", "-" })
        {
            cases.Add(new($"event {id[..Math.Min(12, id.Length)]}", "GET", $"/api/events/{id}"));
            cases.Add(new($"register for {id[..Math.Min(12, id.Length)]}", "POST", $"/api/events/{id}/registrations", "application/json", Utf8("{\"consent\":true}")));
            cases.Add(new($"registration {id[..Math.Min(12, id.Length)]}", "GET", $"/api/registrations/{id}"));
            cases.Add(new($"cancel {id[..Math.Min(12, id.Length)]}", "DELETE", $"/api/registrations/{id}"));
            cases.Add(new($"calendar {id[..Math.Min(12, id.Length)]}", "GET", $"/api/registrations/{id}/calendar.ics"));
            cases.Add(new($"stop reminders {id[..Math.Min(12, id.Length)]}", "POST", $"/api/registrations/{id}/reminders/stop?token=x"));
            cases.Add(new($"cluster {id[..Math.Min(12, id.Length)]}", "GET", $"/api/clusters/{id}"));
            cases.Add(new($"matches {id[..Math.Min(12, id.Length)]}", "GET", $"/api/clusters/{id}/matches"));
            cases.Add(new($"working group {id[..Math.Min(12, id.Length)]}", "GET", $"/api/working-groups/{id}"));
            cases.Add(new($"report {id[..Math.Min(12, id.Length)]}", "GET", $"/api/benchmarking/reports/{id}/content"));
            cases.Add(new($"benchmark {id[..Math.Min(12, id.Length)]}", "GET", $"/api/benchmarking/clusters/{id}"));
        }

        // Query strings.
        foreach (var query in new[]
        {
            "sector=%27%20or%201%20eq%201", "type=exchangeForum%27", "from=9999-99-99", "to=%00", "sector=" + new string('x', 3000),
        })
        {
            cases.Add(new($"events ?{query[..Math.Min(20, query.Length)]}", "GET", $"/api/events?{query}"));
        }
        foreach (var query in new[]
        {
            "pageSize=-1", "pageSize=1e9", "pageSize=abc", "continuationToken=!!!", "continuationToken=" + new string('A', 4000),
            "sector=ICT", "country=C%C5%BD", "workingGroup=%00", "offers=" + new string('x', 500), "q=" + new string('x', 500),
        })
        {
            cases.Add(new($"clusters ?{query[..Math.Min(20, query.Length)]}", "GET", $"/api/clusters?{query}"));
        }
        foreach (var query in new[] { "year=abc", "year=-1", "year=99999999999", "sector=mining" })
        {
            cases.Add(new($"indicators ?{query}", "GET", $"/api/benchmarking/indicators?{query}"));
            cases.Add(new($"benchmark ?{query}", "GET", $"/api/benchmarking/clusters/alpha?{query}"));
        }

        // Wrong methods.
        foreach (var (method, path) in new[]
        {
            ("PUT", "/api/events"), ("DELETE", "/api/events"), ("PATCH", $"/api/events/{EventId}"), ("POST", "/api/topics"),
            ("PUT", "/api/clusters"), ("DELETE", "/api/working-groups"), ("POST", "/api/benchmarking/reports"), ("PUT", "/api/health"),
            ("GET", registrations), ("DELETE", "/api/benchmarking/indicators"),
        })
        {
            cases.Add(new($"{method} {path}", method, path, "application/json", Utf8("{}")));
        }

        return cases.Select(c => new object[] { c with { RefusedByServer = c.Path.Split('?')[0].Contains("%00", StringComparison.Ordinal) } });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_input_gets_a_clear_answer_and_changes_nothing(Case hostile)
    {
        var before = await StoredAsync();
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Path);
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            request.Content.Headers.ContentType = hostile.ContentType is null ? null : MediaTypeHeaderValue.Parse(hostile.ContentType);
        }

        var response = await stack.Client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{hostile.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (hostile.RefusedByServer)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        else if ((int)response.StatusCode >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
            Assert.DoesNotContain("   at ", problem.ToString());
        }
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public void The_corpus_has_at_least_150_cases() => Assert.True(Cases().Count() >= 150, $"{Cases().Count()} cases");

    private async Task<(int Registrations, int PendingClusters, int Reports)> StoredAsync()
    {
        var registrations = (await stack.AllRegistrationsAsync(EventId)).Count;
        var pending = (await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/manage/clusters?status=pending&pageSize=100")).GetProperty("items").GetArrayLength();
        var reports = (await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports")).GetProperty("items").GetArrayLength();
        return (registrations, pending, reports);
    }
}
