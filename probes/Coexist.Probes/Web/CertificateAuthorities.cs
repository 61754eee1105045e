using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coexist.Probes.Web;

/// <summary>
/// Private certificate authorities (<c>--ca-file</c>, the inventory's <c>ca-file:</c>): PEM files with one or more
/// certificates, or one DER certificate. They are trusted beside the system's roots, never instead of them.
/// </summary>
public static class CertificateAuthorities
{
    /// <summary>Every certificate of <paramref name="files"/>; <see cref="InvalidDataException"/> names the file that holds none.</summary>
    public static IReadOnlyList<X509Certificate2> Load(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var all = new List<X509Certificate2>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such certificate file", file);
            var loaded = new X509Certificate2Collection();
            try
            {
                loaded.ImportFromPemFile(file);
                if (loaded.Count == 0) loaded.Add(X509CertificateLoader.LoadCertificateFromFile(file));
            }
            catch (CryptographicException e)
            {
                throw new InvalidDataException($"{file}: holds no certificate in PEM or DER ({e.Message})", e);
            }
            all.AddRange(loaded);
        }
        return all;
    }
}
