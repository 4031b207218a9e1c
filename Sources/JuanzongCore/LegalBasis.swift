/// One legal basis cited by a case: a statute and an article, e.g.
/// `《中华人民共和国大气污染防治法》第一百一十九条第一款`, or a discretion guideline (裁量基准)
/// cited whole or by its own numbering (`《河北省生态环境行政处罚裁量基准》(水类)序号70`), which
/// has no article.
public struct LegalBasis: Hashable, Sendable, Codable {
    /// The statute's name without 《》, as written.
    public let statute: String
    /// Article (条), clause (款) and item (项) numbers; only a guideline cited whole has no article.
    public let article: Int?
    public let clause: Int?
    public let item: Int?
    /// The citation as written in the document.
    public let written: String

    public init(statute: String, article: Int?, clause: Int? = nil, item: Int? = nil, written: String? = nil) {
        self.statute = statute
        self.article = article
        self.clause = clause
        self.item = item
        self.written = written ?? Self.format(statute: statute, article: article, clause: clause, item: item)
    }

    /// The statute name used for matching: no 《》, no leading 中华人民共和国, no spaces.
    public var statuteKey: String { Self.statuteKey(statute) }

    public static func statuteKey(_ name: String) -> String {
        guard name.unicodeScalars.allSatisfy(isStandalone) else {
            var key = name.filter { !"《》 \u{3000}".contains($0) }
            if key.hasPrefix("中华人民共和国") || key.hasPrefix("中華人民共和國") { key.removeFirst("中华人民共和国".count) }
            return key
        }
        // Every scalar is a character of its own: the same on scalars, without Character's costs
        // (the writer takes the key of every citation of every case).
        var key = name.unicodeScalars.filter { $0 != "《" && $0 != "》" && $0 != " " && $0 != "\u{3000}" }
        if key.starts(with: countryPrefix) || key.starts(with: traditionalCountryPrefix) { key.removeFirst(countryPrefix.count) }
        return String(key)
    }

    private static let countryPrefix = Array("中华人民共和国".unicodeScalars)
    private static let traditionalCountryPrefix = Array("中華人民共和國".unicodeScalars)

    /// Scalars that never join another into one character and have no canonical decomposition:
    /// printable ASCII, CJK symbols and punctuation (not the tone marks U+302A–302F), CJK
    /// unified ideographs, full-width forms.
    private static func isStandalone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0x3000...0x3029, 0x3030...0x303F, 0x4E00...0x9FFF, 0xFF01...0xFF5E: return true
        default: return false
        }
    }

    /// Whether the statute is a discretion guideline (裁量基准, 自由裁量权实施办法, 裁量标准,
    /// 细化标准…), which may be cited as a basis without an article.
    public static func isDiscretionGuideline(_ statute: String) -> Bool {
        guard statute.contains("裁量") || statute.contains("细化标准") || statute.contains("細化標準") else { return false }
        // Without an edition or note in brackets at its end (`…裁量基准(2023年修订)`), the name ends
        // as rules do; a form (`《行政处罚自由裁量审批表》`) is none.
        var name = Substring(statute)
        if let last = name.last, last == ")" || last == "）", let open = name.lastIndex(where: { $0 == "(" || $0 == "（" }) { name = name[..<open] }
        return guidelineEndings.contains(where: name.hasSuffix)
    }

    private static let guidelineEndings = [
        "基准", "基準", "标准", "標準", "规则", "規則", "办法", "辦法", "意见", "意見", "规定", "規定", "细则", "細則", "裁量表", "基准表", "基準表",
        "指引", "通知", "制度",
    ]

    static func format(statute: String, article: Int?, clause: Int?, item: Int?) -> String {
        var text = "《\(statute)》"
        guard let article else { return text }
        text += "第\(ChineseNumeral.spelled(article))条"
        if let clause { text += "第\(ChineseNumeral.spelled(clause))款" }
        if let item { text += "第\(ChineseNumeral.spelled(item))项" }
        return text
    }
}

extension ChineseNumeral {
    /// Spells 1...9999 as counted Chinese numbers: 119 is 一百一十九, 10 is 十.
    public static func spelled(_ number: Int) -> String {
        let digits = Array("零一二三四五六七八九")
        guard number > 0, number < 10_000 else { return String(number) }
        if number < 10 { return String(digits[number]) }
        if number < 20 { return "十" + (number % 10 == 0 ? "" : String(digits[number % 10])) }
        let units = ["千", "百", "十", ""]
        let parts = [number / 1000, number / 100 % 10, number / 10 % 10, number % 10]
        var text = ""
        var pendingZero = false
        for (index, part) in parts.enumerated() {
            if part == 0 {
                if !text.isEmpty { pendingZero = true }
                continue
            }
            if pendingZero {
                text.append("零")
                pendingZero = false
            }
            text.append(digits[part])
            text += units[index]
        }
        return text
    }
}
