/// Reading numbers written in Chinese: positional digits (`二〇二三`, `二0二三`), counted
/// numbers (`一百一十九`, `十三`) and the financial capitals of amounts (`伍万贰仟壹佰贰拾`).
public enum ChineseNumeral {
    /// The digit value of one character, for Arabic, full-width and Chinese digits.
    public static func digit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "0"..."9": return Int(scalar.value - 48)
        case "\u{FF10}"..."\u{FF19}": return Int(scalar.value - 0xFF10)
        case "〇", "零", "○", "Ｏ", "O", "o": return 0
        case "一", "壹", "幺": return 1
        case "二", "贰", "貳", "两", "兩": return 2
        case "三", "叁", "參", "叄": return 3
        case "四", "肆": return 4
        case "五", "伍": return 5
        case "六", "陆", "陸": return 6
        case "七", "柒": return 7
        case "八", "捌": return 8
        case "九", "玖": return 9
        default: return nil
        }
    }

    /// The multiplier of a unit character (十 拾 百 佰 千 仟 万 萬 亿 億).
    public static func unit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "十", "拾": return 10
        case "百", "佰": return 100
        case "千", "仟": return 1000
        case "万", "萬": return 10_000
        case "亿", "億": return 100_000_000
        default: return nil
        }
    }

    /// True for any character that can be part of a written number.
    public static func isNumeralCharacter(_ scalar: Unicode.Scalar) -> Bool {
        digit(scalar) != nil || unit(scalar) != nil
    }

    /// The value of `text`, or nil when it holds anything but numeral characters.
    ///
    /// Text without unit characters is read digit by digit (`二〇二三` is 2023); text with
    /// units is read as a counted number (`一百一十九` is 119, `伍万贰仟壹佰贰拾` is 52120).
    public static func value(of text: Substring.UnicodeScalarView) -> Int? {
        guard !text.isEmpty else { return nil }
        if !text.contains(where: { unit($0) != nil }) {
            var result = 0
            for scalar in text {
                guard let d = digit(scalar) else { return nil }
                result = result &* 10 &+ d
            }
            return result
        }
        var total = 0, section = 0, number = 0
        var lastWasDigit = false
        for scalar in text {
            if let d = digit(scalar) {
                // Arabic digit strings mixed with units, as in "5万": accumulate positionally.
                number = lastWasDigit ? number * 10 + d : d
                lastWasDigit = true
                continue
            }
            lastWasDigit = false
            guard let u = unit(scalar) else { return nil }
            switch u {
            case 100_000_000:
                total = (total + section + number) * u
                section = 0
            case 10_000:
                total += (section + number) * u
                section = 0
            default:
                section += (number == 0 ? 1 : number) * u
            }
            number = 0
        }
        return total + section + number
    }

    public static func value(of text: String) -> Int? {
        value(of: Substring(text).unicodeScalars)
    }
}
