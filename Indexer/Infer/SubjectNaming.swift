import Foundation
import JuanzongCore

/// Rules for subject names: normalization for matching and person-or-enterprise.
public enum SubjectNaming {

    /// Name key for matching: width-folded, brackets folded, spaces removed.
    public static func key(_ name: String) -> String {
        CaseNumber.normalize(name)
    }

    /// A name of two to four Han characters, masked ones too (`杜**`, `王*锋`, `勞XX`), with no
    /// mark of an enterprise.
    public static func looksLikePerson(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        return name.count >= 2 && name.count <= 4 && TextScanner.isCJK(scalars.first!)
            && scalars.allSatisfy { TextScanner.isCJK($0) || maskCharacters.contains($0) }
            && !enterpriseMarks.contains(where: { name.containsFast($0) })
    }

    /// Whether `name` begins with a common Chinese surname (Simplified or Traditional; compound
    /// ones too): a person's name met in running text, with no label, must.
    static func startsWithSurname(_ name: String) -> Bool {
        guard let first = name.first else { return false }
        return surnames.contains(first) || compoundSurnames.contains(where: name.hasPrefix)
    }

    /// Whether `name` ends as names of enterprises, shops and other organisations do, before a
    /// bracketed qualifier (`某某经销部(普通合伙)`).
    static func endsAsOrganisation(_ name: String) -> Bool {
        let name = withoutQualifier(name)
        return name.count > 4 && organisationEndings.contains(where: CaseNumber.normalize(name).hasSuffix)
    }

    /// `name` without the bracketed qualifier that ends it, if any (`(普通合伙)`, `(王*锋)`).
    static func withoutQualifier(_ name: String) -> String {
        guard let last = name.last, last == ")" || last == "）", let open = name.lastIndex(where: { $0 == "(" || $0 == "（" }),
            isQualifier(String(name[name.index(after: open)..<name.index(before: name.endIndex)]))
        else { return name }
        return String(name[..<open])
    }

    /// Whether a bracket after a name qualifies it: a legal form (`普通合伙`, `个体工商户`) or the
    /// operator's name (`王*锋`), not an abbreviation (`以下简称…`).
    static func isQualifier(_ text: String) -> Bool {
        legalForms.contains(text)
            || looksLikePerson(text) && !notOperatorWords.contains(where: text.containsFast)
    }

    /// `text` when it can be a subject's name: 2 to 50 characters, mostly Han, of Han characters,
    /// letters, digits, brackets and masks (`王*锋`, `某某`), with no sentence punctuation and no
    /// word that makes it a sentence or a label.
    static func plausibleName(_ text: String) -> String? {
        var name = text.trimmingCharacters(in: .whitespaces)
        // The short name a text goes on to use is not part of the name (`某某有限公司（以下简称某某）`).
        if let aside = shortNameAsides.compactMap({ name.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            name = String(name[..<aside.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        // A name opens with no closing bracket (`)股份有限公司…分行` is the tail of one).
        guard name.count >= 2, name.count <= 50, name.first != ")", name.first != "）", !reportVerbs.contains(where: name.hasPrefix) else {
            return nil
        }
        var han = 0
        for scalar in name.unicodeScalars {
            if TextScanner.isCJK(scalar) || maskCharacters.contains(scalar) {
                han += 1
            } else if !(TextScanner.isASCIILetterOrDigit(scalar) || (0xC0...0x24F).contains(scalar.value) || "()（）·".unicodeScalars.contains(scalar))
            {
                return nil
            }
        }
        guard han * 2 >= name.count, !notNames.contains(where: { name.containsFast($0) }), !portalChrome.contains(where: name.hasPrefix) else {
            return nil
        }
        return name
    }

    /// `plausibleName` that also reads as a subject: a person's name (masked ones too) or a name
    /// ending as organisations' do. For names not introduced by a label.
    static func subjectName(_ text: String) -> String? {
        guard let name = plausibleName(text) else { return nil }
        let folded = CaseNumber.normalize(withoutQualifier(name))
        // Without a label a person's name must begin with a surname (`文件下载:`, `當事人:` are none).
        let isPerson =
            looksLikePerson(name) && startsWithSurname(name)
            || (name.count <= 5 && (name.containsFast("某") || name.unicodeScalars.contains(where: maskCharacters.contains)))
        return isPerson || organisationEndings.contains(where: folded.hasSuffix) ? name : nil
    }

}
