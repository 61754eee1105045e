using System.Globalization;
using Coexist.Model;

namespace Coexist.Reports.Planning;

/// <summary>
/// The three answers, each a small pure function of a service's facts. The wording follows the working group's
/// findings (seeds/ipv6-coexistence-wg-service-migration.txt); docs/planner.md lists the rules.
/// </summary>
internal static class Answers
{
    /// <summary>Links kept per answer; the plan page lists the rest.</summary>
    public const int MaxEvidence = 12;

    /// <summary>Code rules that decide whether a listener can accept IPv6 clients at all.</summary>
    public static readonly IReadOnlySet<string> ListenerRules = new HashSet<string>(StringComparer.Ordinal) { "COEX1003", "COEX1004" };

    public static IReadOnlyList<Answer> All(ServiceFacts facts) => [Scalability(facts), Reachability(facts), Continuity(facts)];

    public static Answer Scalability(ServiceFacts facts)
    {
        var s = facts.Service;
        var v4 = facts.Cell(ProbePath.V4);
        var evidence = facts.ProbeLinks(v4).ToList();
        (Verdict verdict, string reason) = s.Kind switch
        {
            ServiceKind.Sip => s.Telephony switch
            {
                Telephony.Relay => (Verdict.Yes, "Relay telephony: the IP network is closed within the carrier, so the media gateways added as subscriber lines grow can be numbered from private IPv4."),
                Telephony.AllIp => (Verdict.WithChanges, "All-IP telephony: the SIP and media gateway servers keep scaling only once they can reach subscribers' private IPv4 addresses (behind carrier-grade NAT); that connection has to be built."),
                _ => (Verdict.NotKnown, "The inventory does not say whether this is relay or all-IP telephony (telephony: relay or all-ip), which decides how it grows."),
            },
            ServiceKind.Dns => DnsScalability(facts, evidence),
            _ => s.Addressing switch
            {
                Addressing.PrivateV4BehindLb => (Verdict.Yes, s.Kind == ServiceKind.Mail
                    ? "The MTAs sit on private IPv4 behind a load balancer: IPv4 capacity grows by adding MTA and spool servers behind it, without new global IPv4."
                    : "The web servers sit on private IPv4 behind a load balancer: IPv4 capacity grows by adding web servers behind it, without new global IPv4. When bandwidth runs out, the hosting plan has to change."),
                Addressing.GlobalV4 => (Verdict.WithChanges, s.Kind == ServiceKind.Mail
                    ? "The MTAs hold global IPv4 addresses and no more IPv4 MTAs can be added: growth has to come from servers on private addresses behind a load balancer."
                    : "The web servers hold global IPv4 addresses and no new ones can be had: further servers must go behind the load balancer on private addresses, and existing global addresses may move to private as operating policy allows."),
                _ when s.Hosting == Hosting.Shared => (Verdict.NotKnown, "Shared hosting: the provider holds the addresses, and the customer has no global IP address of its own. How it grows without new IPv4 is the provider's answer to give."),
                _ => (Verdict.NotKnown, "The inventory does not say how the servers are addressed (addressing: private-v4-behind-lb or global-v4), which decides whether they can grow without new global IPv4."),
            },
        };
        if (v4.State == PathState.Fail)
            reason += Invariant($" The running IPv4 service itself failed {v4.Failed} of {v4.Passed + v4.Warned + v4.Failed} checks on the v4 path.");
        return new Answer(Question.Scalability, verdict, reason, Cap(evidence));
    }

    private static (Verdict, string) DnsScalability(ServiceFacts facts, List<EvidenceLink> evidence)
    {
        var weak = facts.Own.Where(i => i.RuleId is "COEX3003" or "COEX3004").ToList();
        if (weak.Count == 0)
            return (Verdict.Yes, "Name servers can be added without new global IPv4: new ones can be numbered from IPv6, and the existing ones keep their addresses.");
        evidence.InsertRange(0, weak.Select(i => i.Link));
        return (Verdict.WithChanges, Invariant($"Name servers can be added on IPv6, but today {weak.Count} {Plural(weak.Count, "check")} found too few of them reachable over IPv6 or answering."));
    }

