using System.Net;
using System.Text;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// The organiser routes are anonymous at the Functions host (its key check would refuse a signed-in organiser),
/// so the app's own gate is all that stands before them: every documented <c>/api/manage</c> operation,
/// including ones added later, must refuse a caller without the organiser key, whatever else it presents.
/// </summary>
public sealed class ManageGateTests(TestStack stack) : IClassFixture<TestStack>
{
    public static TheoryData<string, string> ManageOperations()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "openapi.json")));
        var data = new TheoryData<string, string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/manage/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _)))
            {
                data.Add(operation.Name.ToUpperInvariant(), path.Name);
            }
        }
        return data;
    }

    /// <summary>What a forged App Service sign-in would claim: the Organiser role. Locally the header is not trusted.</summary>
    private static string ForgedOrganiserPrincipal() => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        """{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{"typ":"name","val":"Mallory"},{"typ":"roles","val":"Organiser"}]}"""));

    [Theory]
    [MemberData(nameof(ManageOperations))]
    public async Task Every_organiser_operation_refuses_callers_without_the_organiser_key(string method, string pathTemplate)
    {
        var path = "/api" + System.Text.RegularExpressions.Regex.Replace(pathTemplate, @"\{[^}]+}", "gate-test");
        var attempts = new (string What, Action<HttpRequestMessage> Present)[]
        {
            ("no key", _ => { }),
            ("a wrong key", r => r.Headers.Add("x-functions-key", TestStack.OrganiserKey + "x")),
            ("the observer key", r => r.Headers.Add("x-functions-key", TestStack.ObserverKey)),
            ("a forged sign-in", r => r.Headers.Add("X-MS-CLIENT-PRINCIPAL", ForgedOrganiserPrincipal())),
        };
        foreach (var (what, present) in attempts)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }
            present(request);

            using var response = await stack.Client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pathTemplate} with {what}: {(int)response.StatusCode}");
        }
    }
}
