public import Foundation
public import AssayCore

/// `factuality`: the judge compares the answer with a reference answer and picks one of five verdicts
/// (the categories of OpenAI's fact-checking eval, as promptfoo uses them); each verdict has a score,
/// configurable per assertion under `scores`.
public enum FactualityJudge {
    public static let categories = AssertionSpec.factualityCategories
    /// promptfoo's defaults: only a disagreement fails.
    public static let defaultScores: [String: Double] = ["subset": 1, "superset": 1, "agree": 1, "disagree": 0, "differButFactual": 1]
    static let letters: [String: String] = ["A": "subset", "B": "superset", "C": "agree", "D": "disagree", "E": "differButFactual"]

    public static let prompt = JudgePrompt(
        version: "factuality/1",
        system: """
            You check the facts of an answer against an expert's reference answer. Ignore style, wording and \
            length; compare only what is claimed. Choose exactly one verdict:
            (A) the answer is a subset of the reference and fully consistent with it;
            (B) the answer is a superset of the reference and fully consistent with it;
            (C) the answer contains the same details as the reference;
            (D) the answer and the reference disagree on some fact;
            (E) they differ, but the differences do not matter for factuality.
            Reply with one JSON object and nothing else: {"reason": "<one sentence>", "choice": "<A, B, C, D or E>"}
            """,
        userTemplate: """
            <question>
            {{input}}
            </question>
            <reference>
            {{reference}}
            </reference>
            <output>
            {{output}}
            </output>
            Which verdict applies?
            """)

    /// The verdict category in a judge reply, or nil when it cannot be read.
    public static func parse(_ text: String) -> (category: String, reason: String)? {
        guard let json = JudgeReply.firstObject(in: text), let choice = json["choice"]?.stringValue else { return nil }
        let letter = choice.trimmingCharacters(in: CharacterSet(charactersIn: "() .")).uppercased()
        guard let category = letters[letter] else { return nil }
        return (category, json["reason"]?.stringValue ?? "")
    }
}

/// `model-graded-closedqa`: the judge says whether the answer meets a criterion (Y or N), as OpenAI's
/// closed-QA eval asks.
public enum ClosedQAJudge {
    public static let prompt = JudgePrompt(
        version: "closedqa/1",
        system: """
            You decide whether an answer meets a criterion. Read the question, the answer and the criterion; \
            reason briefly, then decide. Reply with one JSON object and nothing else: \
            {"reason": "<one or two sentences>", "verdict": "Y" or "N"}
            """,
        userTemplate: """
            <question>
            {{input}}
            </question>
            <output>
            {{output}}
            </output>
            <criterion>
            {{criterion}}
            </criterion>
            Does the output meet the criterion?
            """)

    public static func parse(_ text: String) -> (meets: Bool, reason: String)? {
        guard let json = JudgeReply.firstObject(in: text), let verdict = json["verdict"]?.stringValue?.uppercased() else { return nil }
        if verdict.hasPrefix("Y") { return (true, json["reason"]?.stringValue ?? "") }
        if verdict.hasPrefix("N") { return (false, json["reason"]?.stringValue ?? "") }
        return nil
    }
}

/// Reading JSON out of a judge's reply.
public enum JudgeReply {
    /// The first `{…}` object in the text (judges add prose or fences around it).
    public static func firstObject(in text: String) -> JSONValue? {
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end else { return nil }
        guard let json = try? JSONValue.parse(String(text[start...end])), case .object = json else { return nil }
        return json
    }
}
