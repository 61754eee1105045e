using Coexist.Lab.Tests.Fixture;
using Coexist.Model;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>run/coexist.yaml, written by up.sh for <c>coexist probe</c>, is an inventory the project reads.</summary>
[Collection(LabCollection.Name)]
public sealed class InventoryTests(LabFixture fixture)
{
    private LabDescription Lab => fixture.Lab;

    [LabFact]
    public void Lab_inventory_reads_and_matches_the_lab_description()
    {
        var inventory = InventoryReader.Load(Lab.Inventory);
        Assert.Equal(Lab.Nat64.Prefix, inventory.Nat64Prefix);
        Assert.Equal(Lab.Resolvers.Plain.IPv4, inventory.Resolver?.Address);
        Assert.Equal(Lab.Resolvers.Dns64.IPv6, inventory.Dns64?.Address);

        // Services only: web, mail and SIP cases, and DNS cases that are zones (the MTU cases are paths).
        var expected = Lab.Cases.Where(c => c.Kind is "web" or "mail" or "sip" || (c.Kind == "dns" && c.Expect.ContainsKey("zone"))).Select(c => c.Id);
        Assert.Equal(expected.Order(), inventory.Services.Select(s => s.Name).Order());
        foreach (var service in inventory.Services)
        {
            var labCase = Lab.Case(service.Name);
            switch (service.Kind)
            {
                case ServiceKind.Web: Assert.Equal([labCase.Name], service.Hosts); Assert.Equal(labCase.Ports, service.Ports); break;
                case ServiceKind.Dns: Assert.Equal(labCase.Fact("zone"), service.Zone); break;
                default: Assert.Equal(labCase.Fact("domain"), service.Domain); break;
            }
        }
    }
}
