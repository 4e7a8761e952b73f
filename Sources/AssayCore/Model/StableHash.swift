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

/// SplitMix64: a small, fast, seedable generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// A standard normal number (Box–Muller).
    public mutating func nextNormal() -> Double {
        let u1 = max(nextUnit(), 1e-12)
        let u2 = nextUnit()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}

