namespace ClustersCord.Functions.Storage;

/// <summary>Every table and container the app uses (the Bicep template creates the same names).</summary>
public static class TableNames
{
    public const string Health = "health";
}

public static class ContainerNames
{
    public const string Documents = "documents";
}
