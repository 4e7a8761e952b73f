public import AssayCore
import Foundation
import PostgresNIO

/// Pairwise judgments and judge calibrations.
extension PostgresResultStore {
    public func recordPairwise(runID: String, _ records: [PairwiseRecord]) async throws {
        // One statement may not upsert a row twice: the last record of a pair wins, as a replace would.
        let records = Self.lastOfEach(records) { [$0.suite, $0.caseID, String($0.repeatIndex), $0.modelA, $0.modelB] }
        let inserts = Self.insertRows(
            into: "pairwise",
            columns: ["run_id", "suite", "case_id", "repeat_index", "model_a", "model_b", "winner", "judge_cost"],
            suffix: """
                ON CONFLICT (run_id, suite, case_id, repeat_index, model_a, model_b)
                DO UPDATE SET winner = EXCLUDED.winner, judge_cost = EXCLUDED.judge_cost
                """,
            records
        ) { r, binds in
            binds.append(runID)
            binds.append(r.suite)
            binds.append(r.caseID)
            binds.append(r.repeatIndex)
            binds.append(r.modelA)
            binds.append(r.modelB)
            binds.append(r.winner.rawValue)
            binds.append(r.judgeCost)
        }
        try await perform("could not record the pairwise judgments of run \(runID)") { [self] in
            try await inTransaction(inserts)
        }
    }

    public func pairwise(runID: String) async throws -> [PairwiseRecord] {
        try await perform("could not read the pairwise judgments of run \(runID)") { [self] in
            var records: [PairwiseRecord] = []
            let rows = try await client.query(
                """
                SELECT suite, case_id, repeat_index, model_a, model_b, winner, judge_cost FROM pairwise
                WHERE run_id = \(runID) ORDER BY suite, case_id, repeat_index, model_a, model_b
                """, logger: logger)
            for try await (suite, caseID, repeatIndex, modelA, modelB, winner, judgeCost) in rows.decode(
                (String, String, Int, String, String, String, Double?).self)
            {
                records.append(
                    PairwiseRecord(
                        suite: suite, caseID: caseID, repeatIndex: repeatIndex, modelA: modelA, modelB: modelB,
                        winner: PairwiseWinner(rawValue: winner) ?? .unjudged, judgeCost: judgeCost))
            }
            return records
        }
    }

    public func recordCalibrations(runID: String, _ calibrations: [JudgeCalibration]) async throws {
        try await perform("could not record the judge calibrations of run \(runID)") { [self] in
            let calibrations = Self.lastOfEach(calibrations) { [$0.suite, $0.metric] }
            let measurements = try calibrations.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            let inserts = Self.insertRows(
                into: "calibrations", columns: ["run_id", "suite", "metric", "measurement"],
                suffix: "ON CONFLICT (run_id, suite, metric) DO UPDATE SET measurement = EXCLUDED.measurement",
                Array(zip(calibrations, measurements))
            ) { item, binds in
                binds.append(runID)
                binds.append(item.0.suite)
                binds.append(item.0.metric)
                binds.append(item.1)
            }
            try await inTransaction(inserts)
        }
    }

    public func calibrations(runID: String) async throws -> [JudgeCalibration] {
        try await perform("could not read the judge calibrations of run \(runID)") { [self] in
            var calibrations: [JudgeCalibration] = []
            let rows = try await client.query(
                "SELECT measurement FROM calibrations WHERE run_id = \(runID) ORDER BY suite, metric", logger: logger)
            for try await measurement in rows.decode(String.self) {
                calibrations.append(try JSONDecoder().decode(JudgeCalibration.self, from: Data(measurement.utf8)))
            }
            return calibrations
        }
    }
}
