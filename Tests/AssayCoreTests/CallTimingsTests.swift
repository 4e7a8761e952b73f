import AssayCore
import Testing

@Test func chunkGapsAreStoredAsLittleEndianFloats() {
    let gaps: [Float] = [0, 12.5, 0.001, 40_000]
    let packed = CallTimings.packGaps(gaps)
    #expect(packed?.count == 16)
    #expect(Array(packed?[4..<8] ?? []) == [0x00, 0x00, 0x48, 0x41], "12.5 as IEEE 754 single, little-endian")
    #expect(CallTimings.unpackGaps(packed) == gaps)
    #expect(CallTimings.packGaps([]) == nil)
    #expect(CallTimings.unpackGaps([1, 2, 3]) == nil, "a length that is not a multiple of 4 is not read")
}
