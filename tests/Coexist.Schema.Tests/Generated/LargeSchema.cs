using System.Globalization;
using System.Text;

namespace Coexist.Schema.Tests.Generated;

/// <summary>
/// A mysqldump-shaped schema of many tables, for the 5,000-table benchmark and the test that checks
/// what it finds. Every second table has an IPv4 text column with an index, every fifth an
/// INET_ATON number, every fiftieth a view with an IPv4 literal; the counts are known in advance.
/// </summary>
public static class LargeSchema
{
    public static string MySqlDump(int tables)
    {
        var ddl = new StringBuilder(tables * 600);
        ddl.Append("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n/*!40101 SET NAMES utf8mb4 */;\n\n");
        for (var i = 0; i < tables; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            ddl.Append("DROP TABLE IF EXISTS `t").Append(n).Append("`;\n");
            ddl.Append("/*!40101 SET @saved_cs_client     = @@character_set_client */;\n");
            ddl.Append("CREATE TABLE `t").Append(n).Append("` (\n");
            ddl.Append("  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n");
            ddl.Append("  `name` varchar(100) NOT NULL COMMENT 'display name',\n");
            if (HasTextAddress(i)) ddl.Append("  `client_ip` varchar(15) DEFAULT NULL,\n");
            if (HasNumberAddress(i)) ddl.Append("  `ip_num` int unsigned DEFAULT NULL,\n");
            ddl.Append("  `email_address` varchar(254) DEFAULT NULL,\n");
            ddl.Append("  `created_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,\n");
            ddl.Append("  `notes` text,\n");
            ddl.Append("  PRIMARY KEY (`id`)");
            if (HasTextAddress(i)) ddl.Append(",\n  KEY `idx_t").Append(n).Append("_client_ip` (`client_ip`)");
            ddl.Append("\n) ENGINE=InnoDB AUTO_INCREMENT=1 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n");
            ddl.Append("/*!40101 SET character_set_client = @saved_cs_client */;\n\n");
            if (HasView(i))
            {
                ddl.Append("/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n");
                ddl.Append("/*!50001 VIEW `v").Append(n).Append("` AS select `t").Append(n).Append("`.`id` AS `id` from `t").Append(n)
                   .Append("` where (`t").Append(n).Append("`.`name` <> '10.0.0.1') */;\n\n");
            }
        }
        return ddl.ToString();
    }

    /// <summary>
    /// A dump of about <paramref name="bytes"/> bytes: a table, a function body that never closes (a runaway
    /// literal the reader must give up on), data rows, and <paramref name="lastStatement"/> on the last line.
    /// </summary>
    /// <returns>The number of lines, which is the line of <paramref name="lastStatement"/>.</returns>
    public static async Task<int> WriteDataDumpAsync(string path, long bytes, string lastStatement)
    {
        var lines = 0;
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync("CREATE TABLE events (id bigint, payload text);"); lines++;
        await writer.WriteLineAsync("CREATE FUNCTION f() RETURNS int AS $body$ a body that never closes;"); lines++;
        const string row = "INSERT INTO events VALUES (1, 'user agent Mozilla/5.0 (X11; Linux x86_64) with some text to make the row longer');";
        while (writer.BaseStream.Length < bytes)
        {
            for (var i = 0; i < 1000; i++) await writer.WriteLineAsync(row);
            lines += 1000;
            await writer.FlushAsync();
        }
        await writer.WriteLineAsync(lastStatement); lines++;
        return lines;
    }

    public static bool HasTextAddress(int table) => table % 2 == 0;

    public static bool HasNumberAddress(int table) => table % 5 == 0;

    public static bool HasView(int table) => table % 50 == 0;

    /// <summary>Findings by rule for <paramref name="tables"/> tables: text columns, number columns, indexes on text columns, view literals.</summary>
    public static (int Text, int Number, int Keys, int Literals) Expected(int tables)
    {
        var range = Enumerable.Range(0, tables).ToList();
        var text = range.Count(HasTextAddress);
        return (text, range.Count(HasNumberAddress), text, range.Count(HasView));
    }
}

/// <summary>
/// Collects fully every few progress reports and keeps the highest live heap seen above a baseline:
/// what a streamed read holds at its worst, garbage left out.
/// </summary>
public sealed class LiveHeapPeak : IProgress<SchemaProgress>
{
    private const int ReportsBetweenSamples = 20;

    private readonly long _baseline;
    private int _reports;

    public LiveHeapPeak()
    {
        GC.Collect();
        _baseline = GC.GetTotalMemory(forceFullCollection: true);
    }

    public int Samples { get; private set; }
    public long Growth { get; private set; }

    public void Report(SchemaProgress value)
    {
        if (++_reports % ReportsBetweenSamples != 0) return;
        Samples++;
        Growth = Math.Max(Growth, GC.GetTotalMemory(forceFullCollection: true) - _baseline);
    }
}
