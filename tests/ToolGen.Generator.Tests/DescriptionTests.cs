using Microsoft.CodeAnalysis;

namespace ToolGen.Generator.Tests;

public class DescriptionTests
{
    private const string Source = """
        #pragma warning disable CS1591 // the undocumented tool is the point
        using System.ComponentModel;
        using ToolGen;

        namespace Demo;

        public static partial class DescribedTools
        {
            /// <summary>
            /// Looks up the <see cref="System.String"/> weather
            /// for a <paramref name="city"/>; returns <see langword="null"/> when unknown.
            /// </summary>
            /// <param name="city">The city name, e.g. <c>Paris</c>.</param>
            /// <param name="days">How many days.</param>
            /// <returns>Ignored.</returns>
            [AssistantTool]
            public static string GetWeather(string city, [Description("Days ahead, 1 to 7.")] int days = 1) => city;

            /// <summary>Docs lose to the attribute.</summary>
            [AssistantTool(Description = "From the attribute.")]
            [Description("From [Description].")]
            public static string Attributed() => "";

            /// <summary>Docs lose to [Description].</summary>
            [AssistantTool]
            [Description("From [Description].")]
            public static string DescribedOnly() => "";

            [AssistantTool]
            public static string Undocumented(string x) => x;
        }
        """;

    [Theory]
    [InlineData(DocumentationMode.None)]
    [InlineData(DocumentationMode.Parse)]
    [InlineData(DocumentationMode.Diagnose)]
    public void Xml_doc_summaries_and_params_become_descriptions_in_every_documentation_mode(DocumentationMode mode)
    {
        var tools = LoadedTools.Load(Source, mode);
        var weather = tools.Definition("get_weather");
        Assert.Equal("Looks up the String weather for a city; returns null when unknown. Returns: Ignored.", weather.Description);
        Assert.Contains("\"city\":{\"type\":\"string\",\"description\":\"The city name, e.g. Paris.\"}", weather.ParametersSchemaJson);
    }

    [Fact]
    public void Description_attribute_on_a_parameter_wins_over_its_param_doc_and_the_default_is_stated()
    {
        var weather = LoadedTools.Load(Source).Definition("get_weather");
        Assert.Contains("\"days\":{\"type\":[\"integer\",\"null\"],\"description\":\"Days ahead, 1 to 7. Default: 1.\"}", weather.ParametersSchemaJson);
    }

    [Fact]
    public void The_attributes_description_wins_then_Description_then_the_summary()
    {
        var tools = LoadedTools.Load(Source);
        Assert.Equal("From the attribute.", tools.Definition("attributed").Description);
        Assert.Equal("From [Description].", tools.Definition("described_only").Description);
        Assert.Null(tools.Definition("undocumented").Description);
        Assert.DoesNotContain("description", tools.Definition("undocumented").ParametersSchemaJson);
    }

    [Theory]
    [InlineData(DocumentationMode.None)]
    [InlineData(DocumentationMode.Parse)]
    [InlineData(DocumentationMode.Diagnose)]
    public void Block_doc_comments_entities_and_generic_crefs_read_the_same_in_every_documentation_mode(DocumentationMode mode)
    {
        var tools = LoadedTools.Load("""
            #pragma warning disable CS1591 // only the tool is documented
            using System.Collections.Generic;
            public static partial class Tools
            {
                /**
                 * <summary>Sorts a <see cref="List{T}"/> &amp; keeps <c>a &lt; b</c>;
                 * see <see cref="System.Math.Max(int, int)"/>.</summary>
                 * <param name="items">The <see cref="T:System.String"/> items.</param>
                 */
                [ToolGen.AssistantTool]
                public static string Sort(List<string> items) => "";
            }
            """, mode);
        var sort = tools.Definition("sort");
        Assert.Equal("Sorts a List & keeps a < b; see Max.", sort.Description);
        Assert.Contains("\"description\":\"The String items.\"", sort.ParametersSchemaJson);
    }
}
