import AssayCore

/// The fast path for the Chat Completions chunk nearly every token comes in: a text delta and perhaps a
/// finish reason, with no usage, tool call, reasoning or error. Read with a `JSONScanner`, without building
/// a `JSONValue` (its dictionaries, hashing and allocations were most of the CPU of a streamed call).
///
/// It reads exactly what `OpenAIStreamHandler`'s full parse reads: `choices[0].delta.content` and
/// `choices[0].finish_reason`. Any other shape, any of the other members the full parse reads holding a
/// value, a repeated member it reads, or any doubt about the syntax answers nil, and the full parse
/// decides; so both paths give the same events for every chunk (tested on the recorded streams and
/// on generated chunks).
struct OpenAIChunkScanner {
    struct Chunk: Equatable {
        var content: String?
        var finishReason: String?
    }

    static func scan(_ text: String) -> Chunk? {
        var s = JSONScanner(text)
        var chunk = Chunk()
        var seenChoices = false
        guard s.consume(UInt8(ascii: "{")) else { return nil }
        if !s.consume(UInt8(ascii: "}")) {
            repeat {
                guard let key = s.key() else { return nil }
                if JSONScanner.matches(key, "choices") {
                    guard !seenChoices, readChoices(&s, into: &chunk) else { return nil }
                    seenChoices = true
                } else if JSONScanner.matches(key, "usage") || JSONScanner.matches(key, "x_groq") || JSONScanner.matches(key, "error") {
                    // Read by the full parse when not null (and a repeat of a null one is harmless).
                    guard s.consumeNull() else { return nil }
                } else {
                    guard s.skipValue() else { return nil }
                }
            } while s.consume(UInt8(ascii: ","))
            guard s.consume(UInt8(ascii: "}")) else { return nil }
        }
        guard s.isAtEnd() else { return nil }
        return chunk
    }

    /// `choices`: null, or an array whose first element (if any) is an object; later elements are skipped.
    private static func readChoices(_ s: inout JSONScanner, into chunk: inout Chunk) -> Bool {
        if s.consumeNull() { return true }
        guard s.consume(UInt8(ascii: "[")) else { return false }
        if s.consume(UInt8(ascii: "]")) { return true }
        guard readChoice(&s, into: &chunk) else { return false }
        while s.consume(UInt8(ascii: ",")) {
            guard s.skipValue() else { return false }
        }
        return s.consume(UInt8(ascii: "]"))
    }

    private static func readChoice(_ s: inout JSONScanner, into chunk: inout Chunk) -> Bool {
        guard s.consume(UInt8(ascii: "{")) else { return false }
        if s.consume(UInt8(ascii: "}")) { return true }
        var seenDelta = false
        var seenFinish = false
        repeat {
            guard let key = s.key() else { return false }
            if JSONScanner.matches(key, "delta") {
                guard !seenDelta, readDelta(&s, into: &chunk) else { return false }
                seenDelta = true
            } else if JSONScanner.matches(key, "finish_reason") {
                guard !seenFinish else { return false }
                seenFinish = true
                if !s.consumeNull() {
                    guard let reason = s.string() else { return false }
                    chunk.finishReason = reason
                }
            } else {
                guard s.skipValue() else { return false }
            }
        } while s.consume(UInt8(ascii: ","))
        return s.consume(UInt8(ascii: "}"))
    }

    /// `delta`: an object whose `content` is a string or null; reasoning and tool calls go to the full parse.
    private static func readDelta(_ s: inout JSONScanner, into chunk: inout Chunk) -> Bool {
        guard s.consume(UInt8(ascii: "{")) else { return false }
        if s.consume(UInt8(ascii: "}")) { return true }
        var seenContent = false
        repeat {
            guard let key = s.key() else { return false }
            if JSONScanner.matches(key, "content") {
                guard !seenContent else { return false }
                seenContent = true
                if !s.consumeNull() {
                    guard let content = s.string() else { return false }
                    chunk.content = content
                }
            } else if JSONScanner.matches(key, "reasoning_content") || JSONScanner.matches(key, "reasoning")
                || JSONScanner.matches(key, "tool_calls")
            {
                guard s.consumeNull() else { return false }
            } else {
                guard s.skipValue() else { return false }
            }
        } while s.consume(UInt8(ascii: ","))
        return s.consume(UInt8(ascii: "}"))
    }
}
