using System.Text.Json;
using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;
using ClustersCord.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClustersCord.Functions.Registrations;

/// <summary>Reads the small bodies and query parameters of the at-the-door and list routes.</summary>
public static class DoorRequests
{
    public const long MaxBodyBytes = 4 * 1024;

    public sealed record CheckInBody(DateOnly? Day, string? Code);

    /// <summary>
    /// An optional JSON body <c>{ "day"?, "code"? }</c>: no body at all is none of them. Null with the problem
    /// to answer otherwise.
    /// </summary>
    public static async Task<(CheckInBody? Body, IActionResult? Problem)> ReadCheckInAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is null or 0 && string.IsNullOrEmpty(request.ContentType))
        {
            return (new CheckInBody(null, null), null);
        }
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes, RequestBody.Json, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }
        if (string.IsNullOrWhiteSpace(body!.Text))
        {
            return (new CheckInBody(null, null), null);
        }
        var errors = new ValidationErrors();
        DateOnly? day = null;
        string? code = null;
        try
        {
            using var document = JsonDocument.Parse(body.Text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiResults.BadRequest("The body is a JSON object."));
            }
            if (document.RootElement.TryGetProperty("day", out var dayValue) && dayValue.ValueKind != JsonValueKind.Null)
            {
                day = dayValue.ValueKind == JsonValueKind.String ? EventDays.Parse(dayValue.GetString()) : null;
                if (day is null)
                {
                    errors.Add("day", "A date, YYYY-MM-DD.");
                }
            }
            if (document.RootElement.TryGetProperty("code", out var codeValue) && codeValue.ValueKind != JsonValueKind.Null)
            {
                if (codeValue.ValueKind == JsonValueKind.String)
                {
                    code = codeValue.GetString();
                }
                else
                {
                    errors.Add("code", "The text of the code.");
                }
            }
        }
        catch (JsonException)
        {
            return (null, ApiResults.BadRequest("The body is not valid JSON."));
        }
        return errors.IsEmpty ? (new CheckInBody(day, code), null) : (null, ApiResults.ValidationProblem(errors.ToDictionary()));
    }

    /// <summary><c>?day=YYYY-MM-DD</c>, optional.</summary>
    public static DateOnly? Day(HttpRequest request, ValidationErrors errors)
    {
        var text = request.Query["day"].FirstOrDefault();
        if (text is null)
        {
            return null;
        }
        var day = EventDays.Parse(text);
        if (day is null)
        {
            errors.Add("day", "A date, YYYY-MM-DD.");
        }
        return day;
    }

    public static bool? Boolean(HttpRequest request, string name, ValidationErrors errors)
    {
        var text = request.Query[name].FirstOrDefault();
        switch (text)
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors.Add(name, "true or false.");
                return null;
        }
    }

    /// <summary>The list's filters and order from the query string; errors per parameter.</summary>
    public static RegistrationQuery Query(HttpRequest request, ValidationErrors errors)
    {
        var country = ApiQuery.Text(request, "country", 2, errors)?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(country) && !Countries.IsValid(country))
        {
            errors.Add("country", "An ISO 3166-1 alpha-2 code, such as CZ.");
        }
        var day = Day(request, errors);
        var checkedIn = Boolean(request, "checkedIn", errors);
        var order = request.Query["desc"].FirstOrDefault();
        var descending = order is null ? false : Boolean(request, "desc", errors) ?? false;
        return new RegistrationQuery
        {
            Text = ApiQuery.Text(request, "q", 200, errors),
            Status = ApiQuery.Enum<RegistrationStatus>(request, "status", errors),
            Country = country,
            Sector = ApiQuery.Enum<Sector>(request, "sector", errors),
            StudyVisit = Boolean(request, "studyVisit", errors),
            CheckedIn = checkedIn,
            Day = day,
            Sort = ApiQuery.Enum<RegistrationSort>(request, "sort", errors),
            Descending = descending,
        };
    }

    /// <summary>A page's offset as an opaque continuation token (<c>o:{offset}</c>, wrapped like the storage ones).</summary>
    public static string? OffsetToken(int offset, int total) => offset < total ? ApiQuery.WrapContinuationToken("o:" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;

    public static int? Offset(string? unwrapped, ValidationErrors errors)
    {
        if (unwrapped is null)
        {
            return 0;
        }
        if (unwrapped.StartsWith("o:", StringComparison.Ordinal)
            && int.TryParse(unwrapped.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset))
        {
            return offset;
        }
        errors.Add("continuationToken", "Not a token this API gave out.");
        return null;
    }
}
