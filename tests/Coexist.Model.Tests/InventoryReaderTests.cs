using Coexist.Model;

namespace Coexist.Model.Tests;

public class InventoryReaderTests
{
    // The example in DESIGN.md, verbatim: every documented key must keep reading.
    private const string DesignExample = """
        organization: Example Shop
        code: [src/]                          # scanned by `coexist scan`
        schemas:                              # assessed by `coexist schema`
          - file: db/schema.sql
            dialect: mysql
          - connection: env:SHOP_DB           # connection string from an environment variable, never inline
        resolver: 192.0.2.53                  # recursive resolver (default: the system's)
        dns64: 2001:db8:53::64                # resolver for the dns64 path
        nat64-prefix: 2001:db8:64::/96        # else discovered through ipv4only.arpa
        siit:                                 # explicit 1:1 map for the siit path
          - {v4: 198.51.100.10, v6: "2001:db8:1::10"}
        paths: [v4, v6, nat64]                # default for every service
        effort:                               # overrides of the planner's cost model (person-days)
          per-finding: {COEX1001: 0.1}
        services:
          - name: shop-web                    # required, unique
            kind: web                         # required: web | mail | sip | dns
            hosts: [www.shop.example]         # names or addresses
            ports: [80, 443]
            hosting: dedicated                # shared | vps | dedicated | housing
            addressing: private-v4-behind-lb  # private-v4-behind-lb | global-v4
            backends: [shop-db]
            paths: [v4, v6, nat64, dns64]     # overrides the default
          - name: shop-mail
            kind: mail
            domain: shop.example              # MX discovery; or hosts: for the MTAs themselves
          - name: click-to-call
            kind: sip
            telephony: all-ip                 # relay | all-ip
            hosts: [sip.shop.example]         # or domain: for NAPTR/SRV discovery
            transports: [udp, tcp]
          - name: shop-dns
            kind: dns
            zone: shop.example
        """;

    private static Inventory Parse(string yaml) => InventoryReader.Parse(yaml, "coexist.yaml", "/estate");

    [Fact]
    public void Reads_every_key_of_the_design_example()
    {
        var inventory = Parse(DesignExample);
        Assert.Equal("Example Shop", inventory.Organization);
        Assert.Equal(["src/"], inventory.Code);
        Assert.Equal("db/schema.sql", inventory.Schemas[0].File);
        Assert.Equal("mysql", inventory.Schemas[0].Dialect);
        Assert.Equal("SHOP_DB", inventory.Schemas[1].ConnectionVariable);
        Assert.Equal("192.0.2.53", inventory.Resolver!.Address.ToString());
        Assert.Equal("2001:db8:53::64", inventory.Dns64!.Address.ToString());
        Assert.Equal(96, inventory.Nat64Prefix!.Length);
        Assert.Equal("2001:db8:1::10", inventory.Siit[0].V6.ToString());
        Assert.Equal([ProbePath.V4, ProbePath.V6, ProbePath.Nat64], inventory.Paths);
        Assert.Equal(0.1, inventory.Effort.PerFinding["COEX1001"]);
        Assert.Equal(4, inventory.Services.Count);

        var web = inventory.Services[0];
        Assert.Equal(ServiceKind.Web, web.Kind);
        Assert.Equal([80, 443], web.Ports);
        Assert.Equal(Addressing.PrivateV4BehindLb, web.Addressing);
        Assert.Equal([ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64], inventory.PathsFor(web));
        Assert.Equal([ProbePath.V4, ProbePath.V6, ProbePath.Nat64], inventory.PathsFor(inventory.Services[1]));
        Assert.Equal("shop.example", inventory.Services[1].Domain);
        Assert.Equal(Telephony.AllIp, inventory.Services[2].Telephony);
        Assert.Equal([SipTransport.Udp, SipTransport.Tcp], inventory.Services[2].Transports);
        Assert.Equal("shop.example", inventory.Services[3].Zone);
        Assert.Equal(Path.GetFullPath("/estate/db/schema.sql"), inventory.Resolve("db/schema.sql"));
    }

