/// <summary>Prints each check; the program's exit code is the number that failed.</summary>
internal static class Checks
{
    public static int Failures { get; private set; }

    public static void Check(bool ok, string what, string actual)
    {
        Console.WriteLine($"{(ok ? "ok" : "FAILED")}: {what}: {actual}");
        Failures += ok ? 0 : 1;
    }
}
