import Foundation

/// Where the CLI writes. Each stdout line is flushed as it is written: without a terminal stdout is
/// block-buffered, and a CI log, a pipe or a second terminal waiting for `assay simulate`'s base URLs
/// must see a line when it happens, not when the process exits.
enum Console {
    static func say(_ line: String) {
        print(line)
        fflush(nil)  // every output stream; `stdout` itself is not concurrency-safe to name in Swift 6
    }

    /// Progress drawn on stderr (unbuffered), so that stdout stays a clean log.
    static func status(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
