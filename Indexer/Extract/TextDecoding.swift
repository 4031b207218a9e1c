import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Detects the encoding of plain text from its bytes (never from the file name):
/// a BOM (UTF-8, UTF-16 LE/BE), else valid UTF-8, else GB18030 (a superset of GBK and GB2312).
enum TextDecoding {
    struct Decoded {
        let text: String
        let encoding: String
    }

    static func decode(_ data: Data) throws -> Decoded {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try utf8(Array(bytes.dropFirst(3)), label: "UTF-8 (BOM)")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard (bytes.count - 2) % 2 == 0,
                let text = String(data: Data(bytes.dropFirst(2)), encoding: encoding)
            else { throw IngestFailure(.invalidEncoding, "UTF-16 文本字节数或代理对无效") }
            return Decoded(text: text, encoding: bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE")
        }
        if bytes.contains(0) {
            throw IngestFailure(.invalidEncoding, "含有 NUL 字节,不是文本文件")
        }
        if let decoded = try? utf8(bytes, label: "UTF-8") { return decoded }
        if let text = iconv(bytes, from: "GB18030"), isPlausibleText(text) {
            return Decoded(text: text, encoding: "GB18030")
        }
        throw IngestFailure(.invalidEncoding, "编码无法识别:既不是 UTF-8/UTF-16,也不是 GB18030/GBK")
    }

    /// Decodes bytes known to be a name in an archive: UTF-8 when valid, else GB18030.
    static func decodeName(_ bytes: [UInt8]) -> String? {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return iconv(bytes, from: "GB18030")
    }

    private static func utf8(_ bytes: [UInt8], label: String) throws -> Decoded {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw IngestFailure(.invalidEncoding, "不是有效的 UTF-8")
        }
        return Decoded(text: text, encoding: label)
    }

    /// Text decoded from a legacy encoding is plausible when control characters are rare.
    private static func isPlausibleText(_ text: String) -> Bool {
        var controls = 0, total = 0
        for scalar in text.unicodeScalars {
            total += 1
            if scalar.value < 0x20, scalar != "\n", scalar != "\r", scalar != "\t" { controls += 1 }
            if (0xE000...0xF8FF).contains(scalar.value) { controls += 1 }
        }
        return total > 0 && controls * 50 <= total
    }

    /// Converts with glibc iconv; nil on any invalid or incomplete sequence.
    static func iconv(_ bytes: [UInt8], from encoding: String) -> String? {
        let descriptor = iconv_open("UTF-8", encoding)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        let converted: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let result = Glibc.iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let converted else { return nil }
        return String(decoding: output[0..<converted], as: UTF8.self)
    }
}
