public import Foundation

/// Where a report writer puts its text: a file, written in chunks as the report is made.
public final class ReportSink {
    private let handle: FileHandle
    private var buffer = ""
    static let chunk = 1 << 16

    public init(handle: FileHandle) {
        self.handle = handle
    }

    public func write(_ piece: String) {
        buffer += piece
        if buffer.utf8.count >= ReportSink.chunk { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer.utf8))
        buffer = ""
    }
}
