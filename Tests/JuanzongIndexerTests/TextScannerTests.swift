@testable import JuanzongIndexer
import Testing

@Suite("Text scanner")
struct TextScannerTests {
    /// ASCII, CJK, a full-width form, a combining accent, a character outside the BMP (𠀀) and an emoji.
    static let mixed = "案号:沪市监处〔2023〕12号 Café\u{301} 𠀀当事人：张三😀\n住所:南桥镇"

    @Test func rangesOfTheSourceTextEqualRangesEncodedFromScalars() {
        let fromText = TextScanner(Self.mixed)
        let fromScalars = TextScanner(scalars: Array(Self.mixed.unicodeScalars))
        #expect(fromText.scalars == fromScalars.scalars)
        let count = fromText.scalars.count
        for lower in 0...count {
            for upper in lower...count {
                #expect(fromText.string(lower..<upper) == fromScalars.string(lower..<upper))
            }
        }
        // Out-of-range bounds are clamped alike.
        #expect(fromText.string(count - 3..<count + 5) == fromScalars.string(count - 3..<count + 5))
    }

    @Test func oneSearchFindsWhatEachListFindsAlone() {
        let name = TextScanner.Labels(["当事人", "名称", "人"])
        let place = TextScanner.Labels(["住所", "所"])
        let none = TextScanner.Labels(["罚没"])
        let text = "当事人:甲 名称:乙 当事人当事人 住所:丙 所所 人人"
        let scanner = TextScanner(text)
        let hits = scanner.occurrences(of: TextScanner.LabelSearch([name, none, place]))
        for list in [name, place, none] {
            let together = hits[list].map { [$0.label, $0.at] }
            let alone = scanner.occurrences(of: list).map { [$0.label, $0.at] }
            #expect(together == alone)
        }
        #expect(hits[name].map(\.label) == [0, 0, 0, 1, 2, 2, 2, 2, 2])
        #expect(hits[none].isEmpty)
    }

    @Test func characterLimitCountsCharactersNotScalars() {
        let accented = String(repeating: "e\u{301}", count: 40)
        #expect(accented.hasAtMostCharacters(40))
        #expect(!(accented + "x").hasAtMostCharacters(40))
        #expect(String(repeating: "行", count: 40).hasAtMostCharacters(40))
        #expect(!String(repeating: "行", count: 41).hasAtMostCharacters(40))
        #expect("".hasAtMostCharacters(0))
    }

    @Test func wrappedLinesAreJoinedOnlyInsideRunningText() {
        let scalars = Array("依据《食品安全\n法》第三十四\n条。\nABC\nDEF".unicodeScalars)
        let joined = String(String.UnicodeScalarView(FactInference.joinWrappedLines(scalars)))
        #expect(joined == "依据《食品安全法》第三十四条。\nABC\nDEF")
        let unwrapped = Array("一行。\n二行".unicodeScalars)
        #expect(FactInference.joinWrappedLines(unwrapped) == unwrapped)
    }
}
