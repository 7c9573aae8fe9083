using System.Text.Json;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace ClustersCord.Functions.Registrations;

/// <summary>
/// Reads the registration form from JSON or from a plain HTML form post. A field of the wrong type is a
/// field error (reported with every other one), not a failure of the whole body.
/// </summary>
public static class RegistrationFormReader
{
    public static RegistrationForm? Read(RequestBody.Body body, ValidationErrors errors)
        => body.Kind == BodyKind.Json ? ReadJson(body.Text, errors) : ReadForm(body.Text, errors);

    private static RegistrationForm? ReadJson(string text, ValidationErrors errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            errors.Add("body", "Not valid JSON.");
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "A JSON object is expected.");
                return null;
            }
            return new RegistrationForm
            {
                FirstName = String(root, "firstName", errors),
                LastName = String(root, "lastName", errors),
                Email = String(root, "email", errors),
                Organisation = String(root, "organisation", errors),
                Country = String(root, "country", errors),
                Role = String(root, "role", errors),
                ClusterId = String(root, "clusterId", errors),
                Sectors = Strings(root, "sectors", errors),
                StudyVisit = Boolean(root, "studyVisit", errors),
                Language = String(root, "language", errors),
                DietaryRequirements = String(root, "dietaryRequirements", errors),
                Consent = Boolean(root, "consent", errors),
                Website = String(root, "website", errors),
                InvitationCode = String(root, "invitationCode", errors),
            };
        }
    }

    private static string? String(JsonElement root, string name, ValidationErrors errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "Must be a string.");
            return null;
        }
        return value.GetString();
    }

    private static bool? Boolean(JsonElement root, string name, ValidationErrors errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(name, "Must be true or false.");
            return null;
        }
        return value.GetBoolean();
    }

    private static IReadOnlyList<string>? Strings(JsonElement root, string name, ValidationErrors errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > 20 || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            errors.Add(name, "Must be a list of at most 20 strings.");
            return null;
        }
        return value.EnumerateArray().Select(v => v.GetString()!).ToArray();
    }

    private static RegistrationForm ReadForm(string text, ValidationErrors errors)
    {
        var fields = QueryHelpers.ParseQuery(text.StartsWith('?') ? text : "?" + text);
        string? Field(string name) => fields.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;
        return new RegistrationForm
        {
            FirstName = Field("firstName"),
            LastName = Field("lastName"),
            Email = Field("email"),
            Organisation = Field("organisation"),
            Country = Field("country"),
            Role = Field("role"),
            ClusterId = Field("clusterId"),
            // Repeated fields (checkboxes) or one comma-separated list.
            Sectors = fields.TryGetValue("sectors", out var sectors)
                ? sectors.SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray()
                : null,
            StudyVisit = FormBoolean(fields, "studyVisit", errors),
            Language = Field("language"),
            DietaryRequirements = Field("dietaryRequirements"),
            Consent = FormBoolean(fields, "consent", errors),
            Website = Field("website"),
            InvitationCode = Field("invitationCode"),
        };
    }

    /// <summary>A checkbox: absent is unset; "on", "true", "1", "yes" are true; "false", "0", "no", "off" false.</summary>
    private static bool? FormBoolean(Dictionary<string, StringValues> fields, string name, ValidationErrors errors)
    {
        if (!fields.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }
        switch (values[^1]?.Trim().ToLowerInvariant())
        {
            case "on" or "true" or "1" or "yes":
                return true;
            case "off" or "false" or "0" or "no" or "":
                return false;
            default:
                errors.Add(name, "Must be true or false.");
                return null;
        }
    }
}
