import AssayCore
import Foundation
import AssayReporting

/// Shows progress as samples complete: done/total, rate, ETA, errors by kind and spend so far.
/// On a terminal it redraws one live line (on stderr, so stdout stays a clean log); without a
/// terminal (CI logs) it prints a plain line every few seconds and at the end.
actor ProgressReporter {
    enum Style: Sendable {
        case live
        case plain(every: Duration)
    }

    var total: Int
    let style: Style
    let say: @Sendable (String) -> Void
    let started = ContinuousClock.now
    var done = 0
    var cached = 0
    var errorsByKind: [String: Int] = [:]
    var spent: Double = 0
    var lastShown: ContinuousClock.Instant?
    var liveLineShown = false

    init(total: Int, style: Style, say: @escaping @Sendable (String) -> Void) {
        self.total = total
        self.style = style
        self.say = say
    }

    /// Live on a terminal, plain otherwise (`ASSAY_PROGRESS=plain` forces plain lines).
    static func style(environment: [String: String]) -> Style {
        if environment["ASSAY_PROGRESS"] != "plain", isatty(STDERR_FILENO) == 1, environment["TERM"] != "dumb" { return .live }
        return .plain(every: .seconds(Double(environment["ASSAY_PROGRESS_SECONDS"] ?? "") ?? 5))
    }

    func done(_ sample: Sample, spent: Double) {
        done += 1
        if sample.cached { cached += 1 }
        if sample.status == .error { errorsByKind[(sample.errorKind ?? .connection).rawValue, default: 0] += 1 }
        self.spent = spent
        let now = ContinuousClock.now
        switch style {
        case .live:
            if let last = lastShown, now - last < .milliseconds(100), done < total { return }
            lastShown = now
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line(now: now)).utf8))
            liveLineShown = true
        case .plain(let every):
            if let last = lastShown, now - last < every, done < total { return }
            lastShown = now
            say("  " + line(now: now))
        }
    }

    /// An adaptive run learns its size as it goes: the samples done plus at most `remaining` more.
    func expect(remaining: Int) {
        total = done + remaining
    }

    /// Ends the live line so that what follows starts on a fresh line.
    func finish() {
        if liveLineShown { FileHandle.standardError.write(Data("\n".utf8)) }
        liveLineShown = false
    }

    func line(now: ContinuousClock.Instant) -> String {
        let seconds = (now - started).milliseconds / 1000
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var text = String(format: "%d/%d samples (%.0f%%), %.1f/s", done, total, Double(done) * 100 / Double(max(1, total)), rate)
        if done < total, rate > 0 {
            text += ", ETA " + ProgressReporter.clock(Double(total - done) / rate)
        } else {
            text += String(format: ", %.1f s", seconds)
        }
        let errors = errorsByKind.values.reduce(0, +)
        text += errors == 0 ? ", no errors" : ", errors \(errors) (" + errorsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        if cached > 0 { text += ", \(cached) from cache" }
        text += ", spent " + ReportFormat.usd(spent)
        return text
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
