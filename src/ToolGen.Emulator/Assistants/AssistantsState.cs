using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Assistants;

/// <summary>
/// Every assistant, thread, message and run of one emulator, and the rules that move runs along. One lock guards
/// all of it; the model is consulted outside the lock. Each operation returns the response body, serialized while
/// the lock is held so it is a consistent snapshot.
/// </summary>
internal sealed partial class AssistantsState(IEmulatedModel model, TimeProvider time, TimeSpan runExpiresAfter)
{
    private readonly Lock _gate = new();
    private readonly List<AssistantEntity> _assistants = [];
    private readonly Dictionary<string, ThreadEntity> _threads = new(StringComparer.Ordinal);

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    // ---- assistants ----

    public byte[] CreateAssistant(RequestBody body)
    {
        body.AllowOnly("model", "name", "description", "instructions", "reasoning_effort", "tools", "tool_resources",
            "metadata", "temperature", "top_p", "response_format");
        var assistant = new AssistantEntity
        {
            Id = Ids.New("asst_"),
            CreatedAt = Now,
            Model = body.RequiredString("model"),
            Name = body.OptionalString("name"),
            Description = body.OptionalString("description"),
            Instructions = body.OptionalString("instructions"),
            Tools = ReadTools(body) ?? [],
            MetadataJson = body.ObjectJson("metadata", "{}"),
            ToolResourcesJson = body.ObjectJson("tool_resources", "{}"),
            Temperature = body.OptionalNumber("temperature") ?? 1.0,
            TopP = body.OptionalNumber("top_p") ?? 1.0,
            ReasoningEffort = body.OptionalString("reasoning_effort"),
            ResponseFormatJson = body.StringOrObjectJson("response_format", "\"auto\""),
        };
        lock (_gate)
        {
            _assistants.Add(assistant);
            return JsonText.Write(w => Wire.Assistant(w, assistant));
        }
    }

    public byte[] GetAssistant(string id)
    {
        lock (_gate)
        {
            var assistant = FindAssistant(id);
            return JsonText.Write(w => Wire.Assistant(w, assistant));
        }
    }

    public byte[] ListAssistants(PageQuery query)
    {
        lock (_gate)
        {
            var (page, hasMore) = query.Apply(_assistants, a => a.Id);
            return JsonText.Write(w => JsonText.List(w, page, hasMore, a => a.Id, Wire.Assistant));
        }
    }

    public byte[] ModifyAssistant(string id, RequestBody body)
    {
        body.AllowOnly("model", "name", "description", "instructions", "reasoning_effort", "tools", "tool_resources",
            "metadata", "temperature", "top_p", "response_format");
        lock (_gate)
        {
            var assistant = FindAssistant(id);

            // Read everything before changing anything, so a refused request changes nothing.
            var model = body.OptionalString("model") ?? assistant.Model;
            var name = body.Get("name") is null ? assistant.Name : body.OptionalString("name");
            var description = body.Get("description") is null ? assistant.Description : body.OptionalString("description");
            var instructions = body.Get("instructions") is null ? assistant.Instructions : body.OptionalString("instructions");
            var reasoningEffort = body.OptionalString("reasoning_effort") ?? assistant.ReasoningEffort;
            var tools = ReadTools(body) ?? assistant.Tools;
            var toolResources = body.ObjectJson("tool_resources", assistant.ToolResourcesJson);
            var metadata = body.ObjectJson("metadata", assistant.MetadataJson);
            var temperature = body.OptionalNumber("temperature") ?? assistant.Temperature;
            var topP = body.OptionalNumber("top_p") ?? assistant.TopP;
            var responseFormat = body.StringOrObjectJson("response_format", assistant.ResponseFormatJson);
            assistant.Model = model;
            assistant.Name = name;
            assistant.Description = description;
            assistant.Instructions = instructions;
            assistant.ReasoningEffort = reasoningEffort;
            assistant.Tools = tools;
            assistant.ToolResourcesJson = toolResources;
            assistant.MetadataJson = metadata;
            assistant.Temperature = temperature;
            assistant.TopP = topP;
            assistant.ResponseFormatJson = responseFormat;
            return JsonText.Write(w => Wire.Assistant(w, assistant));
        }
    }

