/// Pinyin that a Simplified-to-Traditional converter left after Han characters
/// (`監(jiān)督管理局`, `經(jīng)營者`): published pages carry it, people do not read it.
public enum ConverterDebris {
    /// `text` without the bracketed pinyin that follows a Han character (`環(huán)` → `環`);
    /// `text` itself when it has none. Brackets holding anything else (`(kg)`, `(穗云)`,
    /// `(A)`) are kept.
    /// Also turns into spaces the `?` a converter wrote for characters it could not map, where
    /// they stand beside spaces or end a line (`? ? 統一社會信用代碼:`, `…89 號?`).
    public static func removed(from text: String) -> String {
        pinyinRemoved(from: placeholdersBlanked(in: text))
    }

    private static func pinyinRemoved(from text: String) -> String {
        guard mayHoldDebris(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var kept = String.UnicodeScalarView()
        var copiedUpTo = 0
        var index = 1
        while index < scalars.count {
            if CaseNumber.openBrackets.contains(scalars[index]), isHan(scalars[index - 1]),
                let length = CaseNumber.pinyinDebrisLength(scalars, from: index + 1),
                scalars[(index + 1)..<(index + length)].contains(where: isPinyinVowel)
            {
                kept.append(contentsOf: scalars[copiedUpTo..<index])
                index += 1 + length
                copiedUpTo = index
                continue
            }
            index += 1
        }
        guard copiedUpTo > 0 else { return text }
        kept.append(contentsOf: scalars[copiedUpTo...])
        return String(kept)
    }

    private static func placeholdersBlanked(in text: String) -> String {
        var text = text
        let positions: [Int] = text.withUTF8 { bytes in
            bytes.indices.filter { index in
                guard bytes[index] == 0x3F else { return false }
                let before = index == 0 ? 0x0A : bytes[index - 1]
                let after = index + 1 == bytes.count ? 0x0A : bytes[index + 1]
                return [0x20, 0x0A, 0x0D, 0x3F].contains(before) || [0x20, 0x0A, 0x0D].contains(after)
            }
        }
        guard !positions.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for index in positions { bytes[index] = 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a bracket in `text` is followed by a lower-case Latin letter, plain or with a tone
    /// mark (UTF-8 lead bytes C3–C9): a byte scan, so that text without debris is not decoded.
    private static func mayHoldDebris(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for index in bytes.indices.dropLast() where bytes[index] == 0x28 || bytes[index] == 0x5B || bytes[index] == 0x88 || bytes[index] == 0x94 {
                let next = bytes[index + 1]
                if (0x61...0x7A).contains(next) || (0xC3...0xC9).contains(next) { return true }
            }
            return false
        }
    }

    /// A syllable holds a vowel (`kg`, `ml` are units, not pinyin).
    private static func isPinyinVowel(_ scalar: Unicode.Scalar) -> Bool {
        "aeiouü".unicodeScalars.contains(scalar) || (0xC0...0x24F).contains(scalar.value)
    }

    private static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}
