namespace ToolGen.Emulator.Http;

/// <summary>
/// A request the real service would refuse. The endpoint layer turns it into OpenAI's error body
/// <c>{"error":{"message","type","param","code"}}</c> with <see cref="Status"/>.
/// </summary>
internal sealed class ApiException(int status, string message, string? param = null, string? code = null, string type = "invalid_request_error")
    : Exception(message)
{
    public int Status { get; } = status;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    public string Type { get; } = type;

    public static ApiException NotFound(string kind, string id) => new(404, $"No {kind} found with id '{id}'.");

    public static ApiException Missing(string param) =>
        new(400, $"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    public static ApiException WrongType(string param, string expected, string actual) =>
        new(400, $"Invalid type for '{param}': expected {expected}, but got {actual} instead.", param, "invalid_type");

    public static ApiException Unknown(string param) =>
        new(400, $"Unrecognized request argument supplied: {param}", param, "unknown_parameter");
}
