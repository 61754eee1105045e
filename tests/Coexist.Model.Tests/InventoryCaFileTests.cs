using Coexist.Model;

namespace Coexist.Model.Tests;

/// <summary>The inventory key <c>ca-file:</c> (private certificate authorities for the web probe's TLS checks).</summary>
public sealed class InventoryCaFileTests
{
    [Fact]
    public void A_ca_file_is_one_path_or_a_list_resolved_against_the_inventory()
    {
        var one = InventoryReader.Parse("ca-file: tls/ca.crt\n", "coexist.yaml", "/estate");
        Assert.Equal([Path.GetFullPath("/estate/tls/ca.crt")], one.CaFiles);
        var two = InventoryReader.Parse("ca-file: [a.pem, /etc/ssl/b.pem]\n", "coexist.yaml", "/estate");
        Assert.Equal([Path.GetFullPath("/estate/a.pem"), "/etc/ssl/b.pem"], two.CaFiles);
        Assert.Empty(InventoryReader.Parse("organization: x\n", "coexist.yaml", "/estate").CaFiles);
    }

    [Fact]
    public void A_ca_file_that_is_a_map_is_an_error_with_its_line()
    {
        var error = Assert.Throws<InventoryException>(() => InventoryReader.Parse("organization: x\nca-file: {path: a.pem}\n", "coexist.yaml", "/estate"));
        Assert.Contains("coexist.yaml:2", error.Message);
    }
}
