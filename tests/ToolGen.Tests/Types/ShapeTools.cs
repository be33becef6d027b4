using System.Text.Json.Serialization;

namespace ToolGen.Tests.Types;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Circle), "circle")]
[JsonDerivedType(typeof(Square), "square")]
[JsonDerivedType(typeof(RoundedSquare), "rounded")]
public abstract record Shape;

public sealed record Circle(double Radius) : Shape;

public record Square(double Side) : Shape;

public sealed record RoundedSquare(double Side, double Corner) : Square(Side);

public static partial class ShapeTools
{
    [AssistantTool]
    public static double TotalArea(IReadOnlyList<Shape> shapes)
        => shapes.Sum(s => s switch { Circle c => Math.PI * c.Radius * c.Radius, Square q => q.Side * q.Side, _ => 0 });

    [AssistantTool]
    public static Shape[] Largest(Shape? hint = null) => [new Circle(2), new RoundedSquare(1, 0.5), hint ?? new Square(3)];
}
