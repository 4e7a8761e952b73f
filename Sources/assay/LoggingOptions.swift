import ArgumentParser
import Logging

/// `--log-level`: structured logs (run id, case, model as metadata) on stderr, apart from the report
/// lines on stdout. Credentials are never logged: provider error text is redacted before it is.
struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. debug logs every sample and retry.")
    var logLevel: String = "warning"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func logger() -> Logger {
        var logger = Logger(label: "assay")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        return logger
    }
}
