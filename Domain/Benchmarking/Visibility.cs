namespace ClustersCord.Domain.Benchmarking;

/// <summary>Who may see a report.</summary>
public enum Visibility
{
    Public,
    Observers,
    Organisers,
}

/// <summary>Who is asking: anyone, a project observer (observer key) or an organiser (organiser key).</summary>
public enum Audience
{
    Public,
    Observer,
    Organiser,
}

public static class VisibilityRules
{
    public static bool CanSee(this Audience audience, Visibility visibility) => visibility switch
    {
        Visibility.Public => true,
        Visibility.Observers => audience is Audience.Observer or Audience.Organiser,
        _ => audience == Audience.Organiser,
    };
}
