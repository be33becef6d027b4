namespace ToolGen.Generator.Model;

/// <summary>One <c>System.ComponentModel.DataAnnotations</c> rule on a parameter or member, with its raw arguments.
/// The schema writer turns it into keywords (or, where strict mode has none, a sentence of the description); the
/// binder emitter into a check.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Values">Its arguments: for <see cref="ConstraintKind.Range"/> minimum, maximum, and whether each is
/// exclusive; for the length rules the length; for <see cref="ConstraintKind.Pattern"/> the pattern; for
/// <see cref="ConstraintKind.Allowed"/>/<see cref="ConstraintKind.Denied"/> the values.</param>
internal sealed record ConstraintSpec(ConstraintKind Kind, EquatableArray<RawValue> Values);

/// <summary>The rules ToolGen maps (<c>[Length]</c> and <c>[StringLength]</c> become a minimum and a maximum).</summary>
internal enum ConstraintKind
{
    Range,
    MinLength,
    MaxLength,
    Pattern,
    Email,
    Url,
    Base64,
    Allowed,
    Denied,
}
