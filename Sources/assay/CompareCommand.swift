import ArgumentParser
import AssayCore
import AssayEngine
import AssayStore
import Foundation
import AssayReporting

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two stored runs per suite × model with paired tests; exit 100 on a significant regression.")

    @Argument(help: "The baseline run: an id, latest or previous.")
    var base: String

    @Argument(help: "The candidate run: an id, latest or previous.")
    var candidate: String

    @Option(name: .long, help: "The store: a SQLite file or a postgres:// URL.")
    var db: String = "Reports/assay.sqlite"

    @Option(name: .customLong("min-effect"), help: "The smallest pass-rate drop (0 to 1) that counts as a regression.")
    var minEffect: Double = 0.05

    @Option(name: .long, help: "Significance level, after Holm's correction across the suite × model cells.")
    var alpha: Double = 0.05

    func validate() throws {
        if !(0...1).contains(minEffect) { throw ValidationError("--min-effect must be between 0 and 1") }
        if !(0 < alpha && alpha < 1) { throw ValidationError("--alpha must be between 0 and 1") }
    }

    func run() async throws {
        guard ResultStores.isPostgreSQL(db) || FileManager.default.fileExists(atPath: db) else {
            Console.error("error: no store at \(db) (run `assay run` first, or pass --db)")
            throw ExitCode(64)
        }
        let comparison = try await ResultStores.using(db) { store in
            let baseID: String
            let candidateID: String
            do {
                baseID = try await RunReference.resolve(base, store: store)
                candidateID = try await RunReference.resolve(candidate, store: store)
            } catch let error as EngineError where error.kind == .runNotFound {
                Console.error("error: \(error)")
                throw ExitCode(64)
            }
            return RunComparison.compare(
                base: (baseID, try await OutcomeTable.build(suites: [], from: .store(store, runID: baseID, text: false))),
                candidate: (candidateID, try await OutcomeTable.build(suites: [], from: .store(store, runID: candidateID, text: false))),
                minEffect: minEffect, alpha: alpha)
        }
        print(RankingsMarkdownWriter.baseline(comparison), terminator: "")
        if comparison.cells.isEmpty {
            print("The runs share no suite × model with common cases.")
        }
        if !comparison.passed {
            print("GATE FAILED: \(comparison.regressions.count) significant regression(s).")
            throw ExitCode(100)
        }
        print("gate held: no significant regression larger than \(ReportFormat.percent(minEffect)).")
    }
}
