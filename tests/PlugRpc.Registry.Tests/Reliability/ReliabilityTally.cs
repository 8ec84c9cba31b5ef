using System.Globalization;
using System.Text;

namespace PlugRpc.Registry.Tests.Reliability;

/// <summary>
/// What became of every call of a reliability run, by kind, fault and host, and the musts it is judged by: no
/// wrong answer, none never answered, no Apply executed twice, and every Apply answered right in a ledger.
/// </summary>
internal sealed class ReliabilityTally
{
    private const int Examples = 5;

    private readonly Lock gate = new();
    private readonly long[] made = new long[2];
    private readonly long[] right = new long[2];
    private readonly long[] wrong = new long[2];
    private readonly long[] never = new long[2];
    private readonly SortedDictionary<string, long[]> failed = new(StringComparer.Ordinal);
    private readonly List<string> phases = [];
    private readonly Dictionary<string, long> madeInPhase = [];
    private readonly Dictionary<string, SortedDictionary<string, long>> failedInPhase = [];
    private readonly SortedDictionary<string, long> answeredBy = new(StringComparer.Ordinal);
    private readonly List<long> applyNotRight = [];
    private readonly List<string> examples = [];
    private readonly Dictionary<(string Phase, string Status), string> firstFailure = [];
    private int executedTwice = -1;
    private int failedYetExecuted;
    private long rightInNoLedger;

    /// <summary>Apply calls executed twice; -1 until <see cref="Reconcile"/>.</summary>
    public int ExecutedTwice => executedTwice;

    public long Made => made.Sum();

    public long Wrong => wrong.Sum();

    public long NeverAnswered => never.Sum();

    public long RightInNoLedger => rightInNoLedger;

    public long MadeIn(string phase)
    {
        lock (gate)
        {
            return madeInPhase.GetValueOrDefault(phase);
        }
    }

    public long AnsweredBy(string host)
    {
        lock (gate)
        {
            return answeredBy.GetValueOrDefault(host);
        }
    }

    /// <summary>One call's end; <paramref name="status"/> names a failure, <paramref name="host"/> who answered right.</summary>
    public void Record(string phase, CallKind kind, long id, CallEnd end, string? status = null, string? host = null, string? detail = null)
    {
        var k = (int)kind;
        lock (gate)
        {
            made[k]++;
            if (!madeInPhase.TryAdd(phase, 1))
            {
                madeInPhase[phase]++;
            }
            else
            {
                phases.Add(phase);
            }

            switch (end)
            {
                case CallEnd.Right:
                    right[k]++;
                    answeredBy[host!] = answeredBy.GetValueOrDefault(host!) + 1;
                    break;
                case CallEnd.Failed:
                    if (!failed.TryGetValue(status!, out var byKind))
                    {
                        failed[status!] = byKind = new long[2];
                    }

                    byKind[k]++;
                    if (!failedInPhase.TryGetValue(phase, out var statuses))
                    {
                        failedInPhase[phase] = statuses = new(StringComparer.Ordinal);
                    }

                    statuses[status!] = statuses.GetValueOrDefault(status!) + 1;
                    firstFailure.TryAdd((phase, status!), $"{kind} #{id}: {detail}");
                    break;
                case CallEnd.Wrong:
                    wrong[k]++;
                    break;
                case CallEnd.NeverAnswered:
                    never[k]++;
                    break;
            }

            if (kind == CallKind.Apply && end != CallEnd.Right)
            {
                applyNotRight.Add(id);
            }

            if (end is CallEnd.Wrong or CallEnd.NeverAnswered && examples.Count < Examples)
            {
                examples.Add($"{kind} #{id} in '{phase}': {end} {detail}");
            }
        }
    }

    /// <summary>Reads the hosts' ledgers (id → times executed) against the Apply calls' ends.</summary>
    public void Reconcile(IReadOnlyDictionary<long, int> executions)
    {
        lock (gate)
        {
            executedTwice = executions.Count(e => e.Value > 1);
            failedYetExecuted = applyNotRight.Count(executions.ContainsKey);
            rightInNoLedger = right[(int)CallKind.Apply] - (executions.Count - failedYetExecuted);
        }
    }

    /// <summary>The musts broken, one line each; empty when the run passes.</summary>
    public IReadOnlyList<string> Broken()
    {
        var broken = new List<string>();
        if (Wrong > 0)
        {
            broken.Add($"{Wrong} calls answered wrong");
        }

        if (NeverAnswered > 0)
        {
            broken.Add($"{NeverAnswered} calls never answered within their deadline and the margin");
        }

        if (executedTwice != 0)
        {
            broken.Add(executedTwice < 0 ? "the ledgers were not read" : $"{executedTwice} non-idempotent calls executed twice");
        }

        if (rightInNoLedger != 0)
        {
            broken.Add($"the ledgers do not account for the Apply calls answered right (off by {rightInNoLedger})");
        }

        return broken;
    }

    /// <summary>The table: calls by kind and end, then by fault, then by host, and examples of any broken must.</summary>
    public string Table(string title)
    {
        lock (gate)
        {
            var text = new StringBuilder().AppendLine(title);
            void Row(string name, string read, string apply) => text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-44}{read,18}{apply,24}");
            void Counts(string name, long[] byKind) => Row(name, N(byKind[0]), N(byKind[1]));
            Row(string.Empty, "Read (idempotent)", "Apply (not idempotent)");
            Counts("calls made", made);
            Counts("answered right", right);
            foreach (var (status, byKind) in failed)
            {
                Counts($"failed: {status}", byKind);
            }

            Counts("answered wrong (must be 0)", wrong);
            Counts("never answered (must be 0)", never);
            Row("executed twice on a server (must be 0)", "-", executedTwice < 0 ? "?" : N(executedTwice));
            Row("failed, yet executed (outcome unknown)", "-", N(failedYetExecuted));
            Row("answered right, in no ledger (must be 0)", "-", N(rightInNoLedger));
            text.AppendLine("  by fault (calls made, failed by status):");
            foreach (var phase in phases)
            {
                var failures = failedInPhase.TryGetValue(phase, out var statuses) ? string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}")) : "none";
                text.AppendLine(CultureInfo.InvariantCulture, $"    {phase,-40}{madeInPhase[phase],8}   failed: {failures}");
                foreach (var ((_, status), first) in firstFailure.Where(f => f.Key.Phase == phase))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"      first {status}: {first}");
                }
            }

            text.AppendLine("  answered right by host: " + string.Join(", ", answeredBy.Select(h => $"{h.Key} {h.Value}")));
            foreach (var example in examples)
            {
                text.AppendLine("  " + example);
            }

            return text.ToString();
        }
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
