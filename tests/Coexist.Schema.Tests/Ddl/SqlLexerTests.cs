using Coexist.Schema.Ddl;

namespace Coexist.Schema.Tests.Ddl;

public class SqlLexerTests
{
    private static List<SqlToken> Lex(string sql, SqlDialect dialect) => SqlLexer.Tokenize(sql, dialect).ToList();

    [Theory]
    [InlineData(SqlDialect.MySql, "`client ip`", "client ip")]
    [InlineData(SqlDialect.MySql, "`a``b`", "a`b")]
    [InlineData(SqlDialect.TSql, "[Client IP]", "Client IP")]
    [InlineData(SqlDialect.TSql, "[a]]b]", "a]b")]
    [InlineData(SqlDialect.Postgres, "\"Client\"\"IP\"", "Client\"IP")]
    [InlineData(SqlDialect.Sqlite, "[ip]", "ip")]
    [InlineData(SqlDialect.Sqlite, "`ip`", "ip")]
    [InlineData(SqlDialect.Sqlite, "\"ip\"", "ip")]
    public void Every_quoting_style_of_each_dialect_gives_a_quoted_name(SqlDialect dialect, string sql, string name)
    {
        var token = Assert.Single(Lex(sql, dialect));
        Assert.Equal(TokenKind.QuotedName, token.Kind);
        Assert.Equal(name, token.Text);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "'it''s'", "it's")]
    [InlineData(SqlDialect.Postgres, @"E'a\'b'", "a'b")]
    [InlineData(SqlDialect.Postgres, @"'C:\path'", @"C:\path")]
    [InlineData(SqlDialect.MySql, @"'a\'b\\c'", @"a'b\c")]
    [InlineData(SqlDialect.MySql, "\"double\"", "double")]
    [InlineData(SqlDialect.TSql, "N'10.0.0.1'", "10.0.0.1")]
    public void Strings_keep_their_value_with_each_dialects_escapes(SqlDialect dialect, string sql, string value)
    {
        var token = Assert.Single(Lex(sql, dialect));
        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal(value, token.Text);
    }

    [Fact]
    public void Dollar_bodies_keep_semicolons_quotes_and_lines_inside()
    {
        var tokens = Lex("AS $fn$\nBEGIN\n  x := 'a;b';\nEND;\n$fn$;\nSELECT 1", SqlDialect.Postgres);
        var body = tokens[1];
        Assert.True(body.IsDollarBody);
        Assert.Contains("x := 'a;b';", body.Text, StringComparison.Ordinal);
        Assert.Equal(1, body.Line);
        Assert.Equal(TokenKind.Delimiter, tokens[2].Kind);
        Assert.Equal(6, tokens[3].Line);
    }

    [Fact]
    public void Positional_parameters_are_not_dollar_bodies()
    {
        var tokens = Lex("SELECT $1, $2", SqlDialect.Postgres);
        Assert.Equal(["$1", "$2"], tokens.Where(t => t.Kind == TokenKind.Parameter).Select(t => t.Text));
    }

    [Fact]
    public void Comments_of_every_kind_vanish_and_lines_still_count()
    {
        var tokens = Lex("-- one\n/* two\n three */ a # four\n b", SqlDialect.MySql);
        Assert.Equal(["a", "b"], tokens.Select(t => t.Text));
        Assert.Equal([3, 4], tokens.Select(t => t.Line));
    }

    [Fact]
    public void PostgreSQL_block_comments_nest()
    {
        var tokens = Lex("/* a /* b */ still comment */ x", SqlDialect.Postgres);
        Assert.Equal("x", Assert.Single(tokens).Text);
    }

    [Fact]
    public void Mysql_executable_comments_are_read_as_SQL()
    {
        var tokens = Lex("/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t */;", SqlDialect.MySql);
        Assert.Equal(["CREATE", "DEFINER", "=", "root", "@", "localhost", "TRIGGER", "t", ";"], tokens.Select(t => t.Text));
    }

    [Fact]
    public void Mysql_delimiter_command_changes_what_ends_a_statement()
    {
        var tokens = Lex("DELIMITER ;;\nCREATE TRIGGER t BEGIN SET a = 1; END;;\nDELIMITER ;\nSELECT 1;", SqlDialect.MySql);
        var delimiters = tokens.Where(t => t.Kind == TokenKind.Delimiter).ToList();
        Assert.Equal([";;", ";"], delimiters.Select(t => t.Text));
        Assert.Equal([2, 4], delimiters.Select(t => t.Line));
        Assert.Contains(tokens, t => t.Kind == TokenKind.Symbol && t.Text == ";");
    }

    [Fact]
    public void A_delimiter_glued_to_a_word_still_ends_the_statement()
    {
        var tokens = Lex("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;", SqlDialect.MySql);
        Assert.Contains(tokens, t => t.Kind == TokenKind.Word && t.Text == "END");
        Assert.Equal("$$", tokens.Single(t => t.Kind == TokenKind.Delimiter).Text);
    }

    [Theory]
    [InlineData("GO")]
    [InlineData("go")]
    [InlineData("  GO  ")]
    [InlineData("GO 5")]
    [InlineData("GO -- next batch")]
    public void A_GO_line_separates_T_SQL_batches(string line)
    {
        var tokens = Lex($"SELECT 1\n{line}\nSELECT 2", SqlDialect.TSql);
        Assert.Equal(TokenKind.BatchSeparator, tokens[2].Kind);
        Assert.Equal(2, tokens[2].Line);
        Assert.Equal(3, tokens[3].Line);
    }

    [Fact]
    public void GO_inside_a_line_or_a_name_is_not_a_separator()
    {
        var tokens = Lex("SELECT go_live, 1 AS go\nGOTO label", SqlDialect.TSql);
        Assert.DoesNotContain(tokens, t => t.Kind == TokenKind.BatchSeparator);
    }

    [Fact]
    public void Psql_meta_commands_are_skipped()
    {
        var tokens = Lex("\\restrict abc\nCREATE TABLE t (a int);\n\\connect shop", SqlDialect.Postgres);
        Assert.Equal("CREATE", tokens[0].Text);
        Assert.Equal(2, tokens[0].Line);
        Assert.DoesNotContain(tokens, t => t.Text.Contains("connect", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SELECT 'open\nnext line\nCREATE TABLE t (a int);", "unterminated string literal starting at line 1")]
    [InlineData("SELECT 1 /* open\nnext line\nCREATE TABLE t (a int);", "unterminated comment starting at line 1")]
    [InlineData("SELECT \"open\nnext line\nCREATE TABLE t (a int);", "unterminated quoted name starting at line 1")]
    public void An_unterminated_construct_is_an_error_and_the_lines_after_it_are_read_again(string sql, string reason)
    {
        var tokens = Lex(sql, SqlDialect.Postgres);
        var error = tokens.Single(t => t.Kind == TokenKind.Error);
        Assert.Equal(reason, error.Text);
        var create = tokens.Single(t => t.IsWord("CREATE"));
        Assert.Equal(3, create.Line);
    }

    [Fact]
    public void An_unterminated_dollar_body_is_an_error_and_the_rest_is_read_again()
    {
        var tokens = Lex("CREATE FUNCTION f() AS $$\nBEGIN\nCREATE TABLE t (a int);", SqlDialect.Postgres);
        Assert.Equal("unterminated $$ body starting at line 1", tokens.Single(t => t.Kind == TokenKind.Error).Text);
        Assert.Equal(3, tokens.Last(t => t.IsWord("CREATE")).Line);
    }
}
