using ClustersCord.Domain.Registrations;

namespace ClustersCord.Domain.Programme;

/// <summary>An event with its seats, as the programme shows it.</summary>
public sealed record EventView(Event Event, CapacityState Seats, bool IsRegistrationOpen);

public sealed record EventFilter(Common.Sector? Sector, EventType? Type, DateTimeOffset? From, DateTimeOffset? To);
