/// Keeps the last usage sent, so that `.usage` is only emitted when it changed.
struct UsageTracker: Sendable {
    var last: WireUsage?

    mutating func changed(_ usage: WireUsage?) -> WireUsage? {
        guard let usage, usage != last else { return nil }
        last = usage
        return usage
    }
}
