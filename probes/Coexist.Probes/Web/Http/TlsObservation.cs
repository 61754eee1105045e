using System.Collections.Immutable;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coexist.Probes.Web.Content;

namespace Coexist.Probes.Web.Http;

/// <summary>
/// The certificate a server presented during the TLS handshake and what validating it found: whether it names the
/// host, whether it chains to a trusted authority (the system's, or one given with <c>--ca-file</c>), its dates,
/// and the chain as SHA-256 thumbprints, leaf first, for comparing the chains of two addresses.
/// </summary>
public sealed record TlsObservation
{
    public required string Subject { get; init; }

    public required string Issuer { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>DNS names of the subject alternative name extension, at most <see cref="WebLimits.MaxListed"/>.</summary>
    public ImmutableArray<string> DnsNames { get; init; } = [];

    /// <summary>The certificate is valid for the host name asked for (SNI), as the TLS stack judged it.</summary>
    public required bool NameMatches { get; init; }

    /// <summary>The chain ends at a trusted root and every certificate is in date.</summary>
    public required bool Trusted { get; init; }

    /// <summary>"system", "ca-file", or null when not trusted.</summary>
    public string? TrustedBy { get; init; }

    /// <summary>What chain building complained of (X509ChainStatusFlags names), when it did.</summary>
    public ImmutableArray<string> ChainProblems { get; init; } = [];

    /// <summary>SHA-256 of each certificate of the validated chain, leaf first.</summary>
    public ImmutableArray<string> Chain { get; init; } = [];

    public string Leaf => Chain.IsEmpty ? "" : Chain[0];

    public bool Valid => NameMatches && Trusted;

    /// <summary>
    /// Inspects the handshake's certificate inside the validation callback (the chain is disposed after it). The
    /// chain is built again against <paramref name="authorities"/> when the system's roots do not trust it.
    /// </summary>
    public static TlsObservation Inspect(X509Certificate certificate, X509Chain? chain, SslPolicyErrors errors, IReadOnlyList<X509Certificate2> authorities)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var nameMatches = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        var systemTrusts = (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        var chainThumbprints = Thumbprints(chain);
        var problems = Problems(chain);
        string? trustedBy = systemTrusts ? "system" : null;

        if (!systemTrusts && authorities.Count > 0)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.DisableCertificateDownloads = true;
            custom.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));   // id-kp-serverAuth, RFC 5280 §4.2.1.12
            foreach (var authority in authorities) custom.ChainPolicy.CustomTrustStore.Add(authority);
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements.Skip(1)) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
            if (custom.Build(leaf))
            {
                trustedBy = "ca-file";
                chainThumbprints = Thumbprints(custom);
                problems = [];
            }
            else
            {
                problems = Problems(custom);
            }
        }

        return new TlsObservation
        {
            Subject = ReportText.Clean(leaf.Subject, WebLimits.MaxHeaderText),
            Issuer = ReportText.Clean(leaf.Issuer, WebLimits.MaxHeaderText),
            NotBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            NotAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            DnsNames = [.. DnsNamesOf(leaf).Take(WebLimits.MaxListed).Select(n => ReportText.Clean(n, WebLimits.MaxHeaderText))],
            NameMatches = nameMatches,
            Trusted = trustedBy is not null,
            TrustedBy = trustedBy,
            ChainProblems = problems,
            Chain = chainThumbprints.IsEmpty ? [Sha256(leaf)] : chainThumbprints,
        };
    }

    private static IEnumerable<string> DnsNamesOf(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(san => san.EnumerateDnsNames());

    private static ImmutableArray<string> Thumbprints(X509Chain? chain) =>
        chain is null ? [] : [.. chain.ChainElements.Select(e => Sha256(e.Certificate))];

    private static ImmutableArray<string> Problems(X509Chain? chain) =>
        chain is null ? [] : [.. chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().Select(s => s.ToString())];

    private static string Sha256(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    /// <summary>Why the certificate is not valid for the host, in words; null when it is.</summary>
    public string? Problem(string host)
    {
        var reasons = new List<string>();
        if (!NameMatches) reasons.Add($"it does not name {host} (it names {(DnsNames.IsEmpty ? Subject : string.Join(", ", DnsNames))})");
        if (!Trusted)
        {
            reasons.Add(ChainProblems.Contains(nameof(X509ChainStatusFlags.NotTimeValid))
                ? $"it is out of date (valid {NotBefore:yyyy-MM-dd} to {NotAfter:yyyy-MM-dd})"
                : $"it does not chain to a trusted authority ({(ChainProblems.IsEmpty ? "untrusted" : string.Join(", ", ChainProblems))}; issuer {Issuer})");
        }
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    public JsonObject ToJson() => new()
    {
        ["subject"] = Subject,
        ["issuer"] = Issuer,
        ["notBefore"] = NotBefore.ToString("O", CultureInfo.InvariantCulture),
        ["notAfter"] = NotAfter.ToString("O", CultureInfo.InvariantCulture),
        ["dnsNames"] = Evidence.Strings(DnsNames),
        ["nameMatches"] = NameMatches,
        ["trusted"] = Trusted,
        ["trustedBy"] = TrustedBy,
        ["chainProblems"] = Evidence.Strings(ChainProblems),
        ["chainSha256"] = Evidence.Strings(Chain),
    };
}
