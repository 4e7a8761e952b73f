import Foundation

/// Where a report writer puts its text: a file, written in chunks as the report is made, or a string.
public final class ReportSink {
    private let handle: FileHandle?
    private var buffer = ""
    /// Everything written, when collecting into a string.
    public private(set) var text = ""
    static let chunk = 1 << 16

    /// Collects the report into `text`.
    public init() {
        handle = nil
    }

    /// Writes to `handle` as the text grows.
    public init(handle: FileHandle) {
        self.handle = handle
    }

    public func write(_ piece: String) {
        guard handle != nil else {
            text += piece
            return
        }
        buffer += piece
        if buffer.utf8.count >= ReportSink.chunk { flush() }
    }

    public func flush() {
        guard let handle, !buffer.isEmpty else { return }
        handle.write(Data(buffer.utf8))
        buffer = ""
    }
}
