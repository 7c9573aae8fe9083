using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Catalogue;

/// <summary>Checks a submitted profile, every field at once.</summary>
public static class ClusterValidator
{
    public const int MaxTopics = 20;
    public const int MaxTopicLength = 80;

    public static ClusterProfile? Validate(ClusterInput input, string id, ProfileStatus status, DateTimeOffset submittedAt, ValidationErrors errors)
    {
        var name = TextRules.Check(errors, "name", input.Name, 200, required: true);
        var country = input.Country?.Trim().ToUpperInvariant();
        if (!Countries.IsValid(country))
        {
            errors.Add("country", "An ISO 3166-1 alpha-2 code, such as CZ.");
        }
        var region = TextRules.Check(errors, "region", input.Region, 100, required: false);
        var city = TextRules.Check(errors, "city", input.City, 100, required: false);
        var website = TextRules.Check(errors, "website", input.Website, 300, required: false);
        if (website is not null && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add("website", "An http or https address.");
        }
        var description = TextRules.Check(errors, "description", input.Description, 4000, required: true, multiline: true);
        var sectors = SectorList(errors, "sectors", input.Sectors, required: true);
        var workingGroups = SectorList(errors, "workingGroups", input.WorkingGroups, required: false);
        if (input.MemberCount is not { } members || members is < 1 or > 100_000)
        {
            errors.Add("memberCount", "A whole number from 1 to 100000.");
        }
        var memberTypes = Enums.ParseList<MemberType>(input.MemberTypes, errors, "memberTypes");
        if (memberTypes.Count == 0 && !errors.Has("memberTypes"))
        {
            errors.Add("memberTypes", "At least one member type.");
        }
        if (input.ManagementFte is < 0 or > 1000)
        {
            errors.Add("managementFte", "From 0 to 1000.");
        }
        if (input.SmeShare is < 0 or > 1)
        {
            errors.Add("smeShare", "A share from 0 to 1.");
        }
        if (input.FoundedYear is < 1900 or > 2100)
        {
            errors.Add("foundedYear", "A year from 1900 to 2100.");
        }
        ClusterLabel? label = null;
        if (input.Label is not null)
        {
            if (Enums.Parse<LabelLevel>(input.Label.Level) is { } level && input.Label.ValidUntil is { } until)
            {
                label = new ClusterLabel(level, until);
            }
            else
            {
                errors.Add("label", "level (" + Enums.Names<LabelLevel>() + ") and validUntil (a date) are both required.");
            }
        }
        var offers = TopicList(errors, "offers", input.Offers);
        var needs = TopicList(errors, "needs", input.Needs);
        var contactName = TextRules.CheckName(errors, "contact.name", input.Contact?.Name, 200, required: true);
        var contactEmail = EmailAddress.Check(errors, "contact.email", input.Contact?.Email);
        var language = string.IsNullOrWhiteSpace(input.Language) ? Language.Default : input.Language.Trim().ToLowerInvariant();
        if (!Language.IsSupported(language))
        {
            errors.Add("language", "One of " + string.Join(", ", Language.All) + ".");
        }
        if (!errors.IsEmpty)
        {
            return null;
        }
        return new ClusterProfile
        {
            Id = id,
            Name = name!,
            Country = country!,
            Region = region,
            City = city,
            Website = website,
            Description = description!,
            Sectors = sectors,
            // Groups named in a submission are requests (approved with the profile); an import's are memberships.
            Memberships = [.. workingGroups.Distinct().Select(s => new WorkingGroupMembership(s, submittedAt, status == ProfileStatus.Approved ? submittedAt : null))],
            MemberCount = input.MemberCount!.Value,
            MemberTypes = memberTypes,
            ManagementFte = input.ManagementFte,
            SmeShare = input.SmeShare,
            FoundedYear = input.FoundedYear,
            Label = label,
            Offers = offers,
            Needs = needs,
            Contact = new ClusterContact(contactName!, contactEmail!),
            Language = language,
            Status = status,
            SubmittedAt = submittedAt,
            IsSample = input.IsSample ?? false,
        };
    }

    private static List<Sector> SectorList(ValidationErrors errors, string field, List<string>? names, bool required)
    {
        var sectors = Enums.ParseList<Sector>(names, errors, field);
        if (required && sectors.Count == 0 && !errors.Has(field))
        {
            errors.Add(field, "At least one sector.");
        }
        return sectors;
    }

    private static List<string> TopicList(ValidationErrors errors, string field, List<string>? phrases)
    {
        var topics = new List<string>();
        if (phrases is { Count: > MaxTopics })
        {
            errors.Add(field, $"At most {MaxTopics} topics.");
        }
        foreach (var phrase in phrases ?? [])
        {
            var text = TextRules.Check(errors, field, phrase, MaxTopicLength, required: false);
            if (text is null)
            {
                continue;
            }
            // A vocabulary topic is stored by its id; an own phrase as typed.
            var canonical = Topics.Canonical(text);
            var stored = Topics.Find(canonical) is not null ? canonical : text;
            if (!topics.Any(t => Topics.Canonical(t) == canonical))
            {
                topics.Add(stored);
            }
        }
        return topics;
    }
}
