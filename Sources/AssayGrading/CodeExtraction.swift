import Foundation

/// Pulls runnable code out of a model's answer and assembles the HumanEval test program.
public enum CodeExtraction {
    /// The code in the answer: the fenced block that defines `entryPoint` if any, else the first
    /// fenced block, else the whole answer.
    public static func code(from answer: String, entryPoint: String) -> String {
        let blocks = fencedBlocks(answer)
        if let defining = blocks.first(where: { $0.contains("def \(entryPoint)(") }) { return defining }
        return blocks.first ?? answer
    }

    static func fencedBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if let lines = current {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    current = []
                }
            } else {
                current?.append(line)
            }
        }
        if let lines = current, !lines.isEmpty { blocks.append(lines.joined(separator: "\n")) }
        return blocks
    }

    /// prompt + completion + test + `check(entry_point)`, as HumanEval assembles it. The whole prompt comes
    /// first even when the completion is a whole function: the prompt's helper functions and imports are
    /// then defined, and the completion's later `def` replaces the prompt's stub (keeping only the prompt's
    /// imports dropped the helpers that the tests call, as in HumanEval 10, 32, 38 and 50).
    public static func program(prompt: String, completion: String, test: String, entryPoint: String) -> String {
        let wholeFunction = completion.contains("def \(entryPoint)(")
        let head = wholeFunction && !prompt.hasSuffix("\n") ? prompt + "\n" : prompt
        return head + (wholeFunction ? "\n" : "") + completion + "\n\n" + test + "\n\ncheck(\(entryPoint))\n"
    }
}
