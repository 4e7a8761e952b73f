import Foundation

/// Text similarity metrics, tokenised as the reference implementations do: ROUGE as Google's
/// rouge-score package, BLEU as sacrebleu's `sentence_bleu` with its defaults.
public enum TextMetrics {
    // MARK: ROUGE (rouge-score)

    /// Tokens as Google's rouge-score package makes them: lower-cased, every run of characters other
    /// than a-z and 0-9 is a separator; with `stem`, tokens longer than 3 characters are Porter-stemmed
    /// (nltk's `PorterStemmer()`, which rouge-score uses for `use_stemmer=True`).
    public static func rougeTokens(_ text: String, stem: Bool = false) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var stems: [String: String] = [:]  // tokens are ASCII, so String keys compare exactly
        func flush() {
            guard !current.isEmpty else { return }
            let token = String(current)
            if stem && current.count > 3 {
                if let known = stems[token] {
                    tokens.append(known)
                } else {
                    let stemmed = PorterStemmer.stem(token)
                    stems[token] = stemmed
                    tokens.append(stemmed)
                }
            } else {
                tokens.append(token)
            }
            current = String.UnicodeScalarView()
        }
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// ROUGE-L F1 (LCS-based, β = 1) of a candidate against a reference.
    public static func rougeL(candidate: String, reference: String, stem: Bool = false) -> Double {
        let c = rougeTokens(candidate, stem: stem)
        let r = rougeTokens(reference, stem: stem)
        guard !c.isEmpty, !r.isEmpty else { return 0 }
        let lcs = Double(longestCommonSubsequence(c, r))
        if lcs == 0 { return 0 }
        let precision = lcs / Double(c.count)
        let recall = lcs / Double(r.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// ROUGE-N F1 of a candidate against a reference: clipped n-gram overlap, as rouge-score's `rouge<n>`.
    public static func rougeN(candidate: String, reference: String, n: Int = 1, stem: Bool = false) -> Double {
        let order = Swift.max(1, n)
        let c = ngramCounts(rougeTokens(candidate, stem: stem), order)
        let r = ngramCounts(rougeTokens(reference, stem: stem), order)
        var overlap = 0
        for (gram, count) in c {
            if let other = r[gram] { overlap += Swift.min(count, other) }
        }
        let precision = Double(overlap) / Double(Swift.max(c.values.reduce(0, +), 1))
        let recall = Double(overlap) / Double(Swift.max(r.values.reduce(0, +), 1))
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    static func ngramCounts<T: Hashable>(_ tokens: [T], _ n: Int) -> [ArraySlice<T>: Int] {
        var counts: [ArraySlice<T>: Int] = [:]
        guard tokens.count >= n else { return counts }
        for i in 0...(tokens.count - n) {
            counts[tokens[i..<(i + n)], default: 0] += 1
        }
        return counts
    }

    /// Length of the longest common subsequence, in O(n·m) time and O(m) memory.
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : Swift.max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    // MARK: BLEU (sacrebleu)

    /// Sentence BLEU on sacrebleu's 0–100 scale, with the defaults of `sacrebleu.sentence_bleu`:
    /// 13a tokenisation, case kept, n-grams up to 4, smoothing 'exp', effective order. With several
    /// references, n-gram counts are clipped by the highest count in any reference and the brevity
    /// penalty uses the closest reference length (the shorter one on a tie).
    public static func bleu(candidate: String, references: [String]) -> Double {
        let maxOrder = 4
        var interned: [[Unicode.Scalar]: Int] = [:]
        func ids(_ text: String) -> [Int] {
            bleuTokenScalars(text).map { token in
                if let id = interned[token] { return id }
                let id = interned.count
                interned[token] = id
                return id
            }
        }
        let hypothesis = ids(candidate)
        var referenceCounts: [ArraySlice<Int>: Int] = [:]
        var referenceLengths: [Int] = []
        for reference in references {
            let tokens = ids(reference)
            referenceLengths.append(tokens.count)
            for n in 1...maxOrder {
                for (gram, count) in ngramCounts(tokens, n) {
                    referenceCounts[gram] = Swift.max(referenceCounts[gram] ?? 0, count)
                }
            }
        }
        let sysLen = hypothesis.count
        var refLen = -1
        var closest = -1
        for length in referenceLengths {
            let diff = abs(sysLen - length)
            if closest == -1 || diff < closest {
                closest = diff
                refLen = length
            } else if diff == closest && length < refLen {
                refLen = length
            }
        }
        var correct = [Int](repeating: 0, count: maxOrder)
        var total = [Int](repeating: 0, count: maxOrder)
        for n in 1...maxOrder {
            for (gram, count) in ngramCounts(hypothesis, n) {
                total[n - 1] += count
                if let r = referenceCounts[gram] { correct[n - 1] += Swift.min(count, r) }
            }
        }
        return bleuScore(correct: correct, total: total, sysLen: sysLen, refLen: Swift.max(refLen, 0))
    }

    /// sacrebleu's `BLEU.compute_bleu` with smooth_method 'exp' and effective_order true.
    static func bleuScore(correct: [Int], total: [Int], sysLen: Int, refLen: Int) -> Double {
        var bp = 1.0
        if sysLen < refLen { bp = sysLen > 0 ? exp(1 - Double(refLen) / Double(sysLen)) : 0 }
        guard correct.contains(where: { $0 != 0 }) else { return 0 }
        var precisions = [Double](repeating: 0, count: correct.count)
        var smooth = 1.0
        var effectiveOrder = correct.count
        for n in 1...correct.count {
            if total[n - 1] == 0 { break }
            effectiveOrder = n
            if correct[n - 1] == 0 {
                smooth *= 2
                precisions[n - 1] = 100 / (smooth * Double(total[n - 1]))
            } else {
                precisions[n - 1] = 100 * Double(correct[n - 1]) / Double(total[n - 1])
            }
        }
        var sum = 0.0
        for p in precisions.prefix(effectiveOrder) { sum += p == 0 ? -9_999_999_999 : log(p) }
        return bp * exp(sum / Double(effectiveOrder))
    }

    /// Tokens of sacrebleu's default '13a' tokenizer (mteval-v13a), as strings.
    public static func bleuTokens(_ text: String) -> [String] {
        bleuTokenScalars(text).map { String(String.UnicodeScalarView($0)) }
    }

    /// The 13a tokenizer on Unicode scalars, which is what Python's `str` is made of: right-strip,
    /// drop `<skipped>` and `-\n`, join lines, unescape four entities, then the four regular expressions
    /// of `TokenizerRegexp`, then split on whitespace.
    static func bleuTokenScalars(_ text: String) -> [[Unicode.Scalar]] {
        var line = Array(text.unicodeScalars)
        while let last = line.last, isPythonSpace(last) { line.removeLast() }
        line = replacing(line, "<skipped>", "")
        line = replacing(line, "-\n", "")
        line = replacing(line, "\n", " ")
        if line.contains("&") {
            line = replacing(line, "&quot;", "\"")
            line = replacing(line, "&amp;", "&")
            line = replacing(line, "&lt;", "<")
            line = replacing(line, "&gt;", ">")
        }
        let space: Unicode.Scalar = " "
        // ([\{-\~\[-\` -\&\(-\+\:-\@\/]) → ' \1 '
        var s: [Unicode.Scalar] = [space]
        for c in line {
            if isPunctuation13a(c) { s += [space, c, space] } else { s.append(c) }
        }
        s.append(space)
        // ([^0-9])([\.,]) → '\1 \2 '
        s = pairRule(s, { !isDigit($0) }, { $0 == "." || $0 == "," }) { a, b in [a, space, b, space] }
        // ([\.,])([^0-9]) → ' \1 \2'
        s = pairRule(s, { $0 == "." || $0 == "," }, { !isDigit($0) }) { a, b in [space, a, space, b] }
        // ([0-9])(-) → '\1 \2 '
        s = pairRule(s, isDigit, { $0 == "-" }) { a, b in [a, space, b, space] }
        var tokens: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for c in s {
            if isPythonSpace(c) {
                if !current.isEmpty { tokens.append(current) }
                current = []
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    static func isPunctuation13a(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: return true
        default: return false
        }
    }

    /// Python's `str.isspace`, which `str.split()` and `str.rstrip()` use.
    static func isPythonSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default: return false
        }
    }

    /// Python's `str.replace`: every non-overlapping occurrence, left to right.
    static func replacing(_ s: [Unicode.Scalar], _ target: String, _ replacement: String) -> [Unicode.Scalar] {
        let t = Array(target.unicodeScalars)
        let r = Array(replacement.unicodeScalars)
        guard !t.isEmpty, s.count >= t.count else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if s[i] == t[0], i + t.count <= s.count, s[i..<(i + t.count)].elementsEqual(t) {
                out += r
                i += t.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    /// `re.sub` of a two-character pattern: matches are found left to right without overlapping.
    static func pairRule(
        _ s: [Unicode.Scalar], _ first: (Unicode.Scalar) -> Bool, _ second: (Unicode.Scalar) -> Bool,
        _ replace: (Unicode.Scalar, Unicode.Scalar) -> [Unicode.Scalar]
    ) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count + s.count / 4)
        var i = 0
        while i < s.count {
            if i + 1 < s.count, first(s[i]), second(s[i + 1]) {
                out += replace(s[i], s[i + 1])
                i += 2
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    // MARK: Levenshtein

    /// Edit distance (insertions, deletions, substitutions of characters — grapheme clusters, as
    /// `char-count` counts them). The common prefix and suffix are skipped, then a band around the
    /// diagonal is widened until it settles the distance. When the band that would be needed passes
    /// `cellBudget` cells, and is already wider than `limit`, it stops: the distance is then a lower
    /// bound (`exact` false), which still settles whether it is within `limit`.
    public static func levenshtein(
        _ a: String, _ b: String, limit: Int? = nil, cellBudget: Int = 20_000_000
    ) -> (distance: Int, exact: Bool) {
        var table: [Character: Int] = [:]
        func ids(_ s: String) -> [Int] {
            s.map { ch in
                if let id = table[ch] { return id }
                let id = table.count
                table[ch] = id
                return id
            }
        }
        var x = ids(a)[...]
        var y = ids(b)[...]
        while let p = x.first, let q = y.first, p == q {
            x.removeFirst()
            y.removeFirst()
        }
        while let p = x.last, let q = y.last, p == q {
            x.removeLast()
            y.removeLast()
        }
        let (short, long) = x.count <= y.count ? (Array(x), Array(y)) : (Array(y), Array(x))
        let n = short.count
        let m = long.count
        if n == 0 { return (m, true) }
        func cells(_ k: Int) -> Int { n * Swift.min(m, 2 * k + 1) }
        var k = Swift.max(m - n, 1)
        while true {
            let d = bandedDistance(short, long, band: k)
            if d <= k || k >= m { return (d, true) }
            var next = Swift.min(2 * k, m)
            if cells(next) > cellBudget {
                guard let limit, limit > k else { return (k + 1, false) }
                next = Swift.min(limit, m)
            }
            k = next
        }
    }

    /// Edit distance when it is at most `band` (the band around the diagonal holds every path that
    /// cheap); a larger result only says the distance is more than `band`. `a` is not longer than `b`.
    static func bandedDistance(_ a: [Int], _ b: [Int], band k: Int) -> Int {
        let n = a.count
        let m = b.count
        let infinity = Int.max / 4
        var previous = [Int](repeating: infinity, count: m + 1)
        var current = [Int](repeating: infinity, count: m + 1)
        for j in 0...Swift.min(m, k) { previous[j] = j }
        for i in 1...n {
            let lo = Swift.max(1, i - k)
            let hi = Swift.min(m, i + k)
            current[lo - 1] = lo == 1 ? i : infinity
            let ai = a[i - 1]
            if lo <= hi {
                for j in lo...hi {
                    let substitution = previous[j - 1] + (ai == b[j - 1] ? 0 : 1)
                    let deletion = previous[j] + 1
                    let insertion = current[j - 1] + 1
                    current[j] = Swift.min(substitution, Swift.min(deletion, insertion))
                }
            }
            if hi + 1 <= m { current[hi + 1] = infinity }
            swap(&previous, &current)
        }
        return previous[m]
    }

    // MARK: Length

    /// Words separated by whitespace.
    public static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).count
    }
}

/// The Porter stemmer exactly as nltk's `PorterStemmer()` in its default NLTK_EXTENSIONS mode, which
/// rouge-score uses (rouge-score itself stems only tokens longer than 3 characters).
public enum PorterStemmer {
    typealias Word = [Unicode.Scalar]

    /// nltk's irregular forms, returned as they are.
    static let pool: [String: String] = [
        "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
        "innings": "inning", "inning": "inning", "outings": "outing", "outing": "outing",
        "cannings": "canning", "canning": "canning", "howe": "howe", "proceed": "proceed",
        "exceed": "exceed", "succeed": "succeed",
    ]

    public static func stem(_ word: String) -> String {
        let lowered = word.lowercased()
        if lowered.unicodeScalars.allSatisfy(\.isASCII), let irregular = pool[lowered] { return irregular }
        if word.unicodeScalars.count <= 2 { return lowered }
        var w = Word(lowered.unicodeScalars)
        w = step1a(w)
        w = step1b(w)
        w = step1c(w)
        w = step2(w)
        w = step3(w)
        w = step4(w)
        w = step5a(w)
        w = step5b(w)
        return String(String.UnicodeScalarView(w))
    }

    static func isVowel(_ c: Unicode.Scalar) -> Bool { c == "a" || c == "e" || c == "i" || c == "o" || c == "u" }

    static func isConsonant(_ w: Word, _ index: Int) -> Bool {
        if isVowel(w[index]) { return false }
        if w[index] == "y" {
            var negate = false
            var i = index
            while i > 0 && w[i] == "y" {
                negate.toggle()
                i -= 1
            }
            return !isVowel(w[i]) != negate
        }
        return true
    }

    static func consonantFlags(_ w: Word) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(w.count)
        for (i, c) in w.enumerated() {
            if isVowel(c) {
                flags.append(false)
            } else if c == "y" {
                flags.append(i == 0 ? true : !flags[i - 1])
            } else {
                flags.append(true)
            }
        }
        return flags
    }

    /// m: the number of vowel-consonant sequences.
    static func measure(_ stem: Word) -> Int {
        let flags = consonantFlags(stem)
        var m = 0
        if flags.count >= 2 {
            for i in 0..<(flags.count - 1) where !flags[i] && flags[i + 1] { m += 1 }
        }
        return m
    }

    static func containsVowel(_ stem: Word) -> Bool { consonantFlags(stem).contains(false) }

    static func endsDoubleConsonant(_ w: Word) -> Bool {
        w.count >= 2 && w[w.count - 1] == w[w.count - 2] && isConsonant(w, w.count - 1)
    }

    static func endsCVC(_ w: Word) -> Bool {
        let n = w.count
        if n >= 3, isConsonant(w, n - 3), !isConsonant(w, n - 2), isConsonant(w, n - 1),
            !["w", "x", "y"].contains(w[n - 1])
        {
            return true
        }
        return n == 2 && !isConsonant(w, 0) && isConsonant(w, 1)
    }

    static func endsWith(_ w: Word, _ suffix: String) -> Bool {
        let s = Word(suffix.unicodeScalars)
        return w.count >= s.count && w.suffix(s.count).elementsEqual(s)
    }

    static func dropping(_ w: Word, _ count: Int) -> Word { Word(w.dropLast(count)) }

    /// One rule: a suffix (`*d` is a double consonant), its replacement, and a condition on the stem.
    struct Rule {
        var suffix: String
        var replacement: String
        var condition: ((Word) -> Bool)?

        init(_ suffix: String, _ replacement: String, _ condition: ((Word) -> Bool)? = nil) {
            self.suffix = suffix
            self.replacement = replacement
            self.condition = condition
        }
    }

    /// The first rule whose suffix matches decides: it applies if its condition holds, else the word stays.
    static func apply(_ w: Word, _ rules: [Rule]) -> Word {
        for rule in rules {
            if rule.suffix == "*d", endsDoubleConsonant(w) {
                let stem = dropping(w, 2)
                if rule.condition?(stem) ?? true { return stem + Word(rule.replacement.unicodeScalars) }
                return w
            }
            if endsWith(w, rule.suffix) {
                let stem = dropping(w, rule.suffix.unicodeScalars.count)
                if rule.condition?(stem) ?? true { return stem + Word(rule.replacement.unicodeScalars) }
                return w
            }
        }
        return w
    }

    static func positiveMeasure(_ stem: Word) -> Bool { measure(stem) > 0 }

    static func step1a(_ w: Word) -> Word {
        if endsWith(w, "ies") && w.count == 4 { return dropping(w, 3) + Word("ie".unicodeScalars) }
        return apply(w, [Rule("sses", "ss"), Rule("ies", "i"), Rule("ss", "ss"), Rule("s", "")])
    }

    static func step1b(_ w: Word) -> Word {
        if endsWith(w, "ied") {
            return dropping(w, 3) + Word((w.count == 4 ? "ie" : "i").unicodeScalars)
        }
        if endsWith(w, "eed") {
            let stem = dropping(w, 3)
            return measure(stem) > 0 ? stem + Word("ee".unicodeScalars) : w
        }
        var intermediate: Word?
        for suffix in ["ed", "ing"] where endsWith(w, suffix) {
            let stem = dropping(w, suffix.unicodeScalars.count)
            if containsVowel(stem) {
                intermediate = stem
                break
            }
        }
        guard let stem = intermediate else { return w }
        let last = stem[stem.count - 1]
        return apply(stem, [
            Rule("at", "ate"), Rule("bl", "ble"), Rule("iz", "ize"),
            Rule("*d", String(last), { _ in !["l", "s", "z"].contains(last) }),
            Rule("", "e", { s in measure(s) == 1 && endsCVC(s) }),
        ])
    }

    static func step1c(_ w: Word) -> Word {
        apply(w, [Rule("y", "i", { s in s.count > 1 && isConsonant(s, s.count - 1) })])
    }

    static func step2(_ w: Word) -> Word {
        if endsWith(w, "alli"), positiveMeasure(dropping(w, 4)) {
            return step2(dropping(w, 4) + Word("al".unicodeScalars))
        }
        let p = positiveMeasure
        return apply(w, [
            Rule("ational", "ate", p), Rule("tional", "tion", p), Rule("enci", "ence", p), Rule("anci", "ance", p),
            Rule("izer", "ize", p), Rule("bli", "ble", p), Rule("alli", "al", p), Rule("entli", "ent", p),
            Rule("eli", "e", p), Rule("ousli", "ous", p), Rule("ization", "ize", p), Rule("ation", "ate", p),
            Rule("ator", "ate", p), Rule("alism", "al", p), Rule("iveness", "ive", p), Rule("fulness", "ful", p),
            Rule("ousness", "ous", p), Rule("aliti", "al", p), Rule("iviti", "ive", p), Rule("biliti", "ble", p),
            Rule("fulli", "ful", p), Rule("logi", "log", { _ in positiveMeasure(dropping(w, 3)) }),
        ])
    }

    static func step3(_ w: Word) -> Word {
        let p = positiveMeasure
        return apply(w, [
            Rule("icate", "ic", p), Rule("ative", "", p), Rule("alize", "al", p), Rule("iciti", "ic", p),
            Rule("ical", "ic", p), Rule("ful", "", p), Rule("ness", "", p),
        ])
    }

    static func step4(_ w: Word) -> Word {
        let m1: (Word) -> Bool = { measure($0) > 1 }
        return apply(w, [
            Rule("al", "", m1), Rule("ance", "", m1), Rule("ence", "", m1), Rule("er", "", m1), Rule("ic", "", m1),
            Rule("able", "", m1), Rule("ible", "", m1), Rule("ant", "", m1), Rule("ement", "", m1),
            Rule("ment", "", m1), Rule("ent", "", m1),
            Rule("ion", "", { s in measure(s) > 1 && (s.last == "s" || s.last == "t") }),
            Rule("ou", "", m1), Rule("ism", "", m1), Rule("ate", "", m1), Rule("iti", "", m1), Rule("ous", "", m1),
            Rule("ive", "", m1), Rule("ize", "", m1),
        ])
    }

    static func step5a(_ w: Word) -> Word {
        guard endsWith(w, "e") else { return w }
        let stem = dropping(w, 1)
        let m = measure(stem)
        if m > 1 { return stem }
        if m == 1 && !endsCVC(stem) { return stem }
        return w
    }

    static func step5b(_ w: Word) -> Word {
        apply(w, [Rule("ll", "l", { _ in measure(dropping(w, 1)) > 1 })])
    }
}
