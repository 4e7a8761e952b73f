import Foundation

/// The wall-clock times a run records (started, finished, cached at): ISO 8601 with fractions, UTC.
/// Durations are never measured with it (see `CallTimings`, which reads a monotonic clock).
enum Timestamp {
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
