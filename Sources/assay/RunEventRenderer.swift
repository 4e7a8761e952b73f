import AssayEngine
import AssayReporting
import Foundation
import Synchronization

/// Turns a run's events into what the user reads: stdout is the run's log (flushed line by line, so that
/// a pipe or a CI log shows it as it happens); progress is one live line on stderr at a terminal, or a
/// plain stdout line every few seconds without one (`ASSAY_PROGRESS=plain`, `ASSAY_PROGRESS_SECONDS`).
final class RunEventRenderer: Sendable {
    enum ProgressStyle: Sendable {
        case live
        case plain(every: Double)
    }

    private struct State {
        var lastShownAt: Double?
        var liveLineShown = false
    }

    private let style: ProgressStyle
    private let state = Mutex(State())

    init(style: ProgressStyle) {
        self.style = style
    }

    /// Live on a terminal, plain otherwise.
    static func style(environment: [String: String]) -> ProgressStyle {
        if environment["ASSAY_PROGRESS"] != "plain", isatty(STDERR_FILENO) == 1, environment["TERM"] != "dumb" { return .live }
        return .plain(every: Double(environment["ASSAY_PROGRESS_SECONDS"] ?? "") ?? 5)
    }

    var events: RunEvents {
        RunEvents { [self] event in render(event) }
    }

    func render(_ event: RunEvent) {
        switch event {
        case .progress(let progress):
            showProgress(progress)
        case .callsFinished:
            endLiveLine()
        default:
            if let line = RunEventRenderer.line(for: event) { Console.say(line) }
        }
    }

    /// The log line an event prints (nil for progress, which is drawn apart).
    static func line(for event: RunEvent) -> String? {
        switch event {
        case let .loaded(suites, cases, models, catalog):
            return "Loaded \(suites) suite\(suites == 1 ? "" : "s") (\(cases) cases) and \(models) models from \(catalog)"
        case let .skipped(model, reason):
            return "skip \(model): \(reason)"
        case .usingSimulatedFleet:
            return "No real model is selected: using the simulated fleet (\(RunSummary.simulatedNotice))."
        case .fleetListening(let port):
            return "Simulated fleet listening on http://127.0.0.1:\(port) (every wire format at its provider's own paths)"
        case .warning(let text):
            return "warning: \(text)"
        case .sandboxNotes(let notes):
            return "sandbox: \(notes.joined(separator: "; "))"
        case .noBaselineYet(let reference):
            return "warning: --baseline \(reference): the store holds no such run yet, so this run is compared with none"
        case .started(let start):
            return header(start)
        case let .round(number, rounds, calls, alreadyStored):
            let active = calls.map { "\($0.category) \($0.models) model\($0.models == 1 ? "" : "s") × \($0.cases) cases" }
            return "Round \(number) of up to \(rounds): " + active.joined(separator: "; ")
                + (alreadyStored > 0 ? " (\(alreadyStored) already stored)" : "")
        case let .modelsStopped(category, models, stillCalled):
            return "  \(category): stops calling \(models.joined(separator: ", "))"
                + (stillCalled == 0 ? " (every decision is settled)" : "; \(stillCalled) still called")
        case .judgingPairs(let suites):
            return "Judging select-best pairs (both orders) for \(suites.joined(separator: ", "))"
        case let .stopped(reason, stored, planned, adaptive, runID):
            return "Stopped (\(reason)): \(stored) of " + (adaptive ? "up to \(planned)" : "\(planned)")
                + " samples are stored; writing reports marked incomplete. Complete it with --resume \(runID)."
        case .shardFinished(let finish):
            return shardLine(finish)
        case .reportsWritten(let seconds):
            return String(format: "Reports written in %.2f s", seconds)
        case let .copied(samples, runID, from):
            return "Copied \(samples) samples of \(runID) from \(from)"
        case let .mergedRun(runID, stored, planned, missing, adaptive, unfinishedShards):
            return (adaptive
                ? "Run \(runID) (adaptive): \(stored) samples stored of a full grid of \(planned)"
                : "Run \(runID): \(planned - missing) of \(planned) planned samples stored")
                + (missing > 0 ? "; \(missing) missing" : "")
                + (unfinishedShards.isEmpty ? "" : "; shard \(unfinishedShards.joined(separator: ", ")) has not finished")
        case .progress, .callsFinished:
            return nil
        }
    }

