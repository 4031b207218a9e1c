/// The identifier of a subject (当事人) as written in a document, classified and checked.
///
/// Unified social credit codes (统一社会信用代码) are checked against the GB 32100-2015 check
/// character, resident identity numbers (身份证号) against the GB 11643-1999 check digit.
/// Masked identifiers as published (`915206****7FMTAX63`, `4412261992*******X`) are kept
/// exactly as written and never "repaired".
public struct SubjectIdentifier: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case creditCode = "uscc"
        case identityCard = "id_card"
        case other
    }

    /// The identifier as written, upper-cased, with spaces removed.
    public let value: String
    public let kind: Kind
    /// True when part of the identifier is hidden with `*`.
    public let isMasked: Bool
    /// The result of the check character test; `nil` for masked or unclassified identifiers.
    public let checkPasses: Bool?

    /// Classifies and checks `raw`; returns nil for text that cannot be an identifier.
    public init?(_ raw: String) {
        guard let cleaned = Self.cleaned(raw) else { return nil }
        let chars = Array(cleaned.utf8)
        value = cleaned
        isMasked = chars.contains(Self.mask) || Self.hasMaskedRun(chars)
        if chars.count == 18, Self.looksLikeIdentityCard(chars),
            isMasked || Self.identityCardCheckPasses(chars) || !Self.creditCodeCheckPasses(chars) && Self.hasBirthDate(chars)
        {
            kind = .identityCard
            checkPasses = isMasked ? nil : Self.identityCardCheckPasses(chars)
        } else if chars.count == 18, chars.allSatisfy({ $0 == Self.mask || Self.creditCodeAlphabet.contains($0) }) {
            kind = .creditCode
            checkPasses = isMasked ? nil : Self.creditCodeCheckPasses(chars)
        } else if chars.count == 15, chars.allSatisfy({ Self.isDigit($0) || $0 == Self.mask }) {
            // First-generation 15-digit identity numbers carry no check digit.
            kind = .identityCard
            checkPasses = nil
        } else {
            kind = .other
            checkPasses = nil
        }
    }

    private static let mask = UInt8(ascii: "*")

    /// Whether `chars` hide a stretch with letters X (`91430681XXXXXXXXXX`, `533523xxxxxxxxxxxx`):
    /// three in a row. A single X is a check character.
    private static func hasMaskedRun(_ chars: [UInt8]) -> Bool {
        var run = 0
        for char in chars {
            run = char == UInt8(ascii: "X") ? run + 1 : 0
            if run == 3 { return true }
        }
        return false
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// `raw` without spaces, full-width forms folded to ASCII, upper-cased; nil unless that is
    /// 15 to 20 ASCII letters, digits and `*`, or 8 to 24 with a `*` (a mask that shortened or
    /// lengthened the code as published: `91431****2400`).
    static func cleaned(_ raw: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        for scalar in raw.unicodeScalars {
            if scalar == " " || scalar == "\u{3000}" { continue }
            var value = scalar.value
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
            // Upper-casing some other letters gives ASCII (ſ → S): the Unicode-aware way decides.
            guard value < 0x80 else { return cleanedUnicode(raw) }
            bytes.append((0x61...0x7A).contains(value) ? UInt8(value) - 32 : UInt8(value))
        }
        guard (15...20).contains(bytes.count) || (8...24).contains(bytes.count) && bytes.contains(mask),
            bytes.allSatisfy({ isDigit($0) || (0x41...0x5A).contains($0) || $0 == mask })
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `cleaned` for text with letters outside ASCII, by Unicode's case mapping and characters.
    private static func cleanedUnicode(_ raw: String) -> String? {
        let cleaned = String(
            raw.unicodeScalars.compactMap { scalar -> Character? in
                if scalar == " " || scalar == "\u{3000}" { return nil }
                if (0xFF01...0xFF5E).contains(scalar.value) {
                    return Character(Unicode.Scalar(scalar.value - 0xFEE0)!)
                }
                return Character(scalar)
            }
        ).uppercased()
        guard (15...20).contains(cleaned.count) || (8...24).contains(cleaned.count) && cleaned.contains("*"),
            cleaned.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "*") })
        else { return nil }
        return cleaned
    }

    /// Whether this identifier is a person's (identity card) rather than an organisation's.
    public var identifiesPerson: Bool { kind == .identityCard }

    /// The value with the middle hidden, as published for persons: `4412261992*******X`.
    public var masked: String {
        if isMasked || kind != .identityCard { return value }
        let chars = Array(value)
        return String(chars.prefix(10)) + String(repeating: "*", count: chars.count - 11) + String(chars.last!)
    }

    // MARK: - GB 32100-2015

    static let creditCodeAlphabet = Array(String(SubjectIdentifierAlphabet.creditCode).utf8)
    static let creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    static func creditCodeCheckPasses(_ chars: [UInt8]) -> Bool {
        var sum = 0
        for (index, weight) in creditCodeWeights.enumerated() {
            guard let value = creditCodeAlphabet.firstIndex(of: chars[index]) else { return false }
            sum += value * weight
        }
        let check = (31 - sum % 31) % 31
        return creditCodeAlphabet[check] == chars[17]
    }

    // MARK: - GB 11643-1999

    static let identityWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let identityCheckCharacters = Array("10X98765432".utf8)

    static func looksLikeIdentityCard(_ chars: [UInt8]) -> Bool {
        provinceCodeMayBeValid(chars)
            && chars.prefix(17).allSatisfy { isDigit($0) || $0 == mask }
            && (isDigit(chars[17]) || chars[17] == UInt8(ascii: "X") || chars[17] == mask)
    }

    /// Whether the first two digits can be a province's code (11 Beijing … 65 Xinjiang, 71 Taiwan,
    /// 81–83 Hong Kong, Macao, Taiwan residents); a masked digit can be anything. A credit code of
    /// market regulation (`91…`, `92…`) is so never read as a person's number.
    static func provinceCodeMayBeValid(_ chars: [UInt8]) -> Bool {
        guard chars.count >= 2, chars[0] != mask, chars[1] != mask else { return true }
        guard isDigit(chars[0]), isDigit(chars[1]) else { return false }
        return provinceCodes.contains(Int(chars[0] - 0x30) * 10 + Int(chars[1] - 0x30))
    }

    static let provinceCodes: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ]

    /// Positions 7-14 of an identity number are a birth date (YYYYMMDD).
    static func hasBirthDate(_ chars: [UInt8]) -> Bool {
        func number(_ range: Range<Int>) -> Int? {
            chars[range].allSatisfy(isDigit) ? chars[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } : nil
        }
        guard let year = number(6..<10), let month = number(10..<12), let day = number(12..<14) else { return false }
        return (1900...2100).contains(year) && (1...12).contains(month) && (1...31).contains(day)
    }

    static func identityCardCheckPasses(_ chars: [UInt8]) -> Bool {
        var sum = 0
        for (index, weight) in identityWeights.enumerated() {
            guard isDigit(chars[index]) else { return false }
            sum += Int(chars[index] - 0x30) * weight
        }
        return identityCheckCharacters[sum % 11] == chars[17]
    }
}

/// The 31 characters of GB 32100 codes (no I, O, Z, S, V), in value order.
public enum SubjectIdentifierAlphabet {
    public static let creditCode = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
}
