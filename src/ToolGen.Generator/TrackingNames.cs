namespace ToolGen.Generator;

/// <summary>Names of the pipeline steps, so tests can check which steps were cached.</summary>
internal static class TrackingNames
{
    public const string Tools = nameof(Tools);
    public const string ValidTools = nameof(ValidTools);
    public const string Toolsets = nameof(Toolsets);
}
