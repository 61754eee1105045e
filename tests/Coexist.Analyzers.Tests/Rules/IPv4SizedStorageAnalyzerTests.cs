using Coexist.Analyzers.Rules;
using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.IPv4SizedStorageAnalyzer>;
using Fix = Coexist.Analyzers.Tests.Verification.CodeFixVerifier<Coexist.Analyzers.Rules.IPv4SizedStorageAnalyzer, Coexist.Analyzers.CodeFixes.Rules.IPv4SizedStorageFixer>;

namespace Coexist.Analyzers.Tests.Rules;

public class IPv4SizedStorageAnalyzerTests
{
    /// <summary>
    /// Microsoft.EntityFrameworkCore.Relational is not restorable here, so its HasColumnType extension is declared
    /// under its real name; the analyzer finds it by that name, as it finds the package's own.
    /// </summary>
    private const string RelationalExtensions = """
        namespace Microsoft.EntityFrameworkCore
        {
            using Microsoft.EntityFrameworkCore.Metadata.Builders;
            public static class RelationalPropertyBuilderExtensions
            {
                public static PropertyBuilder HasColumnType(this PropertyBuilder propertyBuilder, string? typeName) => propertyBuilder;
                public static PropertyBuilder<TProperty> HasColumnType<TProperty>(this PropertyBuilder<TProperty> propertyBuilder, string? typeName) => propertyBuilder;
                public static PropertyBuilder<TProperty> HasColumnName<TProperty>(this PropertyBuilder<TProperty> propertyBuilder, string? name) => propertyBuilder;
            }
        }
        """;

    [Fact]
    public Task Flags_ipv4_sized_annotations_on_ip_named_members() => Verify.VerifyAsync("""
        using System.ComponentModel.DataAnnotations;
        using System.ComponentModel.DataAnnotations.Schema;
        class Visit
        {
            [MaxLength([|15|])] public string ClientIp { get; set; } = "";
            [StringLength([|15|], MinimumLength = 7)] public string? IpAddress { get; set; }
            [Column("remote_address", TypeName = [|"varchar(15)"|])] public string RemoteAddress { get; set; } = "";
            [Column(TypeName = [|"nvarchar(15)"|])] public string LastLoginIp { get; set; } = "";
            [Column(TypeName = [|"CHAR(15)"|])] public string HostAddress = "";
            [Column(TypeName = [|"character varying(12)"|])] public string SourceIP { get; set; } = "";
            [MaxLength([|7|])] public string ip = "";
        }
        record Login([property: MaxLength([|15|])] string UserIp);
        """);

    [Fact]
    public Task Leaves_other_members_lengths_and_look_alikes_alone() => Verify.VerifyAsync("""
        using System.ComponentModel.DataAnnotations;
        using System.ComponentModel.DataAnnotations.Schema;
        namespace Validation { class MaxLengthAttribute(int length) : System.Attribute { } }
        class Customer
        {
            [MaxLength(15)] public string PhoneNumber { get; set; } = "";
            [MaxLength(15)] public string ZipCode { get; set; } = "";
            [MaxLength(15)] public string Address { get; set; } = "";
            [MaxLength(15)] public string EmailAddress { get; set; } = "";
            [MaxLength(15)] public string Ipv4Address { get; set; } = "";
            [MaxLength(45)] public string ClientIp { get; set; } = "";
            [MaxLength(64)] public string ServerIp { get; set; } = "";
            [MaxLength(16)] public string PeerIp { get; set; } = "";
            [MaxLength(4)] public string SourceIp { get; set; } = "";
            [Column(TypeName = "inet")] public string RemoteAddress { get; set; } = "";
            [Column(TypeName = "varbinary(16)")] public string HostAddress { get; set; } = "";
            [Validation.MaxLength(15)] public string UserIp { get; set; } = "";
            [MaxLength(15)] public int IpNumber { get; set; }
        }
        """);

    [Fact]
    public Task Flags_ef_core_fluent_configuration() => Verify.VerifyAsync("""
        using Microsoft.EntityFrameworkCore;
        class Visit { public int Id { get; set; } public string ClientIp { get; set; } = ""; public string Name { get; set; } = ""; public Place Place { get; set; } = new(); }
        class Place { public string GatewayAddress { get; set; } = ""; }
        class Shop : DbContext
        {
            protected override void OnModelCreating(ModelBuilder model)
            {
                model.Entity<Visit>().Property(v => v.ClientIp).HasMaxLength([|15|]);
                model.Entity<Visit>().Property(v => v.ClientIp).IsRequired().HasColumnType([|"varchar(15)"|]);
                model.Entity<Visit>().Property<string>("ForwardedIp").HasMaxLength([|15|]);
                model.Entity<Visit>().Property(v => v.ClientIp).HasColumnName("client_ip").HasMaxLength([|15|]);
                model.Entity<Visit>(b => b.Property("ProxyIp").IsUnicode(false).HasMaxLength([|15|]));
                model.Entity<Visit>().ComplexProperty(v => v.Place).Property(p => p.GatewayAddress).HasMaxLength([|15|]);
                model.Entity<Visit>().Property(v => v.Name).HasMaxLength(15);
                model.Entity<Visit>().Property(v => v.ClientIp).HasMaxLength(45);
            }
        }
        """ + RelationalExtensions);

