namespace ClustersCord.Domain.Programme;

/// <summary>Who may register: anyone, or only people holding an invitation code the organisers issued.</summary>
public enum EventAudience
{
    Public,
    Invited,
}
