/// Decodes one scalar from UTF-8 bytes by hand, for the loops that walk every byte of every
/// document (the search tokenizer, the inference scanner), where the standard library's generic
/// decoder is markedly slower.
public enum UTF8Scalars {
    /// The scalar that starts at `index` and its length in bytes. A sequence cut short by the end
    /// of `bytes`, or a byte that cannot start one, gives U+FFFD and a length of 1.
    @inlinable @inline(__always)
    public static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, width: Int) {
        let lead = UInt32(bytes[index])
        let count = bytes.count
        if lead < 0x80 {
            return (lead, 1)
        } else if lead & 0xE0 == 0xC0, index + 1 < count {
            return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        } else if lead & 0xF0 == 0xE0, index + 2 < count {
            return ((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        } else if lead & 0xF8 == 0xF0, index + 3 < count {
            return (
                (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F), 4
            )
        }
        return (0xFFFD, 1)
    }
}
