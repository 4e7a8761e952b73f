import AssayProviders
import Testing

struct SSEDecoderTests {
    @Test func decodesEventsSplitAcrossChunksAtAnyByte() {
        let stream = "data: {\"a\":1}\n\nevent: ping\ndata: x\n\n: comment\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n"
        let bytes = Array(stream.utf8)
        for split in 0...bytes.count {
            var decoder = SSEDecoder()
            var events = decoder.feed(bytes[..<split])
            events += decoder.feed(bytes[split...])
            events += decoder.finish()
            #expect(events.map(\.data) == ["{\"a\":1}", "x", "line1\nline2", "[DONE]"], "split at \(split)")
            #expect(events[1].event == "ping")
        }
    }

    @Test func acceptsCRLFAndCRLineEnds() {
        var decoder = SSEDecoder()
        let events = decoder.feed(Array("data: a\r\n\r\ndata: b\r\rdata:c\n\n".utf8))
        #expect(events.map(\.data) == ["a", "b", "c"])
    }

    @Test func aLastEventWithoutItsBlankLineIsKeptAtTheEnd() {
        var decoder = SSEDecoder()
        #expect(decoder.feed(Array("data: tail".utf8)).isEmpty)
        #expect(decoder.finish().map(\.data) == ["tail"])
    }

    @Test func multibyteCharactersSplitAcrossChunksSurvive() {
        let bytes = Array("data: crème 🎉\n\n".utf8)
        var decoder = SSEDecoder()
        var events: [SSEEvent] = []
        for byte in bytes { events += decoder.feed([byte]) }
        #expect(events.map(\.data) == ["crème 🎉"])
    }
}
