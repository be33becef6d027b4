using ToolGen.Emulator.Http;

namespace ToolGen.Emulator.Assistants;

/// <summary>A run just created or just given its tool outputs: the JSON answer, or with <see cref="Events"/> the
/// start of the event stream.</summary>
internal sealed record Started(byte[] Json, ThreadEntity Thread, RunEntity Run, EventLog? Events);
