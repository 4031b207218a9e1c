@testable import JuanzongIndexer
import JuanzongCore
import Testing

@Suite("Inference from document text")
struct InferenceTests {
    static let decision = """
        上海市奉贤区市场监督管理局
        行政处罚决定书
        沪市监奉处〔2023〕0123号
        当事人:上海奉贤鲜味餐饮管理有限公司
        统一社会信用代码:91310120MA1HK3X52X
        住所:上海市奉贤区南桥镇江海路288号
        执法人员:陈明(执法证号31120001)、刘洋
        当事人的行为违反了《中华人民共和国食品安全法》第三十四条第(十)项的规定,依据《中华人民共和国食品安全法》第一百二十四条第一款、第一百二十六条的规定,
        本机关决定对当事人处以罚款人民币伍万贰仟壹佰贰拾元(¥52120元)。
        二0二三年四月二十八日
        """

    @Test func decisionFacts() {
        let facts = FactInference.infer(text: Self.decision, fileName: "x")
        #expect(facts.docType == .penaltyDecision)
        #expect(facts.caseNumber?.key == "沪市监奉处〔2023〕0123号")
        #expect(facts.agency == "上海市奉贤区市场监督管理局")
        #expect(facts.subjectName == "上海奉贤鲜味餐饮管理有限公司")
        #expect(facts.subjectIdentifier?.value == "91310120MA1HK3X52X")
        #expect(facts.subjectAddress == "上海市奉贤区南桥镇江海路288号")
        #expect(facts.date?.iso == "2023-04-28")
        #expect(facts.penaltyAmountYuan == 52120)
        #expect(facts.penaltyKinds == ["罚款"])
        #expect(facts.officers.map(\.name) == ["陈明", "刘洋"])
        #expect(facts.officers.first?.badgeNumber == "31120001")
        let bases = facts.legalBases.map { "\($0.statuteKey)|\($0.article)|\($0.clause ?? 0)|\($0.item ?? 0)" }
        #expect(bases == ["食品安全法|34|0|10", "食品安全法|124|1|0", "食品安全法|126|0|0"])
    }

    @Test func amountWithYenSignAndDateForms() {
        let text = "城管执法局\n当场行政处罚决定书(简易程序)\n当事人:张强\n处以罚款¥545元。\n2023年11月20日"
        let facts = FactInference.infer(text: text, fileName: "x")
        #expect(facts.penaltyAmountYuan == 545)
        #expect(facts.procedure == .summary)
        #expect(facts.subjectIsPerson == true)
        #expect(TextScanner("二〇二三年二月十三日 与 2024-1-5 以及 2019.12.31").dates().map(\.date.iso) == ["2023-02-13", "2024-01-05", "2019-12-31"])
    }

    @Test func reportsCitingDocumentNumbersDoNotBecomeCases() {
        let facts = FactInference.infer(text: "关于印发工作要点的通知\n根据川办函〔2009〕51号文件精神……", fileName: "x")
        #expect(facts.docType == .other)
        #expect(facts.caseNumber == nil)
    }

    @Test func wrappedPDFLinesStillYieldCitations() {
        let facts = FactInference.infer(text: "行政处罚决定书\n依据《中华人民共和国大气污染防治法》第一百一\n十九条第一款的规定,处以罚款人民币二十万\n元。", fileName: "x")
        #expect(facts.legalBases.first?.article == 119)
        #expect(facts.penaltyAmountYuan == 200_000)
    }
}
