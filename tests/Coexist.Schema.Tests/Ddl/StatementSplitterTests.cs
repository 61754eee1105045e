using Coexist.Schema.Ddl;

namespace Coexist.Schema.Tests.Ddl;

public class StatementSplitterTests
{
    private static List<SqlStatement> Split(string sql, SqlDialect dialect) => StatementSplitter.Split(sql, dialect).ToList();

    private static string Head(SqlStatement s) => string.Join(' ', s.Tokens.Take(2).Select(t => t.Text));

    [Fact]
    public void Semicolons_end_statements_and_empty_ones_vanish()
    {
        var statements = Split("CREATE TABLE a (x int);;\n\nCREATE TABLE b (y int);", SqlDialect.Postgres);
        Assert.Equal([1, 3], statements.Select(s => s.Line));
    }

    [Fact]
    public void A_sqlite_trigger_runs_to_its_END_despite_the_semicolons_inside()
    {
        var statements = Split("""
            CREATE TRIGGER t AFTER INSERT ON s BEGIN
              UPDATE s SET a = 1;
              INSERT INTO l VALUES (CASE WHEN 1 THEN 2 END);
            END;
            CREATE TABLE x (a int);
            """, SqlDialect.Sqlite);
        Assert.Equal(["CREATE TRIGGER", "CREATE TABLE"], statements.Select(Head));
    }

    [Fact]
    public void A_mysql_procedure_without_DELIMITER_runs_to_its_END_across_IF_and_LOOP()
    {
        var statements = Split("""
            CREATE PROCEDURE p() BEGIN
              IF a THEN SET b = 1; END IF;
              WHILE c DO SET c = 0; END WHILE;
              START TRANSACTION; COMMIT;
            END;
            SELECT 1;
            """, SqlDialect.MySql);
        Assert.Equal(["CREATE PROCEDURE", "SELECT 1"], statements.Select(Head));
    }

    [Fact]
    public void A_T_SQL_batch_without_semicolons_splits_at_each_new_statement()
    {
        var statements = Split("""
            SET ANSI_NULLS ON
            CREATE TABLE [a] ([x] int)
            ALTER TABLE [a] ALTER COLUMN [x] bigint
            ALTER TABLE [a] ADD CONSTRAINT [pk] PRIMARY KEY ([x])
            CREATE INDEX [i] ON [a] ([x])
            GO
            """, SqlDialect.TSql);
        Assert.Equal(["SET ANSI_NULLS", "CREATE TABLE", "ALTER TABLE", "ALTER TABLE", "CREATE INDEX"], statements.Select(Head));
        Assert.Equal([1, 2, 3, 4, 5], statements.Select(s => s.Line));
    }

    [Fact]
    public void A_T_SQL_procedure_runs_to_GO()
    {
        var statements = Split("""
            CREATE PROCEDURE p AS
            BEGIN
              SET NOCOUNT ON;
              CREATE TABLE #t (a int);
              SELECT 1;
            END
            GO
            CREATE TABLE b (y int)
            """, SqlDialect.TSql);
        Assert.Equal(["CREATE PROCEDURE", "CREATE TABLE"], statements.Select(Head));
        Assert.Equal(8, statements[1].Line);
    }

    [Fact]
    public void COPY_data_from_a_pg_dump_is_passed_over()
    {
        var lexer = new SqlLexer(new CharSource(new StringReader("COPY t (a) FROM stdin;\n1\t'x;\n2\t$$\n\\.\nCREATE TABLE b (y int);")), DialectSyntax.For(SqlDialect.Postgres), 1 << 20);
        var splitter = new StatementSplitter(lexer, SqlDialect.Postgres, 1 << 20);
        Assert.Equal("COPY t", Head(splitter.Next()!));
        var next = splitter.Next()!;
        Assert.Equal("CREATE TABLE", Head(next));
        Assert.Equal(5, next.Line);
        Assert.Null(splitter.Next());
        Assert.Equal(2, splitter.CopyRowsSkipped);
    }

    [Fact]
    public void An_overlong_statement_is_skipped_without_keeping_its_tokens()
    {
        var sql = "INSERT INTO t VALUES " + string.Join(",", Enumerable.Repeat("(1, 'abc')", 2000)) + ";\nCREATE TABLE b (y int);";
        var statements = StatementSplitter.Split(sql, SqlDialect.Postgres, maxStatementChars: 1000).ToList();
        Assert.Equal("statement longer than 1000 characters", statements[0].SkipReason);
        Assert.Empty(statements[0].Tokens);
        Assert.Equal("CREATE TABLE", Head(statements[1]));
    }
}
