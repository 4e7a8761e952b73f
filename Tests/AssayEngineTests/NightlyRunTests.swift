import AssayCore
import Foundation
import Testing

/// A nightly run survives being killed, stays within its budget, reuses answers it already paid for,
/// and spreads over shards that merge into one run.
@Suite(.serialized)
struct NightlyRunTests {
    /// The shipped support-tickets suite cut to its first 46 cases (its calibration set names only
    /// those), so that these runs, several per test, stay quick now that the suite has grown.
    static let suite: String = {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("assay-nightly-\(ProcessInfo.processInfo.processIdentifier)/support-tickets")
        try? fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = CLIRunner.root.appendingPathComponent("Suites/support-tickets")
        for file in ["suite.yaml", "calibration.jsonl"] {
            try? fm.removeItem(at: folder.appendingPathComponent(file))
            try? fm.copyItem(at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let cases = ((try? String(contentsOf: source.appendingPathComponent("cases.jsonl"), encoding: .utf8)) ?? "")
            .split(separator: "\n").prefix(46).joined(separator: "\n") + "\n"
        try? cases.write(to: folder.appendingPathComponent("cases.jsonl"), atomically: true, encoding: .utf8)
        return folder.path
    }()
    /// 46 cases × 6 simulated models.
    static let planned = 46 * 6

    /// What must be the same between two runs of the same plan: everything but the measured times.
    static func outcomes(_ resultsFile: URL) throws -> [String: String] {
        let results = try JSONValue.parse(String(contentsOf: resultsFile, encoding: .utf8))
        var out: [String: String] = [:]
        for s in results["samples"]?.arrayValue ?? [] {
            let key = ["suite", "case", "model", "repeat"].map { s[$0]?.templateText ?? "" }.joined(separator: "/")
            #expect(out[key] == nil, "two samples for \(key)")
            let fields: JSONValue = [
                "status": s["status"] ?? .null, "error": s["error"]?["kind"] ?? .null, "passed": s["passed"] ?? .null,
                "score": s["score"] ?? .null, "output": s["output"] ?? .null,
                "grades": .array((s["grades"]?.arrayValue ?? []).map { g in
                    ["metric": g["metric"] ?? .null, "score": g["score"] ?? .null, "pass": g["pass"] ?? .null]
                }),
            ]
            out[key] = fields.compactJSON
        }
        return out
    }

    /// Pass rates and ranks per suite × model.
    static func leaderboard(_ resultsFile: URL) throws -> [String] {
        let results = try JSONValue.parse(String(contentsOf: resultsFile, encoding: .utf8))
        return (results["suites"]?.arrayValue ?? []).flatMap { suite in
            (suite["models"]?.arrayValue ?? []).map { m in
                "\(suite["name"]?.templateText ?? "") \(m["model"]?.templateText ?? "") rank \(m["rank"]?.templateText ?? "") pass \(m["pass_rate"]?.templateText ?? "") score \(m["mean_score"]?.templateText ?? "")"
            }
        }
    }

    static func lines(_ file: URL) -> Int {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// Starts `assay` without waiting for it.
    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.executable)
        process.arguments = arguments
        process.currentDirectoryURL = CLIRunner.root
        var environment = CLIRunner.cleanEnvironment
        environment["ASSAY_PROGRESS"] = "plain"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func waitUntil(_ timeout: Duration, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw WaitTimedOut() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct WaitTimedOut: Error {}

    static func exited(_ process: Process) async throws {
        try await waitUntil(.seconds(60)) { !process.isRunning }
    }

    @Test func aRunKilledWithSIGKILLAndResumedEndsWithOneSamplePerPlannedSampleAndTheSameResults() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let common = [Self.suite, "--sim-time-scale", "0.05"]
        let reference = try await CLIRunner.run(
            ["run"] + common + ["--run-id", "whole", "--db", tmp.appendingPathComponent("whole.sqlite").path, "--out", tmp.appendingPathComponent("whole").path])
        #expect(reference.status == 0, "\(reference.stderr)")

        // Killed at once, mid-run, with calls in flight: nothing gets the chance to clean up.
        let db = tmp.appendingPathComponent("killed.sqlite").path
        let out = tmp.appendingPathComponent("killed")
        let process = try Self.launch(["run"] + common + ["--run-id", "nightly", "--db", db, "--out", out.path, "--concurrency", "2"])
        try await Self.waitUntil(.seconds(60)) { Self.lines(out.appendingPathComponent("samples.jsonl")) >= 25 }
        kill(process.processIdentifier, SIGKILL)
        try await Self.exited(process)
        #expect(process.terminationReason == .uncaughtSignal)
        let storedBeforeResume = Self.lines(out.appendingPathComponent("samples.jsonl"))
        #expect(storedBeforeResume < Self.planned, "the run was killed before it finished")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("results.json").path))

        let resumed = try await CLIRunner.run(["run"] + common + ["--resume", "nightly", "--db", db, "--out", out.path])
        #expect(resumed.status == 0, "\(resumed.stderr)\(resumed.stdout)")
        #expect(resumed.stdout.contains("already stored"), "\(resumed.stdout)")

        let whole = try Self.outcomes(tmp.appendingPathComponent("whole/results.json"))
        let completed = try Self.outcomes(out.appendingPathComponent("results.json"))
        #expect(whole.count == Self.planned)
        #expect(completed.count == Self.planned, "exactly one sample per planned (case, model, repeat)")
        #expect(completed == whole, "the resumed run's answers and grades are the uninterrupted run's")
        #expect(try Self.leaderboard(out.appendingPathComponent("results.json")) == Self.leaderboard(tmp.appendingPathComponent("whole/results.json")))
        let results = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8))
        #expect(results["run"]?["status"] == "complete")
        #expect(Self.lines(out.appendingPathComponent("samples.jsonl")) == Self.planned)

        // Resuming a run that does not exist, or with another plan, is refused before any call.
        let missing = try await CLIRunner.run(["run"] + common + ["--resume", "no-such-run", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no stored run 'no-such-run' to resume"))
        let otherPlan = try await CLIRunner.run(["run", "Suites/summarization", "--sim-time-scale", "0", "--resume", "nightly", "--db", db])
        #expect(otherPlan.status == 1)
        #expect(otherPlan.stderr.contains("was planned differently"), "\(otherPlan.stderr)")
    }

    @Test func ctrlCStopsSchedulingWritesReportsMarkedIncompleteAndTheRunCanBeResumed() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let db = tmp.appendingPathComponent("a.sqlite").path
        let out = tmp.appendingPathComponent("out")
        let common = [Self.suite, "--sim-time-scale", "0.05", "--db", db, "--out", out.path]
        let process = try Self.launch(["run"] + common + ["--run-id", "stopped", "--concurrency", "2"])
        try await Self.waitUntil(.seconds(60)) { Self.lines(out.appendingPathComponent("samples.jsonl")) >= 10 }
        kill(process.processIdentifier, SIGINT)
        try await Self.exited(process)
        #expect(process.terminationStatus == 130)

        let results = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8))
        #expect(results["run"]?["status"] == "incomplete")
        #expect(results["run"]?["note"] == "stopped by Ctrl-C")
        let stored = try #require(results["samples"]?.arrayValue).count
        #expect(stored >= 10 && stored < Self.planned)
        #expect(results["incomplete"]?.stringValue?.contains("\(Self.planned - stored) of \(Self.planned) planned samples did not run") == true)
        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.components(separatedBy: "<skipped ").count - 1 == Self.planned - stored)
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("stopped by Ctrl-C"))

        let resumed = try await CLIRunner.run(["run"] + common + ["--resume", "stopped"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let complete = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8))
        #expect(complete["run"]?["status"] == "complete")
        #expect(complete["samples"]?.arrayValue?.count == Self.planned)
    }

    @Test func theBudgetStopsNewCallsBeforeTheProjectedSpendPassesItAndTheReportSaysSo() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let out = tmp.appendingPathComponent("out")
        let limit = 0.05
        var environment = CLIRunner.cleanEnvironment
        environment["ASSAY_PROGRESS"] = "plain"
        environment["ASSAY_PROGRESS_SECONDS"] = "0"
        let result = try await CLIRunner.run(
            ["run", Self.suite, "--sim-time-scale", "0", "--max-cost", String(limit), "--db", tmp.appendingPathComponent("a.sqlite").path,
             "--out", out.path, "--concurrency", "4"],
            environment: environment)
        #expect(result.status == 75, "\(result.stderr)\(result.stdout)")
        #expect(result.stdout.contains("budget"))
        // The plain progress lines (no terminal) carry done/total, rate, errors and spend.
        #expect(result.stdout.contains("/\(Self.planned) samples ("))
        #expect(result.stdout.contains("spent $"))

        let results = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8))
        #expect(results["run"]?["status"] == "incomplete")
        #expect(results["run"]?["note"]?.stringValue?.hasPrefix("budget:") == true)
        let samples = try #require(results["samples"]?.arrayValue)
        #expect(!samples.isEmpty && samples.count < Self.planned)
        let spent = samples.map { ($0["cost_usd"]?.numberValue ?? 0) + ($0["judge_cost_usd"]?.numberValue ?? 0) }.reduce(0, +)
        #expect(spent <= limit, "spent \(spent) of \(limit)")
        #expect(spent > limit / 3, "the budget was used, not refused at once: spent \(spent)")
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("budget: the next call would take the projected spend past --max-cost"))
    }

    @Test func theResponseCacheServesRepeatedRequestsAndTheirLatencyIsNotCounted() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let db = tmp.appendingPathComponent("a.sqlite").path
        let first = try await CLIRunner.run(["run", Self.suite, "--sim-time-scale", "0", "--cache", "--db", db, "--out", tmp.appendingPathComponent("first").path])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await CLIRunner.run(["run", Self.suite, "--sim-time-scale", "0", "--cache", "--db", db, "--out", tmp.appendingPathComponent("second").path])
        #expect(second.status == 0, "\(second.stderr)")

        let firstResults = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("first/results.json"), encoding: .utf8))
        let secondResults = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("second/results.json"), encoding: .utf8))
        let firstSamples = try #require(firstResults["samples"]?.arrayValue)
        let secondSamples = try #require(secondResults["samples"]?.arrayValue)
        #expect(firstSamples.allSatisfy { $0["cached"] == nil })
        let answered = firstSamples.filter { $0["status"] == "graded" }.count
        let cached = secondSamples.filter { $0["cached"] == true }
        // Every answer the first run got is served again; failed calls are not cached, so they are made again.
        #expect(cached.count >= answered)
        #expect(cached.allSatisfy { $0["timings_ms"] == nil })
        #expect(try Self.outcomes(tmp.appendingPathComponent("second/results.json")).filter { $0.value.contains("\"graded\"") }.count >= answered)
        let models = try #require(secondResults["suites"]?.arrayValue?.first?["models"]?.arrayValue)
        let allCachedModel = try #require(models.first { m in
            secondSamples.filter { $0["model"] == m["model"] }.allSatisfy { $0["cached"] == true }
        })
        #expect(allCachedModel["latency_ms"]?["p50"] == .null, "a model answered only from the cache has no measured latency")
        let summary = try String(contentsOf: tmp.appendingPathComponent("second/summary.md"), encoding: .utf8)
        #expect(summary.contains("answers came from the response cache; their latency is not counted"))

        // Served from the cache, answers and their judgments cost nothing of a budget: with nine tenths of
        // what the first run's judges cost, every sample runs again and the spend stays at $0. (One call at
        // a time, so that what is held back for calls in flight, projected before the cache is asked,
        // stays within it. Calibrating the judges afterwards is projected whole, at the judge's price, and
        // may then be what the budget stops.)
        let judging = firstSamples.compactMap { $0["judge_cost_usd"]?.numberValue }.reduce(0, +)
        #expect(judging > 0)
        var plain = CLIRunner.cleanEnvironment
        plain["ASSAY_PROGRESS"] = "plain"
        plain["ASSAY_PROGRESS_SECONDS"] = "0"
        let budgeted = try await CLIRunner.run(
            ["run", Self.suite, "--sim-time-scale", "0", "--cache", "--max-cost", String(judging * 0.9), "--concurrency", "1",
             "--db", db, "--out", tmp.appendingPathComponent("budgeted").path],
            environment: plain)
        #expect(budgeted.status == 0 || (budgeted.status == 75 && budgeted.stdout.contains("budget: judging pairs and calibrating the judges")),
                "\(budgeted.stdout)\(budgeted.stderr)")
        let lastProgress = budgeted.stdout.split(separator: "\n").last { $0.contains("/\(Self.planned) samples (") }
        #expect(lastProgress?.contains("\(Self.planned)/\(Self.planned) samples") == true, "\(budgeted.stdout)")
        #expect(lastProgress?.hasSuffix("spent $0") == true, "\(lastProgress ?? "")")
        #expect(!budgeted.stdout.contains("the next call would take the projected spend past"))

        let uncached = try await CLIRunner.run(["run", Self.suite, "--sim-time-scale", "0", "--no-cache", "--db", db, "--out", tmp.appendingPathComponent("third").path])
        #expect(uncached.status == 0)
        let third = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("third/results.json"), encoding: .utf8))
        #expect(third["samples"]?.arrayValue?.allSatisfy { $0["cached"] == nil } == true)
    }

    @Test func shardsRunThePlanExactlyOnceAndMergeToTheUnshardedResults() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        // explanations is judged pairwise: every model of a case must land on one shard.
        let suites = [Self.suite, "Suites/explanations"]
        let planned = (46 + 14) * 6
        let reference = try await CLIRunner.run(
            ["run"] + suites + ["--sim-time-scale", "0", "--run-id", "whole", "--db", tmp.appendingPathComponent("whole.sqlite").path,
             "--out", tmp.appendingPathComponent("whole").path])
        #expect(reference.status == 0, "\(reference.stderr)")

        // Three workers, each with a store of its own (three machines with SQLite), then merged.
        var perShard: [Int] = []
        for i in 1...3 {
            let shard = try await CLIRunner.run(
                ["run"] + suites + ["--sim-time-scale", "0", "--run-id", "nightly", "--shard", "\(i)/3",
                 "--db", tmp.appendingPathComponent("shard\(i).sqlite").path, "--out", tmp.appendingPathComponent("shard\(i)").path])
            #expect(shard.status == 0, "\(shard.stderr)")
            #expect(shard.stdout.contains("Shard \(i)/3 done"), "\(shard.stdout)")
            #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("shard\(i)/results.json").path), "a shard writes no reports")
            perShard.append(Self.lines(tmp.appendingPathComponent("shard\(i)/samples.jsonl")))
        }
        #expect(perShard.reduce(0, +) == planned, "the shards together run the plan once: \(perShard)")
        #expect(perShard.allSatisfy { $0 > planned / 4 }, "shards are balanced: \(perShard)")

        let merged = tmp.appendingPathComponent("merged")
        let merge = try await CLIRunner.run(
            ["merge", "nightly"] + suites + ["--db", tmp.appendingPathComponent("merged.sqlite").path, "--out", merged.path]
                + (1...3).flatMap { ["--from", tmp.appendingPathComponent("shard\($0).sqlite").path] })
        #expect(merge.status == 0, "\(merge.stderr)\(merge.stdout)")
        let whole = try Self.outcomes(tmp.appendingPathComponent("whole/results.json"))
        #expect(try Self.outcomes(merged.appendingPathComponent("results.json")) == whole)
        #expect(try Self.leaderboard(merged.appendingPathComponent("results.json")) == Self.leaderboard(tmp.appendingPathComponent("whole/results.json")))
        let results = try JSONValue.parse(String(contentsOf: merged.appendingPathComponent("results.json"), encoding: .utf8))
        #expect(results["run"]?["status"] == "complete")
        #expect(results["judge_calibration"]?.arrayValue?.isEmpty == false, "the first shard measured the judges")
        let wholeResults = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("whole/results.json"), encoding: .utf8))
        #expect(results["judge_calibration"] == wholeResults["judge_calibration"])
        #expect(results["suites"]?.arrayValue?.last?["pairwise"] == wholeResults["suites"]?.arrayValue?.last?["pairwise"])
        for file in ["index.html", "junit.xml", "summary.md", "routing.json", "litellm-router.yaml", "samples.jsonl"] {
            #expect(FileManager.default.fileExists(atPath: merged.appendingPathComponent(file).path), "\(file)")
        }
    }

    @Test func shardsSharingOneStoreMergeWithoutCopyingAndAMissingShardIsReported() async throws {
        let store = ProcessInfo.processInfo.environment["ASSAY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let tmp = try CLIRunner.temporaryDirectory()
        let db = store ?? tmp.appendingPathComponent("shared.sqlite").path
        let runID = "shared-\(UUID().uuidString.prefix(8))"
        let reference = try await CLIRunner.run(
            ["run", Self.suite, "--sim-time-scale", "0", "--run-id", "\(runID)-whole", "--db", db, "--out", tmp.appendingPathComponent("whole").path])
        #expect(reference.status == 0, "\(reference.stderr)")
        // Two workers at once into one store.
        async let first = CLIRunner.run(["run", Self.suite, "--sim-time-scale", "0", "--run-id", runID, "--shard", "1/2", "--db", db, "--out", tmp.appendingPathComponent("s1").path])
        async let second = CLIRunner.run(["run", Self.suite, "--sim-time-scale", "0", "--run-id", runID, "--shard", "2/2", "--db", db, "--out", tmp.appendingPathComponent("s2").path])
        let (one, two) = try await (first, second)
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
        #expect((one.stdout + two.stdout).contains("every shard has finished"))

        let merged = tmp.appendingPathComponent("merged")
        let merge = try await CLIRunner.run(["merge", runID, Self.suite, "--db", db, "--out", merged.path])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try Self.outcomes(merged.appendingPathComponent("results.json")) == Self.outcomes(tmp.appendingPathComponent("whole/results.json")))

        // A run whose second shard never ran merges into an incomplete report that says what is missing.
        let partialID = "\(runID)-partial"
        let onlyFirst = try await CLIRunner.run(["run", Self.suite, "--sim-time-scale", "0", "--run-id", partialID, "--shard", "1/2", "--db", db, "--out", tmp.appendingPathComponent("p1").path])
        #expect(onlyFirst.status == 0)
        #expect(onlyFirst.stdout.contains("samples of other shards are not stored yet"))
        let partial = try await CLIRunner.run(["merge", partialID, Self.suite, "--db", db, "--out", tmp.appendingPathComponent("partial").path])
        #expect(partial.status == 75, "an incomplete run does not pass: \(partial.stderr)")
        let results = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("partial/results.json"), encoding: .utf8))
        #expect(results["run"]?["status"] == "incomplete")
        #expect(results["run"]?["note"]?.stringValue?.contains("a shard has not finished") == true)
    }

    @Test func aShardKilledWhileJudgingLeavesTheMergeIncompleteUntilItIsResumed() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let suites = [Self.suite, "Suites/explanations"]
        let shared = tmp.appendingPathComponent("shared.sqlite").path
        for i in 1...2 {
            let shard = try await CLIRunner.run(
                ["run"] + suites + ["--sim-time-scale", "0", "--run-id", "nightly", "--shard", "\(i)/2", "--db", shared, "--out", tmp.appendingPathComponent("s\(i)").path])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        // Shard 1 stored every sample, then was killed while judging pairs: it never recorded that it
        // finished. (Its finish is taken back here, which is the state a SIGKILL at that moment leaves.)
        func forgetThatShardOneFinished() async throws {
            let forget = try await CLIRunner.runProcess(
                "/usr/bin/env", ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                    + "c.execute('UPDATE shards SET finished = 0 WHERE shard_index = 1 AND shard_count = 2'); c.commit()", shared])
            #expect(forget.status == 0, "\(forget.stderr)")
        }
        try await forgetThatShardOneFinished()

        // Merged into another store, what finished is copied with the samples: the run is not complete.
        let early = try await CLIRunner.run(
            ["merge", "nightly"] + suites + ["--db", tmp.appendingPathComponent("target.sqlite").path, "--from", shared, "--out", tmp.appendingPathComponent("early").path])
        #expect(early.status == 75, "\(early.stdout)\(early.stderr)")
        #expect(early.stdout.contains("shard 1/2 has not finished"))
        let results = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("early/results.json"), encoding: .utf8))
        #expect(results["run"]?["status"] == "incomplete")
        #expect(results["run"]?["note"]?.stringValue?.contains("shard 1/2 stored its samples but has not finished judging") == true)

        // Resumed, shard 1 calls nothing, judges its pairs again and calibrates: now the run is whole.
        let resumed = try await CLIRunner.run(
            ["run"] + suites + ["--sim-time-scale", "0", "--resume", "nightly", "--shard", "1/2", "--db", shared, "--out", tmp.appendingPathComponent("r1").path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("every shard has finished"), "\(resumed.stdout)")
        let merge = try await CLIRunner.run(["merge", "nightly"] + suites + ["--db", shared, "--out", tmp.appendingPathComponent("merged").path])
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        let merged = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("merged/results.json"), encoding: .utf8))
        #expect(merged["run"]?["status"] == "complete")
        #expect(merged["judge_calibration"]?.arrayValue?.isEmpty == false)

        // The same state, resumed without --shard: the whole run is judged again, and finished as one.
        try await forgetThatShardOneFinished()
        let whole = try await CLIRunner.run(
            ["run"] + suites + ["--sim-time-scale", "0", "--resume", "nightly", "--db", shared, "--out", tmp.appendingPathComponent("whole").path])
        #expect(whole.status == 0, "\(whole.stderr)")
        let again = try await CLIRunner.run(["merge", "nightly"] + suites + ["--db", shared, "--out", tmp.appendingPathComponent("again").path])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
    }

    @Test func aShardThatDoesNotExistOrHasNoRunIDIsAUsageError() async throws {
        let result = try await CLIRunner.run(["run", "--shard", "4/3", "--run-id", "r"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("shard 4/3 does not exist"))
        let alone = try await CLIRunner.run(["run", "--shard", "1/3"])
        #expect(alone.status == 64)
        #expect(alone.stderr.contains("--shard needs --run-id"))
    }
}
