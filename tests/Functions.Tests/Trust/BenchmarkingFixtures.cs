using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using ClustersCord.Functions.Storage;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>What benchmarking tests need around them: clusters in the catalogue, workbooks, uploads, the raw blob listing.</summary>
public static class BenchmarkingFixtures
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Imports approved clusters with these ids (the organisers' import, as the sample data does).</summary>
    public static async Task ImportClustersAsync(TestStack stack, params string[] ids)
    {
        var clusters = new JsonArray(ids.Select(id => (JsonNode)new JsonObject
        {
            ["id"] = id,
            ["name"] = "Cluster " + id,
            ["country"] = "CZ",
            ["city"] = "Brno",
            ["website"] = "https://cluster.example",
            ["description"] = "A cluster organisation.",
            ["sectors"] = new JsonArray("ict"),
            ["workingGroups"] = new JsonArray(),
            ["memberCount"] = 40,
            ["memberTypes"] = new JsonArray("companies"),
            ["managementFte"] = 2,
            ["offers"] = new JsonArray(),
            ["needs"] = new JsonArray(),
            ["contact"] = new JsonObject { ["name"] = "Contact", ["email"] = $"contact-{id}@cluster.example" },
        }).ToArray());
        var response = await stack.Organiser.PostAsJsonAsync("/api/manage/clusters/import", new JsonObject { ["clusters"] = clusters });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> ImportIndicatorsAsync(TestStack stack, string csv)
    {
        var response = await stack.Organiser.PostAsync("/api/manage/benchmarking/indicators", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A workbook as Excel writes one, in its essentials; <paramref name="extra"/> adds entries.</summary>
    public static byte[] Workbook(Action<ZipArchive>? extra = null)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                </Types>
                """);
            Write(zip, "_rels/.rels", """<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Write(zip, "xl/workbook.xml", """<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>""");
            Write(zip, "xl/worksheets/sheet1.xml", """<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>""");
            extra?.Invoke(zip);
        }
        return memory.ToArray();
    }

    public static void Write(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }

    public static MultipartFormDataContent Form(HttpContent file, string fileName, string title = "Report", string visibility = "public")
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(title), "title" },
            { new StringContent("2011"), "year" },
            { new StringContent(visibility), "visibility" },
            { file, "file", fileName },
        };
        return content;
    }

    public static Task<HttpResponseMessage> UploadAsync(TestStack stack, byte[] file, string fileName, string declaredType = "application/octet-stream")
    {
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(declaredType);
        return stack.Organiser.PostAsync("/api/manage/benchmarking/reports", Form(part, fileName));
    }

    /// <summary>Every blob in the documents container, those with only staged (uncommitted) blocks included.</summary>
    public static async Task<IReadOnlyList<string>> AllBlobsAsync(TestStack stack)
    {
        var container = await stack.Services.GetRequiredService<StorageContainers>().GetAsync(ContainerNames.Documents, CancellationToken.None);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { States = BlobStates.Uncommitted }))
        {
            names.Add(blob.Name);
        }
        return names;
    }
}
