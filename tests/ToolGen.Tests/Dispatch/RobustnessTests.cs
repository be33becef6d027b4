namespace ToolGen.Tests.Dispatch;

/// <summary>Whatever text a model sends as arguments, dispatch answers with a result and never throws.</summary>
public class RobustnessTests
{
    private static readonly (string Tool, string Arguments)[] Seeds =
    [
        ("basics", """{"text":"a","number":1,"flag":true}"""),
        ("numbers", """{"tiny":1,"small":2,"medium":3,"umedium":4,"unumber":5,"big":6,"ubig":7,"single":1.5,"real":2.5,"money":3.5}"""),
        ("formats", """{"id":"123e4567-e89b-12d3-a456-426614174000","when":"2026-05-01T12:30:00Z","whenOffset":"2026-05-01T12:30:00Z","link":"https://example.com/","mood":"Sad"}"""),
        ("collections", """{"numbers":[1,2],"names":["a",null],"moods":["Sad"],"grid":[[1],[2,3]]}"""),
        ("defaults", """{"text":"x","count":2,"mood":"Happy","maybe":null,"ratio":1}"""),
        ("nullables", """{"text":null,"number":3,"mood":"very-calm"}"""),
    ];

    private const string Alphabet = "{}[]\",:\\ 0123456789.-+eEtruefalsn\u00e9\u2028\t\n";

    [Fact]
    public async Task Mutated_arguments_always_give_a_result_and_never_throw()
    {
        var random = new Random(20261126);
        var successes = 0;
        var errors = new HashSet<ToolErrorKind>();
        for (var i = 0; i < 3000; i++)
        {
            var (tool, seed) = Seeds[random.Next(Seeds.Length)];
            var arguments = Mutate(seed, random);
            var tools = new RecordingTools();
            var result = await tools.AssistantTools.InvokeAsync(new ToolCall("call_1", tool, arguments));

            Assert.Equal("call_1", result.CallId);
            if (result.IsError)
            {
                errors.Add(result.ErrorKind!.Value);
                Assert.NotEqual(ToolErrorKind.ToolFailed, result.ErrorKind);
                Assert.Equal(0, tools.Calls);
            }
            else
            {
                successes++;
                Assert.Equal(1, tools.Calls);
            }
        }

        // The mutations must exercise both outcomes and many kinds, or the test proves little.
        Assert.True(successes > 50, $"only {successes} successes");
        Assert.True(errors.Count >= 5, $"only {string.Join(", ", errors)}");
    }

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0 when at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                default:
                    if (at < chars.Count)
                    {
                        chars[at] = Alphabet[random.Next(Alphabet.Length)];
                    }

                    break;
            }
        }

        return new string(chars.ToArray());
    }
}
