public import Foundation

/// Reads the times users and the store write: a day (`2026-12-01`, midnight UTC) or an ISO 8601 moment, with
/// or without fractions of a second (`2026-12-01T02:00:00Z`, `2026-12-01T02:00:00.123+02:00`).
public enum ISOTime {
    public static func parse(_ text: String) -> Date? {
        if text.count == 10 {
            let day = DateFormatter()
            day.locale = Locale(identifier: "en_US_POSIX")
            day.timeZone = TimeZone(identifier: "UTC")
            day.dateFormat = "yyyy-MM-dd"
            if let date = day.date(from: text) { return date }
        }
        let moment = ISO8601DateFormatter()
        if let date = moment.date(from: text) { return date }
        moment.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return moment.date(from: text)
    }
}
