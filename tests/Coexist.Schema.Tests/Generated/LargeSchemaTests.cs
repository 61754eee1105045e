using Coexist.Schema.Rules;

namespace Coexist.Schema.Tests.Generated;

public class LargeSchemaTests
{
    [Fact]
    public async Task Five_thousand_tables_give_exactly_the_findings_they_were_built_with()
    {
        const int tables = 5000;
        var result = await Fixture.AssessTextAsync(LargeSchema.MySqlDump(tables));
        var expected = LargeSchema.Expected(tables);

        Assert.Equal(SqlDialect.MySql, result.Dialect);
        Assert.Empty(result.Skipped);
        Assert.Equal(tables, result.Statistics.Tables);
        Assert.Equal(expected.Text, result.Findings.Count(f => f.RuleId == SchemaRuleIds.IPv4StoredAsText));
        Assert.Equal(expected.Number, result.Findings.Count(f => f.RuleId == SchemaRuleIds.IPv4StoredAsNumber));
        Assert.Equal(expected.Keys, result.Findings.Count(f => f.RuleId == SchemaRuleIds.KeyOnIPv4Column));
        Assert.Equal(expected.Literals, result.Findings.Count(f => f.RuleId == SchemaRuleIds.IPv4LiteralInCode));
        Assert.Equal(expected.Text + expected.Number + expected.Keys + expected.Literals, result.Findings.Count);
    }
}
