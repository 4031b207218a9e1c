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
        let cleaned = String(raw.unicodeScalars.compactMap { scalar -> Character? in
            if scalar == " " || scalar == "\u{3000}" { return nil }
            if (0xFF01...0xFF5E).contains(scalar.value) {
                return Character(Unicode.Scalar(scalar.value - 0xFEE0)!)
            }
            return Character(scalar)
        }).uppercased()
        guard cleaned.count >= 15, cleaned.count <= 20,
              cleaned.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "*") })
        else { return nil }
        value = cleaned
        isMasked = cleaned.utf8.contains(UInt8(ascii: "*"))
        let chars = Array(cleaned)
        if chars.count == 18, Self.looksLikeIdentityCard(chars),
           isMasked || Self.identityCardCheckPasses(chars) || !Self.creditCodeCheckPasses(chars) && Self.hasBirthDate(chars) {
            kind = .identityCard
            checkPasses = isMasked ? nil : Self.identityCardCheckPasses(chars)
        } else if chars.count == 18, chars.allSatisfy({ $0 == "*" || Self.creditCodeAlphabet.contains($0) }) {
            kind = .creditCode
            checkPasses = isMasked ? nil : Self.creditCodeCheckPasses(chars)
        } else if chars.count == 15, chars.allSatisfy({ $0.isNumber || $0 == "*" }) {
            // First-generation 15-digit identity numbers carry no check digit.
            kind = .identityCard
            checkPasses = nil
        } else {
            kind = .other
            checkPasses = nil
        }
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

    static let creditCodeAlphabet = SubjectIdentifierAlphabet.creditCode
    static let creditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    static func creditCodeCheckPasses(_ chars: [Character]) -> Bool {
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
    static let identityCheckCharacters = Array("10X98765432")

    static func looksLikeIdentityCard(_ chars: [Character]) -> Bool {
        chars.prefix(17).allSatisfy { $0.isNumber || $0 == "*" }
            && (chars[17].isNumber || chars[17] == "X" || chars[17] == "*")
    }

    /// Positions 7-14 of an identity number are a birth date (YYYYMMDD).
    static func hasBirthDate(_ chars: [Character]) -> Bool {
        guard let year = Int(String(chars[6..<10])), let month = Int(String(chars[10..<12])), let day = Int(String(chars[12..<14]))
        else { return false }
        return (1900...2100).contains(year) && (1...12).contains(month) && (1...31).contains(day)
    }

    static func identityCardCheckPasses(_ chars: [Character]) -> Bool {
        var sum = 0
        for (index, weight) in identityWeights.enumerated() {
            guard let digit = chars[index].wholeNumberValue else { return false }
            sum += digit * weight
        }
        return identityCheckCharacters[sum % 11] == chars[17]
    }
}

/// The 31 characters of GB 32100 codes (no I, O, Z, S, V), in value order.
public enum SubjectIdentifierAlphabet {
    public static let creditCode = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
}
