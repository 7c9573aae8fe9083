using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace ClustersCord.Domain.Meetings.Scheduling;

/// <summary>A CP-SAT run's answer, CP-SAT's status, and whether the greedy answer was returned instead.</summary>
public sealed record CpSatRun(ScheduleResult Result, string Status, bool FellBack);

/// <summary>
/// Plans a forum's meetings with Google OR-Tools' CP-SAT, under a time limit, with the greedy assignment
/// (<see cref="GreedyMeetingScheduler.Place"/>) as the solution hint and as the fallback.
/// </summary>
/// <remarks>
/// <para>
/// The model has one boolean <c>x[request, slot]</c> per request and per slot in which both of its people are
/// available, and nothing else that places a meeting. Tables are interchangeable, so they are not variables:
/// at most <see cref="SchedulingProblem.Tables"/> meetings per slot is a count, and the tables are numbered
/// after the solve (published meetings keep their table where it is still free; the rest take the lowest free
/// one). Modelling tables as variables would multiply the search by every permutation of the tables.
/// </para>
/// <para>
/// Constraints: each request at most once; each person at most one meeting per slot (an at-most-one over the
/// person's requests in that slot); at most <c>Tables</c> meetings per slot. A boolean <c>met[person]</c> for
/// each person who can meet anyone at all, with <c>met[person] ≤ Σ x</c> over the person's requests.
/// </para>
/// <para>
/// The objective is lexicographic, encoded as one weighted sum whose weights make the order strict (one solve,
/// so the hint and the time limit cover the whole question, where two solves would split both):
/// maximise <c>W_met·Σ met + W_count·Σ x + Σ kept</c>, where <c>kept</c> are the <c>x</c> of published
/// placements in their published slot. <c>W_count = kept + 1</c> exceeds the most the keep term can add,
/// so one more meeting always beats keeping every published one in place; <c>W_met = W_count·(requests + 1)</c>
/// exceeds the most the other two can add together, so one more person with a meeting always beats any number
/// of meetings. At 600 requests the weights stay below 10⁶ and the objective below 10⁹: far inside the
/// 64-bit integers CP-SAT works with.
/// </para>
/// </remarks>
public sealed class CpSatMeetingScheduler : IMeetingScheduler
{
    private readonly int _workers;

    /// <param name="workers">
    /// CP-SAT's parallel search workers (<c>num_workers</c>). Default: the machine's cores, at least 4 and at
    /// most 8. Below 4 workers CP-SAT runs only its LP-based search, which did not close the last meeting on
    /// the benchmark forums in 10 s; from 4 on it adds the core-based (max-SAT) search, which proved them
    /// optimal within a second after presolve, so on 2 cores the 4 workers share them.
    /// </param>
    public CpSatMeetingScheduler(int? workers = null)
    {
        _workers = workers is { } w ? Math.Max(1, w) : Math.Clamp(Environment.ProcessorCount, 4, 8);
    }

    public ScheduleResult Schedule(SchedulingProblem problem, TimeSpan timeLimit, CancellationToken cancellationToken) =>
        Run(problem, timeLimit, cancellationToken).Result;

