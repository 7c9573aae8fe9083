namespace ClustersCord.Domain.Common;

/// <summary>The five Clusters Cord sectors.</summary>
public enum Sector
{
    Ict,
    Tourism,
    Health,
    EnergyEnvironment,
    Food,
}
