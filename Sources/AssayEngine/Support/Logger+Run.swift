import Logging

extension Logger {
    /// A logger that tags every line with the run's id.
    func with(runID: String) -> Logger {
        var logger = self
        logger[metadataKey: "run"] = "\(runID)"
        return logger
    }
}
