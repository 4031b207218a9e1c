import COpenCC
import Foundation

/// Folds text for search: NFKC, full-width to half-width, Traditional to Simplified (OpenCC t2s),
/// lower-cased Latin letters. The original text is kept elsewhere for display.
///
/// One normalizer holds one OpenCC converter; it is not shared between threads.
public final class TextNormalizer {
    private let converter: opencc_t

    public enum Failure: Error, CustomStringConvertible {
        case openCCUnavailable(String)
        public var description: String {
            switch self {
            case .openCCUnavailable(let config): return "无法加载 OpenCC 配置 \(config)(请安装 opencc / libopencc-dev)"
            }
        }
    }

    public init(config: String = "t2s.json") throws {
        guard let handle = opencc_open(config), Int(bitPattern: handle) != -1 else {
            throw Failure.openCCUnavailable(config)
        }
        converter = handle
    }

    deinit { opencc_close(converter) }

    /// The search form of `text`: width and compatibility folded, Traditional to Simplified, and
    /// white space between two Han characters dropped (PDF text extraction spaces them out:
    /// `统 一社会信用代码`, `海 南 区`), so that phrases are found across it.
    public func normalize(_ text: String) -> String {
        let folded = Self.foldWidthAndCompatibility(text)
        return Self.joiningHanAcrossSpaces(toSimplified(folded))
    }

    /// `text` without the runs of white space (space, tab, ideographic or no-break space; not
    /// line breaks) that stand between two Han characters (U+4E00–U+9FFF).
    public static func joiningHanAcrossSpaces(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            // Quick exit: nothing to join without a space byte (most titles, many texts).
            guard bytes.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0xC2 || $0 == 0xE3 }) else {
                return String(decoding: bytes, as: UTF8.self)
            }
            // Joining never lengthens the text: the output is written straight into the new string.
            return String(unsafeUninitializedCapacity: max(bytes.count, 1)) { output in
                var count = 0, index = 0
                while index < bytes.count {
                    guard spaceLength(bytes, at: index) > 0 else {
                        output[count] = bytes[index]
                        count += 1
                        index += 1
                        continue
                    }
                    var end = index
                    while case let length = spaceLength(bytes, at: end), length > 0 { end += length }
                    let afterHan = count >= 3 && isHan(output[count - 3]) && output[count - 2] & 0xC0 == 0x80 && output[count - 1] & 0xC0 == 0x80
                    if !(afterHan && startsWithHan(bytes, at: end)) {
                        for position in index..<end {
                            output[count] = bytes[position]
                            count += 1
                        }
                    }
                    index = end
                }
                return count
            }
        }
    }

    /// The byte length of the white-space character at `index` (0 when there is none).
    private static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        switch bytes[index] {
        case 0x20, 0x09: return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: return 2
        case 0xE3 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80: return 3
        default: return 0
        }
    }

    /// Whether three bytes encode a character of U+4E00–U+9FFF (lead byte E4–E9).
    private static func isHan(_ lead: UInt8) -> Bool { (0xE4...0xE9).contains(lead) }

    private static func startsWithHan(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && isHan(bytes[index]) && bytes[index + 1] & 0xC0 == 0x80 && bytes[index + 2] & 0xC0 == 0x80
    }

    /// Traditional to Simplified with OpenCC t2s, phrase-aware.
    ///
    /// OpenCC is skipped for text that holds no character t2s could change (most documents are
    /// already Simplified); see `TraditionalTriggers`.
    public func toSimplified(_ text: String) -> String {
        if let triggers = TraditionalTriggers.shared {
            guard text.unicodeScalars.contains(where: { $0.value >= 0x3400 && triggers.contains($0) }) else { return text }
        } else {
            guard text.unicodeScalars.contains(where: { $0.value >= 0x2E80 }) else { return text }
        }
        var text = text
        return text.withUTF8 { buffer -> String in
            guard let base = buffer.baseAddress,
                let output = base.withMemoryRebound(
                    to: CChar.self, capacity: buffer.count,
                    {
                        opencc_convert_utf8(converter, $0, buffer.count)
                    })
            else { return String(decoding: buffer, as: UTF8.self) }
            defer { opencc_convert_utf8_free(output) }
            return String(cString: output)
        }
    }

    /// NFKC with a fast path on UTF-8 bytes: ASCII upper case, full-width forms (U+FF01–FF5E) and
    /// the ideographic space are folded directly; Foundation's NFKC runs only when some other
    /// character outside CJK ideographs and common punctuation needs it.
    public static func foldWidthAndCompatibility(_ text: String) -> String {
        var needsFullNFKC = false
        var changed = false
        var text = text
        // Folding never lengthens the text: the output is written straight into the new string.
        let output = text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: max(bytes.count, 1)) { buffer in
                var index = 0, count = 0
                while index < bytes.count {
                    let lead = bytes[index]
                    if lead < 0x80 {
                        if lead >= 0x41 && lead <= 0x5A {
                            buffer[count] = lead + 32
                            changed = true
                        } else {
                            buffer[count] = lead
                        }
                        count += 1
                        index += 1
                        continue
                    }
                    let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                    if width == 3 {
                        let scalar = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                        switch scalar {
                        case 0xFF01...0xFF5E:
                            var folded = UInt8(scalar - 0xFEE0)
                            if folded >= 0x41 && folded <= 0x5A { folded += 32 }
                            buffer[count] = folded
                            count += 1
                            changed = true
                            index += 3
                            continue
                        case 0x3000:
                            buffer[count] = 0x20
                            count += 1
                            changed = true
                            index += 3
                            continue
                        case 0x4E00...0x9FFF, 0x3001...0x3003, 0x3005...0x3011, 0x3014...0x301F, 0x2013...0x2014, 0x2018...0x201D, 0x2022:
                            break
                        default:
                            needsFullNFKC = true
                        }
                    } else if width == 2 {
                        // ¥ · ° × ÷ have no compatibility mapping; other two-byte letters may.
                        let scalar = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                        if ![0xA5, 0xB0, 0xB7, 0xD7, 0xF7].contains(scalar) { needsFullNFKC = true }
                    } else {
                        needsFullNFKC = true
                    }
                    // A String's bytes are valid UTF-8: the sequence is complete.
                    for offset in 0..<width { buffer[count + offset] = bytes[index + offset] }
                    count += width
                    index += width
                }
                return count
            }
        }
        let folded = changed ? output : text
        guard needsFullNFKC else { return folded }
        return folded.precomposedStringWithCompatibilityMapping.lowercased()
    }
}

