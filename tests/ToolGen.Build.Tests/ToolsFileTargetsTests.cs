using System.Diagnostics;
using System.Reflection;
using ToolGen.Testing;

namespace ToolGen.Build.Tests;

/// <summary>The targets around the task (src/ToolGen.Build/ToolGen.targets), run by a real <c>dotnet build</c> of a
/// small project that uses the generator and the targets the way the repository's own projects do.</summary>
public sealed class ToolsFileTargetsTests : IDisposable
{
    private static readonly string Repository = Path.GetFullPath(Path.Combine(Fixtures.Root, "..", ".."));

    // The repository's projects were built in this configuration before the tests ran; the probe uses those builds.
    private static readonly string Configuration = typeof(ToolsFileTargetsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    private readonly string _project = Directory.CreateTempSubdirectory("toolgen-targets-").FullName;

    public ToolsFileTargetsTests()
    {
        File.WriteAllText(Path.Combine(_project, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Repository}/src/ToolGen/ToolGen.csproj" />
                <ProjectReference Include="{Repository}/src/ToolGen.Generator/ToolGen.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
              <Import Project="{Repository}/src/ToolGen.Build/ToolGen.InRepository.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(_project, "Probe.cs"), """
            namespace Probe;

            public static partial class ProbeTools
            {
                [ToolGen.AssistantTool(Description = "Echoes its text.")]
                public static string Echo(string text) => text;
            }
            """);
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private string DefaultFile => Path.Combine(_project, "bin", Configuration, "net10.0", "Probe.tools.json");

    [Fact]
    public void A_build_writes_the_file_beside_the_assembly_and_the_properties_move_it_or_turn_it_off()
    {
        Build();
        var written = File.ReadAllText(DefaultFile);
        Assert.StartsWith("""[{"type":"function","function":{"description":"Echoes its text.","name":"echo",""", written);

        Build("-p:ToolGenToolsFile=contract/probe.tools.json");
        Assert.Equal(written, File.ReadAllText(Path.Combine(_project, "contract", "probe.tools.json")));
        Assert.False(File.Exists(DefaultFile), "the build's incremental clean removes the file it no longer writes");

        Build("-p:ToolGenWriteToolsFile=false");
        Assert.False(File.Exists(DefaultFile));
    }

    private void Build(params string[] properties)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "build", "-c", Configuration, "-p:BuildProjectReferences=false", "-nodeReuse:false", "-v:q" }.Concat(properties))
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings belong to the outer build, not to this one.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet build failed:\n{output.Result}\n{errors}");
    }
}