    /// <summary>
    /// <see cref="Schedule"/>, and how the answer came about: CP-SAT's status (<c>OPTIMAL</c>, <c>FEASIBLE</c>,
    /// …; <c>NOTHING_TO_PLACE</c> when no request can be placed at all, <c>GREEDY_AT_CEILING</c> when the greedy
    /// answer already reaches what no schedule passes, so CP-SAT is not started) and whether the greedy answer was
    /// returned instead (CP-SAT found nothing in time, found only worse, or failed).
    /// </summary>
    public CpSatRun Run(SchedulingProblem problem, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var upperBound = problem.UpperBound();
        var greedy = GreedyMeetingScheduler.Place(problem);

        CpSatRun Fallback(string status) =>
            new(new ScheduleResult(greedy, upperBound, greedy.Count == upperBound, greedy.Count, clock.Elapsed), status, FellBack: true);

        Model model;
        try
        {
            model = Model.Build(problem);
        }
        catch (Exception ex)
        {
            // OR-Tools' wrapper failed to load or build (a missing native runtime would show here or in the solve).
            return Fallback("FAILED: " + ex.GetType().Name);
        }
        if (model.Variables.Count == 0)
        {
            // Nothing can be placed: no tables, no slots, nobody available together, or no requests.
            return new CpSatRun(new ScheduleResult([], upperBound, Optimal: true, greedy.Count, clock.Elapsed), "NOTHING_TO_PLACE", FellBack: false);
        }

        if (model.Objective(greedy) >= model.Ceiling)
        {
            // The greedy answer already reaches what no schedule passes: nothing for CP-SAT to improve.
            return new CpSatRun(new ScheduleResult(greedy, upperBound, Optimal: true, greedy.Count, clock.Elapsed), "GREEDY_AT_CEILING", FellBack: false);
        }
        model.Hint(greedy);
        var left = timeLimit - clock.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            return Fallback("NO_TIME_LEFT");
        }

        CpSolverStatus status;
        List<(RequestToPlace Request, int Slot)> chosen;
        long objective;
        try
        {
            // CP-SAT overshoots its limit a little, and the answer is still to be read back: 90 % of what is left.
            var budget = left * 0.9;
            using var solver = new CpSolver
            {
                // Presolve effort cut where it bought nothing here: the search for big linear overlaps and probing
                // took most of a 150-people forum's presolve (6.5 s down to 2.2 s on a loaded 2-core machine,
                // same answers). See BENCHMARKS.md, "Meetings".
                StringParameters = string.Create(CultureInfo.InvariantCulture,
                    $"max_time_in_seconds:{budget.TotalSeconds:0.###} num_workers:{_workers} log_search_progress:false find_big_linear_overlap:false cp_model_probing_level:0"),
            };
            using var atCeiling = new StopAtObjective(model.Ceiling);
            using (cancellationToken.Register(solver.StopSearch))
            {
                status = solver.Solve(model.Cp, atCeiling);
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            {
                return Fallback(StatusName(status));
            }
            chosen = model.Variables.Where(v => solver.BooleanValue(v.X)).Select(v => (v.Request, v.Slot)).ToList();
            objective = (long)Math.Round(solver.ObjectiveValue);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Fallback("FAILED: " + ex.GetType().Name);
        }

        // The hint is a solution; should the search have stopped on a worse one, the greedy answer stands.
        if (objective < model.Objective(greedy))
        {
            return Fallback(StatusName(status) + " (worse than greedy)");
        }
        var placements = NumberTables(problem, chosen);
        // Optimal: CP-SAT proved it, or the answer reached a ceiling no schedule can pass (its search was then
        // stopped, see StopAtObjective), or it places as many as the problem's upper bound.
        var optimal = status == CpSolverStatus.Optimal || objective >= model.Ceiling || placements.Count == upperBound;
        return new CpSatRun(new ScheduleResult(placements, upperBound, optimal, greedy.Count, clock.Elapsed), StatusName(status), FellBack: false);
    }

    /// <summary>
    /// Stops the search at a solution whose objective reaches the model's ceiling: every person who can meet
    /// anyone has a meeting, the problem's upper bound of meetings is placed, and every published meeting that
    /// still fits is kept. No schedule does better, though CP-SAT may need long to prove it by itself.
    /// </summary>
    private sealed class StopAtObjective(long ceiling) : CpSolverSolutionCallback
    {
        public override void OnSolutionCallback()
        {
            if (ObjectiveValue() >= ceiling)
            {
                StopSearch();
            }
        }
    }

    private static string StatusName(CpSolverStatus status) => status switch
    {
        CpSolverStatus.Optimal => "OPTIMAL",
        CpSolverStatus.Feasible => "FEASIBLE",
        CpSolverStatus.Infeasible => "INFEASIBLE",
        CpSolverStatus.ModelInvalid => "MODEL_INVALID",
        _ => "UNKNOWN",
    };

