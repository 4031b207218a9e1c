import JuanzongCore
import Testing

@Suite("Subject identifiers")
struct IdentifierTests {
    @Test func creditCodeWithCorrectCheckCharacterPasses() {
        let id = SubjectIdentifier("91310120MA1HK3X52X")
        #expect(id?.kind == .creditCode)
        #expect(id?.checkPasses == true)
    }

    @Test func creditCodeWithWrongCheckCharacterFails() {
        #expect(SubjectIdentifier("91310120MA1HK3X521")?.checkPasses == false)
    }

    @Test func allDigitCreditCodeIsNotTakenForAnIdentityNumber() {
        let id = SubjectIdentifier("913101206300123455")
        #expect(id?.kind == .creditCode)
        #expect(id?.checkPasses == true)
    }

    @Test func identityNumberCheckDigit() {
        #expect(SubjectIdentifier("441226199203152812")?.kind == .identityCard)
        #expect(SubjectIdentifier("441226199203152812")?.checkPasses == true)
        #expect(SubjectIdentifier("441226199203152813")?.checkPasses == false)
        #expect(SubjectIdentifier("11010519491231002X")?.checkPasses == true)
    }

    @Test func maskedIdentifiersAreKeptAsWrittenAndNotChecked() {
        let masked = SubjectIdentifier("915206****7FMTAX63")
        #expect(masked?.value == "915206****7FMTAX63")
        #expect(masked?.isMasked == true)
        #expect(masked?.checkPasses == nil)
        #expect(masked?.kind == .creditCode)
        #expect(SubjectIdentifier("4412261992*******X")?.kind == .identityCard)
    }

    /// Masks of letters X and masks that shortened the code are masks too; one X is a check character.
    @Test func letterMasksAndShortenedMasks() {
        #expect(SubjectIdentifier("91430681XXXXXXXXXX")?.isMasked == true)
        #expect(SubjectIdentifier("533523xxxxxxxxxxxx")?.isMasked == true)
        #expect(SubjectIdentifier("11010519491231002X")?.isMasked == false)
        #expect(SubjectIdentifier("91431****2400")?.value == "91431****2400")
        #expect(SubjectIdentifier("91431****2400")?.isMasked == true)
        #expect(SubjectIdentifier("9143124000") == nil)
    }

    @Test func personIdentifiersMaskForDisplay() {
        #expect(SubjectIdentifier("441226199203152812")?.masked == "4412261992*******2")
        #expect(SubjectIdentifier("91310120MA1HK3X52X")?.masked == "91310120MA1HK3X52X")
    }

    @Test func fullWidthCharactersAreFolded() {
        #expect(SubjectIdentifier("９１３１０１２０ＭＡ１ＨＫ３Ｘ５２Ｘ")?.value == "91310120MA1HK3X52X")
    }

    @Test func textThatCannotBeAnIdentifierIsRejected() {
        #expect(SubjectIdentifier("上海市") == nil)
        #expect(SubjectIdentifier("123") == nil)
        #expect(SubjectIdentifier("91310120MA1HK3X52X-2") == nil)
        #expect(SubjectIdentifier("123456789012345678901") == nil)
    }

    @Test func lowerCaseAndSpacesAreFoldedAsWritten() {
        #expect(SubjectIdentifier("91310120ma1hk3x52x")?.value == "91310120MA1HK3X52X")
        #expect(SubjectIdentifier(" 9131 0120\u{3000}MA1HK3X52X ")?.checkPasses == true)
        #expect(SubjectIdentifier("44122619920315281x")?.value == "44122619920315281X")
    }

    /// Letters outside ASCII are upper-cased by Unicode's rules: ſ (long s) becomes S, which
    /// makes an ASCII identifier; other letters are rejected.
    @Test func lettersOutsideASCIIFollowUnicodeCaseMapping() {
        #expect(SubjectIdentifier("91310120MA1HK3X52ſ")?.value == "91310120MA1HK3X52S")
        #expect(SubjectIdentifier("91310120MA1HK3X52É") == nil)
    }

    @Test func fifteenDigitIdentityNumbersCarryNoCheck() {
        let id = SubjectIdentifier("441226920315281")
        #expect(id?.kind == .identityCard)
        #expect(id?.checkPasses == nil)
    }

    @Test func eighteenCharactersWithoutBirthDateOrValidCheckAreNotIdentityNumbers() {
        // Digits with a wrong credit-code check and no plausible birth date: another kind of number.
        #expect(SubjectIdentifier("441226000013152813")?.kind == .creditCode)
        #expect(SubjectIdentifier("ABCDEFGHIJKLMNOPQI")?.kind == .other)
    }
}

