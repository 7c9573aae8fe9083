using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClustersCord.Functions.Tests.Infrastructure;

namespace ClustersCord.Functions.Tests.Trust;

/// <summary>
/// One person is one address, whichever way they type it (final sigma, an IDN domain or its punycode),
/// an address hiding invisible characters is refused, and a run of reminders never stops at one event.
/// </summary>
public sealed class EmailAddressIdentityTests : IAsyncLifetime
{
    private readonly TestStack _stack = new() { OwnClock = true };

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    public static TheoryData<string, string> SamePerson() => new()
    {
        { "jana.xσ.{0}@example.gr", "jana.xς.{0}@example.gr" },
        { "JANA.XΣ.{0}@example.gr", "jana.xς.{0}@example.gr" },
        { "jana.{0}@příklad.cz", "jana.{0}@xn--pklad-zsa96e.cz" },
        { "jana.{0}@example.cz", "JANA.{0}@EXAMPLE.CZ" },
    };

    [Theory]
    [MemberData(nameof(SamePerson))]
    public async Task Two_spellings_of_one_address_take_one_seat(string first, string second)
    {
        var eventId = await _stack.CreateEventAsync();
        var unique = Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(HttpStatusCode.Created, (await _stack.RegisterAsync(eventId, Api.Person(string.Format(first, unique)))).StatusCode);
        var again = await _stack.RegisterAsync(eventId, Api.Person(string.Format(second, unique)));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await _stack.AllRegistrationsAsync(eventId));
    }

    public static TheoryData<int> InvisibleCharacters()
    {
        var data = new TheoryData<int>();
        foreach (var c in new[] { 0x200B, 0x200C, 0x200D, 0x00AD, 0xFEFF, 0x200E, 0x200F, 0x2028, 0x2029, 0x180E, 0x034F, 0xE0041 }
                     .Concat(Enumerable.Range(0x202A, 5)).Concat(Enumerable.Range(0x2060, 5)).Concat(Enumerable.Range(0x2066, 4)))
        {
            data.Add(c);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InvisibleCharacters))]
    public async Task An_address_holding_an_invisible_character_is_a_400_problem_and_stores_nothing(int codePoint)
    {
        var eventId = await _stack.CreateEventAsync();
        var invisible = char.ConvertFromUtf32(codePoint);
        var unique = Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await _stack.RegisterAsync(eventId, Api.Person($"jana.{unique}@example.cz"))).StatusCode);

        foreach (var email in new[] { $"ja{invisible}na.{unique}@example.cz", $"jana.{unique}@exam{invisible}ple.cz", $"jana.{unique}{invisible}@example.cz" })
        {
            var response = await _stack.RegisterAsync(eventId, Api.Person(email));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
        }
        Assert.Single(await _stack.AllRegistrationsAsync(eventId));
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200D\uFEFF")]
    [InlineData("\u00AD\u2060")]
    public async Task Names_made_only_of_invisible_characters_are_refused(string invisible)
    {
        var eventId = await _stack.CreateEventAsync();
        var person = Api.Person($"jana.{Guid.NewGuid():N}@example.cz", invisible);
        person["lastName"] = invisible;
        person["organisation"] = invisible;

        var response = await _stack.RegisterAsync(eventId, person);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("firstName", out _) && errors.TryGetProperty("lastName", out _) && errors.TryGetProperty("organisation", out _));
        Assert.Empty(await _stack.AllRegistrationsAsync(eventId));
    }

    [Fact]
    public async Task SendReminders_reminds_each_person_once_and_reaches_the_later_events()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var first = await _stack.CreateEventAsync(Api.Forum(startsAt: TestStack.Start.AddDays(30)));
        var later = await _stack.CreateEventAsync(Api.Forum(startsAt: TestStack.Start.AddDays(31)));
        var (sigma, finalSigma, bystander) = ($"xσ.{unique}@example.gr", $"xς.{unique}@example.gr", $"bystander.{unique}@example.cz");
        await _stack.RegisterAsync(first, Api.Person(sigma));
        await _stack.RegisterAsync(first, Api.Person(finalSigma));
        await _stack.RegisterAsync(first, Api.Person(bystander));
        await _stack.RegisterAsync(later, Api.Person(bystander));
        _stack.Time.SetUtcNow(TestStack.Start.AddDays(25.5)); // both 7-day reminders are due

        for (var run = 0; run < 2; run++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).StatusCode);
        }
        _stack.Time.Advance(TimeSpan.FromMinutes(30)); // past any claim lease
        Assert.Equal(HttpStatusCode.OK, (await _stack.Organiser.PostAsync("/admin/functions/SendReminders?wait=true", null)).StatusCode);

        var reminders = (await _stack.OutboxRequestsAsync())
            .Where(r => r.GetProperty("categories")[0].GetString() == "registration-reminder")
            .SelectMany(r => r.GetProperty("personalizations").EnumerateArray())
            .Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()!)
            .ToList();
        Assert.Equal(1, reminders.Count(r => r == sigma || r == finalSigma));
        Assert.Equal(2, reminders.Count(r => r == bystander)); // one per event: the later event was reached
    }
}
