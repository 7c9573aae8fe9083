using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Registrations;

/// <summary>Checks every field of the form at once and yields the person's details.</summary>
public static class RegistrationFormValidator
{
    public static PersonDetails? Validate(RegistrationForm form, ValidationErrors errors)
    {
        var firstName = TextRules.CheckName(errors, "firstName", form.FirstName, 100, required: true);
        var lastName = TextRules.CheckName(errors, "lastName", form.LastName, 100, required: true);
        var email = EmailAddress.Check(errors, "email", form.Email);
        var organisation = TextRules.CheckName(errors, "organisation", form.Organisation, 200, required: true);
        var country = form.Country?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(country))
        {
            errors.Add("country", "Required.");
        }
        else if (!Countries.IsValid(country))
        {
            errors.Add("country", "An ISO 3166-1 alpha-2 code, such as CZ.");
        }
        var role = Enums.Parse<ParticipantRole>(form.Role);
        if (string.IsNullOrWhiteSpace(form.Role))
        {
            errors.Add("role", "Required.");
        }
        else if (role is null)
        {
            errors.Add("role", "One of " + Enums.Names<ParticipantRole>() + ".");
        }
        var clusterId = TextRules.Check(errors, "clusterId", form.ClusterId, 64, required: false);
        var sectors = Enums.ParseList<Sector>(form.Sectors, errors, "sectors");
        var language = string.IsNullOrWhiteSpace(form.Language) ? Language.Default : form.Language.Trim().ToLowerInvariant();
        if (!Language.IsSupported(language))
        {
            errors.Add("language", "One of " + string.Join(", ", Language.All) + ".");
        }
        var dietary = TextRules.Check(errors, "dietaryRequirements", form.DietaryRequirements, 500, required: false, multiline: true);
        if (form.Consent != true)
        {
            errors.Add("consent", "Consent to the processing of your data is required to register.");
        }
        if (!errors.IsEmpty)
        {
            return null;
        }
        return new PersonDetails
        {
            FirstName = firstName!,
            LastName = lastName!,
            Email = email!,
            Organisation = organisation!,
            Country = country!,
            Role = role!.Value,
            ClusterId = clusterId,
            Sectors = sectors,
            StudyVisit = form.StudyVisit ?? false,
            Language = language,
            DietaryRequirements = dietary,
        };
    }
}
