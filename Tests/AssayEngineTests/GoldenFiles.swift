import AssayCore
import Foundation
import Testing

/// Compares report files with the ones in Golden/, after removing what changes from run to run
/// (timings, dates, the git revision). `ASSAY_RECORD_GOLDEN=1` re-records them.
enum GoldenFiles {
    static let directory = CLIRunner.root.appendingPathComponent("Golden")
    static var recording: Bool { ProcessInfo.processInfo.environment["ASSAY_RECORD_GOLDEN"] == "1" }

    static let volatileKeys: Set<String> = [
        "timings_ms", "ttft_ms", "latency_ms", "output_tokens_per_second", "started_at", "finished_at", "git_revision",
        "p95_latency_ms", "pareto_latency", "generated_at", "tpot_ms", "itl_ms",
    ]

    static func normaliseResults(_ text: String) throws -> String {
        func strip(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members):
                var out: [String: JSONValue] = [:]
                for (k, v) in members where !volatileKeys.contains(k) { out[k] = strip(v) }
                return .object(out)
            case .array(let items): return .array(items.map(strip))
            default: return value
            }
        }
        return strip(try JSONValue.parse(text)).prettyJSON
    }

    static func normaliseJUnit(_ text: String) -> String {
        var s = text
        s = replace(#"time="[0-9.]+""#, in: s, with: #"time="*""#)
        s = replace(#"timestamp="[^"]*""#, in: s, with: #"timestamp="*""#)
        s = replace(#"(latency_ms|ttft_ms): [0-9.]+"#, in: s, with: "$1: *")
        s = replace(#"name="(latency_p50|latency_p95|ttft_p50)" value="[^"]*""#, in: s, with: #"name="$1" value="*""#)
        return s
    }

    static func normaliseMarkdown(_ text: String) -> String {
        var s = replace(#"\b[0-9]+(\.[0-9]+)? (ms|s|tok/s)(?![A-Za-z])"#, in: text, with: "* $2")
        // Output speed needs writing time after the first token; with the fleet answering at once a whole
        // answer may arrive in one read, leaving none to divide by ("–"). The column after the latencies.
        s = replace(#"(\* ms / \* ms / \* ms / \* ms) \| – \|"#, in: s, with: "$1 | * tok/s |")
        // The routing table's "Pareto (latency)" column (the 7th) follows measured latencies.
        s = s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 12, line.hasPrefix("| `") else { return String(line) }
            cells[7] = " * "
            return cells.joined(separator: "|")
        }.joined(separator: "\n")
        return s
    }

    static func replace(_ pattern: String, in text: String, with template: String) -> String {
        // The patterns are constants of this file.
        guard let re = try? NSRegularExpression(pattern: pattern) else { return text }
        return re.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("Golden/\(name) is missing: run ASSAY_RECORD_GOLDEN=1 swift test --filter CLIEndToEndTests", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDiff = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            let got = firstDiff < a.count ? String(a[firstDiff]) : "<end>"
            let want = firstDiff < e.count ? String(e[firstDiff]) : "<end>"
            Issue.record(
                "Golden/\(name) differs at line \(firstDiff + 1):\n  expected: \(want)\n  actual:   \(got)\n(re-record with ASSAY_RECORD_GOLDEN=1 if the change is intended)",
                sourceLocation: sourceLocation)
        }
    }
}
