extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte (digests in cache keys and run fingerprints).
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var out = ""
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return out
    }
}