/// The characters whose presence can make OpenCC t2s change a text, read from the installed
/// OpenCC dictionaries (the same files the converter loads) with `opencc_dict`:
/// every TSCharacters key whose first candidate differs from itself, and, for each TSPhrases entry
/// that changes its text, the characters it changes. A text with none of them converts to itself.
enum TraditionalTriggers {
    static let shared: ScalarSet? = load().map(ScalarSet.init)

    static func load() -> Set<UInt32>? {
        let directory = "/usr/share/opencc"
        guard let characters = dump("\(directory)/TSCharacters.ocd2"), let phrases = dump("\(directory)/TSPhrases.ocd2") else { return nil }
        var triggers = Set<UInt32>()
        for (key, value) in characters where key != value {
            triggers.formUnion(key.unicodeScalars.map(\.value))
        }
        for (key, value) in phrases where key != value {
            for (from, to) in zip(key.unicodeScalars, value.unicodeScalars) where from != to { triggers.insert(from.value) }
            if key.unicodeScalars.count != value.unicodeScalars.count { triggers.formUnion(key.unicodeScalars.map(\.value)) }
        }
        return triggers.isEmpty ? nil : triggers
    }

    /// Key and first candidate of each entry of an OpenCC binary dictionary.
    private static func dump(_ path: String) -> [(String, String)]? {
        let tool = "/usr/bin/opencc_dict"
        guard FileManager.default.isExecutableFile(atPath: tool), FileManager.default.fileExists(atPath: path) else { return nil }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-opencc-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = try? ChildProcess(tool, ["-i", path, "-o", output.path, "-f", "ocd2", "-t", "text"])
        guard process?.wait() == 0, let text = try? String(contentsOf: output, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let first = fields[1].split(separator: " ").first else { return nil }
            return (String(fields[0]), String(first))
        }
    }
}
