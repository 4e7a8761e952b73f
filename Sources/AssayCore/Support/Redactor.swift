import Foundation

/// Removes credential values from text that may echo them (provider error bodies), before the text
/// reaches a log, the store or a report.
public struct Redactor: Sendable {
    let secrets: [String]

    /// - Parameter secrets: credential values; very short ones are ignored (they would match ordinary text).
    public init(secrets: some Sequence<String>) {
        self.secrets = Array(Set(secrets.filter { $0.count >= 8 })).sorted { $0.count > $1.count }
    }

    public static let none = Redactor(secrets: [])

    public func callAsFunction(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: "[redacted]")
        }
        // A body cut to a length can end inside a key: a trailing start of a secret goes too.
        for secret in secrets {
            for length in stride(from: secret.count - 1, through: 8, by: -1) where text.hasSuffix(secret.prefix(length)) {
                text = String(text.dropLast(length)) + "[redacted]"
                break
            }
        }
        return text
    }

}
