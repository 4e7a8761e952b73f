/// One Server-Sent Event.
public struct SSEEvent: Sendable, Hashable {
    public var event: String?
    public var data: String

    /// Whether the data is the `[DONE]` sentinel that ends an OpenAI-style stream (after any spaces).
    ///
    /// Checked on the UTF-8 bytes: Foundation's `trimmingCharacters` goes through NSString and UTF-16,
    /// and cost a quarter of the CPU of a whole streamed call, more than parsing the chunk's JSON.
    public var isDoneSentinel: Bool {
        let bytes = data.utf8
        guard let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return bytes[start...].starts(with: "[DONE]".utf8)
    }

    /// Whether the data holds nothing but spaces and tabs (or nothing).
    public var isBlank: Bool {
        data.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}

/// Decodes a `text/event-stream` byte stream incrementally, as the WHATWG specification says:
/// lines end in LF, CRLF or CR; `data:` lines of one event are joined with LF; a blank line
/// dispatches the event; lines starting with `:` are comments.
public struct SSEDecoder: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventName: String?
    private var lastWasCR = false

    public init() {}

    /// Feeds bytes; returns the events they complete.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [SSEEvent] where Bytes.Element == UInt8 {
        if let events = bytes.withContiguousStorageIfAvailable({ feed(contiguous: $0) }) { return events }
        return Array(bytes).withUnsafeBufferPointer { feed(contiguous: $0) }
    }

    /// Copies each line's bytes in one piece up to its line end, rather than one byte at a time.
    private mutating func feed(contiguous bytes: UnsafeBufferPointer<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x0A {
                if lastWasCR {
                    lastWasCR = false
                } else {
                    endLine(into: &events)
                }
                i += 1
            } else if byte == 0x0D {
                lastWasCR = true
                endLine(into: &events)
                i += 1
            } else {
                lastWasCR = false
                var end = i + 1
                while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
                line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
            }
        }
        return events
    }

    /// Ends the stream: a last event without its blank line is dispatched too.
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !line.isEmpty { endLine(into: &events) }
        dispatch(into: &events)
        return events
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
        let field = line[..<colon]
        var valueStart = colon < line.count ? colon + 1 : line.count
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = line[valueStart...]
        if field.elementsEqual("data".utf8) {
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        } else if field.elementsEqual("event".utf8) {
            eventName = String(decoding: value, as: UTF8.self)
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        if hasData {
            events.append(SSEEvent(event: eventName, data: String(decoding: data, as: UTF8.self)))
        }
        data.removeAll(keepingCapacity: true)
        hasData = false
        eventName = nil
    }
}
