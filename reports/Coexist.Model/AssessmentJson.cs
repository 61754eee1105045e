using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coexist.Model;

/// <summary>Reads and writes <c>coexist.assessment/v1</c> documents and their JSON-lines probe stream.</summary>
public static class AssessmentJson
{
    /// <summary>Indented, camelCase, nulls left out; enums carry their wire names.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>One object per line, for streaming results as they finish.</summary>
    public static JsonSerializerOptions LineOptions { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            // Reports are read by people: keep non-ASCII text readable. HTML escaping is the renderer's job.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
            AllowTrailingCommas = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize(Assessment assessment) => JsonSerializer.Serialize(assessment, Options);

    public static async Task WriteAsync(Stream stream, Assessment assessment, CancellationToken cancellationToken = default) =>
        await JsonSerializer.SerializeAsync(stream, assessment, Options, cancellationToken).ConfigureAwait(false);

    public static string SerializeLine(ProbeResult result) => JsonSerializer.Serialize(result, LineOptions);

    /// <summary>Parses an assessment, refusing documents of another schema with a reason a user can act on.</summary>
    /// <exception cref="AssessmentFormatException">The text is not a <c>coexist.assessment/v1</c> document.</exception>
    public static Assessment Deserialize(string json, string source = "input")
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromDocument(document, source);
        }
        catch (JsonException e)
        {
            throw new AssessmentFormatException($"{source}: not valid JSON ({Where(e)}{e.Message.Split(" Path:")[0]})", e);
        }
    }

    public static async Task<Assessment> ReadAsync(Stream stream, string source, CancellationToken cancellationToken = default)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return FromDocument(document, source);
        }
        catch (JsonException e)
        {
            throw new AssessmentFormatException($"{source}: not valid JSON ({Where(e)}{e.Message.Split(" Path:")[0]})", e);
        }
    }

    private static Assessment FromDocument(JsonDocument document, string source)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new AssessmentFormatException($"{source}: expected a JSON object with \"schema\": \"{Assessment.SchemaId}\"");
        if (!document.RootElement.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String)
            throw new AssessmentFormatException($"{source}: missing \"schema\"; expected \"{Assessment.SchemaId}\"");
        if (schema.GetString() != Assessment.SchemaId)
            throw new AssessmentFormatException($"{source}: schema \"{schema.GetString()}\" is not supported; expected \"{Assessment.SchemaId}\"");
        try
        {
            return document.RootElement.Deserialize<Assessment>(Options)
                ?? throw new AssessmentFormatException($"{source}: empty document");
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
            throw new AssessmentFormatException($"{source}: does not match {Assessment.SchemaId}{path} ({e.Message.Split(" Path:")[0]})", e);
        }
    }

    private static string Where(JsonException e) =>
        e.LineNumber is { } line ? $"line {line + 1}: " : "";
}

public sealed class AssessmentFormatException(string message, Exception? inner = null) : Exception(message, inner);
