import Foundation

/// Masks what the applicant may not see in a reconsideration copy (行政复议法 art. 47): other
/// people's identifiers and phone numbers, and the names of other persons known to the archive.
/// The applicant's own identifier and name stay; officers acting in office are not masked.
public struct Redactor: Sendable {
    public let applicantIdentifier: String?
    public let applicantName: String?
    /// Other persons' names, longest first so that 王小明 is masked before 王小.
    public let otherPersonNames: [String]

    public init(applicantIdentifier: String?, applicantName: String?, otherPersonNames: [String]) {
        self.applicantIdentifier = applicantIdentifier?.uppercased()
        self.applicantName = applicantName.flatMap { $0.count >= 2 ? $0 : nil }
        self.otherPersonNames = Array(Set(otherPersonNames.filter { $0.count >= 2 && $0 != applicantName })).sorted {
            $0.count != $1.count ? $0.count > $1.count : $0 < $1
        }
    }

    /// 18-character identifiers (身份证号, 统一社会信用代码) and mainland mobile numbers, standing alone.
    private static let identifierPattern = try! NSRegularExpression(pattern: "(?<![0-9A-Za-z])[0-9A-Za-z]{17}[0-9A-Za-z](?![0-9A-Za-z])")
    private static let phonePattern = try! NSRegularExpression(pattern: "(?<![0-9])1[3-9][0-9]{9}(?![0-9])")

    /// A character of the Private Use Area standing in for the applicant's name while other names
    /// are masked, so that 王伟 is masked everywhere except inside the applicant 王伟芳.
    private static let placeholder = "\u{F8FF}"

    public func redact(_ text: String) -> String {
        var result = text
        if let applicantName { result = result.replacingOccurrences(of: applicantName, with: Self.placeholder) }
        for name in otherPersonNames { result = result.replacingOccurrences(of: name, with: Self.maskName(name)) }
        if let applicantName { result = result.replacingOccurrences(of: Self.placeholder, with: applicantName) }
        result = replace(Self.identifierPattern, in: result) { value in
            guard value.contains(where: \.isNumber), value.uppercased() != applicantIdentifier else { return value }
            return Self.maskIdentifier(value)
        }
        return replace(Self.phonePattern, in: result) { String($0.prefix(3)) + "****" + String($0.suffix(4)) }
    }

    /// 张小明 → 张**: the surname stays.
    public static func maskName(_ name: String) -> String {
        String(name.prefix(1)) + String(repeating: "*", count: max(name.count - 1, 1))
    }

    /// 441226199203151234 → 441226***********4: the region stays, the rest but the check character goes.
    public static func maskIdentifier(_ value: String) -> String {
        String(value.prefix(6)) + String(repeating: "*", count: value.count - 7) + String(value.suffix(1))
    }

    private func replace(_ pattern: NSRegularExpression, in text: String, _ transform: (String) -> String) -> String {
        let source = text as NSString
        var output = ""
        var position = 0
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            output += source.substring(with: NSRange(location: position, length: match.range.location - position))
            output += transform(source.substring(with: match.range))
            position = match.range.location + match.range.length
        }
        return output + source.substring(from: position)
    }
}
