import Foundation

/// A case number (文号) as written, with the normalized key used to join documents of one case.
///
/// Normalization folds the bracket variants `〔〕 [] ［］ () （） 【】 ﹝﹞` to `〔〕`,
/// full-width digits and letters to ASCII, and removes all white space, so that
/// `沪市监奉处〔2023〕 0123号` and `沪市监奉处[2023]0123号` are the same case.
public struct CaseNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The number exactly as written.
    public let written: String
    /// The folded form; equal keys mean the same case.
    public let key: String

    public init?(_ written: String) {
        // Trimmed of White_Space scalars (the same set as Foundation's whitespacesAndNewlines).
        let scalars = written.unicodeScalars
        let first = scalars.firstIndex { !$0.properties.isWhitespace }
        let trimmed = first.map { String(scalars[$0...scalars.lastIndex { !$0.properties.isWhitespace }!]) } ?? ""
        let key = Self.normalize(trimmed)
        guard !key.isEmpty else { return nil }
        self.written = trimmed
        self.key = key
    }

    public var description: String { written }

    public static func == (lhs: CaseNumber, rhs: CaseNumber) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    public static let openBrackets: Set<Unicode.Scalar> = ["〔", "[", "［", "(", "（", "【", "﹝", "〖", "{", "｛"]
    public static let closeBrackets: Set<Unicode.Scalar> = ["〕", "]", "］", ")", "）", "】", "﹞", "〗", "}", "｝"]

    /// Folds brackets, width and white space, 號 to 号, and drops a converter's pinyin debris
    /// (`環(huán)` → `環`): a bracketed run of lower-case Latin letters, tone marks included.
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        let source = Array(text.unicodeScalars)
        var index = 0
        while index < source.count {
            let scalar = source[index]
            index += 1
            if openBrackets.contains(scalar), let skip = pinyinDebrisLength(source, from: index) {
                index += skip
                continue
            }
            if scalar == "號" {
                scalars.append("号")
                continue
            }
            // CJK ideographs, most of a number, are kept as they are.
            if (0x4E00...0x9FFF).contains(scalar.value) {
                scalars.append(scalar)
                continue
            }
            // So are ASCII digits and capitals (no table lookups for the rest of a number).
            if ("0"..."9").contains(scalar) || ("A"..."Z").contains(scalar) {
                scalars.append(scalar)
                continue
            }
            if scalar.properties.isWhitespace { continue }
            if openBrackets.contains(scalar) {
                scalars.append("〔")
                continue
            }
            if closeBrackets.contains(scalar) {
                scalars.append("〕")
                continue
            }
            if (0xFF01...0xFF5E).contains(scalar.value) {
                let folded = Unicode.Scalar(scalar.value - 0xFEE0)!
                scalars.append(folded.properties.isLowercase ? Unicode.Scalar(folded.value - 32)! : folded)
                continue
            }
            if scalar.isASCII, scalar.properties.isLowercase {
                scalars.append(Unicode.Scalar(scalar.value - 32)!)
                continue
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// The length of `huán)` (letters and the close bracket) at `start`, nil when not debris.
    static func pinyinDebrisLength(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var position = start
        while position < scalars.count, position - start <= 7,
            ("a"..."z").contains(scalars[position]) || (0xC0...0x24F).contains(scalars[position].value)
        {
            position += 1
        }
        guard position > start, position < scalars.count, closeBrackets.contains(scalars[position]) else { return nil }
        return position - start + 1
    }
}
