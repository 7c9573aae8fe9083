namespace ClustersCord.Domain.Common;

/// <summary>
/// Something a scheduled run skipped because it failed, so that the run went on with everything else:
/// where (an event or registration id, never a person's data) and the exception type, not its message,
/// which may quote the data it choked on.
/// </summary>
public sealed record RunProblem(string Where, string ErrorType)
{
    public static RunProblem Of(string where, Exception exception) => new(where, exception.GetType().Name);
}
