import AssayCore
import AssaySimulator
import Foundation
import Testing

/// The simulated fleet read by the providers' own SDKs (.ci/run installs them with LiteLLM into the
/// venv that ASSAY_PYTHON names).
struct OfficialSDKTests {
    /// The case the SDKs' tool checks ask: the fleet calls lookup_order, then answers in text.
    static let toolCase: Suite = {
        var suite = Suite(
            name: "sdk-tools", category: "t", prompt: "Where is my order LH-10001?", simulatorReference: "It was delivered on Monday.",
            simulatorFlawed: "It was delivered.", assertions: [AssertionSpec(kind: .noToolCall)], cases: [TestCase(id: "1", vars: [:])])
        suite.tools = [ToolSpec(name: "lookup_order")]
        suite.simulatorCalls = #"[[{"name": "lookup_order", "arguments": {"order_id": "LH-10001"}}]]"#
        return suite
    }()

    @Test(.enabled(if: RoutingConfigTests.python != nil, "needs ASSAY_PYTHON with the providers' SDKs (installed by .ci/run)"))
    func everyOfficialSDKAcceptsTheFleet() async throws {
        let python = try #require(RoutingConfigTests.python)
        // Fault-free profiles, so that a pass does not depend on a draw; `limited` always answers 429.
        let quiet = SimulatedModelProfile.builtIn.map {
            $0.withFaults(["rate_limit": 0, "server_error": 0, "overloaded": 0, "stream_cut": 0, "malformed": 0, "stall": 0])
        }
        var limited = quiet[0]
        limited.name = "limited"
        limited = limited.withFaults(["rate_limit": 1])
        let fleet = SimulatedFleet(profiles: quiet + [limited], answerKey: SimulatedAnswerKey(suites: [Self.toolCase]), seed: 1, timeScale: 0)
        let result = try await SimulatorServer.withRunning(fleet: fleet) { port in
            try await CLIRunner.runProcess(
                python, ["-W", "ignore", CLIRunner.root.appendingPathComponent("scripts/check_sdks.py").path, "http://127.0.0.1:\(port)"])
        }
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr.suffix(3000))")
        #expect(result.stdout.contains(" passed, 0 failed"))
    }
}
