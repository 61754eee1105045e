// Legacy Shop: a small web shop written when every customer arrived over IPv4.
// Comments naming a rule (COEXnnnn) mark the IPv4 assumptions Coexist is expected to find;
// the build test in tests/Coexist.Analyzers.Tests reads them.
using Microsoft.EntityFrameworkCore;
using Shop.Notifications.Mail;
using Shop.Notifications.Sip;
using Shop.Web.Data;
using Shop.Web.Security;

var builder = WebApplication.CreateBuilder(args);

// Behind the load balancer the shop listened on the wildcard address.
builder.WebHost.UseUrls("http://0.0.0.0:5000"); // COEX1003

builder.Services.AddDbContext<ShopDb>(options =>
    options.UseSqlite(builder.Configuration.GetConnectionString("Shop") ?? "Data Source=db/shop.sqlite"));
builder.Services.AddSingleton(new AdminAllowList("10.0.0.0/8,172.16.0.0/12")); // COEX1001 COEX1001
builder.Services.AddSingleton(new SmtpNotifier(builder.Configuration["Mail:Relay"] ?? "mx.shop.test"));
builder.Services.AddSingleton(new ClickToCallNotifier(builder.Configuration["Sip:Proxy"] ?? "sip.shop.test:5060"));

var app = builder.Build();

app.MapGet("/health", () => Results.Ok(new { status = "ok" }));

app.MapGet("/orders/{id:int}", async (int id, ShopDb db) =>
    await db.Orders.FindAsync(id) is { } order ? Results.Ok(order) : Results.NotFound());

app.MapPost("/login", async (LoginRequest request, HttpContext http, ShopDb db) =>
{
    var customer = await db.Customers.SingleOrDefaultAsync(c => c.Email == request.Email);
    if (customer is null) return Results.Unauthorized();

    // Dual-stack sockets hand IPv4 clients over as ::ffff:a.b.c.d; the old code "fixed" that everywhere.
    var client = http.Connection.RemoteIpAddress!.MapToIPv4(); // COEX1007
    customer.LastLoginIp = client.ToString();
    customer.LastLoginIpNumber = AddressNumbers.ToNumber(client);
    db.AuditEntries.Add(new AuditEntry { CustomerId = customer.Id, ClientIp = client.ToString(), At = DateTime.UtcNow });
    await db.SaveChangesAsync();
    return Results.Ok(new { customer.Id, customer.Name });
});

app.MapGet("/admin/orders", async (HttpContext http, ShopDb db, AdminAllowList allowList) =>
    allowList.Allows(http.Connection.RemoteIpAddress!)
        ? Results.Ok(await db.Orders.OrderByDescending(o => o.PlacedAt).Take(50).ToListAsync())
        : Results.Forbid());

app.MapPost("/orders/{id:int}/call-me", async (int id, CallbackRequest request, ClickToCallNotifier calls, SmtpNotifier mail) =>
{
    await calls.RingAsync(request.Phone, $"Order {id}");
    await mail.SendAsync(request.Email, $"Order {id}", "We will call you back shortly.");
    return Results.Accepted();
});

app.Run();

internal sealed record LoginRequest(string Email, string Password);
internal sealed record CallbackRequest(string Phone, string Email);