    public static Answer Reachability(ServiceFacts facts)
    {
        var s = facts.Service;
        if (s.Kind == ServiceKind.Sip && s.Telephony == Telephony.Relay)
            return new Answer(Question.Reachability, Verdict.Yes,
                "Subscribers are on the PSTN: only the media gateways and SIP servers need IP addresses, so IPv6 subscribers are not a case for this service.", []);

        var v6 = facts.Cell(ProbePath.V6);
        var translated = new[] { facts.Cell(ProbePath.Nat64), facts.Cell(ProbePath.Dns64) }.Where(c => c.State != PathState.NotProbed).ToList();
        var translatedWorks = translated.Where(c => PathReadiness.Works(c.State)).ToList();
        var listener = facts.Own.Where(i => ListenerRules.Contains(i.RuleId)).ToList();
        var evidence = new List<EvidenceLink>();
        evidence.AddRange(facts.ProbeLinks(v6));
        evidence.AddRange(translated.SelectMany(facts.ProbeLinks));
        evidence.AddRange(listener.Select(i => i.Link));
        var through = string.Join(", ", translated.Select(c => $"{WireNames.Of(c.Path)}: {PathReadiness.Describe(c)}"));
        var listenerNote = listener.Count > 0
            ? Invariant($" The code listens on IPv4 only ({listener.Count} {Plural(listener.Count, "finding")}), a likely cause.")
            : "";

        (Verdict verdict, string reason) = v6.State switch
        {
            PathState.Pass => (Verdict.Yes, Invariant($"IPv6 subscribers reach it over native IPv6: all {v6.Passed} {Plural(v6.Passed, "check")} on the v6 path passed{From(v6)}.")),
            PathState.Warn => (Verdict.WithChanges, Invariant($"IPv6 subscribers reach it over native IPv6, but {v6.Warned} of {v6.Passed + v6.Warned} checks on the v6 path warned{From(v6)}; see the blocking issues.")),
            PathState.Fail when translatedWorks.Count > 0 => (Verdict.WithChanges, Invariant(
                $"Not over native IPv6: {v6.Failed} of {v6.Passed + v6.Warned + v6.Failed} checks on the v6 path failed{From(v6)}.{listenerNote} IPv6-only subscribers whose ISP runs NAT64/DNS64 get through ({through}): that bridges the gap, but it is no plan; native IPv6 needs the steps below.")),
            PathState.Fail => (Verdict.No, Invariant(
                $"IPv6 subscribers cannot reach it: {v6.Failed} of {v6.Passed + v6.Warned + v6.Failed} checks on the v6 path failed{From(v6)}.{listenerNote}{(translated.Count > 0 ? $" It does not work through NAT64/DNS64 either ({through})." : "")}")),
            _ when translatedWorks.Count > 0 => (Verdict.WithChanges,
                $"Native IPv6 was {NotTestedText(v6)}. IPv6-only subscribers whose ISP runs NAT64/DNS64 get through ({through}), which bridges the gap until native IPv6 is in place.{listenerNote}"),
            _ when listener.Count > 0 => (Verdict.WithChanges, Invariant(
                $"Native IPv6 was {NotTestedText(v6)}, but the code listens on IPv4 only ({listener.Count} {Plural(listener.Count, "finding")}): IPv6 clients would not get through until that is fixed.")),
            _ => (Verdict.NotKnown, $"Native IPv6 was {NotTestedText(v6)}, so whether IPv6 subscribers get through is not known.{(translated.Count > 0 ? $" Translated paths: {through}." : "")} Probe the v6 path from a vantage point with IPv6."),
        };
        return new Answer(Question.Reachability, verdict, reason, Cap(evidence));
    }

