using Coexist.Model;
using Coexist.Schema.Objects;
using Coexist.Schema.Rules;

namespace Coexist.Schema.Ddl;

/// <summary>
/// Reads statements into the model, from a DDL file, sqlite_master or a PostgreSQL catalog alike,
/// checking each view, routine and trigger as it arrives so that its text need not be kept.
/// </summary>
internal sealed class SchemaReader(RuleContext context)
{
    public RuleContext Context { get; } = context;
    public SchemaModel Model => Context.Model;
    public List<Finding> Findings { get; } = [];
    public long Statements { get; private set; }
    public int CodeObjects { get; private set; }

    /// <returns>Null when the statement was read (or had nothing to read), else why it was skipped.</returns>
    public string? Read(SqlStatement statement)
    {
        Statements++;
        if (statement.SkipReason is { } reason) return reason;
        try
        {
            DdlStatementReader.Read(statement, Model, Check);
            return null;
        }
        catch (DdlReadException e)
        {
            return e.Message;
        }
    }

    public void Check(CodeObject code)
    {
        CodeObjects++;
        Findings.AddRange(RuleSet.CheckCode(Context, CodeSite.Of(code)));
    }

    /// <summary>Runs the column rules over the complete model; the findings are then all in.</summary>
    public void Finish() => Findings.AddRange(RuleSet.CheckModel(Context));

    /// <summary>What was read; the caller adds what only it knows (skips, rows, time).</summary>
    public SchemaStatistics Statistics() => new()
    {
        Statements = Statements,
        Tables = Model.Tables.Count,
        Columns = Model.Tables.Sum(t => t.Columns.Count),
        Indexes = Model.Tables.Sum(t => t.Keys.Count),
        CodeObjects = CodeObjects,
    };
}
