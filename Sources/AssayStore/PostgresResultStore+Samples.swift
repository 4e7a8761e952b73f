public import AssayCore
import Foundation
import PostgresNIO

/// Samples: recorded one transaction each, read back in key order without holding a run in memory.
extension PostgresResultStore {
    public func record(_ sample: Sample) async throws {
        let output = Self.storable(sample.output)
        let toolCalls = Self.storable(sample.toolCalls.isEmpty ? nil : ToolCall.json(sample.toolCalls).compactJSON)
        let turns = Self.storable(sample.turns.isEmpty ? nil : SampleTurn.json(sample.turns).compactJSON)
        let errorMessage = Self.storable(sample.errorMessage)
        let usage = sample.usage
        let timings = sample.timings
        let upsert: PostgresQuery = """
            INSERT INTO samples (
                run_id, suite, case_id, model, repeat_index, status, error_kind, error_message, error_message_utf8,
                output, output_utf8, finish_reason, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,
                cache_write_tokens, cost, judge_cost, headers_ms, first_event_ms, ttft_ms, total_ms, queued_ms, retry_ms,
                attempts, score, passed, sequence, cached, tool_calls, tool_calls_utf8, billed_input_tokens,
                billed_output_tokens, turns, turns_utf8, generation_ms, chunk_gaps)
            VALUES (
                \(sample.runID), \(sample.suite), \(sample.caseID), \(sample.model), \(sample.repeatIndex),
                \(sample.status.rawValue), \(sample.errorKind?.rawValue), \(errorMessage.text), \(errorMessage.bytes),
                \(output.text), \(output.bytes), \(sample.finishReason), \(usage?.inputTokens), \(usage?.outputTokens),
                \(usage?.cachedInputTokens), \(usage?.reasoningTokens), \(usage?.cacheWriteTokens), \(sample.cost),
                \(sample.judgeCost), \(timings?.headersMs), \(timings?.firstEventMs), \(timings?.ttftMs),
                \(timings?.totalMs), \(timings?.queuedMs), \(timings?.retryMs), \(sample.attempts), \(sample.score),
                \(sample.passed), \(sample.sequence), \(sample.cached), \(toolCalls.text), \(toolCalls.bytes),
                \(usage?.billedInputTokens), \(usage?.billedOutputTokens), \(turns.text), \(turns.bytes), \(timings?.generationMs),
                \(CallTimings.packGaps(timings?.chunkGapsMs).map { ByteBuffer(bytes: $0) }))
            ON CONFLICT (run_id, suite, case_id, model, repeat_index) DO UPDATE SET
                status = EXCLUDED.status, error_kind = EXCLUDED.error_kind, error_message = EXCLUDED.error_message,
                error_message_utf8 = EXCLUDED.error_message_utf8, output = EXCLUDED.output,
                output_utf8 = EXCLUDED.output_utf8, finish_reason = EXCLUDED.finish_reason,
                input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,
                cached_input_tokens = EXCLUDED.cached_input_tokens, reasoning_tokens = EXCLUDED.reasoning_tokens,
                cache_write_tokens = EXCLUDED.cache_write_tokens, cost = EXCLUDED.cost, judge_cost = EXCLUDED.judge_cost,
                headers_ms = EXCLUDED.headers_ms, first_event_ms = EXCLUDED.first_event_ms, ttft_ms = EXCLUDED.ttft_ms,
                total_ms = EXCLUDED.total_ms, queued_ms = EXCLUDED.queued_ms, retry_ms = EXCLUDED.retry_ms,
                attempts = EXCLUDED.attempts, score = EXCLUDED.score, passed = EXCLUDED.passed,
                sequence = EXCLUDED.sequence, cached = EXCLUDED.cached, tool_calls = EXCLUDED.tool_calls,
                tool_calls_utf8 = EXCLUDED.tool_calls_utf8, billed_input_tokens = EXCLUDED.billed_input_tokens,
                billed_output_tokens = EXCLUDED.billed_output_tokens, turns = EXCLUDED.turns, turns_utf8 = EXCLUDED.turns_utf8,
                generation_ms = EXCLUDED.generation_ms, chunk_gaps = EXCLUDED.chunk_gaps
            """
        let deleteGrades: PostgresQuery = """
            DELETE FROM scores WHERE run_id = \(sample.runID) AND suite = \(sample.suite) AND case_id = \(sample.caseID)
                AND model = \(sample.model) AND repeat_index = \(sample.repeatIndex)
            """
        let insertGrades = Self.insertRows(
            into: "scores",
            columns: [
                "run_id", "suite", "case_id", "model", "repeat_index", "position", "type", "metric", "score", "pass",
                "reason", "reason_utf8", "weight", "error", "error_utf8", "judge_cost", "judge",
            ],
            Array(sample.grades.enumerated())
        ) { item, binds in
            let (position, grade) = item
            let reason = Self.storable(grade.reason)
            let error = Self.storable(grade.storedError)
            binds.append(sample.runID)
            binds.append(sample.suite)
            binds.append(sample.caseID)
            binds.append(sample.model)
            binds.append(sample.repeatIndex)
            binds.append(position)
            binds.append(grade.type)
            binds.append(grade.metric)
            binds.append(grade.score)
            binds.append(grade.pass)
            binds.append(reason.text)
            binds.append(reason.bytes)
            binds.append(grade.weight)
            binds.append(error.text)
            binds.append(error.bytes)
            binds.append(grade.judgeCost)
            binds.append(grade.judge)
        }
        let description = "\(sample.suite)/\(sample.caseID) on \(sample.model) (repeat \(sample.repeatIndex))"
        try await perform("could not record \(description) of run \(sample.runID)") { [self] in
            try await client.withTransaction(logger: logger) { connection in
                // The sample first: its row lock makes a second writer of the same sample wait for this
                // transaction, so that its DELETE then sees (and removes) these grades instead of colliding
                // with them.
                try await connection.query(upsert, logger: logger)
                try await connection.query(deleteGrades, logger: logger)
                for insert in insertGrades {
                    try await connection.query(insert, logger: logger)
                }
            }
        }
    }

