import Foundation

/// Masks citizens' identity numbers (身份证号) for roles that may not see them, keeping the
/// region and birth year and the check character: `4412261992*******X`. Masking keeps the
/// length, so highlight offsets computed on the unmasked text stay valid.
public enum IdentifierMask {
    public static func mask(_ identifier: String) -> String {
        let characters = Array(identifier)
        guard characters.count == 18 else {
            guard characters.count > 4 else { return String(repeating: "*", count: characters.count) }
            return String(characters.prefix(2)) + String(repeating: "*", count: characters.count - 3) + String(characters.last!)
        }
        return String(characters.prefix(10)) + String(repeating: "*", count: 7) + String(characters.last!)
    }

    /// An identity number: 18 characters with a region, a birth date of 19xx or 20xx, a sequence
    /// and a check digit or X, and no digit or letter on either side — so an all-digit
    /// 统一社会信用代码 (no birth date where a person's number has one) is left alone.
    private static let identityNumber = try! NSRegularExpression(
        pattern: #"(?<![0-9A-Za-z])([1-9][0-9]{5}(?:19|20)[0-9]{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}([0-9Xx])(?![0-9A-Za-z])"#)

    /// Every identity number in `text` masked.
    public static func maskIdentityNumbers(in text: String) -> String {
        guard text.utf8.count >= 18 else { return text }
        return identityNumber.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1*******$2")
    }
}
