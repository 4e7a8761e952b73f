import AssayCore

/// Counts the samples as they are stored and tells the run's events: done, at most how many, errors by
/// kind, answers from the cache and spend so far. How often to show it is the renderer's business.
actor ProgressCounter {
    private var progress: RunEvent.RunProgress
    private let events: RunEvents
    private let stopwatch: Stopwatch

    init(total: Int, events: RunEvents, clock: any Clock<Duration>) {
        self.progress = RunEvent.RunProgress(done: 0, total: total, cached: 0, errorsByKind: [:], spent: 0, elapsedSeconds: 0)
        self.events = events
        self.stopwatch = Stopwatch(clock)
    }

    func done(_ sample: Sample, spent: Double) {
        progress.done += 1
        if sample.cached { progress.cached += 1 }
        if sample.status == .error { progress.errorsByKind[(sample.errorKind ?? .connection).rawValue, default: 0] += 1 }
        progress.spent = spent
        progress.elapsedSeconds = stopwatch.elapsed.milliseconds / 1000
        events(.progress(progress))
    }

    /// An adaptive run learns its size as it goes: the samples done plus at most `remaining` more.
    func expect(remaining: Int) {
        progress.total = progress.done + remaining
    }
}
