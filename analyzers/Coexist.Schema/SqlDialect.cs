using System.Text.Json.Serialization;

namespace Coexist.Schema;

/// <summary>The SQL dialects Coexist reads; the wire names are those of <c>--dialect</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SqlDialect>))]
public enum SqlDialect
{
    [JsonStringEnumMemberName("postgres")] Postgres,
    [JsonStringEnumMemberName("mysql")] MySql,
    [JsonStringEnumMemberName("sqlite")] Sqlite,
    [JsonStringEnumMemberName("tsql")] TSql,
}
