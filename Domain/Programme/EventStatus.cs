namespace ClustersCord.Domain.Programme;

/// <summary>
/// Where an event stands: a draft only organisers see, published in the programme, or cancelled (still
/// shown, registration closed). Cancelled is reached only through the cancel route and never left.
/// </summary>
public enum EventStatus
{
    Draft,
    Published,
    Cancelled,
}