    /// <summary>
    /// Tables for the meetings of each slot: a published meeting that stays in its slot keeps its table, one
    /// that moved keeps its table number if that is free in the new slot, the others take the lowest free one.
    /// </summary>
    private static List<Placement> NumberTables(SchedulingProblem problem, List<(RequestToPlace Request, int Slot)> chosen)
    {
        var published = new Dictionary<string, Placement>(StringComparer.Ordinal);
        foreach (var p in problem.Published)
        {
            published.TryAdd(p.RequestId, p);
        }
        var taken = new HashSet<(int Slot, int Table)>();
        var tables = new Dictionary<string, int>(StringComparer.Ordinal);

        void TryKeep(bool sameSlotOnly)
        {
            foreach (var (request, slot) in chosen)
            {
                if (tables.ContainsKey(request.RequestId) || !published.TryGetValue(request.RequestId, out var before)
                    || (sameSlotOnly && before.Slot != slot) || before.Table < 0 || before.Table >= problem.Tables)
                {
                    continue;
                }
                if (taken.Add((slot, before.Table)))
                {
                    tables[request.RequestId] = before.Table;
                }
            }
        }

        TryKeep(sameSlotOnly: true);
        TryKeep(sameSlotOnly: false);
        var placements = new List<Placement>(chosen.Count);
        foreach (var (request, slot) in chosen.OrderBy(c => c.Slot).ThenBy(c => c.Request.RequestId, StringComparer.Ordinal))
        {
            if (!tables.TryGetValue(request.RequestId, out var table))
            {
                table = 0;
                while (!taken.Add((slot, table)))
                {
                    table++;
                }
            }
            placements.Add(new Placement(request.RequestId, slot, table));
        }
        return placements;
    }

    /// <summary>The CP-SAT model of one problem, its variables, and the objective's weights.</summary>
    private sealed class Model
    {
        public CpModel Cp { get; } = new();
        public List<(RequestToPlace Request, int Slot, BoolVar X)> Variables { get; } = [];
        private readonly Dictionary<(string RequestId, int Slot), BoolVar> _x = [];
        private readonly Dictionary<int, BoolVar> _met = [];
        private readonly Dictionary<string, RequestToPlace> _requests = new(StringComparer.Ordinal);
        private readonly HashSet<(string RequestId, int Slot)> _keep = [];
        private long _weightCount;

        /// <summary>No schedule's objective passes this (see <see cref="StopAtObjective"/>).</summary>
        public long Ceiling { get; private set; }

        private long _weightMet;

