import AssayCore
import Testing

struct RedactorTests {
    @Test func credentialsAreReplacedWhereverTheyAppear() {
        let redact = Redactor(secrets: ["sk-live-0123456789", "short"])
        #expect(redact("Incorrect API key provided: sk-live-0123456789.") == "Incorrect API key provided: [redacted].")
        #expect(redact("sk-live-0123456789sk-live-0123456789") == "[redacted][redacted]")
        // Values shorter than 8 characters would match ordinary words: they are left alone.
        #expect(redact("a short answer") == "a short answer")
        #expect(Redactor.none("sk-live-0123456789") == "sk-live-0123456789")
    }

    @Test func aKeyCutOffAtTheEndOfATruncatedBodyIsRemovedToo() {
        let redact = Redactor(secrets: ["sk-live-0123456789"])
        #expect(redact("proxy echoed Authorization: Bearer sk-live-0123") == "proxy echoed Authorization: Bearer [redacted]")
        // Fewer than 8 characters of it are not enough to tell it from ordinary text.
        #expect(redact("ends with sk-live") == "ends with sk-live")
    }

    @Test func aLongerSecretIsReplacedBeforeOneItContains() {
        let redact = Redactor(secrets: ["abcdefgh", "abcdefgh-ijkl"])
        #expect(redact("key abcdefgh-ijkl") == "key [redacted]")
    }
}
