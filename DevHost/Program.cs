namespace ClustersCord.DevHost;

public static class Program
{
    public static async Task Main(string[] args) => await DevHostApplication.Build(args).RunAsync();
}