    [Fact]
    public async Task The_message_names_the_member_and_the_length()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            using System.ComponentModel.DataAnnotations;
            class Visit { [MaxLength(15)] public string ClientIp { get; set; } = ""; }
            """);
        Assert.Equal(
            "'ClientIp' holds an IP address in 15 characters, enough for IPv4 text but not IPv6 (up to 45); make it 45",
            Assert.Single(diagnostics).GetMessage());
    }

    [Fact]
    public Task Fixes_lengths_and_column_types_to_45() => Fix.VerifyFixAsync("""
        using System.ComponentModel.DataAnnotations;
        using System.ComponentModel.DataAnnotations.Schema;
        using Microsoft.EntityFrameworkCore;
        class Visit
        {
            public const int IpLength = 15;
            [MaxLength([|15|])] public string ClientIp { get; set; } = "";
            [StringLength([|15|], MinimumLength = 2)] public string? IpAddress { get; set; }
            [Column(TypeName = [|"varchar(15)"|])] public string RemoteAddress { get; set; } = "";
            [MaxLength([|IpLength|])] public string ServerIp { get; set; } = "";
        }
        class Shop : DbContext
        {
            protected override void OnModelCreating(ModelBuilder model)
            {
                model.Entity<Visit>().Property(v => v.ClientIp).HasMaxLength([|15|]).HasColumnType([|"char(15)"|]);
            }
        }
        """ + RelationalExtensions, """
        using System.ComponentModel.DataAnnotations;
        using System.ComponentModel.DataAnnotations.Schema;
        using Microsoft.EntityFrameworkCore;
        class Visit
        {
            public const int IpLength = 15;
            [MaxLength(45)] public string ClientIp { get; set; } = "";
            [StringLength(45, MinimumLength = 2)] public string? IpAddress { get; set; }
            [Column(TypeName = "varchar(45)")] public string RemoteAddress { get; set; } = "";
            [MaxLength([|IpLength|])] public string ServerIp { get; set; } = "";
        }
        class Shop : DbContext
        {
            protected override void OnModelCreating(ModelBuilder model)
            {
                model.Entity<Visit>().Property(v => v.ClientIp).HasMaxLength(45).HasColumnType("char(45)");
            }
        }
        """ + RelationalExtensions);

    [Fact]
    public Task Fix_all_resizes_every_member() => Fix.VerifyFixAllAsync("""
        using System.ComponentModel.DataAnnotations;
        class Visit
        {
            [MaxLength([|15|])] public string ClientIp { get; set; } = "";
            [MaxLength([|15|])] public string ServerIp { get; set; } = "";
            [StringLength([|15|])] public string PeerAddress { get; set; } = "";
        }
        """, """
        using System.ComponentModel.DataAnnotations;
        class Visit
        {
            [MaxLength(45)] public string ClientIp { get; set; } = "";
            [MaxLength(45)] public string ServerIp { get; set; } = "";
            [StringLength(45)] public string PeerAddress { get; set; } = "";
        }
        """);

    [Theory]
    [InlineData("varchar(15)", 15)]
    [InlineData("VARCHAR ( 15 )", 15)]
    [InlineData("nchar(15)", 15)]
    [InlineData("varchar2(15)", 15)]
    [InlineData("national character varying(15)", 15)]
    [InlineData("char varying(39)", 39)]
    [InlineData("inet", null)]
    [InlineData("varbinary(16)", null)]
    [InlineData("varchar(max)", null)]
    [InlineData("decimal(15)", null)]
    public void Reads_the_length_of_text_column_types(string typeName, int? length) =>
        Assert.Equal(length, IPv4SizedStorageAnalyzer.TextColumnLength(typeName));

    [Fact]
    public void The_longest_texts_are_what_the_constants_say()
    {
        Assert.Equal(IPv4SizedStorageAnalyzer.LongestIPv4Text, "255.255.255.255".Length);
        Assert.Equal(IPv4SizedStorageAnalyzer.ShortestIPv4Text, "0.0.0.0".Length);
        var longest = System.Net.IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
        Assert.Equal(IPv4SizedStorageAnalyzer.LongestIPv6Text, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".Length);
        Assert.True(longest.ToString().Length <= IPv4SizedStorageAnalyzer.LongestIPv6Text);
    }
}
