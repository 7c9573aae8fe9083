using ClustersCord.Domain.Common;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Tests.Registrations;

public sealed class RegistrationFormValidatorTests
{
    private static RegistrationForm Valid => new()
    {
        FirstName = " Jana ", LastName = "Nováková", Email = "jana@example.cz", Organisation = "Moravian ICT Cluster",
        Country = "cz", Role = "clusterManager", Sectors = ["ict", "food", "ict"], Language = "CS", Consent = true,
    };

    [Fact]
    public void A_complete_form_gives_trimmed_normalised_details()
    {
        var errors = new ValidationErrors();

        var person = RegistrationFormValidator.Validate(Valid, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal("Jana", person!.FirstName);
        Assert.Equal("CZ", person.Country);
        Assert.Equal("cs", person.Language);
        Assert.Equal([Sector.Ict, Sector.Food], person.Sectors);
        Assert.Equal(ParticipantRole.ClusterManager, person.Role);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var errors = new ValidationErrors();

        var person = RegistrationFormValidator.Validate(new RegistrationForm
        {
            FirstName = "A\u0000B", LastName = new string('x', 101), Email = "nope", Country = "ZZ", Role = "king",
            Sectors = ["space"], Language = "fr", DietaryRequirements = "ok", Consent = false,
        }, errors);

        Assert.Null(person);
        Assert.Equal(["consent", "country", "email", "firstName", "language", "lastName", "organisation", "role", "sectors"],
            errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void Consent_must_be_given()
    {
        var errors = new ValidationErrors();

        RegistrationFormValidator.Validate(Valid with { Consent = null }, errors);

        Assert.True(errors.Has("consent"));
    }
}
