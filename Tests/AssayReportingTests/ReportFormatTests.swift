import AssayReporting
import Foundation
import Testing

struct ReportFormatTests {
    /// Clean text is returned as it is; the rest is escaped character by character.
    @Test(arguments: [
        ("plain text, é € 中文 😀", "plain text, é € 中文 😀"),
        ("tab\tnew\nline\r", "tab\tnew\nline\r"),
        ("a & b < c > d \"e\" 'f'", "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;"),
        ("nul\u{0} esc\u{1b}", "nul\u{FFFD} esc\u{FFFD}"),
        ("ｆｕｌｌ\u{FFFE}\u{FFFF}", "ｆｕｌｌ\u{FFFD}\u{FFFD}"),
        ("ｆｕｌｌwidth, no escape", "ｆｕｌｌwidth, no escape"),
    ])
    func escapesXML(text: String, expected: String) {
        #expect(ReportFormat.xml(text) == expected)
    }

    /// The fast fixed-point formatter writes what Foundation's String(format:) writes, ties and extremes
    /// included.
    @Test func fixedMatchesStringFormat() {
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, 0.0005, 0.00015, 1e-9, 123456.7895, -3.14159, 1e20, 1e300, -1e300, .nan, .infinity, -.infinity]
        var state: UInt64 = 42
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(Int64(bitPattern: state) >> 20) / 1e6)
        }
        for value in values {
            for decimals in 0...5 {
                #expect(ReportFormat.fixed(value, decimals) == String(format: "%.\(decimals)f", value), "\(value) with \(decimals)")
            }
        }
    }

    @Test func markdownTextShowsMarkupAsText() {
        #expect(ReportFormat.markdownText("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;")
        #expect(ReportFormat.markdownText("a|b *c* _d_ [e](f) `g` ~h~ \\") == #"a\|b \*c\* \_d\_ \[e\](f) \`g\` \~h\~ \\"#)
        #expect(ReportFormat.markdownText("two\nlines & more") == "two lines &amp; more")
        #expect(ReportFormat.markdownText("plain-name v1.2 (qa)") == "plain-name v1.2 (qa)")
    }

    @Test func markdownCodeCannotBeClosedFromInside() {
        #expect(ReportFormat.markdownCode("sim/atlas") == "`sim/atlas`")
        #expect(ReportFormat.markdownCode("a`b") == "``a`b``")
        #expect(ReportFormat.markdownCode("x``y`") == "``` x``y` ```")
        #expect(ReportFormat.markdownCode("a|b", inTable: true) == #"`a\|b`"#)
        #expect(ReportFormat.markdownCode("a\nb") == "`a b`")
    }
}
