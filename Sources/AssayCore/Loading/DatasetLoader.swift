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
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
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