    static func header(_ start: RunEvent.RunStart) -> String {
        let repeatText = start.repeats > 1 ? " × \(start.repeats) repeats" : ""
        let grid = "(\(start.suites) suites × \(start.models) models\(repeatText))"
        var header = start.roundSize.map {
            "Run \(start.runID), adaptive: up to \(start.planned) samples \(grid) in rounds of \($0) cases per category, concurrency \(start.concurrency)"
        } ?? "Run \(start.runID): \(start.planned) samples \(grid), concurrency \(start.concurrency)"
        if let shard = start.shard {
            if let categories = start.shardCategories {
                header += "; shard \(shard): categories \(categories.joined(separator: ", "))"
            } else if let samples = start.shardSamples {
                header += "; shard \(shard): \(samples) samples"
            }
        }
        if start.alreadyStored > 0 {
            header += "; \(start.alreadyStored) already stored" + (start.toRun.map { ", \($0) to run" } ?? "")
        }
        if start.cache { header += "; response cache on" }
        if let budget = start.budget { header += "; budget \(ReportFormat.usd(budget))" }
        return header
    }

    static func shardLine(_ finish: RunEvent.ShardFinish) -> String {
        let unfinished = finish.unfinishedShards
        let others = finish.othersMissing > 0
            ? "\(finish.othersMissing) samples of other shards are not stored yet"
            : "shard\(unfinished.count == 1 ? "" : "s") \(unfinished.joined(separator: ", ")) "
                + "stored every sample but \(unfinished.count == 1 ? "has" : "have") not finished judging"
        return "Shard \(finish.shard) done: \(finish.samples) samples stored in \(finish.runID)" + (finish.complete
            ? "; every shard has finished. Write the reports with: assay merge \(finish.runID)"
            : "; \(others). Once every shard has finished: assay merge \(finish.runID)")
    }

    /// At most ten redraws a second live, one line every few seconds plain; the last sample always shows.
    private func showProgress(_ progress: RunEvent.RunProgress) {
        let now = progress.elapsedSeconds
        let last = progress.done >= progress.total
        switch style {
        case .live:
            let show = state.withLock { state -> Bool in
                if let shown = state.lastShownAt, now - shown < 0.1, !last { return false }
                state.lastShownAt = now
                state.liveLineShown = true
                return true
            }
            if show { Console.status("\r\u{1B}[2K" + RunEventRenderer.progressLine(progress)) }
        case .plain(let every):
            let show = state.withLock { state -> Bool in
                if let shown = state.lastShownAt, now - shown < every, !last { return false }
                state.lastShownAt = now
                return true
            }
            if show { Console.say("  " + RunEventRenderer.progressLine(progress)) }
        }
    }

    /// Ends the live line so that what follows starts on a fresh line.
    private func endLiveLine() {
        let shown = state.withLock { state -> Bool in
            defer { state.liveLineShown = false }
            return state.liveLineShown
        }
        if shown { Console.status("\n") }
    }

    static func progressLine(_ p: RunEvent.RunProgress) -> String {
        let seconds = p.elapsedSeconds
        let rate = seconds > 0 ? Double(p.done) / seconds : 0
        var text = String(format: "%d/%d samples (%.0f%%), %.1f/s", p.done, p.total, Double(p.done) * 100 / Double(max(1, p.total)), rate)
        if p.done < p.total, rate > 0 {
            text += ", ETA " + clock(Double(p.total - p.done) / rate)
        } else {
            text += String(format: ", %.1f s", seconds)
        }
        let errors = p.errorsByKind.values.reduce(0, +)
        text += errors == 0 ? ", no errors" : ", errors \(errors) (" + p.errorsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        if p.cached > 0 { text += ", \(p.cached) from cache" }
        text += ", spent " + ReportFormat.usd(p.spent)
        return text
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