    public func forEachSample(
        runID: String, suite: String?, model: String?, text: Bool, _ body: (Sample) throws -> Void
    ) async throws {
        let query = Self.samplesQuery(runID: runID, suite: suite, model: model, text: text)
        try await stream("could not read the samples of run \(runID)", read: { [client, logger] emit in
            var current: Sample?
            for try await row in try await client.query(query, logger: logger) {
                let columns = row.makeRandomAccess()
                let key = PlannedKey(
                    suite: try columns["suite"].decode(String.self),
                    caseID: try columns["case_id"].decode(String.self),
                    model: try columns["model"].decode(String.self),
                    repeatIndex: try columns["repeat_index"].decode(Int.self))
                if current?.key != key {
                    if let done = current {
                        guard await emit(done) else { return }
                    }
                    current = try Self.sample(columns, text: text)
                }
                if try columns["position"].decode(Int?.self) != nil {
                    current?.grades.append(try Self.grade(columns, text: text))
                }
            }
            if let done = current { _ = await emit(done) }
        }, body)
    }

    /// Samples joined with their grades in one query, a sample's rows together and its grades in
    /// position order, so that each sample is complete when the next begins and only it is held. (Two
    /// queries walked in step, as the SQLite store does, would need two connections and two snapshots,
    /// which a concurrent writer can make disagree.) A sample's texts come on its first row only, not
    /// once per grade. The key columns are `COLLATE "C"`, so the order is by UTF-8 bytes, as `PlannedKey`'s.
    static func samplesQuery(runID: String, suite: String?, model: String?, text: Bool) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(runID)
        var filter = "s.run_id = $1"
        if let suite {
            binds.append(suite)
            filter += " AND s.suite = $\(binds.count)"
        }
        if let model {
            binds.append(model)
            filter += " AND s.model = $\(binds.count)"
        }
        let first = "(g.position IS NULL OR g.position = 0)"
        let texts =
            text
            ? """
            CASE WHEN \(first) THEN s.output END AS output,
            CASE WHEN \(first) THEN s.output_utf8 END AS output_utf8,
            CASE WHEN \(first) THEN s.error_message END AS error_message,
            CASE WHEN \(first) THEN s.error_message_utf8 END AS error_message_utf8,
            CASE WHEN \(first) THEN s.tool_calls END AS tool_calls,
            CASE WHEN \(first) THEN s.tool_calls_utf8 END AS tool_calls_utf8,
            CASE WHEN \(first) THEN s.turns END AS turns,
            CASE WHEN \(first) THEN s.turns_utf8 END AS turns_utf8,
            g.reason, g.reason_utf8,
            """
            : ""
        let sql = """
            SELECT s.run_id, s.suite, s.case_id, s.model, s.repeat_index, s.status, s.error_kind, s.finish_reason,
                   s.input_tokens, s.output_tokens, s.cached_input_tokens, s.reasoning_tokens, s.cache_write_tokens,
                   s.cost, s.judge_cost, s.headers_ms, s.first_event_ms, s.ttft_ms, s.total_ms, s.queued_ms, s.retry_ms, s.generation_ms, s.chunk_gaps,
                   s.attempts, s.score, s.passed, s.sequence, s.cached, s.billed_input_tokens, s.billed_output_tokens,
                   \(texts)
                   g.position, g.type AS grade_type, g.metric AS grade_metric, g.score AS grade_score,
                   g.pass AS grade_pass, g.weight AS grade_weight, g.error AS grade_error, g.error_utf8 AS grade_error_utf8,
                   g.judge_cost AS grade_judge_cost, g.judge AS grade_judge
            FROM samples s
            LEFT JOIN scores g ON g.run_id = s.run_id AND g.suite = s.suite AND g.case_id = s.case_id
                AND g.model = s.model AND g.repeat_index = s.repeat_index
            WHERE \(filter)
            ORDER BY s.suite, s.case_id, s.model, s.repeat_index, g.position
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    static func sample(_ columns: PostgresRandomAccessRow, text: Bool) throws -> Sample {
        let usage = try columns["input_tokens"].decode(Int?.self).map { input in
            TokenUsage(
                inputTokens: input, outputTokens: try columns["output_tokens"].decode(Int?.self) ?? 0,
                cachedInputTokens: try columns["cached_input_tokens"].decode(Int?.self) ?? 0,
                reasoningTokens: try columns["reasoning_tokens"].decode(Int?.self) ?? 0,
                cacheWriteTokens: try columns["cache_write_tokens"].decode(Int?.self) ?? 0,
                billedInputTokens: try columns["billed_input_tokens"].decode(Int?.self),
                billedOutputTokens: try columns["billed_output_tokens"].decode(Int?.self))
        }
        let timings = try columns["total_ms"].decode(Double?.self).map { total in
            CallTimings(
                headersMs: try columns["headers_ms"].decode(Double?.self),
                firstEventMs: try columns["first_event_ms"].decode(Double?.self),
                ttftMs: try columns["ttft_ms"].decode(Double?.self), totalMs: total,
                queuedMs: try columns["queued_ms"].decode(Double?.self) ?? 0,
                retryMs: try columns["retry_ms"].decode(Double?.self) ?? 0,
                generationMs: try columns["generation_ms"].decode(Double?.self),
                chunkGapsMs: CallTimings.unpackGaps(try columns["chunk_gaps"].decode(ByteBuffer?.self).map { Array($0.readableBytesView) }))
        }
        var sample = Sample(
            runID: try columns["run_id"].decode(String.self), suite: try columns["suite"].decode(String.self),
            caseID: try columns["case_id"].decode(String.self), model: try columns["model"].decode(String.self),
            repeatIndex: try columns["repeat_index"].decode(Int.self),
            status: Sample.Status(rawValue: try columns["status"].decode(String.self)) ?? .error,
            errorKind: try columns["error_kind"].decode(String?.self).flatMap(ErrorKind.init(rawValue:)),
            errorMessage: text ? try Self.text(columns, "error_message") : nil,
            output: text ? try Self.text(columns, "output") : nil,
            toolCalls: text ? try Self.toolCalls(columns) : [],
            finishReason: try columns["finish_reason"].decode(String?.self), usage: usage,
            cost: try columns["cost"].decode(Double?.self), judgeCost: try columns["judge_cost"].decode(Double?.self) ?? 0,
            timings: timings, attempts: try columns["attempts"].decode(Int?.self) ?? 1,
            score: try columns["score"].decode(Double?.self), passed: try columns["passed"].decode(Bool?.self),
            grades: [], sequence: try columns["sequence"].decode(Int?.self) ?? 0,
            cached: try columns["cached"].decode(Bool?.self) ?? false)
        if text, let turns = try Self.text(columns, "turns") {
            sample.turns = (try? JSONValue.parse(turns)).flatMap(SampleTurn.from(json:)) ?? []
        }
        return sample
    }

    static func grade(_ columns: PostgresRandomAccessRow, text: Bool) throws -> GradeResult {
        GradeResult.stored(
            type: try columns["grade_type"].decode(String.self), metric: try columns["grade_metric"].decode(String.self),
            score: try columns["grade_score"].decode(Double.self), pass: try columns["grade_pass"].decode(Bool.self),
            reason: text ? try Self.text(columns, "reason") ?? "" : "",
            weight: try columns["grade_weight"].decode(Double.self), storedError: try Self.text(columns, "grade_error"),
            judgeCost: try columns["grade_judge_cost"].decode(Double?.self),
            judge: try columns["grade_judge"].decode(String?.self))
    }

    public func forEachSampleKey(runID: String, _ body: (PlannedKey) throws -> Void) async throws {
        try await stream("could not read the sample keys of run \(runID)", read: { [client, logger] emit in
            let rows = try await client.query(
                "SELECT suite, case_id, model, repeat_index FROM samples WHERE run_id = \(runID)", logger: logger)
            for try await (suite, caseID, model, repeatIndex) in rows.decode((String, String, String, Int).self) {
                guard await emit(PlannedKey(suite: suite, caseID: caseID, model: model, repeatIndex: repeatIndex)) else { return }
            }
        }, body)
    }
}
