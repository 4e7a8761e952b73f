import AssayCore
import Foundation
import Testing

/// `assay run --adaptive`: stops calling models whose decision is settled, says what it saved, and
/// survives a kill, shards and a merge as a full-grid run does.
@Suite(.serialized)
struct AdaptiveRunTests {
    /// Coding (32 cases, where the two weakest models are clearly worse) and the cut support suite.
    static var suites: [String] { ["Suites/coding", NightlyRunTests.suite] }
    static let fullGrid = (32 + 46) * 6

    static func results(_ folder: URL) throws -> JSONValue {
        try JSONValue.parse(String(contentsOf: folder.appendingPathComponent("results.json"), encoding: .utf8))
    }

    @Test func anAdaptiveRunStopsSettledModelsAndReportsTheCallsSaved() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let out = tmp.appendingPathComponent("adaptive")
        let run = try await CLIRunner.run(
            ["run"] + Self.suites + ["--sim-time-scale", "0", "--adaptive", "--db", tmp.appendingPathComponent("a.sqlite").path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Round 1 of up to"), "\(run.stdout)")
        #expect(run.stdout.contains("stops calling"), "\(run.stdout)")

        let results = try Self.results(out)
        let adaptive = try #require(results["adaptive"]?.objectValue)
        let calls = try #require(adaptive["calls"]?.numberValue)
        #expect(adaptive["full_grid_calls"]?.numberValue == Double(Self.fullGrid))
        #expect(calls < Double(Self.fullGrid), "it saved calls")
        #expect(adaptive["saved_calls"]?.numberValue == Double(Self.fullGrid) - calls)
        #expect(results["samples"]?.arrayValue?.count == Int(calls), "what it says it called is what the store holds")
        #expect(results["run"]?["status"] == "complete", "a model stopped on purpose is not a missing sample")
        let stopped = try #require(adaptive["stopped"]?.arrayValue)
        #expect(!stopped.isEmpty)

        // Every stopped model is decided (shown worse or dominated) or its category has nothing open,
        // and its decision carries anytime-valid bounds.
        let routing = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("routing.json"), encoding: .utf8))
        #expect(routing["policy"]?["adaptive"]?["round_size"] == 10)
        for stop in stopped {
            let category = try #require(stop["category"]?.stringValue)
            let model = try #require(stop["model"]?.stringValue)
            let route = try #require(routing["categories"]?[category])
            let candidate = try #require(route["candidates"]?.arrayValue?.first { $0["model"]?.stringValue == model })
            let open = (route["candidates"]?.arrayValue ?? []).contains { $0["decision"] == "undecided" }
            #expect(candidate["decision"] == "inferior" || candidate["decision"] == "dominated" || !open, "\(category) \(model): \(candidate)")
            if let method = candidate["quality_loss"]?["method"] { #expect(method == "betting-confidence-sequence") }
        }
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("Adaptive run (rounds of 10 cases per category)"))
        #expect(summary.contains("saved"))
    }

    @Test func anAdaptiveRunKilledAndResumedEndsAsAnUninterruptedOne() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let common = Self.suites + ["--adaptive", "--sim-time-scale", "0.05"]
        let reference = try await CLIRunner.run(
            ["run"] + common + ["--run-id", "whole", "--db", tmp.appendingPathComponent("whole.sqlite").path, "--out", tmp.appendingPathComponent("whole").path])
        #expect(reference.status == 0, "\(reference.stderr)")

        let db = tmp.appendingPathComponent("killed.sqlite").path
        let out = tmp.appendingPathComponent("killed")
        let process = try NightlyRunTests.launch(["run"] + common + ["--run-id", "nightly", "--db", db, "--out", out.path, "--concurrency", "2"])
        try await NightlyRunTests.waitUntil(.seconds(60)) { NightlyRunTests.lines(out.appendingPathComponent("samples.jsonl")) >= 150 }
        kill(process.processIdentifier, SIGKILL)
        try await NightlyRunTests.exited(process)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("results.json").path))

        let resumed = try await CLIRunner.run(["run"] + common + ["--resume", "nightly", "--db", db, "--out", out.path])
        #expect(resumed.status == 0, "\(resumed.stderr)\(resumed.stdout)")
        #expect(resumed.stdout.contains("already stored"), "\(resumed.stdout)")
        let whole = try NightlyRunTests.outcomes(tmp.appendingPathComponent("whole/results.json"))
        let completed = try NightlyRunTests.outcomes(out.appendingPathComponent("results.json"))
        #expect(completed == whole, "the resumed run called the same samples and got the same answers")
        #expect(try Self.results(out)["adaptive"]?["stopped"] == Self.results(tmp.appendingPathComponent("whole"))["adaptive"]?["stopped"])

        // A resume with another decision rule would stop other models: refused.
        let changed = try await CLIRunner.run(["run"] + common + ["--resume", "nightly", "--db", db, "--max-quality-loss", "0.1"])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("planned differently"), "\(changed.stderr)")
    }

    @Test func adaptiveShardsOwnCategoriesAndMergeToTheUnshardedRun() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let reference = try await CLIRunner.run(
            ["run"] + Self.suites + ["--sim-time-scale", "0", "--adaptive", "--run-id", "whole", "--db", tmp.appendingPathComponent("whole.sqlite").path,
             "--out", tmp.appendingPathComponent("whole").path])
        #expect(reference.status == 0, "\(reference.stderr)")
        var sources: [String] = []
        for i in 1...2 {
            let db = tmp.appendingPathComponent("shard\(i).sqlite").path
            let shard = try await CLIRunner.run(
                ["run"] + Self.suites + ["--sim-time-scale", "0", "--adaptive", "--run-id", "nightly", "--shard", "\(i)/2", "--db", db,
                 "--out", tmp.appendingPathComponent("shard\(i)").path])
            #expect(shard.status == 0, "\(shard.stderr)")
            #expect(shard.stdout.contains("shard \(i)/2: categories "), "\(shard.stdout)")
            sources += ["--from", db]
        }
        let merged = tmp.appendingPathComponent("merged")
        let merge = try await CLIRunner.run(
            ["merge", "nightly"] + Self.suites + ["--db", tmp.appendingPathComponent("merged.sqlite").path, "--out", merged.path] + sources)
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        #expect(try NightlyRunTests.outcomes(merged.appendingPathComponent("results.json"))
            == NightlyRunTests.outcomes(tmp.appendingPathComponent("whole/results.json")))
        #expect(try Self.results(merged)["run"]?["status"] == "complete")
    }
}
