using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace Shop.Web.Data;

public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_log");
            entry.Property(a => a.ClientIp).HasColumnName("client_ip").HasMaxLength(15); // COEX1013
        });
        model.Entity<Customer>().ToTable("customers");
        model.Entity<Order>().ToTable("orders");
    }
}

public sealed class Customer
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }

    // "255.255.255.255" is fifteen characters: long enough, once.
    [MaxLength(15)] // COEX1013
    [Column("last_login_ip")]
    public string? LastLoginIp { get; set; }

    [Column("last_login_ip_num")]
    public long LastLoginIpNumber { get; set; } // COEX1006
}

public sealed class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public decimal Total { get; set; }
    public DateTime PlacedAt { get; set; }
    public required string Status { get; set; }
}

public sealed class AuditEntry
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public required string ClientIp { get; set; }
    public DateTime At { get; set; }
}