@Suite("Case numbers, numerals and dates")
struct VocabularyTests {
    @Test func caseNumberBracketsWidthAndSpacesFold() {
        let keys = [
            "沪市监奉处〔2023〕0123号", "沪市监奉处[2023]0123号", "沪市监奉处［２０２３］０１２３号", "沪市监奉处（2023） 0123号",
            "沪市监奉处【2023】0123号", "沪市监奉处(2023)0123号",
        ].compactMap { CaseNumber($0)?.key }
        #expect(Set(keys).count == 1)
        #expect(keys[0] == "沪市监奉处〔2023〕0123号")
    }

    @Test func statuteKeysDropBracketsSpacesAndTheCountryName() {
        #expect(LegalBasis.statuteKey("《中华人民共和国大气污染防治法》") == "大气污染防治法")
        #expect(LegalBasis.statuteKey("中华人民共和国 食品安全法\u{3000}") == "食品安全法")
        #expect(LegalBasis.statuteKey("上海市市容环境卫生管理条例") == "上海市市容环境卫生管理条例")
        #expect(LegalBasis.statuteKey("中华人民共和国") == "")
        // A combining mark joins the character before it, which then is not 国 and not removed.
        #expect(LegalBasis.statuteKey("中华人民共和国\u{301}法") == "中华人民共和国\u{301}法")
        #expect(LegalBasis.statuteKey("《Café\u{301}法》") == "Café\u{301}法")
    }

    @Test func chineseNumerals() {
        #expect(ChineseNumeral.value(of: "二〇二三") == 2023)
        #expect(ChineseNumeral.value(of: "二0二三") == 2023)
        #expect(ChineseNumeral.value(of: "一百一十九") == 119)
        #expect(ChineseNumeral.value(of: "十三") == 13)
        #expect(ChineseNumeral.value(of: "伍万贰仟壹佰贰拾") == 52120)
        #expect(ChineseNumeral.value(of: "一百零八") == 108)
        #expect(ChineseNumeral.spelled(119) == "一百一十九")
        #expect(ChineseNumeral.spelled(108) == "一百零八")
    }

    @Test func dayDateRejectsImpossibleDays() {
        #expect(DayDate(year: 2023, month: 2, day: 29) == nil)
        #expect(DayDate(year: 2024, month: 2, day: 29)?.iso == "2024-02-29")
    }

    @Test func normalizerFoldsTraditionalAndWidth() throws {
        let normalizer = try TextNormalizer()
        #expect(normalizer.normalize("法治政府建設") == "法治政府建设")
        #expect(normalizer.normalize("罰款ＡＢＣ１２３") == "罚款abc123")
    }

    @Test func phraseConversionsStillApplyWhenTheFastPathSkipsPlainText() throws {
        let normalizer = try TextNormalizer()
        // Characters that are Simplified on their own but change inside a phrase.
        #expect(normalizer.normalize("天氣乾燥") == "天气干燥")
        #expect(normalizer.normalize("保持沈默,重覆答覆") == "保持沉默,重复答复")
        #expect(normalizer.normalize("一目瞭然") == "一目了然")
        // Text that needs nothing comes back unchanged.
        let simplified = "当事人在经营场所冷藏柜内存放超过保质期的食品用于销售。"
        #expect(normalizer.normalize(simplified) == simplified)
        // The ideographic space folds to a space, which between two Han characters is then dropped.
        #expect(normalizer.normalize("全角空格\u{3000}与…省略号") == "全角空格与...省略号")
        #expect(normalizer.normalize("ＡＢＣ\u{3000}与") == "abc 与")
    }
}

@Suite("Byte-exact keys")
struct ExactStringTests {
    /// Equal bytes are equal keys; canonically equivalent but different bytes are not (as in
    /// SQLite), while Swift's String calls them equal.
    @Test func keysCompareAndHashByTheirBytes() {
        let composed = "é罚款", decomposed = "e\u{0301}罚款"
        #expect(composed == decomposed)
        #expect(ExactString(composed) != ExactString(decomposed))
        #expect(ExactString("奉环罚[2023]12号") == ExactString("奉环罚[2023]" + "12号"))
        #expect(ExactString("") == ExactString(String()))
        #expect(ExactString("罚款") != ExactString("罚"))
        var cases: [ExactString: Int] = [ExactString(composed): 1]
        cases[ExactString(decomposed)] = 2
        cases[ExactString("é" + "罚款")] = 3
        #expect(cases.count == 2)
        #expect(cases[ExactString(composed)] == 3)
        let words = Set(["行政处罚", "罚款", "警告", "没收违法所得"].map(ExactString.init))
        #expect(words.contains(ExactString("警告")) && !words.contains(ExactString("警")))
    }
}
