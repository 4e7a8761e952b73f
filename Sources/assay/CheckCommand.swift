import ArgumentParser
import AssayCore
import AssayEngine
import Foundation
import AssayReporting

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Send one tiny request to every model whose credentials are present; report latency, usage and cost, or the error.")

    @OptionGroup
    var catalogOptions: CatalogOptions

    func run() async throws {
        let catalog = try catalogOptions.load()
        let results = try await ModelCheck.run(catalog: catalog, environment: ProcessInfo.processInfo.environment)
        var failed = 0
        for r in results {
            if let reason = r.skipped {
                print("skip \(r.model): \(reason)")
            } else if let e = r.error {
                failed += 1
                print("FAIL \(r.model) (\(r.provider)): \(e)")
            } else if let resp = r.response {
                let usage = resp.usage.map { "\($0.inputTokens) in / \($0.outputTokens) out tokens" } ?? "no usage reported"
                print("ok   \(r.model) (\(r.provider)): \(ReportFormat.ms(resp.timings.totalMs)), TTFT \(ReportFormat.ms(resp.timings.ttftMs)), \(usage), \(ReportFormat.usd(r.cost)): \(resp.text.prefix(40).replacingOccurrences(of: "\n", with: " "))")
            }
        }
        if results.allSatisfy({ $0.skipped != nil }) {
            print("No model has credentials in this environment (see `assay models`).")
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
