namespace ClustersCord.Domain.Benchmarking;

/// <summary>The years benchmarking figures and reports may be for.</summary>
public static class BenchmarkYear
{
    public const int First = 1990;
    public const int Last = 2100;
    public const string Rule = "A year from 1990 to 2100.";

    public static bool IsValid(int year) => year is >= First and <= Last;
}
