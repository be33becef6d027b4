using System.ClientModel;
using System.Net.Http.Headers;
using OpenAI.Assistants;

namespace ToolGen.Emulator.Tests;

/// <summary>Helpers shared by the tests: a real SDK client or a raw HttpClient pointed at an emulator, and polling.</summary>
internal static class Emulated
{
    public static AssistantClient Client(OpenAIEmulator emulator) =>
        new(new ApiKeyCredential("test"), new AssistantClientOptions { Endpoint = emulator.Endpoint });

    public static HttpClient Http(OpenAIEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = new Uri(emulator.Endpoint + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test");
        http.DefaultRequestHeaders.Add("OpenAI-Beta", "assistants=v2");
        return http;
    }

    public static FunctionToolDefinition Tool(string name, string parametersJson, string? description = null) =>
        new(name) { Description = description, Parameters = BinaryData.FromString(parametersJson) };

    /// <summary>Polls until the run leaves queued/in_progress/cancelling. The emulator moves a run one step per GET,
    /// so a handful of polls always suffices; the bound turns a stuck run into a failure instead of a hang.</summary>
    public static async Task<ThreadRun> PollAsync(AssistantClient client, ThreadRun run)
    {
        for (var i = 0; i < 10; i++)
        {
            if (run.Status != RunStatus.Queued && run.Status != RunStatus.InProgress && run.Status != RunStatus.Cancelling)
            {
                return run;
            }

            run = await client.GetRunAsync(run.ThreadId, run.Id);
        }

        throw new Xunit.Sdk.XunitException($"Run {run.Id} is still {run.Status} after 10 polls.");
    }

    public static async Task<List<ThreadMessage>> MessagesAsync(AssistantClient client, string threadId)
    {
        var messages = new List<ThreadMessage>();
        await foreach (var message in client.GetMessagesAsync(threadId, new MessageCollectionOptions { Order = MessageCollectionOrder.Ascending }))
        {
            messages.Add(message);
        }

        return messages;
    }
}
