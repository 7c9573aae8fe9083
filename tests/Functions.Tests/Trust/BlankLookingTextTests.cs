using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>Issue 13, point 10 re-tested: blank-looking characters make no second seat, and a name needs a letter or digit.</summary>
public sealed class BlankLookingTextTests : IAsyncLifetime
{
    private readonly TestStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Theory]
    [InlineData(0x2800)]
    [InlineData(0xFFA0)]
    [InlineData(0x1D159)]
    [InlineData(0x2009)]
    public async Task An_address_with_a_blank_looking_character_takes_no_second_seat(int codePoint)
    {
        var eventId = await _stack.CreateEventAsync();
        var unique = Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await _stack.RegisterAsync(eventId, Api.Person($"jana.{unique}@example.cz"))).StatusCode);

        var again = await _stack.RegisterAsync(eventId, Api.Person($"jana.{char.ConvertFromUtf32(codePoint)}{unique}@example.cz"));

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
        Assert.Single(await _stack.AllRegistrationsAsync(eventId));
    }

    [Theory]
    [InlineData("\u2800\u2800")]
    [InlineData("\u0301")]
    [InlineData("\u3164 \u2800")]
    [InlineData("!!!")]
    public async Task A_name_without_a_letter_or_digit_is_a_400_and_stores_nothing(string name)
    {
        var eventId = await _stack.CreateEventAsync();
        var person = Api.Person($"jana.{Guid.NewGuid():N}@example.cz", firstName: name);

        var response = await _stack.RegisterAsync(eventId, person);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("firstName", out _));
        Assert.Empty(await _stack.AllRegistrationsAsync(eventId));
    }
}