    [Theory]
    [InlineData("organisation: typo\n", 1, "unknown key 'organisation'")]
    [InlineData("services:\n  - name: a\n    kind: web\n    hostz: [x]\n", 4, "unknown key 'hostz' in a service")]
    [InlineData("services:\n  - name: a\n    kind: ftp\n", 3, "kind 'ftp' is not one of: web, mail, sip, dns")]
    [InlineData("services:\n  - kind: web\n", 2, "needs 'name'")]
    [InlineData("services:\n  - name: a\n    kind: web\n  - name: a\n    kind: mail\n", 4, "used twice")]
    [InlineData("services:\n  - name: a\n    kind: web\n    ports: [80, 99999]\n", 4, "port '99999'")]
    [InlineData("paths: [v4, v7]\n", 1, "path 'v7'")]
    [InlineData("schemas:\n  - connection: Host=db;Password=hunter2\n", 2, "never written inline")]
    [InlineData("schemas:\n  - dialect: mysql\n", 2, "exactly one of 'file' or 'connection'")]
    [InlineData("nat64-prefix: 2001:db8::/33\n", 1, "/33")]
    [InlineData("resolver: dns.example\n", 1, "not an address")]
    [InlineData("siit:\n  - {v4: 2001:db8::1, v6: 2001:db8::2}\n", 2, "not an IPv4 address")]
    [InlineData("effort:\n  per-finding: {COEX1001: -1}\n", 2, "zero or more")]
    [InlineData("services: [\n", 2, "not valid YAML")]
    [InlineData("organization: a\norganization: b\n", 2, "Duplicate key")]
    public void Bad_inventories_name_the_line_and_the_reason(string yaml, int line, string reason)
    {
        var error = Assert.Throws<InventoryException>(() => Parse(yaml));
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message);
        Assert.StartsWith($"coexist.yaml:{line}: ", error.Message);
    }

    [Fact]
    public void An_inline_password_never_appears_in_the_error()
    {
        var error = Assert.Throws<InventoryException>(() => Parse("schemas:\n  - connection: Host=db;Password=hunter2\n"));
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_empty_estate()
    {
        var inventory = Parse("");
        Assert.Empty(inventory.Services);
        Assert.Null(inventory.Paths);
    }

    [Fact]
    public void Load_finds_coexist_yaml_in_a_directory()
    {
        var dir = Directory.CreateTempSubdirectory("coexist-inventory-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "coexist.yaml"), "organization: Here\n");
            Assert.Equal("Here", InventoryReader.Load(dir.FullName).Organization);
            Assert.Equal(dir.FullName, InventoryReader.Load(dir.FullName).BaseDirectory);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Treat_as_public_reads_prefixes_of_both_families()
    {
        var inventory = Parse("treat-as-public: [198.51.100.0/24, \"2001:db8::/32\"]\n");

        Assert.Equal(["198.51.100.0/24", "2001:db8::/32"], inventory.TreatAsPublic.Select(n => n.ToString()));
        Assert.Empty(Parse("organization: x\n").TreatAsPublic);
    }

    [Theory]
    [InlineData("treat-as-public: [10.1.2.3/8]\n", "'10.1.2.3/8' has bits set beyond /8")]
    [InlineData("treat-as-public: [10.0.0.0/33]\n", "at most /32")]
    [InlineData("treat-as-public: [10.1/16]\n", "is not a prefix")]
    [InlineData("treat-as-public: [\"2001:db8::\"]\n", "is not a prefix")]
    public void Treat_as_public_refuses_what_is_not_a_clean_prefix(string yaml, string message)
    {
        var error = Assert.Throws<InventoryException>(() => Parse(yaml));
        Assert.Equal(1, error.Line);
        Assert.Contains(message, error.Reason);
    }
}
