public import Foundation

/// Reads the text files Assay loads (suites, datasets, catalogs, price tables) as UTF-8, and says where and
/// how a file that is not UTF-8 goes wrong, rather than Foundation's "isn't in the correct format".
public enum TextFile {
    /// - Parameter what: what the file is, for the message ("the suite", "the dataset").
    public static func read(_ path: String, what: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(file: path, message: "cannot read \(what): \(describeError(error))")
        }
        return try decode(data, file: path)
    }

    /// The text of `data`, which must be UTF-8 (a UTF-8 byte-order mark is dropped).
    public static func decode(_ data: Data, file: String) throws -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw LoadError(file: file, line: 1, message: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8")
        }
        if let offset = firstInvalidUTF8(bytes) {
            let before = bytes[..<offset]
            let line = before.filter { $0 == 0x0A }.count + 1
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            // Columns in characters, as an editor counts them: the line up to the bad byte is valid UTF-8.
            let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
            let byte = String(bytes[offset], radix: 16, uppercase: true)
            throw LoadError(
                file: file, line: line,
                message: "not UTF-8: byte 0x\(byte.count == 1 ? "0" + byte : byte) at column \(column) cannot start or continue a UTF-8 character (the file may be Latin-1 or Windows-1252); save it as UTF-8")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence (Unicode §3.9, table 3-7:
    /// no overlong forms, no surrogates, nothing above U+10FFFF); nil for valid UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                let (lo, hi) = k == 1 ? (low, high) : (0x80, 0xBF)
                guard c >= lo, c <= hi else { return i }
            }
            i += length
        }
        return nil
    }
}
