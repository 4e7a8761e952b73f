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

    @Test func aLongerSecretIsReplacedBeforeOneItContains() {
        let redact = Redactor(secrets: ["abcdefgh", "abcdefgh-ijkl"])
        #expect(redact("key abcdefgh-ijkl") == "key [redacted]")
    }
}
