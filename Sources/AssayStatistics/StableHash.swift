import Foundation

/// Hashes and random numbers that are the same on every run and platform (Swift's `Hasher` is
/// seeded per process), for deterministic simulation, sampling and prompt fingerprints.
public enum StableHash {
    /// FNV-1a, 64 bits.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Combines parts into one hash.
    public static func of(_ parts: String...) -> UInt64 {
        fnv1a(parts.joined(separator: "\u{1F}"))
    }

    /// A uniform number in [0, 1) from a hash.
    public static func unit(_ hash: UInt64) -> Double {
        var generator = SplitMix64(seed: hash)
        return generator.nextUnit()
    }

    /// 16 hex digits.
    public static func hex(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
