#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A string that hashes and compares by its UTF-8 bytes, as SQLite compares text.
///
/// Swift's `String` hashes and compares by canonical equivalence: every hash of a string that
/// is not ASCII normalizes it to NFC first, a few thousand instructions for a Chinese case number
/// or name. The ingest writer looks such keys up for every document (cases, subjects, facets),
/// and the archive keys them by bytes anyway: this key costs a hash of the bytes.
public struct ExactString: Hashable, Sendable {
    public let string: String

    public init(_ string: String) { self.string = string }

    public static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        var left = lhs.string, right = rhs.string
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                leftBytes.count == rightBytes.count
                    && (leftBytes.isEmpty || memcmp(leftBytes.baseAddress!, rightBytes.baseAddress!, leftBytes.count) == 0)
            }
        }
    }

    public func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
