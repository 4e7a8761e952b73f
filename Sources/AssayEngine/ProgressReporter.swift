import AssayCore
import Foundation

/// Prints progress as samples complete: a line every 10% (and at the end), with errors so far.
actor ProgressReporter {
    let total: Int
    let say: @Sendable (String) -> Void
    let started = ContinuousClock.now
    var done = 0
    var errors = 0
    var nextMark = 1

    init(total: Int, say: @escaping @Sendable (String) -> Void) {
        self.total = total
        self.say = say
    }

    func done(_ sample: Sample) {
        done += 1
        if sample.status == .error { errors += 1 }
        let tenth = total > 0 ? done * 10 / total : 10
        if tenth >= nextMark || done == total {
            nextMark = tenth + 1
            let elapsed = ContinuousClock.now - started
            let seconds = elapsed.milliseconds / 1000
            say(String(format: "  %d/%d samples (%.0f%%), %d failed calls, %.1f s", done, total, Double(done) * 100 / Double(max(1, total)), errors, seconds))
        }
    }
}
