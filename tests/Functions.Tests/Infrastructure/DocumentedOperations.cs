using System.Text.Json;
using System.Text.RegularExpressions;

namespace ClustersCord.Functions.Tests.Infrastructure;

/// <summary>One operation of docs/openapi.json: its id, method and path template (under the <c>/api</c> prefix).</summary>
public sealed record DocumentedOperation(string OperationId, string Method, string PathTemplate)
{
    public override string ToString() => $"{OperationId} ({Method} /api{PathTemplate})";
}

/// <summary>
/// Which operation of docs/openapi.json a request went to, only to name it in a failure: the checking itself is
/// Prism's (<see cref="ContractCheck"/>). Literal paths win over templated ones, as in OpenAPI.
/// </summary>
public static class DocumentedOperations
{
    public const string ApiPrefix = "/api";

    private static readonly Lazy<IReadOnlyList<(DocumentedOperation Operation, Regex Path)>> All = new(Load);

    public static DocumentedOperation? Find(HttpMethod method, Uri uri)
    {
        var path = uri.AbsolutePath;
        if (!path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal))
        {
            return null;
        }
        path = path[ApiPrefix.Length..];
        return All.Value.FirstOrDefault(o => o.Operation.Method == method.Method.ToUpperInvariant() && o.Path.IsMatch(path)).Operation;
    }

    private static IReadOnlyList<(DocumentedOperation, Regex)> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "openapi.json")));
        var operations = new List<(DocumentedOperation Operation, Regex Path, int Parameters)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(path.Name), @"\\\{[^}]+}", "[^/]+") + "$";
            var parameters = path.Name.Count(c => c == '{');
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _)))
            {
                operations.Add((new DocumentedOperation(operation.Value.GetProperty("operationId").GetString()!, operation.Name.ToUpperInvariant(), path.Name),
                    new Regex(pattern, RegexOptions.CultureInvariant), parameters));
            }
        }
        return operations.OrderBy(o => o.Parameters).Select(o => (o.Operation, o.Path)).ToArray();
    }
}
