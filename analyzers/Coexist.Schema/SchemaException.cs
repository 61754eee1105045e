namespace Coexist.Schema;

/// <summary>
/// Something a user must fix before a schema can be assessed. The message is one line, names the
/// input and never contains a password; the CLI prints it and exits with code 2.
/// </summary>
public abstract class SchemaException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The input cannot be read: a missing file, an unknown dialect, a malformed connection string.</summary>
public sealed class SchemaInputException(string message, Exception? inner = null) : SchemaException(message, inner);

/// <summary>The database could not be reached or refused the login.</summary>
public sealed class SchemaConnectionException(string message, Exception? inner = null) : SchemaException(message, inner);
