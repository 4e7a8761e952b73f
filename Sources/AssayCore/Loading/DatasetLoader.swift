import Foundation

/// Reads a dataset: JSONL (one JSON object a line; HumanEval files load as they are) or CSV
/// (a header row, then one case a line; RFC 4180 quoting).
public enum DatasetLoader {
    /// A dataset row before it becomes a case: its fields and its 1-based line.
    public struct Row: Sendable {
        public var fields: [String: JSONValue]
        public var line: Int
    }

    public static func load(path: String) throws -> [Row] {
        let text = try TextFile.read(path, what: "the dataset")
        if path.lowercased().hasSuffix(".csv") { return try parseCSV(text, file: path) }
        if path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".json") {
            return try parseJSONL(text, file: path)
        }
        throw LoadError(file: path, message: "unknown dataset format: use a .jsonl or .csv file")
    }

    public static func parseJSONL(_ text: String, file: String) throws -> [Row] {
        var rows: [Row] = []
        var lineNumber = 0
        // Split on LF bytes: splitting the String on "\n" leaves CRLF lines unsplit (Swift reads CRLF as one
        // character), and a dataset saved on Windows then read as one invalid line.
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = trimmedLine(line)
            if trimmed.isEmpty { continue }
            let value: JSONValue
            do {
                value = try JSONValue.parse(trimmed)
            } catch {
                throw LoadError(file: file, line: lineNumber, message: "invalid JSON: \(error.message) (column \(error.column))")
            }
            guard case .object(let fields) = value else {
                throw LoadError(file: file, line: lineNumber, message: "each line must be a JSON object")
            }
            rows.append(Row(fields: fields, line: lineNumber))
        }
        return rows
    }

    /// The line without the whitespace around it (its CR included). ASCII whitespace is trimmed on the bytes;
    /// Foundation's trimming (UTF-16 work, most of the time of loading a large dataset) only runs for a line that
    /// still starts or ends with a non-ASCII character, which may be Unicode whitespace.
    static func trimmedLine(_ line: Substring.UTF8View) -> String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var start = line.startIndex
        var end = line.endIndex
        while start < end, isSpace(line[start]) { start = line.index(after: start) }
        while start < end, isSpace(line[line.index(before: end)]) { end = line.index(before: end) }
        let trimmed = line[start..<end]
        if let first = trimmed.first, let last = trimmed.last, first < 0x80, last < 0x80 {
            return String(Substring(trimmed))
        }
        return String(Substring(trimmed)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public static func parseCSV(_ text: String, file: String) throws -> [Row] {
        let records = try CSVParser.parse(text, file: file)
        guard let header = records.first else { return [] }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        if let empty = names.firstIndex(where: \.isEmpty) {
            throw LoadError(file: file, line: header.line, message: "column \(empty + 1) of the header has no name")
        }
        var rows: [Row] = []
        for record in records.dropFirst() {
            if record.cells.count == 1 && record.cells[0].isEmpty { continue }
            guard record.cells.count == names.count else {
                throw LoadError(
                    file: file, line: record.line,
                    message: "expected \(names.count) columns as in the header, found \(record.cells.count)")
            }
            var fields: [String: JSONValue] = [:]
            for (name, cell) in zip(names, record.cells) { fields[name] = .string(cell) }
            rows.append(Row(fields: fields, line: record.line))
        }
        return rows
    }
}

/// RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes.
enum CSVParser {
    struct Record {
        var cells: [String]
        var line: Int
    }

    static func parse(_ text: String, file: String) throws -> [Record] {
        var records: [Record] = []
        var cells: [String] = []
        var cell = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var chars = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending {
                pending = nil
                return p
            }
            return chars.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            cell.append("\"")
                        } else {
                            inQuotes = false
                            pending = n
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    cell.append(c)
                }
            } else {
                switch c {
                case "\"" where cell.isEmpty: inQuotes = true
                case ",":
                    cells.append(cell)
                    cell = ""
                case "\n", "\r\n", "\r":
                    cells.append(cell)
                    records.append(Record(cells: cells, line: recordLine))
                    cells = []
                    cell = ""
                    line += 1
                    recordLine = line
                default: cell.append(c)
                }
            }
        }
        if inQuotes { throw LoadError(file: file, line: recordLine, message: "unterminated quoted field") }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(cell)
            records.append(Record(cells: cells, line: recordLine))
        }
        return records
    }
}