        public static Model Build(SchedulingProblem problem)
        {
            var model = new Model();
            if (problem.Tables <= 0 || problem.Slots <= 0)
            {
                return model;
            }
            var bySlot = new List<BoolVar>[problem.Slots];
            var byPerson = new Dictionary<(int Person, int Slot), List<BoolVar>>();
            var ofPerson = new Dictionary<int, List<BoolVar>>();
            foreach (var request in problem.Requests)
            {
                if (request.First == request.Second || request.First < 0 || request.Second < 0
                    || request.First >= problem.People || request.Second >= problem.People
                    || !model._requests.TryAdd(request.RequestId, request))
                {
                    continue; // not a meeting two people can hold, or the same request twice: placed once at most
                }
                var ofRequest = new List<BoolVar>();
                foreach (var slot in problem.AvailableSlots[request.First].Where(problem.AvailableSlots[request.Second].Contains).Order())
                {
                    if (slot < 0 || slot >= problem.Slots)
                    {
                        continue;
                    }
                    var x = model.Cp.NewBoolVar(string.Create(CultureInfo.InvariantCulture, $"x_{model.Variables.Count}"));
                    model.Variables.Add((request, slot, x));
                    model._x[(request.RequestId, slot)] = x;
                    ofRequest.Add(x);
                    (bySlot[slot] ??= []).Add(x);
                    foreach (var person in new[] { request.First, request.Second })
                    {
                        if (!byPerson.TryGetValue((person, slot), out var list))
                        {
                            byPerson[(person, slot)] = list = [];
                        }
                        list.Add(x);
                        if (!ofPerson.TryGetValue(person, out var all))
                        {
                            ofPerson[person] = all = [];
                        }
                        all.Add(x);
                    }
                }
                if (ofRequest.Count > 1)
                {
                    model.Cp.AddAtMostOne(ofRequest);
                }
            }
            if (model.Variables.Count == 0)
            {
                return model;
            }
            foreach (var group in byPerson.Values.Where(g => g.Count > 1))
            {
                model.Cp.AddAtMostOne(group);
            }
            foreach (var group in bySlot.Where(g => g is not null && g.Count > problem.Tables))
            {
                model.Cp.Add(LinearExpr.Sum(group) <= problem.Tables);
            }
            // Redundant, for a tighter bound than the LP relaxation finds alone: no schedule places more than the
            // problem's upper bound (tables × slots; half the people's min(requests, available slots)).
            var upperBound = Math.Min(problem.UpperBound(), model._requests.Count);
            if (upperBound < model.Variables.Count)
            {
                model.Cp.Add(LinearExpr.Sum(model.Variables.Select(v => v.X)) <= upperBound);
            }
            foreach (var (person, all) in ofPerson)
            {
                var met = model.Cp.NewBoolVar(string.Create(CultureInfo.InvariantCulture, $"met_{person}"));
                model.Cp.Add(LinearExpr.Sum(all) >= met);
                model._met[person] = met;
            }
            foreach (var p in problem.Published)
            {
                if (model._x.ContainsKey((p.RequestId, p.Slot)))
                {
                    model._keep.Add((p.RequestId, p.Slot));
                }
            }

            model._weightCount = model._keep.Count + 1;
            model._weightMet = model._weightCount * (model._requests.Count + 1);
            var terms = new List<LinearExpr>();
            var weights = new List<long>();
            foreach (var met in model._met.Values)
            {
                terms.Add(met);
                weights.Add(model._weightMet);
            }
            foreach (var (request, slot, x) in model.Variables)
            {
                terms.Add(x);
                weights.Add(model._weightCount + (model._keep.Contains((request.RequestId, slot)) ? 1 : 0));
            }
            model.Cp.Maximize(LinearExpr.WeightedSum(terms, weights));
            var placeable = model.Variables.Select(v => v.Request.RequestId).Distinct(StringComparer.Ordinal).Count();
            model.Ceiling = (model._weightMet * model._met.Count) + (model._weightCount * Math.Min(upperBound, placeable)) + model._keep.Count;
            return model;
        }

        /// <summary>Hints the greedy placements: every x on or off, every met as it follows.</summary>
        public void Hint(IReadOnlyList<Placement> greedy)
        {
            var placed = greedy.Select(p => (p.RequestId, p.Slot)).ToHashSet();
            var metPeople = new HashSet<int>();
            foreach (var (request, slot, x) in Variables)
            {
                var on = placed.Contains((request.RequestId, slot));
                Cp.AddHint(x, on);
                if (on)
                {
                    metPeople.Add(request.First);
                    metPeople.Add(request.Second);
                }
            }
            foreach (var (person, met) in _met)
            {
                Cp.AddHint(met, metPeople.Contains(person));
            }
        }

        /// <summary>The objective's value for a set of placements (to compare the greedy answer with CP-SAT's).</summary>
        public long Objective(IReadOnlyList<Placement> placements)
        {
            var value = 0L;
            var metPeople = new HashSet<int>();
            foreach (var p in placements)
            {
                if (!_x.ContainsKey((p.RequestId, p.Slot)))
                {
                    continue;
                }
                var request = _requests[p.RequestId];
                value += _weightCount + (_keep.Contains((p.RequestId, p.Slot)) ? 1 : 0);
                metPeople.Add(request.First);
                metPeople.Add(request.Second);
            }
            return value + (metPeople.Count(_met.ContainsKey) * _weightMet);
        }
    }
}
