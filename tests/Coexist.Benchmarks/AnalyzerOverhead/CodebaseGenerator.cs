using System.Globalization;
using System.Text;

namespace Coexist.Benchmarks.AnalyzerOverhead;

/// <summary>
/// Writes a compilable C# library of a chosen size for the analyzer-overhead and scan benchmarks:
/// ordinary business code (records, LINQ, async, string handling, switches), and in a share of the
/// files (<paramref name="networkShare"/>) the networking code and IPv4 literals an estate has.
/// Deterministic for a given seed, so runs compare like with like.
/// </summary>
public static class CodebaseGenerator
{
    /// <param name="networkShare">The share of files with networking code: 0.1 is a typical line-of-business
    /// estate; 1.0 is the worst case for `coexist scan`, where every file must be bound.</param>
    public static (int Files, long Lines) Generate(string directory, long targetLines, double networkShare = 0.1, int seed = 20261121)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Generated.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <NoWarn>$(NoWarn);CS0618;CS0168;CS0219;CS1998;CS8321</NoWarn>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
              </PropertyGroup>
              <ItemGroup Condition="'$(CoexistAnalyzersVersion)' != ''">
                <PackageReference Include="Coexist.Analyzers" Version="$(CoexistAnalyzersVersion)" PrivateAssets="all" />
              </ItemGroup>
              <ItemGroup Condition="'$(SonarAnalyzerVersion)' != ''">
                <PackageReference Include="SonarAnalyzer.CSharp" Version="$(SonarAnalyzerVersion)" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        var random = new Random(seed);
        long lines = 0;
        var files = 0;
        while (lines < targetLines)
        {
            var source = GenerateFile(files, random, networking: random.NextDouble() < networkShare);
            File.WriteAllText(Path.Combine(directory, $"Module{files:D4}.cs"), source);
            lines += source.Count(c => c == '\n');
            files++;
        }
        return (files, lines);
    }

    private static string GenerateFile(int index, Random random, bool networking)
    {
        var code = new StringBuilder();
        var ns = $"Estate.Module{index:D4}";
        code.AppendLine("using System.Net;");
        code.AppendLine("using System.Net.Sockets;");
        code.AppendLine("using System.Text;");
        code.AppendLine("using System.Text.RegularExpressions;");
        code.AppendLine();
        code.AppendLine(CultureInfo.InvariantCulture, $"namespace {ns};");
        code.AppendLine();
        code.AppendLine(CultureInfo.InvariantCulture, $"public sealed record Order{index}(int Id, string Customer, decimal Amount, DateTime Placed, string Status);");
        code.AppendLine();
        code.AppendLine(CultureInfo.InvariantCulture, $"public sealed class Service{index}");
        code.AppendLine("{");
        code.AppendLine(CultureInfo.InvariantCulture, $"    private readonly List<Order{index}> _orders = new();");
        code.AppendLine("    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);");
        code.AppendLine("    private const string Greeting = \"Welcome back, valued customer\";");
        code.AppendLine();
        for (var method = 0; method < 24; method++)
            AppendMethod(code, index, method, networking ? random.Next(10) : BusinessKinds[random.Next(BusinessKinds.Length)], random);
        code.AppendLine("}");
        return code.ToString();
    }

    // Method kinds without sockets, resolvers or addresses: 3, 5, 6 and 8 are the networking ones.
    private static readonly int[] BusinessKinds = [0, 1, 2, 4, 7, 9];

    private static void AppendMethod(StringBuilder code, int index, int method, int kind, Random random)
    {
        var name = $"Operation{method}";
        switch (kind)
        {
            case 0:
                code.AppendLine(CultureInfo.InvariantCulture, $"    public async Task<int> {name}Async(CancellationToken cancellationToken)");
                code.AppendLine("    {");
                code.AppendLine("        var total = 0;");
                code.AppendLine("        foreach (var order in _orders.Where(o => o.Status == \"open\").OrderBy(o => o.Placed))");
                code.AppendLine("        {");
                code.AppendLine("            await Task.Yield();");
                code.AppendLine("            cancellationToken.ThrowIfCancellationRequested();");
                code.AppendLine("            total += order.Id % 7;");
                code.AppendLine("        }");
                code.AppendLine("        return total;");
                code.AppendLine("    }");
                break;
            case 1:
                code.AppendLine(CultureInfo.InvariantCulture, $"    public string {name}(string customer, int count)");
                code.AppendLine("    {");
                code.AppendLine("        var text = new StringBuilder();");
                code.AppendLine("        for (var i = 0; i < count; i++)");
                code.AppendLine("            text.Append(customer).Append(':').Append(i).Append(\", version 1.2.3.4\");");
                code.AppendLine("        var summary = $\"{Greeting} {customer}, you have {count} orders\";");
                code.AppendLine("        return summary + text.ToString();");
                code.AppendLine("    }");
                break;
            case 2:
                code.AppendLine(CultureInfo.InvariantCulture, $"    public decimal {name}(IEnumerable<decimal> amounts, string status) => status switch");
                code.AppendLine("    {");
                code.AppendLine("        \"open\" => amounts.Sum(),");
                code.AppendLine("        \"closed\" => amounts.DefaultIfEmpty().Max(),");
                code.AppendLine("        \"refunded\" => -amounts.Sum(),");
                code.AppendLine("        _ => 0m,");
                code.AppendLine("    };");
                break;
            case 3:
                // Configuration with the odd hard-coded address, as real estates have.
                var address = random.Next(4) == 0 ? $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}" : $"db{random.Next(100)}.internal.example";
                code.AppendLine(CultureInfo.InvariantCulture, $"    public void {name}()");
                code.AppendLine("    {");
                code.AppendLine(CultureInfo.InvariantCulture, $"        _settings[\"database\"] = \"Host={address};Port=5432;Database=shop\";");
                code.AppendLine("        _settings[\"cache\"] = \"cache.internal.example:6379\";");
                code.AppendLine("        _settings[\"timeout\"] = TimeSpan.FromSeconds(30).ToString();");
                code.AppendLine("    }");
                break;
            case 4:
                code.AppendLine(CultureInfo.InvariantCulture, $"    public bool {name}(string input)");
                code.AppendLine("    {");
                code.AppendLine("        if (string.IsNullOrWhiteSpace(input)) return false;");
                code.AppendLine("        var parts = input.Split(',', StringSplitOptions.TrimEntries);");
                code.AppendLine("        return parts.Length > 1 && parts.All(p => p.Length < 64) && Regex.IsMatch(parts[0], \"^[a-z]+$\");");
                code.AppendLine("    }");
                break;
            case 5:
                code.AppendLine(CultureInfo.InvariantCulture, $"    public async Task<IPAddress?> {name}Async(string host)");
                code.AppendLine("    {");
                code.AppendLine("        var addresses = await Dns.GetHostAddressesAsync(host);");
                code.AppendLine("        foreach (var address in addresses)");
                code.AppendLine("        {");
                code.AppendLine(random.Next(3) == 0
                    ? "            if (address.AddressFamily == AddressFamily.InterNetwork) return address;"
                    : "            if (address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) return address;");
                code.AppendLine("        }");
                code.AppendLine("        return null;");
                code.AppendLine("    }");
                break;
            case 6:
                code.AppendLine(CultureInfo.InvariantCulture, $"    public TcpListener {name}(int port)");
                code.AppendLine("    {");
                code.AppendLine(random.Next(3) == 0
                    ? "        var listener = new TcpListener(IPAddress.Any, port);"
                    : "        var listener = TcpListener.Create(port);");
                code.AppendLine("        listener.Start();");
                code.AppendLine("        return listener;");
                code.AppendLine("    }");
                break;
            case 7:
                code.AppendLine(CultureInfo.InvariantCulture, $"    public IReadOnlyList<Order{index}> {name}(DateTime since, int take)");
                code.AppendLine("    {");
                code.AppendLine("        var query = from order in _orders");
                code.AppendLine("                    where order.Placed >= since && order.Amount > 10m");
                code.AppendLine("                    orderby order.Amount descending");
                code.AppendLine("                    select order with { Status = \"reviewed\" };");
                code.AppendLine("        return query.Take(take).ToList();");
                code.AppendLine("    }");
                break;
            case 8:
                code.AppendLine(CultureInfo.InvariantCulture, $"    public string {name}(IPAddress address, int port)");
                code.AppendLine("    {");
                code.AppendLine(random.Next(2) == 0
                    ? "        return $\"{address}:{port}\";"
                    : "        return new IPEndPoint(address, port).ToString();");
                code.AppendLine("    }");
                break;
            default:
                code.AppendLine(CultureInfo.InvariantCulture, $"    public int {name}(int[] values)");
                code.AppendLine("    {");
                code.AppendLine("        var sum = 0;");
                code.AppendLine("        try");
                code.AppendLine("        {");
                code.AppendLine("            checked { foreach (var value in values) sum += value * 3; }");
                code.AppendLine("        }");
                code.AppendLine("        catch (OverflowException)");
                code.AppendLine("        {");
                code.AppendLine("            sum = int.MaxValue;");
                code.AppendLine("        }");
                code.AppendLine("        return sum;");
                code.AppendLine("    }");
                break;
        }
        code.AppendLine();
    }
}