    public static Answer Continuity(ServiceFacts facts)
    {
        var s = facts.Service;
        if (s.Kind == ServiceKind.Sip && s.Telephony == Telephony.Relay)
            return new Answer(Question.Continuity, Verdict.Yes,
                "The service carries on unchanged after IPv4 runs out: subscribers stay on the PSTN and the IP core is the carrier's own.", []);

        var v4 = facts.Cell(ProbePath.V4);
        if (v4.State == PathState.Fail)
        {
            return new Answer(Question.Continuity, Verdict.No, Invariant(
                $"The running IPv4 service itself failed {v4.Failed} of {v4.Passed + v4.Warned + v4.Failed} checks on the v4 path: the premise that running IPv4 servers stay in service is not met. Fix that before anything is migrated."),
                Cap(facts.ProbeLinks(v4)));
        }

        var sentences = new List<string>();
        var evidence = new List<EvidenceLink>();
        var schema = facts.InPart(RulePart.Schema);
        if (schema.Count > 0)
        {
            var tables = schema.Select(i => i.Table).OfType<string>().Distinct(StringComparer.Ordinal).Count();
            var backends = s.Backends is { Count: > 0 } b ? $"Its backends ({string.Join(", ", b)})" : "Its databases";
            sentences.Add(Invariant(
                $"{backends} hold IPv4-dependent data or columns ({schema.Count} {Plural(schema.Count, "finding")}{(tables > 0 ? $" in {tables} {Plural(tables, "table")}" : "")}{EstateShare(schema)}): change them for IPv6 or create new records beside them, while DB access itself stays on private IPv4."));
            evidence.AddRange(schema.Select(i => i.Link).Take(MaxEvidence / 3));
        }
        var code = facts.InPart(RulePart.Code);
        if (code.Count > 0)
        {
            sentences.Add(Invariant($"{code.Count} {Plural(code.Count, "finding")} in code assume IPv4{EstateShare(code)}; they must be fixed before IPv6 clients and backends meet them."));
            evidence.AddRange(code.Select(i => i.Link).Take(MaxEvidence / 3));
        }
        var protocol = (RulePart[])[RulePart.Dns, RulePart.Web, RulePart.Mail, RulePart.Sip, RulePart.Paths, RulePart.Other];
        var problems = protocol.SelectMany(facts.InPart).ToList();
        if (problems.Count > 0)
        {
            var parts = string.Join(", ", protocol.Where(p => facts.InPart(p).Count > 0).Select(p => Invariant($"{facts.InPart(p).Count} {WireNames.Of(p)}")));
            sentences.Add(Invariant($"Probes and checks found {problems.Count} {Plural(problems.Count, "problem")} along the way ({parts})."));
            evidence.AddRange(problems.Select(i => i.Link).Take(MaxEvidence / 3));
        }
        if (s.Kind == ServiceKind.Sip && s.Telephony == Telephony.AllIp)
            sentences.Insert(0, "Calls stay continuous while caller and callee use the same family. With IPv4 and IPv6 subscribers mixed, RTP cannot flow directly between VoIP adapters: calls across families go through each family's media gateway and the PSTN, or the service is offered over IPv6 only.");
        if (s.Kind == ServiceKind.Mail)
            sentences.Add("Anti-spam, anti-virus and mail security appliances must be checked for IPv6: the working group left that under investigation.");
        if (s.Kind == ServiceKind.Web && s.Addressing == Addressing.GlobalV4 && s.UsesUdp == true)
            sentences.Add("Its UDP applications (video, games) cannot cross multi-level NAT: continue them together with a move to IPv6.");

        if (sentences.Count == 0)
        {
            var backends = s.Backends is { Count: > 0 } b ? $" ({string.Join(", ", b)})" : "";
            var reason = s.Kind == ServiceKind.Dns
                ? "No DNS problems were found along the way in what was assessed."
                : $"Backends{backends} stay on the existing private IPv4 addresses, and no IPv4-dependent code, data or path problem was found in what was assessed.";
            return new Answer(Question.Continuity, Verdict.Yes, reason, []);
        }
        return new Answer(Question.Continuity, Verdict.WithChanges, string.Join(' ', sentences), Cap(evidence));
    }

    private static string EstateShare(IReadOnlyList<Issue> issues)
    {
        var estate = issues.Count(i => i.EstateWide);
        return estate > 0 ? Invariant($", {estate} of them estate-wide") : "";
    }

    private static string From(PathCell cell) =>
        cell.Vantages.Count > 0 ? $" (from {string.Join(", ", cell.Vantages)})" : "";

    private static string NotTestedText(PathCell cell) => cell.State == PathState.NotTested
        ? $"not tested ({cell.Reason})"
        : "not probed";

    private static IReadOnlyList<EvidenceLink> Cap(IEnumerable<EvidenceLink> links) =>
        [.. links.DistinctBy(l => (l.Kind, l.Index)).Take(MaxEvidence)];

    internal static string Plural(int count, string word) => count == 1 ? word : word + "s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