    public byte[] DeleteAssistant(string id)
    {
        lock (_gate)
        {
            _assistants.Remove(FindAssistant(id));
            return JsonText.Write(w => JsonText.Deleted(w, id, "assistant.deleted"));
        }
    }

    // ---- threads ----

    public byte[] CreateThread(RequestBody body)
    {
        lock (_gate)
        {
            var thread = NewThread(body);
            return JsonText.Write(w => Wire.Thread(w, thread));
        }
    }

    public byte[] GetThread(string id)
    {
        lock (_gate)
        {
            var thread = FindThread(id);
            return JsonText.Write(w => Wire.Thread(w, thread));
        }
    }

    public byte[] ModifyThread(string id, RequestBody body)
    {
        body.AllowOnly("metadata", "tool_resources");
        lock (_gate)
        {
            var thread = FindThread(id);
            var metadata = body.ObjectJson("metadata", thread.MetadataJson);
            thread.ToolResourcesJson = body.ObjectJson("tool_resources", thread.ToolResourcesJson);
            thread.MetadataJson = metadata;
            return JsonText.Write(w => Wire.Thread(w, thread));
        }
    }

    public byte[] DeleteThread(string id)
    {
        lock (_gate)
        {
            _threads.Remove(FindThread(id).Id);
            return JsonText.Write(w => JsonText.Deleted(w, id, "thread.deleted"));
        }
    }

    // ---- messages ----

    public byte[] CreateMessage(string threadId, RequestBody body)
    {
        lock (_gate)
        {
            var thread = FindThread(threadId);
            if (ActiveRun(thread) is { } active)
            {
                throw new ApiException(400, $"Can't add messages to {thread.Id} while a run {active.Id} is active.");
            }

            var message = AddMessage(thread, body);
            return JsonText.Write(w => Wire.Message(w, message));
        }
    }

    public byte[] GetMessage(string threadId, string messageId)
    {
        lock (_gate)
        {
            var message = FindThread(threadId).Messages.Find(m => m.Id == messageId)
                ?? throw ApiException.NotFound("message", messageId);
            return JsonText.Write(w => Wire.Message(w, message));
        }
    }

    public byte[] ModifyMessage(string threadId, string messageId, RequestBody body)
    {
        body.AllowOnly("metadata");
        lock (_gate)
        {
            var message = FindThread(threadId).Messages.Find(m => m.Id == messageId)
                ?? throw ApiException.NotFound("message", messageId);
            message.MetadataJson = body.ObjectJson("metadata", message.MetadataJson);
            return JsonText.Write(w => Wire.Message(w, message));
        }
    }

    public byte[] DeleteMessage(string threadId, string messageId)
    {
        lock (_gate)
        {
            var thread = FindThread(threadId);
            var message = thread.Messages.Find(m => m.Id == messageId) ?? throw ApiException.NotFound("message", messageId);
            thread.Messages.Remove(message);
            var index = thread.Conversation.FindIndex(item => ReferenceEquals(item, message.Item));
            if (index >= 0)
            {
                thread.Conversation.RemoveAt(index);
            }

            return JsonText.Write(w => JsonText.Deleted(w, messageId, "thread.message.deleted"));
        }
    }

    public byte[] ListMessages(string threadId, PageQuery query, string? runId)
    {
        lock (_gate)
        {
            var messages = FindThread(threadId).Messages;
            var (page, hasMore) = query.Apply(runId is null ? messages : messages.FindAll(m => m.RunId == runId), m => m.Id);
            return JsonText.Write(w => JsonText.List(w, page, hasMore, m => m.Id, Wire.Message));
        }
    }

    private AssistantEntity FindAssistant(string id) =>
        _assistants.Find(a => a.Id == id) ?? throw ApiException.NotFound("assistant", id);

    private ThreadEntity FindThread(string id) =>
        _threads.TryGetValue(id, out var thread) ? thread : throw ApiException.NotFound("thread", id);

    private static RunEntity FindRun(ThreadEntity thread, string id) =>
        thread.Runs.Find(r => r.Id == id) ?? throw ApiException.NotFound("run", id);
}
