using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClustersCord.Functions.Http;
using ClustersCord.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ClustersCord.Functions.Tests.Failures;

/// <summary>
/// The host's request body limit comes from <c>Benchmarking:MaxUploadBytes</c> (as the worker's Kestrel in
/// Azure, which would otherwise stop at 30,000,000 bytes), so an upload that works locally works there.
/// </summary>
public sealed class RequestBodyLimitTests
{
    private static MultipartFormDataContent Upload(HttpContent file, string fileName, params (string Name, HttpContent Content)[] extra)
    {
        var content = new MultipartFormDataContent();
        content.Add(new StringContent("Benchmarking report 2011"), "title");
        content.Add(new StringContent("2011"), "year");
        content.Add(new StringContent("public"), "visibility");
        foreach (var (name, part) in extra)
        {
            content.Add(part, name);
        }
        content.Add(file, "file", fileName);
        return content;
    }

    [Fact]
    public async Task A_40_MB_csv_report_is_stored_whole()
    {
        var stack = new TestStack();
        await stack.InitializeAsync();
        try
        {
            var csv = new StringBuilder("cluster,year,members\n");
            for (var i = 0; csv.Length < 40_000_000; i++)
            {
                csv.Append("cluster-").Append(i).Append(",2011,").Append(i % 997).Append('\n');
            }
            var bytes = Encoding.UTF8.GetBytes(csv.ToString());
            Assert.True(bytes.Length > 40_000_000);

            using var response = await stack.Organiser.PostAsync("/api/manage/benchmarking/reports",
                Upload(new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "indicators.csv"));

            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var report = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(bytes.Length, report.GetProperty("size").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), report.GetProperty("sha256").GetString());
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_hosts_body_limit_is_the_largest_upload_and_its_envelope()
    {
        var stack = new TestStack { ExtraSettings = new Dictionary<string, string?> { ["Benchmarking:MaxUploadBytes"] = "40000000" } };
        await stack.InitializeAsync();
        try
        {
            var kestrel = stack.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
            Assert.Equal(40_000_000 + RequestBodyLimit.MultipartAllowance, kestrel.Limits.MaxRequestBodySize);
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    /// <summary>
    /// A body without a length that grows past the limit in parts the upload skips: only the host's limit
    /// stops it, and the answer is the app's 413 problem (not a 400, not an empty answer), with nothing stored.
    /// </summary>
    [Fact]
    public async Task A_streamed_body_over_the_hosts_limit_is_a_413_problem_and_nothing_is_stored()
    {
        const int limit = 1024 * 1024;
        var stack = new TestStack { ExtraSettings = new Dictionary<string, string?> { ["Benchmarking:MaxUploadBytes"] = limit.ToString() } };
        await stack.InitializeAsync();
        try
        {
            var padding = new StreamContent(new MemoryStream(new byte[3 * limit]));
            var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
            var content = Upload(new ByteArrayContent(pdf) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "report.pdf",
                ("notes", padding));
            // Sent chunked: no Content-Length for the app to refuse before reading.
            var streamed = new StreamContent(await content.ReadAsStreamAsync());
            streamed.Headers.ContentType = content.Headers.ContentType;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/manage/benchmarking/reports") { Content = streamed };
            request.Headers.TransferEncodingChunked = true;

            using var response = await stack.Organiser.SendAsync(request);

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var reports = await stack.Organiser.GetFromJsonAsync<JsonElement>("/api/benchmarking/reports");
            Assert.Equal(0, reports.GetProperty("items").GetArrayLength());
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }
}
