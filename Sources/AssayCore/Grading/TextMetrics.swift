/// Text similarity metrics, tokenised as the reference implementations do.
public enum TextMetrics {
    /// Tokens as Google's rouge-score package makes them (without stemming): lower-cased, every run of
    /// characters other than a-z and 0-9 is a separator.
    public static func rougeTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// ROUGE-L F1 (LCS-based, β = 1) of a candidate against a reference.
    public static func rougeL(candidate: String, reference: String) -> Double {
        let c = rougeTokens(candidate)
        let r = rougeTokens(reference)
        guard !c.isEmpty, !r.isEmpty else { return 0 }
        let lcs = Double(longestCommonSubsequence(c, r))
        if lcs == 0 { return 0 }
        let precision = lcs / Double(c.count)
        let recall = lcs / Double(r.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// Length of the longest common subsequence, in O(n·m) time and O(m) memory.
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Words separated by whitespace.
    public static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }
}
