namespace ClustersCord.Functions.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The folder holding ClustersCord.sln, found from the test assembly's location.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClustersCord.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ClustersCord.sln not found above " + AppContext.BaseDirectory);
    }
}
