using System.CommandLine;
using System.Globalization;
using Coexist.Model;
using Coexist.Reports.Sarif;
using Coexist.Scan;
using Coexist.Schema;
using Coexist.Schema.Rules;

namespace Coexist.Cli.Commands;

/// <summary>
/// <c>coexist schema FILE|--connection CS</c>: IPv4 dependencies in DDL files and in live PostgreSQL
/// and SQLite databases (rules COEX2xxx). Read-only; passwords never reach the output.
/// </summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "A DDL file (PostgreSQL, MySQL/MariaDB dump, SQLite, T-SQL), a SQLite database file, or - for standard input",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var connection = new Option<string?>("--connection")
        {
            Description = "A live database: a PostgreSQL or SQLite connection string, or env:VARIABLE that holds one (keeps the password off the command line)",
            HelpName = "CS",
        };
        var dialect = new Option<string?>("--dialect") { Description = "postgres, mysql, sqlite or tsql (detected when not given)" };
        var sampleRows = new Option<string>("--sample-rows")
        {
            Description = "Rows read per table by the stored-data scan: a number, or all",
            DefaultValueFactory = _ => SchemaOptions.DefaultSampleRows.ToString(CultureInfo.InvariantCulture),
        };
        var noData = new Option<bool>("--no-data") { Description = "Read the catalogs only, not the stored data" };
        var statementTimeout = new Option<int>("--statement-timeout")
        {
            Description = "Seconds any one statement may run on the server",
            DefaultValueFactory = _ => 30,
            HelpName = "SECONDS",
        };
        var service = new Option<string?>("--service") { Description = "The service this schema belongs to, as named in the inventory" };
        var common = new CommonOptions();
        var command = new Command("schema", "Find IPv4 dependencies in database schemas and stored data (rules COEX2xxx)")
        {
            file, connection, dialect, sampleRows, noData, statementTimeout, service,
        };
        common.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file);
            var connectionText = parse.GetValue(connection);
            if ((path is null) == (connectionText is null))
                throw new UsageException("give either a DDL FILE or --connection, not both or neither");
            if (parse.GetValue(statementTimeout) < 1)
                throw new UsageException("--statement-timeout must be at least 1 second");

            SchemaAssessment assessment;
            try
            {
                var options = new SchemaOptions
                {
                    Dialect = parse.GetValue(dialect) is { } d ? SchemaOptions.ParseDialect(d) : null,
                    SampleRows = SchemaOptions.ParseSampleRows(parse.GetValue(sampleRows)!),
                    ScanData = !parse.GetValue(noData),
                    StatementTimeout = TimeSpan.FromSeconds(parse.GetValue(statementTimeout)),
                    Service = parse.GetValue(service),
                    SeverityOverrides = EditorConfigSeverities.ForFile(path is null or "-" ? Path.Combine(Directory.GetCurrentDirectory(), "schema.sql") : path),
                };
                assessment = await TerminalProgress.RunAsync("assessing schema", progress =>
                {
                    var withProgress = progress is null ? options : options with
                    {
                        Progress = new Progress<SchemaProgress>(p => progress.Report((p.Stage, (int)Math.Min(p.Done, int.MaxValue), (int)Math.Min(p.Total ?? p.Done, int.MaxValue)))),
                    };
                    return connectionText is not null
                        ? SchemaAssessor.AssessLiveAsync(ResolveConnection(connectionText), withProgress, cancellationToken)
                        : path == "-"
                            ? SchemaAssessor.AssessDdlAsync(Console.In, "stdin", withProgress, cancellationToken)
                            : SchemaInputs.AssessFileAsync(path!, withProgress, cancellationToken);
                });
            }
            catch (SchemaException e)
            {
                throw new UsageException(e.Message);
            }

            var stderr = parse.InvocationConfiguration.Error;
            foreach (var skipped in assessment.Skipped)
                stderr.WriteLine($"coexist: note: {assessment.Source}: {skipped}");

            var content = common.FormatOf(parse) switch
            {
                OutputFormat.Json => AssessmentJson.Serialize(assessment.ToAssessment()),
                OutputFormat.Sarif => SarifWriter.Serialize(assessment.Findings, SchemaRules.All, path is null or "-" ? null : Path.GetDirectoryName(Path.GetFullPath(path))),
                _ => FindingsText.Render(assessment.Findings, Statistics(assessment)),
            };
            await OutputTarget.WriteAsync(parse.GetValue(common.Output), parse.InvocationConfiguration.Output, content, cancellationToken);
            return CommonOptions.ExitCodeFor(assessment.Findings.Select(f => f.Severity), common.FailOnOf(parse));
        });
        return command;
    }

    /// <summary><c>env:NAME</c> reads the connection string from the environment, as the inventory does.</summary>
    internal static string ResolveConnection(string text)
    {
        if (!text.StartsWith("env:", StringComparison.Ordinal)) return text;
        var name = text[4..];
        return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new UsageException($"environment variable {name} (from --connection env:{name}) is not set");
    }

    private static string Statistics(SchemaAssessment a) => string.Create(CultureInfo.InvariantCulture,
        $" in {a.Source} ({WireNames.Of(a.Dialect)}, {a.DialectReason}): {a.Statistics.Tables} tables, {a.Statistics.Columns} columns, {a.Statistics.SkippedStatements} skipped statements, {a.Statistics.RowsRead:N0} rows read; {a.Statistics.Elapsed.TotalSeconds:0.0} s");
}
