import AssayCore
import Foundation
import Testing
import Yams

/// Runs the README's nightly recipes as they are written, on the simulated fleet: the YAML is parsed
/// with a real YAML parser, and every shell step runs in a shell, with only what a runner or a cluster
/// would supply filled in (the matrix value or the completion index, secrets, the workspace).
///
/// Two substitutions are made and checked: `--sim-time-scale 0` goes after `assay run` so that the
/// simulated answers come at once, and the Kubernetes reports volume is a temporary folder.
@Suite(.serialized)
struct ReadmeRecipeTests {
    /// The first ```yaml block after the heading that starts with `heading`.
    static func yamlBlock(after heading: String) throws -> String {
        let readme = try String(contentsOf: CLIRunner.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "\n" + heading), "README has a section \(heading)")
        let rest = readme[section.upperBound...]
        let start = try #require(rest.range(of: "```yaml\n"))
        let end = try #require(rest[start.upperBound...].range(of: "\n```"))
        return String(rest[start.upperBound..<end.lowerBound])
    }

    /// Makes the simulated fleet answer at once; fails when the script runs no `assay run`.
    static func instantSimulation(_ script: String) throws -> String {
        try #require(script.contains("assay run "), "the step runs assay run: \(script)")
        return script.replacingOccurrences(of: "assay run ", with: "assay run --sim-time-scale 0 ")
    }

    /// A workspace as a runner's checkout or the image's working directory holds it: the Suites folder
    /// and the assay executable.
    static func workspace(in tmp: URL) throws -> URL {
        let ws = tmp.appendingPathComponent("ws")
        try FileManager.default.createDirectory(at: ws, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: ws.appendingPathComponent("Suites"), withDestinationURL: CLIRunner.root.appendingPathComponent("Suites"))
        try FileManager.default.createSymbolicLink(
            at: ws.appendingPathComponent("assay"), withDestinationURL: URL(fileURLWithPath: CLIRunner.executable))
        return ws
    }

    static func shell(_ script: String, in directory: URL, environment: [String: String]) async throws -> CLIRunner.Result {
        // GitHub's default for a `run` step on Linux: bash -e.
        try await CLIRunner.runProcess("/bin/bash", ["-e", "-c", script], in: directory, environment: environment)
    }

    static func git(_ arguments: [String], in directory: URL) async throws -> CLIRunner.Result {
        let result = try await CLIRunner.runProcess("/usr/bin/env", ["git"] + arguments, in: directory, environment: CLIRunner.cleanEnvironment)
        #expect(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    static func json(_ file: URL) throws -> JSONValue {
        try JSONValue.parse(String(contentsOf: file, encoding: .utf8))
    }

    // MARK: GitHub Actions

    /// A parsed job, handed to the tasks that run it; nothing writes to it after parsing.
    struct ParsedJob: @unchecked Sendable {
        let value: [String: Any]
    }

    /// Evaluates the `${{ … }}` expressions the recipe uses; any other expression fails the test.
    struct Expressions: Sendable {
        var matrix: [String: String] = [:]
        var secrets: [String: String]
        var github: [String: String]

        func evaluate(_ text: String) throws -> String {
            var out = ""
            var rest = Substring(text)
            while let open = rest.range(of: "${{") {
                out += rest[..<open.lowerBound]
                let close = try #require(rest[open.upperBound...].range(of: "}}"), "an unclosed expression in \(text)")
                let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                let parts = expression.split(separator: ".", maxSplits: 1).map(String.init)
                switch parts.first {
                case "matrix": out += try #require(matrix[parts[1]], "matrix.\(parts[1])")
                // A secret the repository does not have is the empty string, as on GitHub.
                case "secrets": out += secrets[parts[1]] ?? ""
                case "github": out += try #require(github[parts[1]], "github.\(parts[1])")
                default: Issue.record("the test does not know the expression \(expression)")
                }
                rest = rest[close.upperBound...]
            }
            return out + rest
        }
    }

    /// Runs a job's `run` steps in order, as a runner would; `uses` steps are stood in for by the
    /// workspace, and the files they take (`path`, `report_paths`) must exist. Returns each run step's
    /// result by its name (or its script).
    static func runJob(
        _ job: [String: Any], expressions: Expressions, workflowEnv: [String: String], in ws: URL,
        extraEnvironment: [String: String] = [:]
    ) async throws -> [String: CLIRunner.Result] {
        var results: [String: CLIRunner.Result] = [:]
        var failed = false
        let steps = try #require(job["steps"] as? [[String: Any]])
        for step in steps {
            let condition = step["if"] as? String ?? "success()"
            #expect(["always()", "success()"].contains(condition), "the test does not know the condition \(condition)")
            if condition == "success()" && failed { continue }
            if step["uses"] != nil {
                for key in ["path", "report_paths"] {
                    if let path = (step["with"] as? [String: Any])?[key] as? String {
                        #expect(FileManager.default.fileExists(atPath: ws.appendingPathComponent(path).path), "\(step["uses"]!) takes \(path)")
                    }
                }
                continue
            }
            let script = try #require(step["run"] as? String)
            var environment = CLIRunner.cleanEnvironment.merging(workflowEnv) { $1 }.merging(extraEnvironment) { $1 }
            for (key, value) in step["env"] as? [String: Any] ?? [:] {
                environment[key] = try expressions.evaluate("\(value)")
            }
            let command = try expressions.evaluate(script.contains("assay run ") ? try instantSimulation(script) : script)
            let result = try await shell(command, in: ws, environment: environment)
            results[step["name"] as? String ?? script] = result
            if result.status != 0 { failed = true }
        }
        return results
    }

    @Test func theGitHubActionsRecipeShardsMergesGatesAndPublishesTheRoutingConfig() async throws {
        // YAML 1.1 reads the key `on` as true, so the top level is keyed by more than strings.
        let workflow = try #require(try Yams.load(yaml: try Self.yamlBlock(after: "### Recipe: GitHub Actions")) as? [AnyHashable: Any])
        let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
        let shardJob = try #require(jobs["shard"])
        let mergeJob = try #require(jobs["merge"])
        #expect(shardJob["needs"] as? String == "build")
        #expect(mergeJob["needs"] as? String == "shard")
        #expect((mergeJob["permissions"] as? [String: Any])?["contents"] as? String == "write", "the merge job pushes")
        let shards = try #require(((shardJob["strategy"] as? [String: Any])?["matrix"] as? [String: Any])?["shard"] as? [Int])
        #expect(shards == Array(1...shards.count))

        // The checkout is a clone of a repository the publish step can push to.
        let tmp = try CLIRunner.temporaryDirectory()
        let origin = tmp.appendingPathComponent("origin.git")
        _ = try await Self.git(["init", "-q", "--bare", origin.path], in: tmp)
        let ws = try Self.workspace(in: tmp)
        _ = try await Self.git(["init", "-q"], in: ws)
        _ = try await Self.git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "start"], in: ws)
        _ = try await Self.git(["remote", "add", "origin", origin.path], in: ws)
        _ = try await Self.git(["push", "-q", "-u", "origin", "HEAD"], in: ws)

        let runNumber = String(UInt32.random(in: 1_000_000...9_999_999))
        let secrets = ["ASSAY_DB": tmp.appendingPathComponent("nightly.sqlite").path]
        let github = ["run_id": runNumber]
        let workflowEnv = try (workflow["env"] as? [String: Any] ?? [:]).mapValues {
            try Expressions(secrets: secrets, github: github).evaluate("\($0)")
        }
        #expect(workflowEnv["RUN_ID"] == "nightly-\(runNumber)")

        // The matrix: every shard at once, each on its own runner (here: its own process).
        let job = ParsedJob(value: shardJob)
        let shardResults = try await withThrowingTaskGroup(of: [String: CLIRunner.Result].self) { group in
            for shard in shards {
                let expressions = Expressions(matrix: ["shard": "\(shard)"], secrets: secrets, github: github)
                group.addTask { try await Self.runJob(job.value, expressions: expressions, workflowEnv: workflowEnv, in: ws) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for results in shardResults {
            let shard = try #require(results["run this shard"])
            #expect(shard.status == 0, "\(shard.stdout)\(shard.stderr)")
            // The providers' secrets are not set: empty keys mean no key, so the simulated fleet answers.
            #expect(shard.stdout.contains("using the simulated fleet"))
        }
        #expect(shardResults.contains { $0["run this shard"]?.stdout.contains("every shard has finished") == true })

        let stepSummary = tmp.appendingPathComponent("step-summary.md")
        FileManager.default.createFile(atPath: stepSummary.path, contents: nil)
        let merged = try await Self.runJob(
            mergeJob, expressions: Expressions(secrets: secrets, github: github), workflowEnv: workflowEnv, in: ws,
            extraEnvironment: ["GITHUB_STEP_SUMMARY": stepSummary.path])
        let merge = try #require(merged["merge and gate"])
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        // The first night has no run to compare with: said, and not a failure.
        #expect(merge.stdout.contains("--baseline latest: the store holds no such run yet"))
        let report = ws.appendingPathComponent("report")
        let results = try Self.json(report.appendingPathComponent("results.json"))
        #expect(results["run"]?["id"]?.stringValue == "nightly-\(runNumber)")
        #expect(results["run"]?["status"] == "complete")
        let summary = try String(contentsOf: report.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(try String(contentsOf: stepSummary, encoding: .utf8) == summary)

        // The routing config is pushed, once.
        let publish = try #require(merged["publish the routing config"])
        #expect(publish.status == 0, "\(publish.stdout)\(publish.stderr)")
        #expect(try await Self.git(["log", "-1", "--format=%s"], in: origin).stdout == "routing from nightly-\(runNumber)\n")
        let pushed = try await Self.git(["show", "HEAD:routing/routing.json"], in: origin).stdout
        #expect(pushed == (try String(contentsOf: report.appendingPathComponent("routing.json"), encoding: .utf8)))
        let again = try await Self.runJob(
            ["steps": (mergeJob["steps"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "publish the routing config" }],
            expressions: Expressions(secrets: secrets, github: github), workflowEnv: workflowEnv, in: ws)
        #expect(again["publish the routing config"]?.status == 0)
        #expect(again["publish the routing config"]?.stdout.contains("routing unchanged") == true)
    }

    // MARK: Kubernetes

    @Test func theKubernetesRecipeRunsEveryCompletionIndexAndTheMergeJobWritesTheReports() async throws {
        let documents = try Array(Yams.load_all(yaml: try Self.yamlBlock(after: "### Recipe: a Kubernetes Indexed Job")))
        #expect(documents.count == 2)
        let shardJob = try #require(documents.first as? [String: Any])
        let mergeJob = try #require(documents.last as? [String: Any])
        let spec = try #require(shardJob["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        func container(_ job: [String: Any]) throws -> [String: Any] {
            let template = try #require((job["spec"] as? [String: Any])?["template"] as? [String: Any])
            return try #require(((template["spec"] as? [String: Any])?["containers"] as? [[String: Any]])?.first)
        }
        let worker = try container(shardJob)
        #expect(worker["command"] as? [String] == ["sh", "-c"])
        let workerScript = try Self.instantSimulation(try #require((worker["args"] as? [String])?.first))

        let tmp = try CLIRunner.temporaryDirectory()
        let ws = try Self.workspace(in: tmp)
        // The image puts assay on the PATH.
        var environment = CLIRunner.cleanEnvironment
        environment["PATH"] = ws.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["ASSAY_DB"] = tmp.appendingPathComponent("nightly.sqlite").path

        let workers = try await withThrowingTaskGroup(of: CLIRunner.Result.self) { group in
            for index in 0..<completions {
                var podEnvironment = environment
                podEnvironment["JOB_COMPLETION_INDEX"] = "\(index)"
                group.addTask { try await CLIRunner.runProcess("/bin/sh", ["-c", workerScript], in: ws, environment: podEnvironment) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(workers.count == completions)
        for pod in workers {
            #expect(pod.status == 0, "\(pod.stdout)\(pod.stderr)")
        }
        // Index i runs shard i+1: together they are shards 1 to N, each once.
        let shardsRun = workers.compactMap { pod in
            pod.stdout.range(of: #"Shard (\d+)/\d+ done"#, options: .regularExpression).map { String(pod.stdout[$0]) }
        }
        #expect(Set(shardsRun) == Set((1...completions).map { "Shard \($0)/\(completions) done" }))

        let merger = try container(mergeJob)
        let mountPath = try #require((merger["volumeMounts"] as? [[String: Any]])?.first?["mountPath"] as? String)
        let reports = tmp.appendingPathComponent("reports")
        let mergeScript = try #require((merger["command"] as? [String])?.last)
            .replacingOccurrences(of: mountPath + "/", with: reports.path + "/")
        let merge = try await CLIRunner.runProcess("/bin/sh", ["-c", mergeScript], in: ws, environment: environment)
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        // The folder the merge Job names, and nothing else, is written on the volume.
        let named = try #require(mergeScript.range(of: reports.path + #"/[^ "\\]+"#, options: .regularExpression))
        let outDir = URL(fileURLWithPath: String(mergeScript[named])).lastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: reports.path) == [outDir])
        let results = try Self.json(reports.appendingPathComponent(outDir).appendingPathComponent("results.json"))
        #expect(results["run"]?["status"] == "complete")
        for file in ["index.html", "junit.xml", "summary.md", "routing.json", "litellm-router.yaml"] {
            #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent(outDir).appendingPathComponent(file).path), "\(file)")
        }
    }
}
