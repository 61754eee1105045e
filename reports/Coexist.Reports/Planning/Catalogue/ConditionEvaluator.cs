using Coexist.Model;

namespace Coexist.Reports.Planning.Catalogue;

/// <summary>
/// Evaluates a pattern's conditions against a service's facts: every condition must hold. The score weighs what
/// was observed (probe paths, findings) twice as much as what the inventory declares, so that evidence outranks
/// a description that may be out of date.
/// </summary>
internal static class ConditionEvaluator
{
    public const int DeclaredWeight = 1;
    public const int ObservedWeight = 2;

    /// <summary>The conditions that held, in words, and the score; null when one did not hold.</summary>
    public static (IReadOnlyList<string> Matched, int Score)? Evaluate(PatternConditions when, ServiceFacts facts)
    {
        var s = facts.Service;
        var matched = new List<string>();
        var score = 0;

        bool Declared<T>(IReadOnlyList<T> allowed, T? actual, string key) where T : struct, Enum
        {
            if (allowed.Count == 0) return true;
            if (actual is not { } value || !allowed.Contains(value)) return false;
            matched.Add($"{key} is {WireNames.Of(value)}");
            score += DeclaredWeight;
            return true;
        }

        if (!Declared(when.Kind, s.Kind, "kind")) return null;
        if (!Declared(when.Hosting, s.Hosting, "hosting")) return null;
        if (!Declared(when.Addressing, s.Addressing, "addressing")) return null;
        if (!Declared(when.Telephony, s.Telephony, "telephony")) return null;
        if (when.UsesUdp is { } udp)
        {
            if ((s.UsesUdp ?? false) != udp) return null;
            matched.Add(udp ? "clients use UDP applications" : "clients use no UDP applications");
            score += DeclaredWeight;
        }
        foreach (var condition in when.Paths)
        {
            var hit = condition.Paths.Select(facts.Cell).FirstOrDefault(c => condition.States.Contains(c.State));
            if (hit is null) return null;
            matched.Add($"{WireNames.Of(hit.Path)} path: {PathReadiness.Describe(hit)}");
            score += ObservedWeight;
        }
        if (when.Parts.Count > 0)
        {
            var found = when.Parts.Where(p => facts.Own.Any(i => i.Part == p)).ToList();
            if (found.Count == 0) return null;
            matched.Add($"{string.Join(", ", found.Select(p => WireNames.Of(p)))} findings");
            score += ObservedWeight;
        }
        return (matched, score);
    }
}
