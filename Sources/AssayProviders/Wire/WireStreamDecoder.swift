public import AssayCore

/// An incremental decoder for one streamed response body.
///
/// Every wire event (an SSE event, an NDJSON line) yields at least one `WireStreamEvent`, so the first
/// event returned times "first event". The decoders stop at the format's end signal: bytes after it are ignored.
public protocol WireStreamDecoder: Sendable {
    /// Feeds body bytes (any chunking); returns the events they complete. Throws CallError for an error event inside
    /// the stream (kind per the error type: rate-limited, overloaded, server-error, ...) or a malformed event
    /// (.malformedResponse).
    mutating func feed(_ bytes: [UInt8]) throws(CallError) -> [WireStreamEvent]
    /// The end of the body: returns remaining events.
    mutating func finish() throws(CallError) -> [WireStreamEvent]
}
