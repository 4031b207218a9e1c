/// A set of Unicode scalars as a bitmap over the planes that hold letters and ideographs
/// (U+0000–U+3FFFF): a membership test is a shift and a mask, not a hash, for tests that run on
/// every character of every document.
public struct ScalarSet: Sendable {
    @usableFromInline static let limit: UInt32 = 0x40000
    @usableFromInline let bits: [UInt64]
    /// Members at or above `limit` (none of the sets the project builds today has any).
    @usableFromInline let beyond: Set<UInt32>

    public init(_ members: some Sequence<UInt32>) {
        var bits = [UInt64](repeating: 0, count: Int(Self.limit / 64))
        var beyond = Set<UInt32>()
        for member in members {
            if member < Self.limit { bits[Int(member >> 6)] |= 1 << (member & 63) } else { beyond.insert(member) }
        }
        self.bits = bits
        self.beyond = beyond
    }

    @inlinable @inline(__always)
    public func contains(_ value: UInt32) -> Bool {
        guard value < Self.limit else { return beyond.contains(value) }
        return bits[Int(value >> 6)] & (1 << (value & 63)) != 0
    }

    @inlinable @inline(__always)
    public func contains(_ scalar: Unicode.Scalar) -> Bool { contains(scalar.value) }
}
