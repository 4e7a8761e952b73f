import Crypto

extension Suite {
    /// The suite's fingerprints (see `SuiteDigests`): the prompts as they are sent, not as templates, so
    /// that a changed dataset value is caught as surely as a changed template.
    public var digests: SuiteDigests { digests(prepared: prepared(index: 0)) }

    /// The fingerprints from the suite's cases as a run has already rendered them.
    public func digests(prepared rendered: [PreparedCase]) -> SuiteDigests {
        var prompts = Fingerprint()
        var grading = Fingerprint()
        for (testCase, prepared) in zip(cases, rendered) {
            prompts.add(testCase.id, prepared.system ?? "\u{0}", prepared.user)
            grading.add(
                testCase.id, testCase.threshold.map { String($0) } ?? "-", JSONValue.object(testCase.vars).compactJSON,
                JSONValue.array(testCase.assertions.map(\.canonicalJSON)).compactJSON)
        }
        grading.add(threshold.map { String($0) } ?? "-", JSONValue.array(assertions.map(\.canonicalJSON)).compactJSON)
        var generation = Fingerprint()
        generation.add(
            String(maxTokens), temperature.map { String($0) } ?? "-", responseFormat.rawValue, judge ?? "-",
            simulatorReference ?? "-", simulatorFlawed ?? "-")
        // Added only for suites with tools, so that runs stored before tools existed still match.
        if !tools.isEmpty || maxTurns != 1 {
            generation.add(
                JSONValue.array(tools.map { ["name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters] }).compactJSON,
                toolChoice.map { "\($0)" } ?? "-", String(maxTurns), simulatorCalls ?? "-", simulatorFlawedCalls ?? "-",
                JSONValue.array(toolResults.map { ["name": .string($0.name), "arguments": $0.arguments ?? .null, "result": $0.result] }).compactJSON)
        }
        return SuiteDigests(prompts: prompts.hex, grading: grading.hex, generation: generation.hex)
    }
}

/// A running SHA-256 over fields kept apart by separators that text cannot hold unnoticed.
struct Fingerprint {
    private var hash = SHA256()

    mutating func add(_ fields: String...) {
        for field in fields {
            hash.update(data: Array(String(field.utf8.count).utf8) + [0x1F] + Array(field.utf8) + [0x1E])
        }
    }

    var hex: String { hash.finalize().prefix(8).hexString }
}

extension AssertionSpec {
    /// Everything that decides how it grades (not where it was written), with sorted keys.
    var canonicalJSON: JSONValue {
        guard !transcript else {
            // Written only when set, so that suites fingerprinted before the key existed still match.
            var json = withoutTranscript.canonicalJSON.objectValue ?? [:]
            json["transcript"] = true
            return .object(json)
        }
        return .object([
            "kind": .string(kind.rawValue), "negated": .bool(negated), "value": value ?? .null,
            "path": path.map(JSONValue.string) ?? .null, "weight": .number(weight), "metric": metric.map(JSONValue.string) ?? .null,
            "threshold": threshold.map(JSONValue.number) ?? .null, "min": min.map(JSONValue.number) ?? .null,
            "max": max.map(JSONValue.number) ?? .null, "judge": judge.map(JSONValue.string) ?? .null,
            "n": n.map { .number(Double($0)) } ?? .null, "stem": .bool(stem), "children": .array(children.map(\.canonicalJSON)),
            "scores": .object(scores.mapValues(JSONValue.number)),
        ])
    }
}

extension ModelSpec {
    /// What decides the model's answers besides the suite: provider, model, the address it is called at
    /// (not for the simulated fleet, whose address changes with every start), the API version, whether a
    /// temperature is sent, and the simulated faults.
    public var parametersDigest: String {
        var fingerprint = Fingerprint()
        fingerprint.add(
            provider, model, isSimulated ? "-" : baseURL ?? "-", apiVersion ?? "-", supportsTemperature ? "temperature" : "-",
            JSONValue.object(simulatedFaults.mapValues(JSONValue.number)).compactJSON)
        // Added only when they differ from the defaults, so that runs stored before they existed still match.
        if reasoning || systemRole != "system" || reasoningEffort != nil {
            fingerprint.add(reasoning ? "reasoning" : "-", systemRole, reasoningEffort ?? "-")
        }
        return fingerprint.hex
    }
}

extension AssertionSpec {
    var withoutTranscript: AssertionSpec {
        var copy = self
        copy.transcript = false
        return copy
    }
}
