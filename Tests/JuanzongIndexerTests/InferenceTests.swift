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
        func keys(_ bases: [LegalBasis]) -> [String] { bases.map { "\($0.statuteKey)|\($0.article ?? 0)|\($0.clause ?? 0)|\($0.item ?? 0)" } }
        #expect(keys(facts.legalBases) == ["食品安全法|124|1|0", "食品安全法|126|0|0"])
        #expect(keys(facts.violatedProvisions) == ["食品安全法|34|0|10"])
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

    /// Who answers for the subject, what is imposed and by whom, as published pages write it.
    @Test func representativePenaltyKindsConfiscationAndOfficersInASentence() {
        let text = """
            責(zé)令改正違法行為決定書
            某縣示例五金廠:
            統一社會信用代碼:91440101MA59XXXX1K
            法 定 代 表 人(負(fù)責(zé)人):王*明
            本局執法人員李強、趙敏於2024年3月5日對你廠進行檢查。
            上述行為違反了《中華人民共和國安全生產法》第三十六條。其中“違反本法規定的,處五萬元以下罰款,並責令停產停業”。
            本局決定作出如下行政處罰:
            1.警告;
            2.沒收違法所得人民幣3,200元;
            3.罰款人民幣壹萬元。
            如不服本決定,可以申請行政復議。
            """
        let facts = FactInference.infer(text: text, fileName: "x")
        #expect(facts.docType == .rectificationNotice)
        #expect(facts.subjectName == "某縣示例五金廠")
        #expect(facts.subjectIsPerson == false)
        #expect(facts.representative == "王*明")
        // 责令停产停业 stands only in the quoted statute: not imposed.
        #expect(facts.penaltyKinds == ["警告", "罚款", "没收违法所得"])
        #expect(facts.confiscationYuan == 3200)
        #expect(facts.penaltyAmountYuan == 10_000)
        #expect(facts.officers.map(\.name) == ["李強", "趙敏"])
    }

    /// A report names the subject in a sentence; a credit code of market regulation is never a person's.
    @Test func subjectNamedInAReportAndMaskedCreditCodes() {
        let facts = FactInference.infer(text: "近日,某市应急管理局对示例化工有限公司作出行政处罚,罚款3万元。", fileName: "x")
        #expect(facts.subjectName == "示例化工有限公司")
        #expect(SubjectIdentifier("913101173245******")?.identifiesPerson == false)
        #expect(SubjectIdentifier("4412261992*******X")?.identifiesPerson == true)
        #expect(ConverterDebris.removed(from: "滬市監(jiān)普處〔2021〕1號 重量(kg)") == "滬市監普處〔2021〕1號 重量(kg)")
    }

    /// Subjects named without a label: after a bare 当事人 (a common surname, the sentence going on),
    /// in a table cell before its credit code, and with a bracketed legal form or operator kept.
    @Test func subjectsNamedWithoutALabel() {
        let narrative = FactInference.infer(
            text: "执法人员在某镇当场查获当事人姚志年。经调查当事人姚志年驾驶无道路运输证的货车,当事人涉嫌接纳未成年人进入营业场所。", fileName: "x")
        #expect(narrative.subjectName == "姚志年")
        let notAName = FactInference.infer(text: "当事人去年五月的时候由某公司发货过来。当事人涉嫌接纳未成年人进入营业场所。", fileName: "x")
        #expect(notAName.subjectName == nil)
        let table = FactInference.infer(
            text: "序号 | 文号 | 案件名称 | 当事人 | 统一社会信用代码\n1 | 无市监处罚〔2023〕646号 | 某案 | 无为市明堂示例小店 | 92340225MA2P6U0594 |", fileName: "x")
        #expect(table.subjectName == "无为市明堂示例小店")
        let partnership = FactInference.infer(
            text: "天津市生态环境局\n行政处罚决定书\n津市环罚字〔2023〕231号\n天津市示例金属材料经销部(普通合伙):\n统一社会信用代码:91120113744026334E\n你单位环境违法一案", fileName: "x")
        #expect(partnership.subjectName == "天津市示例金属材料经销部(普通合伙)")
        let labeled = FactInference.infer(text: "當事人名稱:呂梁市示例洗煤廠\n法定代表人:薛某", fileName: "x")
        #expect(labeled.subjectName == "呂梁市示例洗煤廠")
        let abbreviated = FactInference.infer(text: "当事人:示例建材有限公司(以下简称示例公司)", fileName: "x")
        #expect(abbreviated.subjectName == "示例建材有限公司")
    }

    /// A decision whose page lost its title reads as one when it speaks to its subject under a
    /// decision's 文号; a converter's `?` placeholders are read as spaces.
    @Test func untitledDecisionUnderItsNumber() {
        let text = "豫0523環罰決字〔2025〕9號?\n? ? 湯陰縣示例建材有限公司\n? ? 統一社會信用代碼:91410523MA44P7CY8D\n我局對你單位進行了調查。"
        let facts = FactInference.infer(text: text, fileName: "x")
        #expect(facts.docType == .penaltyDecision)
        #expect(facts.subjectName == "湯陰縣示例建材有限公司")
        let notice = FactInference.infer(text: "豫0523環罰告字〔2025〕9號\n湯陰縣示例建材有限公司:\n我局對你單位進行了調查。", fileName: "x")
        #expect(notice.docType == .other)
    }

    /// A decision's own section headings make a text that lost its title a decision, even cut
    /// before its penalty; a notice's proposed basis (`拟作出`) does not.
    @Test func untitledDecisionUnderItsSectionHeadings() {
        let cut = "示例纸制品有限公司:\n统一社会信用代码:9144028170794****E\n一、调查情况及发现的环境违法事实、证据和陈述申辩及采纳情况\n本单位于2025年3月27日对你公司进行了立案调查。"
        #expect(FactInference.infer(text: cut, fileName: "x").docType == .penaltyDecision)
        let basis = "当事人:江门市示例电器有限公司\n一、调查情况及发现的环境违法事实、证据\n发现你(单位)擅自投入生产。\n二、行政处罚的依据、种类\n你(单位)的上述行为"
        #expect(FactInference.infer(text: basis, fileName: "x").docType == .penaltyDecision)
        let notice = "示例电器有限公司:\n一、调查情况及发现的环境违法事实、证据\n发现你单位擅自投入生产。\n二、拟作出行政处罚的依据、种类\n"
        #expect(FactInference.infer(text: notice, fileName: "x").docType == .other)
    }

    /// A 公示 page is a decision's publication, also when titled as the decision it publishes;
    /// a decision's `被处罚单位` is not a table's `处罚单位`.
    @Test func publicityPagesAreTheirOwnType() {
        let titledAsDecision = """
            南华县示例镇人民政府行政处罚决定书-南示政行处决字〔2024〕第36号
            行政相对人名称 | 胡某兰
            行政处罚决定文书号 | 南示政行处决字【2024】第36号
            处罚决定日期 | 2024-09-20
            """
        let publicity = FactInference.infer(text: titledAsDecision, fileName: "x")
        #expect(publicity.docType == .penaltyPublicity)
        #expect(publicity.subjectName == "胡某兰")
        #expect(FactInference.infer(text: "行政处罚信息公示\n示例餐饮店", fileName: "x").docType == .penaltyPublicity)
        let decision = "行政处罚决定书\n被处罚单位:示例有限公司\n处罚结果:罚款1000元。"
        #expect(FactInference.infer(text: decision, fileName: "x").docType == .penaltyDecision)
    }

    /// A report's subject, and an agency named by its unit alone, are named with the place the
    /// account writes before them; a labelled
    /// name stays as labelled, and a phrase before a place is no part of it.
    @Test func reportsSubjectsWithTheirPlace() {
        let report = "道外区某牛肉批发部经营不合格食品案\n经查,此批次牛肋条的供应商为哈尔滨市道外区某牛肉批发部,执法人员对其进行现场检查。"
        #expect(FactInference.infer(text: report, fileName: "x").subjectName == "哈尔滨市道外区某牛肉批发部")
        let inquiry = "某電動車銷售部銷售不符合國家標準的電動車案\n泰興市市場監管局查處泰興市某電動車銷售部。執法人員依法對泰興市某電動車銷售部進行檢查。"
        #expect(FactInference.infer(text: inquiry, fileName: "x").subjectName == "泰興市某電動車銷售部")
        let agency = "6月5日,宿迁市环保局召开新闻发布会。10月27日,市环保局向该公司送达了行政处罚决定书。"
        #expect(FactInference.withItsPlace("市环保局", in: TextScanner(agency)) == "宿迁市环保局")
        let labelled = "行政处罚决定书\n当事人:道外区某牛肉批发部\n供应商为哈尔滨市道外区某牛肉批发部。"
        #expect(FactInference.infer(text: labelled, fileName: "x").subjectName == "道外区某牛肉批发部")
    }

    /// A ruling's party speaking (`申請人稱:`) names no one; a masked person after a role ending
    /// in 主 (`业主李某`) is the report's first party.
    @Test func partiesSpeakingAndOwnersInReports() {
        let review = """
            行政復議決定書花都府行復〔2025〕769號
            申請人:廣州XX制品有限公司。
            被申請人:廣州市花都區赤坭鎮人民政府。
            申請人不服被申請人作出的穗花赤綜處字〔2025〕060001號《行政處罰決定書》,
            申請人請求:
            撤銷被申請人作出的《行政處罰決定書》。
            申請人稱:
            被申請人認定事實不清。
            """
        #expect(FactInference.infer(text: review, fileName: "x").subjectName != "申請人稱")
        let report = "执法员及时处理一水事违法案件,对码头砂石经营业主李某、汤某下达《责令停止水事违法行为通知书》。"
        #expect(FactInference.infer(text: report, fileName: "x").subjectName == "李某")
    }

    /// An agency's officers named after 的 tell the agency.
    @Test func agenciesOfTheirOfficers() {
        let text = "违法事实:2015年04月02日北京市海淀区食品药品监督管理局的执法人员到当事人场所对生产日期进行检查。"
        #expect(FactInference.infer(text: text, fileName: "x").agency == "北京市海淀区食品药品监督管理局")
    }

    /// A 复议 decision belongs to the case of the decision it reviews: that decision's 文号, not
    /// its own; the respondent (被申请人) as the agency, the applicant (申请人) as the subject.
    @Test func reconsiderationDecisionsBelongToTheCaseTheyReview() {
        let review = """
            行政复议决定书花都府行复〔2025〕769号
            申请人:广州示例制品有限公司。
            被申请人:广州市花都区赤坭镇人民政府。
            申请人不服被申请人于2025年8月15日作出的穗花赤综处字〔2025〕060001号《行政处罚决定书》,向本机关申请行政复议。
            """
        let facts = FactInference.infer(text: review, fileName: "x")
        #expect(facts.docType == .reconsiderationDecision)
        #expect(facts.caseNumber?.written == "穗花赤综处字〔2025〕060001号")
        #expect(facts.agency == "广州市花都区赤坭镇人民政府")
        #expect(facts.subjectName == "广州示例制品有限公司")
        // Untitled, in the account: a 复议 body's and a court's.
        let account = FactInference.infer(
            text: "本机关于2023年9月8日收到申请人宁某杰提出的行政复议申请,要求撤销被申请人湖州市生态环境局作出的湖环(安)罚〔2023〕41号《行政处罚决定书》。",
            fileName: "x")
        #expect(account.docType == .reconsiderationDecision && account.agency == "湖州市生态环境局" && account.subjectName == "宁某杰")
        #expect(account.caseNumber?.written == "湖环(安)罚〔2023〕41号")
        // The day the application arrived is not the decision's.
        #expect(account.date == nil)
        let police = FactInference.infer(
            text: "行政复议决定书\n申请人不服祁阳市公安局陶铸路派出所对第三人作出的祁公(陶)决字〔2025〕第0025号公安行政处罚决定书,于2025年2月20日提出行政复议申请。",
            fileName: "x")
        #expect(police.caseNumber?.written == "祁公(陶)决字〔2025〕第0025号")
        let bracketed = FactInference.infer(
            text: "行政复议决定书\n申请人不服被申请人2025年6月16日作出的《行政处罚决定书》(常鼎自然资罚字〔2025〕7号),于7月9日向本机关申请行政复议。",
            fileName: "x")
        #expect(bracketed.caseNumber?.written == "常鼎自然资罚字〔2025〕7号")
        let court = FactInference.infer(
            text: "原告王录春不服被告上海市公安局交通警察总队机动支队作出的《行政处罚决定书》(沪公交机罚〔2017〕12号),向本院提起行政诉讼。", fileName: "x")
        #expect(court.docType == .courtRuling && court.agency == "上海市公安局交通警察总队机动支队" && court.subjectName == "王录春")
        #expect(court.caseNumber?.written == "沪公交机罚〔2017〕12号")
        // The respondent agency's head is not the subject's representative.
        let heads = FactInference.infer(
            text: "行政复议决定书\n申请人:某某建材有限公司,法定代表人:张三。\n被申请人:某某市生态环境局,法定代表人:李四,局长。\n", fileName: "x")
        #expect(heads.representative == "张三")
        // With no decision's number cited, it names no case.
        #expect(FactInference.infer(text: "行政复议决定书花都府行复〔2025〕769号\n申请人:某公司。\n", fileName: "x").caseNumber == nil)
    }

    /// A notice proposes a penalty and imposes none; a penalty waived (`免于罚款`) is not imposed.
    @Test func proposedAndWaivedPenaltiesAreNone() {
        let notice = FactInference.infer(text: "行政处罚事先告知书\n某公司:\n本局拟作出如下行政处罚:1.警告。2.罚款70000元。\n", fileName: "x")
        #expect(notice.docType == .penaltyNotice)
        #expect(notice.penaltyKinds.isEmpty && notice.penaltyAmountYuan == nil)
        let waived = FactInference.infer(text: "行政处罚决定书\n某公司:\n决定对你单位作出如下处理:1、警告;2、责令限期改正,免于罚款处罚。\n", fileName: "x")
        #expect(waived.penaltyKinds == ["警告"])
        let notGiven = FactInference.infer(text: "行政处罚决定书\n某公司:\n决定对你单位作出如下处理:责令改正,给予警告,免予给予罚款。\n", fileName: "x")
        #expect(notGiven.penaltyKinds == ["警告"])
    }

    /// A sentence that dates the decision dates it; one that tells of a proposed decision does not.
    @Test func decisionDateStatedInASentence() {
        let served = FactInference.infer(text: "行政处罚文书送达公告\n本局于2025年8月21日依法对你单位作出《行政处罚决定书》。", fileName: "x")
        #expect(served.date == DayDate(year: 2025, month: 8, day: 21))
        let proposed = FactInference.infer(text: "本机关于2024年7月9日告知你单位违法事实、处罚依据和拟作出的处罚决定。", fileName: "x")
        #expect(proposed.date == nil)
        // Service told after the decided noun does not undate it; a notice's title does.
        let unserved = FactInference.infer(
            text: "行政处罚文书送达公告\n本局于2025年8月21日依法对你单位作出《行政处罚决定书》(中市监处罚〔2025〕5号),因采取其他送达方式无法送达,本局决定公告送达。", fileName: "x")
        #expect(unserved.date == DayDate(year: 2025, month: 8, day: 21))
        let notified = FactInference.infer(text: "2024 年 12 月 12 日,我局向你单位下达了《行政处罚事先(听证)告知书》(豫 0329 环罚告字〔2024〕20 号)。", fileName: "x")
        #expect(notified.date == nil)
        let labelled = FactInference.infer(text: "七星關區自然資源局立案調查。處罰時間為2022年11月23日。", fileName: "x")
        #expect(labelled.date == DayDate(year: 2022, month: 11, day: 23))
        // A page's date dates a decision read from its wording too, not a 公示 page.
        let untitled = FactInference.infer(
            text: "| 发布机构 | 南县卫计局 | 发文日期 | 2021-07-29 |\n某诊所:\n经查,你单位使用非卫生技术人员。依据有关规定,决定对你单位处以罚款5000元。\n如不服本决定,可依法申请行政复议。\n",
            fileName: "x")
        #expect(untitled.docType == .penaltyDecision && untitled.date == DayDate(year: 2021, month: 7, day: 29))
        let publicity = FactInference.infer(text: "行政相对人名称 | 某诊所\n处罚内容 | 罚款5000元\n| 发文日期 | 2021-07-29 |\n", fileName: "x")
        #expect(publicity.docType == .penaltyPublicity && publicity.date == nil)
        // A label in running words is no field: `距上次处罚时间` dates nothing.
        let unlabelled = FactInference.infer(text: "某局通报:该企业距上次处罚时间不足一年,2021年3月2日又被查处。", fileName: "x")
        #expect(unlabelled.date == nil)
        // Service told in the decided noun's phrase undates it.
        let serving = FactInference.infer(text: "本局于2025年3月5日将作出的《行政处罚决定书》送达当事人。", fileName: "x")
        #expect(serving.date == nil)
        let published = FactInference.infer(text: "行政处罚决定书\n| 发布机构 | 湖北省住房和城乡建设厅 | 发文日期 | 2025-12-19 |", fileName: "x")
        #expect(published.date == DayDate(year: 2025, month: 12, day: 19))
    }

    /// A cue inside a closed quotation of a statute does not decide a citation's role; a
    /// procedural regulation cited about service is procedure; a sentence is no agency.
    @Test func citationRolesThroughQuotations() {
        let text = """
            行政处罚决定书
            你单位违反了《农药经营许可管理办法》第二十一条第二款:“超出经营范围经营限制使用农药的,按照未取得农药经营许可证处理”和《农药管理条例》第二十四条第一款的规定。依据《农药管理条例》第五十五条第一款第(一)项的规定,决定罚款5000元。
            因无法送达,依据《市场监督管理行政处罚程序规定》第八十二条第五项的规定,本局决定依法向你单位公告送达。
            """
        let facts = FactInference.infer(text: text, fileName: "x")
        #expect(facts.legalBases.map(\.written) == ["《农药管理条例》第五十五条第一款第(一)项"])
        #expect(facts.violatedProvisions.count == 2)
        #expect(FactInference.agencyName("以下三則海關", governments: true) == nil)
    }

    /// Kinds decided with 予以 or 作出, a licence revoked with words between (吊銷…營業執照), and a
    /// numbered list right after 决定.
    @Test func penaltyKindsInOtherWordings() {
        let granted = FactInference.infer(text: "行政处罚决定书\n依据上述规定,分别予以罚款人民币伍仟壹佰元整的行政处罚。", fileName: "x")
        #expect(granted.penaltyKinds == ["罚款"])
        let made = FactInference.infer(text: "市场监管局对该公司作出没收不合格口罩13.2万只,罚款39.6万元的行政处罚。", fileName: "x")
        #expect(made.penaltyKinds == ["罚款", "没收非法财物"])
        let revoked = FactInference.infer(text: "湖里區市場監管局依法作出行政處罰,決定吊銷上述1254家企業營業執照。", fileName: "x")
        #expect(revoked.penaltyKinds == ["吊销许可证件"])
        let listed = FactInference.infer(text: "行政处罚决定书\n决定1、责令90天内恢复原状;\n2、对擅自改变林地用途面积处每平方米10元的罚款,罚款金额共¥9570元。", fileName: "x")
        #expect(listed.penaltyKinds == ["罚款"])
    }

    /// The agency whose officers act in a report, without the time before it; not a branch whose
    /// officers investigate for the deciding agency, nor a masked name; a page's publisher last.
    @Test func agenciesActingInTheText() {
        let report = FactInference.infer(
            text: "2025年08月05日10時00分鄂溫克族自治旗交通運輸綜合行政執法大隊執法人員在巴彥托海鎮當場查獲當事人姚志年。", fileName: "x")
        #expect(report.agency == "鄂溫克族自治旗交通運輸綜合行政執法大隊")
        let branch = FactInference.infer(text: "吳川市示例有限公司:\n2021年10月21日,湛江市生態環境局吳川分局執法人員到你公司檢查。", fileName: "x")
        #expect(branch.agency == nil)
        let masked = FactInference.infer(text: "5、2024年10月16****环境局执法人员现场拍摄的照片4张。", fileName: "x")
        #expect(masked.agency == nil)
        let published = FactInference.infer(
            text: "来源:调兵山市自然资源局 时间:2023-05-31\n调兵山市林业局于2023年4月对项目进行审核时,发现示例禅寺未办理审核同意书。", fileName: "x")
        #expect(published.agency == "调兵山市林业局")
    }

    /// A 公示 table with a 文号 column names its first row's case; a space between two Han
    /// characters separates a cell from the number, while PDF spacing inside a number is read through.
    @Test func caseNumbersInPublicityTables() {
        let table = FactInference.infer(
            text: "行政處罰決定書文號 行政相對人名稱 統一社會信用代碼 法定代表人\n廣德縣示例超市 92341822MA2RFB9F7J 李榮燕 廣市監處罰〔2024〕03033號 經營超過保質期的食品案",
            fileName: "x")
        #expect(table.caseNumber?.written == "廣市監處罰〔2024〕03033號")
        let report = FactInference.infer(text: "新闻:某局依据某某罚〔2024〕12号文件开展检查。", fileName: "x")
        #expect(report.caseNumber == nil)
        let cited = FactInference.infer(
            text: "行政处罚决定书\n某公司:\n2025年4月7日,送达《责令改正违法行为决定书》(韶环(乐昌)责改决〔2025〕3号)。\n我局于…送达了《行政处罚告知书》(编号:北综执工业告〔2023〕30号)。",
            fileName: "x")
        #expect(cited.caseNumber == nil)
        let citedDecision = FactInference.infer(text: "行政处罚文书送达公告\n本局依法对你单位作出《行政处罚决定书》(中市监处罚〔2025〕5号)。", fileName: "x")
        #expect(citedDecision.caseNumber?.written == "中市监处罚〔2025〕5号")
        let named = FactInference.infer(text: "本局作出遂市監處罰(2023)85號行政處罰決定,對當事人作沒收違法所得94.7元、罰款2500元的處罰。", fileName: "x")
        #expect(named.caseNumber?.written == "遂市監處罰(2023)85號")
        let spaced = FactInference.infer(text: "行政处罚决定书\n豫 0381 環罰決字〔2025〕89 號\n", fileName: "x")
        #expect(spaced.caseNumber?.key == CaseNumber("豫0381環罰決字〔2025〕89號")?.key)
    }

    /// Labels as forms lay them out: a note before the colon, cells separated by spaces or on
    /// lines of their own between bars; a report's stand-in (`一美容會所`) is passed over for the
    /// name the decision gives; a line that is no name (`文件下载:`) is none.
    @Test func labelsLaidOutAsForms() {
        #expect(FactInference.infer(text: "當事人(名稱/姓名):湘潭縣***托管中心\n", fileName: "x").subjectName == "湘潭縣***托管中心")
        #expect(FactInference.infer(text: "被处罚单位名称 巴蜀示例农业发展(重庆)专业合作社   \n", fileName: "x").subjectName == "巴蜀示例农业发展(重庆)专业合作社")
        #expect(FactInference.infer(text: "行政相对人名称\n|\n胡翠兰\n|\n行政处罚决定文书号\n", fileName: "x").subjectName == "胡翠兰")
        let report = FactInference.infer(
            text: "近日,隆回縣一美容會所因占用堵塞安全出口被消防部門依法罰款。經查,決定給予隆回縣天天美女子美容會所罰款人民幣伍仟壹佰元的處罰。", fileName: "x")
        #expect(report.subjectName == "隆回縣天天美女子美容會所")
        let download = FactInference.infer(text: "行政处罚决定书\n防国土资监罚字〔2018〕第26号\n文件下载:\n关联文件:\n", fileName: "x")
        #expect(download.subjectName == nil)
    }

    /// Jiao written after the yuan are kept; a list of penalties separates the confiscation from
    /// the fine; a sum of several fines is the fine.
    @Test func finesInListsSumsAndJiao() {
        let jiao = FactInference.infer(text: "行政处罚决定书\n共计处以罚款人民币贰万贰仟玖佰陆拾伍元陆角(¥22965.6元)。", fileName: "x")
        #expect(jiao.penaltyAmountYuan == 22965.6)
        let listed = FactInference.infer(text: "行政处罚决定书\n具体处罚:决定没收违法所得28元、处罚款人民币5028元。", fileName: "x")
        #expect(listed.penaltyAmountYuan == 5028)
        #expect(listed.confiscationYuan == 28)
        let summed = FactInference.infer(
            text: "行政处罚决定书\n一、…并处1倍罚款5722.74元;\n二、…并处2倍罚款441.36元;\n合计退回医疗保障基金损失5943.42元,并处罚款6164.1元。", fileName: "x")
        #expect(summed.penaltyAmountYuan == 6164.1)
    }

    /// Dates as forms and PDF text write them: a label's value in a cell on its own line,
    /// spaced parts, the agency signing on the date's line; a report's page date is the report's.
    @Test func decisionDatesInFormsAndSignatures() {
        let form = FactInference.infer(text: "处罚决定日期\n|\n2024 年12月3日\n|\n处罚依据\n", fileName: "x")
        #expect(form.date == DayDate(year: 2024, month: 12, day: 3))
        #expect(TextScanner("我局于 2025 年 4 月14 日对你单位进行检查").dates().first?.date == DayDate(year: 2025, month: 4, day: 14))
        let signed = FactInference.infer(text: "行政处罚决定书\n决定处以罚款5000元。\n|\n铜陵市农业农村局2025年6月4日。\n|", fileName: "x")
        #expect(signed.date == DayDate(year: 2025, month: 6, day: 4))
        let report = FactInference.infer(text: "名称: 【以案释法】从业人员安全教育培训记录不实将被处罚\n发文日期: 2023-08-07\n", fileName: "x")
        #expect(report.date == nil)
    }

    /// `该法第八十四条` cites the statute named before it; an article quoted whole after one of its
    /// clauses was applied is not applied again.
    @Test func citationsOfTheSameStatute() {
        let text = """
            违反了《中华人民共和国特种设备安全法》第四十条第三款的规定,按照该法第八十四条第一款第一项的规定,依法作出罚款的处罚。
            根据《中华人民共和国消防法》第六十条第二款之规定,现决定给予孙某罚款贰佰元整的行政处罚。《中华人民共和国消防法》第六十条规定:占用、堵塞安全出口的,责令改正。
            """
        let facts = FactInference.infer(text: text, fileName: "x")
        #expect(facts.legalBases.map(\.written) == ["《中华人民共和国消防法》第六十条第二款", "《中华人民共和国特种设备安全法》第八十四条第一款第一项"])
    }

    /// A discretion guideline (裁量基准) is a basis whole when cited by its own numbering, and by
    /// its article after a chapter; items listed under one 项 and items following an article's
    /// first are each a basis of that article; a statute named without an article is none.
    @Test func guidelinesAndListedItems() {
        let text = """
            依据《中华人民共和国水污染防治法》第八十二条第二项的规定,参照《河北省生态环境行政处罚自由裁量权裁量基准》(水类)序号70的规定,
            并參照《湖南省消防救援機構行政處罰案件裁量指導意見》第四章第二十二條的規定,依据《中華人民共和國海關行政處罰實施條例》第十八條第一款第一項和第五項、
            《广东省药品监督管理局规范行政处罚自由裁量权适用规则》第九条第一、二项的规定,根据《中华人民共和国行政处罚法》的规定,决定罚款。
            """
        let bases = FactInference.infer(text: text, fileName: "x").legalBases
        #expect(
            bases.map { "\($0.statuteKey)|\($0.article ?? 0)|\($0.clause ?? 0)|\($0.item ?? 0)" } == [
                "水污染防治法|82|0|2", "河北省生态环境行政处罚自由裁量权裁量基准|0|0|0", "湖南省消防救援機構行政處罰案件裁量指導意見|22|0|0",
                "海關行政處罰實施條例|18|1|1", "海關行政處罰實施條例|18|1|5", "广东省药品监督管理局规范行政处罚自由裁量权适用规则|9|0|1",
                "广东省药品监督管理局规范行政处罚自由裁量权适用规则|9|0|2",
            ])
        #expect(bases[1].written == "《河北省生态环境行政处罚自由裁量权裁量基准》" && bases[1].article == nil)
        // A guideline cited by article is not also a basis whole.
        let byArticle = FactInference.infer(text: "参照《河北省住房和城乡建设系统行政处罚裁量权基准》第574条和《河北省住房和城乡建设系统行政处罚裁量权基准》的规定", fileName: "x")
        #expect(byArticle.legalBases.map(\.written) == ["《河北省住房和城乡建设系统行政处罚裁量权基准》第574条"])
    }

    /// A date alone on its line signs a decision only below its 文号 (a page's banner date stands
    /// above it) and never a report; a line introducing a list with a colon is no title; the
    /// number right after a cited document's title is that document's.
    @Test func signatureDatesTitlesAndCitedNumbers() {
        let decision = "2023年11月5日 星期天\n砚山县自然资源局行政处罚决定书\n砚自然资罚〔2024〕12号\n某某有限公司:\n你公司非法占用土地。\n"
        #expect(FactInference.infer(text: decision, fileName: "x").date == nil)
        #expect(FactInference.infer(text: decision + "砚山县自然资源局\n2024年9月2日\n", fileName: "x").date?.iso == "2024-09-02")
        let report = "李某被罚款一万元\n近日,市城管局公开了一份行政处罚决定书。\n沧州市城市管理综合行政执法局\n2022年9月16日\n"
        #expect(FactInference.infer(text: report, fileName: "x").date == nil)
        let listed = "某某劳务派遣有限公司:\n我局对你公司占用土地的行为立案调查。\n上述违法事实有下列证据证实:\n1、《某某县人民政府关于临时用地批复》1份;\n"
        #expect(FactInference.infer(text: listed, fileName: "x").docType == .other)
        let cited = "行政处罚决定书\n某某劳务派遣有限公司:\n证据:1、《某某县人民政府关于临时用地批复》砚政复〔2017〕97号1份;\n"
        let facts = FactInference.infer(text: cited, fileName: "x")
        #expect(facts.docType == .penaltyDecision)
        #expect(facts.caseNumber == nil)
    }

    /// A table flattened one cell per line (`序号 |⏎…⏎被处罚人 |⏎…`) gives the subject under its
    /// column; a report's company ends at its 公司 where no verb follows; `处警告` decides a warning.
    @Test func cellPerLineTablesCompaniesInReportsAndWarnings() {
        let table = "|\n行政处罚结果公开 |\n|\n序号 |\n处罚 文号 |\n被处罚人 |\n案由(具体) |\n|\n1 |\n莆城管简罚决〔2024〕20008号 |\n林某某 |\n林某某擅自挖掘人行道。 |\n"
        #expect(FactInference.infer(text: table, fileName: "x").subjectName == "林某某")
        #expect(FactInference.infer(text: table.replacingOccurrences(of: "\n", with: "\r\n"), fileName: "x").subjectName == "林某某")
        #expect(SubjectNaming.plausibleName("李××") == "李××")
        let report = "针对哈尔滨市富强油脂加工有限公司大气污染违法问题,18日,哈尔滨市环境监察支队向这家企业送达了处罚决定书。"
        #expect(FactInference.infer(text: report, fileName: "x").subjectName == "哈尔滨市富强油脂加工有限公司")
        #expect(FactInference.infer(text: "鉴于当事人首次违法且及时改正,对当事人处警告。", fileName: "x").penaltyKinds == ["警告"])
        #expect(FactInference.infer(text: "由城市管理综合执法部门责令改正,可以处警告、一百元以上一千元以下罚款。", fileName: "x").penaltyKinds.isEmpty)
    }

    /// Proceeds confiscated after a possessor or as 违法经营所得 are 违法所得, an amount after
    /// another penalty is not theirs; reports name the subject after `给予了` or in brackets after
    /// its role, and the agency after a finished verb; `做出` ends a 文号's prefix.
    @Test func proceedsRolesAndReportedAgencies() {
        let proceeds = FactInference.infer(text: "本机关决定:1.没收涉案兽用生物制品;2.没收违法经营所得贰佰捌拾玖元整(¥289.00元);3.罚款2382元。", fileName: "x")
        #expect(proceeds.penaltyKinds == ["罚款", "没收违法所得", "没收非法财物"])
        #expect(proceeds.confiscationYuan == 289)
        let total = FactInference.infer(text: "作出没收涉案消毒液、没收违法所得和罚款3.37万元的行政处罚。", fileName: "x")
        #expect(total.confiscationYuan == nil && total.penaltyKinds.contains("没收违法所得"))
        #expect(
            FactInference.infer(text: "因此消防执法人员给予了遵义县虾子镇欣欣小区物业管理公司罚款人民币5000元。", fileName: "x").subjectName == "遵义县虾子镇欣欣小区物业管理公司")
        #expect(FactInference.infer(text: "对施工单位(九冶建设有限公司)处罚10万元。", fileName: "x").subjectName == "九冶建设有限公司")
        #expect(FactInference.infer(text: "近日,淶源縣人民政府官網公開了保定市生態環境局對該公司作出的處罰。", fileName: "x").agency == "保定市生態環境局")
        #expect(FactInference.infer(text: "被处罚人姓名 潘权坤 性别 男\n", fileName: "x").subjectName == "潘权坤")
        let number = FactInference.infer(text: "行政处罚决定书\n由隆德县农业农村局做出隆农(肥料)罚〔2024〕5号行政处罚决定。", fileName: "x")
        #expect(number.caseNumber?.written == "隆农(肥料)罚〔2024〕5号")
    }

    /// A report's organisation ends where what it did, what was done to it or another party
    /// follows its name.
    @Test func organisationsInReportsEndBeforeWhatTheyDid() {
        let cases = [
            "2020年2月28日,湖北省仙桃市市场监管局对湖北仙盟卫生防护用品有限公司经营场所进行执法检查。": "湖北仙盟卫生防护用品有限公司",
            "经本机关研究,决定对遂宁市安居区也在网吧允许未成年人进入营业场所的行为给予警告的行政处罚。": "遂宁市安居区也在网吧",
            "4月18日,遂昌縣市場監督管理局對遂昌昌順購物超市銷售的泥鰍進行食品安全監督抽檢。": "遂昌昌順購物超市",
            "消防救援大队对武岡市愛幼托管中心和武岡市君悅酒店分別予以罰款。": "武岡市愛幼托管中心",
        ]
        for (text, name) in cases { #expect(FactInference.infer(text: text, fileName: "x").subjectName == name, "\(text)") }
    }

    /// A fine written as a penalty of an amount (`处罚壹万叁仟元`) is a fine; a statute quoted or
    /// restated as a range fines no one.
    @Test func finesWithoutTheWordAndStatutesQuoted() {
        let unnamed = FactInference.infer(text: "作出对该企业处罚壹万叁仟元的行政处罚决定。", fileName: "x")
        #expect(unnamed.penaltyAmountYuan == 13000 && unnamed.penaltyKinds == ["罚款"])
        #expect(FactInference.infer(text: "经中队讨论,对当事人做出了行政处罚人民币伍仟元整的决定。", fileName: "x").penaltyAmountYuan == 5000)
        #expect(FactInference.infer(text: "依照规定可处罚2000元以下。", fileName: "x").penaltyAmountYuan == nil)
        let quoted = """
            依据《肥料登记管理办法》第二十七条第一款“有下列情形之一的,由县级以上农业行政主管部门给予警告,并处违法所得3倍以下罚款,但最高不得超过20000元”的规定,处违法所得1.8倍罚款4284.00元。
            """
        #expect(FactInference.infer(text: quoted, fileName: "x").penaltyAmountYuan == 4284)
    }

    /// A long flattened line holds its title as a token ending as titles do, after its agency;
    /// a 公示 page's cell naming a listed decision is not the page's title (the page is a 公示).
    @Test func titlesAfterAgenciesAndListedDecisions() {
        let flattened = "首页 > 行政处罚\n上海市普陀區市場監督管理局行政處罰決定書 滬市監普處〔2021〕072020003745號 當事人:上海某某餐飲有限公司\n"
        #expect(FactInference.infer(text: flattened, fileName: "x").docType == .penaltyDecision)
        #expect(FactInference.infer(text: "行政处罚信息公示\n决定书名称 宁城县市场监督管理局行政处罚决定书\n", fileName: "x").docType == .penaltyPublicity)
        #expect(FactInference.infer(text: "行政处罚结果公示\n第Z4003028号行政处罚决定书 |\n", fileName: "x").docType == .penaltyPublicity)
    }

    /// A text speaking as its agency names it on its own papers' titles, not on a branch's; a
    /// report's agency acts with 依据.
    @Test func agenciesOnTheirOwnPapers() {
        let own = "江门市科华电器有限公司:\n我局于2019年11月25日向你送达了《江门市生态环境局行政处罚事先告知书》(江江环罚告〔2019〕28号)。\n"
        #expect(FactInference.infer(text: own, fileName: "x").agency == "江门市生态环境局")
        let branch = "某某染整有限公司:\n我局查明:证据一:2019年3月8日《清远市生态环境局清城分局现场检查(勘察)笔录》一份。\n"
        #expect(FactInference.infer(text: branch, fileName: "x").agency == nil)
        #expect(FactInference.infer(text: "他人所写《江门市生态环境局行政处罚听证告知书》一文。", fileName: "x").agency == nil)
        let report = "2022年11月8日,成都市生态环境局依据《中华人民共和国水污染防治法》第八十三条的规定,对该公司处以罚款。"
        #expect(FactInference.infer(text: report, fileName: "x").agency == "成都市生态环境局")
    }

    /// A provision first found violated and then applied is applied too, a later quotation adds
    /// nothing; an item may be a bracketed number after its clause.
    @Test func provisionsCitedTwiceAndBracketedItems() {
        let text = """
            因该企业行为违反了《安全生产违法行为行政处罚办法》第四十四条第一项的规定,龙口市应急局依据《安全生产违法行为行政处罚办法》第四十四条第一项的规定,给予该企业罚款。
            违反了《中华人民共和国大气污染防治法》第六十九条的规定。依据《中华人民共和国大气污染防治法》第一百一十五条第一款(一)的规定,决定罚款。
            《中华人民共和国大气污染防治法》第六十九条规定:建设单位应当…
            """
        let facts = FactInference.infer(text: text, fileName: "x")
        #expect(facts.legalBases.map(\.written) == ["《安全生产违法行为行政处罚办法》第四十四条第一项", "《中华人民共和国大气污染防治法》第一百一十五条第一款(一)"])
        #expect(facts.legalBases.last?.item == 1)
        #expect(facts.violatedProvisions.map(\.written) == ["《安全生产违法行为行政处罚办法》第四十四条第一项", "《中华人民共和国大气污染防治法》第六十九条"])
        #expect(FactInference.legalBases(citedIn: "《消防法》第六十条\n《消防法》第六十条").count == 1)
    }

    /// Lines cut by the window the head is read in are not read as lines; penalties offered to
    /// choose from are a statute's.
    @Test func cutHeaderLinesAndAlternatives() {
        let head = "当事人:\n姓名:刘永根\n" + String(repeating: "经调查,你在未经林业主管部门批准的情况下擅自采伐林木。\n", count: 20)
        let cut = String(head.prefix(590)) + "经源潭镇综合行政执法委员会集体讨论,认为该案的违法事实清晰。\n"
        #expect(FactInference.infer(text: cut, fileName: "x").docType == .other)
        #expect(FactInference.infer(text: "对该行为的个人,处警告或者五百元以下罚款。", fileName: "x").penaltyKinds.isEmpty)
    }

    /// A representative's name of several parts joined by a middle dot is kept whole; a label
    /// run into an agency's name is no part of it; a report's words are no representative.
    @Test func dottedNamesAndLabelsRunIntoNames() {
        #expect(FactInference.infer(text: "法定代表人:阿***·卡**\n", fileName: "x").representative == "阿***·卡**")
        #expect(FactInference.infer(text: "处罚结果:罚款人民币5000元整。\n处罚部门天津市滨海新区农业农村委员会\n", fileName: "x").agency == "天津市滨海新区农业农村委员会")
        #expect(FactInference.infer(text: "該廠負責人表示,將整改。", fileName: "x").representative == nil)
    }

    /// A citation alone in a form's cell takes its role from the short label line above it.
    @Test func citationsUnderFormLabels() {
        let form = """
            执法依据
            (违则)
             《农药管理条例》第四十四条 第二款
            处罚依据
            (罚则)
             《农药管理条例》第五十五条第一款
            """
        let facts = FactInference.infer(text: form, fileName: "x")
        #expect(facts.legalBases.map(\.written) == ["《农药管理条例》第五十五条第一款"])
        #expect(facts.violatedProvisions.map { "\($0.article ?? 0)|\($0.clause ?? 0)" } == ["44|2"])
        // Not across a full stop: a sentence opening with a citation is no cell under a label.
        let sentence = FactInference.infer(text: "执法依据\n你单位违反了规定。《中华人民共和国消防法》第六十条规定,决定罚款。", fileName: "x")
        #expect(sentence.legalBases.map(\.article) == [60])
    }

    /// A text ending right after an amount's unit (`罚款3万`) is read to its end, not past it
    /// (a published 公示 page ended so and stopped the indexer).
    @Test func amountsAtTheTextsEnd() {
        for text in ["决定处以罚款3万", "决定处以罚款3万 ", "罚款人民币", "处罚", "没收违法所得"] {
            _ = FactInference.infer(text: text, fileName: "x")
        }
        #expect(FactInference.infer(text: "决定处以罚款3万元", fileName: "x").penaltyAmountYuan == 30000)
    }

    /// A long label alone on its line names the value on the next line with text; a byline's
    /// open bracket is no part of the agency's name.
    @Test func labelsAboveValuesAndBylines() {
        let form = "南华县龙川镇人民政府行政处罚决定书\n\n行政相对人名称\n\n贾光云\n\n行政处罚决定文书号\n\n南龙政行处决字【2024】第28号\n"
        #expect(FactInference.infer(text: form, fileName: "x").subjectName == "贾光云")
        #expect(FactInference.infer(text: "邹某被处以罚款共计2700元。(景东县森林公安局 姜桂寿)", fileName: "x").agency == "景东县森林公安局")
    }

    /// The number a penalty was given under names the case even in a report; a report names
    /// the organisation it finds (认定) at fault.
    @Test func numbersPenaltiesWereGivenUnderAndOrganisationsFound() {
        let report = "腾冲市林业和草原局于2019年11月28日以腾林草罚决字[2019]第135号给予吴某某如下处罚:罚款5168元。"
        #expect(FactInference.infer(text: report, fileName: "x").caseNumber?.written == "腾林草罚决字[2019]第135号")
        let found = "苍南县气象局作出《气象行政执法行政处罚决定书》,认定苍南县金乡广告公司不具备施放气球的资质。"
        #expect(FactInference.infer(text: found, fileName: "x").subjectName == "苍南县金乡广告公司")
    }

    /// Rules kept narrow: an agency label inside 被处罚单位, a clause of statistics, a form
    /// titled with 裁量, numbers of offences before 处罚, another agency's paper after a
    /// branch's, a name going on to its company, items after an article's first.
    @Test func rulesStayNarrow() {
        #expect(FactInference.infer(text: "被处罚单位:某某村村民委员会\n", fileName: "x").agency == nil)
        #expect(FactInference.infer(text: "、行政处罚机关:清远市生态环境局\n", fileName: "x").agency == "清远市生态环境局")
        #expect(FactInference.infer(text: "據悉,截至目前僅市環保局就已對環境違法企業立案。", fileName: "x").agency == nil)
        #expect(FactInference.infer(text: "证据:《行政处罚自由裁量审批表》一份。", fileName: "x").legalBases.isEmpty)
        let statistics = FactInference.infer(text: "今年共作出行政处罚156起,罚没款320万元。", fileName: "x")
        #expect(statistics.penaltyAmountYuan == nil && statistics.penaltyKinds.isEmpty)
        let papers = "某某公司:\n我局查明:《某市生态环境局某分局调查询问笔录》一份;《某市市场监督管理局行政处罚决定书》一份。\n"
        #expect(FactInference.infer(text: papers, fileName: "x").agency == nil)
        #expect(FactInference.infer(text: "执法人员对某某农贸市场经营管理有限公司进行检查。", fileName: "x").subjectName == "某某农贸市场经营管理有限公司")
        let property = FactInference.infer(text: "决定:没收违法所得和非法财物,并处罚款1000元。", fileName: "x")
        #expect(property.penaltyKinds == ["罚款", "没收违法所得", "没收非法财物"])
        let items = FactInference.legalBases(citedIn: "《某某条例》第十条第一项和第五项、第十二条第二项和第五项")
        #expect(items.map { "\($0.article ?? 0)|\($0.item ?? 0)" } == ["10|1", "10|5", "12|2", "12|5"])
        #expect(Set(items.map(\.written)).count == 4)
    }

    /// A form's subject field left empty (`被处罚人姓名 ——`) is passed over for the next
    /// subject label; 被处罚行为人 labels a person.
    @Test func emptyFormFieldsAndOffenders() {
        let form = "被处罚人姓名 ——性别 ——出生日期 ——\n被处罚单位名称 巴蜀山河农业发展(重庆)专业合作社   \n"
        #expect(FactInference.infer(text: form, fileName: "x").subjectName == "巴蜀山河农业发展(重庆)专业合作社")
        #expect(FactInference.infer(text: "被处罚行为人:况**      性别:女\n", fileName: "x").subjectName == "况**")
        // A 副食 shop ends as shops do.
        #expect(FactInference.infer(text: "市场监督管理局对沧源县荣华副食销售的预包装食品进行了抽检。", fileName: "x").subjectName == "沧源县荣华副食")
    }

    /// Representatives as forms give them: on a line under the label, before another label with
    /// nothing between, after a long label (`…或主要负责人姓名及联系方式:`).
    @Test func representativesInForms() {
        #expect(FactInference.infer(text: "姓名或名称\n三河市示例网吧\n法定代表人\n刘利荣\n证件号码\n", fileName: "x").representative == "刘利荣")
        #expect(FactInference.infer(text: "法定代表人刘均职务    ——\n", fileName: "x").representative == "刘均")
        #expect(
            FactInference.infer(text: "当事人法定代表人或主要负责人姓名及联系方式:赵忠宝13*********。\n", fileName: "x").representative == "赵忠宝")
        #expect(FactInference.infer(text: "法定代表人\n基本情况\n", fileName: "x").representative == nil)
    }

    /// Agencies on a signature line with its date, after 被 in a passive clause, acting with 在
    /// or 就, before a 责令改正违法行为决定书 title; a club (会所) is no office.
    @Test func agenciesInSignaturesAndPassiveClauses() {
        #expect(FactInference.infer(text: "决定罚款5000元。\n铜陵市农业农村局2025年6月4日。", fileName: "x").agency == "铜陵市农业农村局")
        #expect(FactInference.infer(text: "1月17日,吴某雄因涉嫌“虚构事实扰乱公共秩序”罪被石狮市公安局依法处以行政拘留10日。", fileName: "x").agency == "石狮市公安局")
        #expect(FactInference.infer(text: "假日期间,天津市交通运输执法总队河西支队在天津图书大厦附近查获无证运营车辆一部。", fileName: "x").agency == "天津市交通运输执法总队河西支队")
        #expect(FactInference.infer(text: "汉中市生态环境局责令改正违法行为决定书 城环责改〔2025〕20号\n", fileName: "x").agency == "汉中市生态环境局")
        #expect(FactInference.infer(text: "执法人员于8月27日到位于北城区的定州市乐巢娱乐会所进行监控调取。", fileName: "x").agency == nil)
        #expect(FactInference.infer(text: "您当前所在位置:首页 > 信息公开\n", fileName: "x").agency == nil)
        #expect(FactInference.infer(text: "三水区农林渔业局\n", fileName: "x").agency == "三水区农林渔业局")
    }

    /// A title as a token of a flattened line is a title; a table's `行政处罚决定书文号` column is
    /// none (the table is a 公示); a text under a decision's own 文号 with a labelled subject is a decision.
    @Test func titlesInFlattenedPages() {
        let flattened = FactInference.infer(
            text: "元江县市场监督管理局 行政处罚决定书 元市监罚〔2023〕5号 当事人:元江县示例商店 主体资格名称:营业执照 统一社会信用代码:92530428MA6M5G1U00", fileName: "x")
        #expect(flattened.docType == .penaltyDecision)
        let column = FactInference.infer(text: "行政相对人名称 | 某某 |\n行政处罚决定书文号 | 粤药监药罚〔2023〕5001号 |\n", fileName: "x")
        #expect(column.docType == .penaltyPublicity)
        let headed = FactInference.infer(text: "丽环(青)罚[2021]4号\n当事人:浙江示例机械有限公司\n法定代表人:周某\n", fileName: "x")
        #expect(headed.docType == .penaltyDecision)
    }

    /// A report names a person with a mask, or an organisation after 发现; someone in a role
    /// beside the subject is not the subject.
    @Test func personsAndOrganisationsInReports() {
        #expect(FactInference.infer(text: "经查,系某镇西小营村村民閆某某露天焚燒雜草。對此,鎮政府對其處以2000元罰款。", fileName: "x").subjectName == "閆某某")
        #expect(FactInference.infer(text: "依据有关规定,对驾驶员张某作出警告、罚款3000元的处罚决定。", fileName: "x").subjectName == "张某")
        #expect(FactInference.infer(text: "1月17日,吴某雄因涉嫌扰乱公共秩序被拘留。吴某雄对此无异议。", fileName: "x").subjectName == "吴某雄")
        #expect(FactInference.infer(text: "执法人员询问了店铺负责人李某,并制作笔录。", fileName: "x").subjectName == nil)
        #expect(
            FactInference.infer(text: "检查时发现蒙城示例物流有限公司未如实记录安全生产教育和培训情况。", fileName: "x").subjectName == "蒙城示例物流有限公司")
    }

    /// A 公示 table flattened to text: the subject is the value under its column's heading in
    /// the next row, with cells between bars or between runs of spaces.
    @Test func subjectsUnderAColumnHeading() {
        let spaced = "东宁市环境保护局行政处罚信息公开\n 序号  案件名称  被处罚对象名称  案件简要情况  处罚决定文号\n 1  涉嫌违反环评制度案  东宁示例砼业有限公司  该公司未履行环评审批手续。  东环罚[2018]13号\n"
        #expect(FactInference.infer(text: spaced, fileName: "x").subjectName == "东宁示例砼业有限公司")
        let barred = "行政相對人名稱 | 行政處罰決定書文號 | 違法行為類型 | 違法事實 | 處罰依據\n---|---|---|---|---\n余某山 | 龍林草罰決字(2025)第01064號 | 擅自改變林地用途 | 未經審核同意"
        #expect(FactInference.infer(text: barred, fileName: "x").subjectName == "余某山")
        #expect(TextScanner.cells("| a | b | c |") == ["a", "b", "c"])
    }

    /// A statute restated without quotation marks allows and does not decide; land-law orders to
    /// return land and pull down buildings put right and punish no one (行政处罚法 第二十八条): no
    /// penalty kind.
    @Test func otherPenaltiesAndStatutesRestated() {
        let detained = FactInference.infer(
            text: "依據《治安管理處罰法》第二十五條規定,有下列行爲之一的,處5日以上10日以下拘留,可以並處500元以下罰款。宜州警方決定對謠言發佈者藍某行政拘留五日。", fileName: "x")
        #expect(detained.penaltyKinds == ["行政拘留"])
        let land = FactInference.infer(
            text: "行政处罚决定书\n本机关决定对你处罚如下:\n1、责令退还非法占用的土地;\n2、限期拆除在非法占用的土地上新建的建筑物;\n3、处以罚款4940元。", fileName: "x")
        #expect(land.penaltyKinds == ["罚款"])
        let headings = FactInference.infer(
            text: "處罰類別 | 處罰內容 | 罰款金額(萬元) | 沒收違法所得、沒收非法財物的金額(萬元) |\n警告 | 警告 | 0 | 0 |", fileName: "x")
        #expect(!headings.penaltyKinds.contains("没收非法财物") && !headings.penaltyKinds.contains("罚款"))
    }

    /// Identifiers after a note on the label, a kind of document, a bracket or a line break.
    @Test func identifiersAfterNotesAndKinds() {
        #expect(FactInference.infer(text: "统一社会信用代码(居民身份号码):91620104091190****\n", fileName: "x").subjectIdentifier?.value == "91620104091190****")
        #expect(FactInference.infer(text: "证照名称及编号:身份证4302**********6511\n", fileName: "x").subjectIdentifier?.value == "4302**********6511")
        #expect(FactInference.infer(text: "證件號碼:(91430321**************3)\n", fileName: "x").subjectIdentifier?.isMasked == true)
        #expect(FactInference.infer(text: "证件号码\n131082196001040269\n", fileName: "x").subjectIdentifier?.value == "131082196001040269")
        #expect(FactInference.infer(text: "统一社会信用代码:无 地址:某县某镇 法定代表人:张三", fileName: "x").subjectIdentifier == nil)
    }

    /// A title below a page's chrome, after the page's `名称:` label or with its 文号 on its line;
    /// a decision that lost its title speaks to its subject in its findings, a 公示 page quoting
    /// one does not.
    @Test func titlesBelowChromeAndUntitledDecisions() {
        let chrome = (1...9).map { "- 栏目\($0)" }.joined(separator: "\n")
        let below = FactInference.infer(text: chrome + "\n重庆市渝北区农业农村委员会行政处罚决定书 渝北农(农药)罚〔2025〕10号\n当事人:某店\n", fileName: "x")
        #expect(below.docType == .penaltyDecision && below.title == "重庆市渝北区农业农村委员会行政处罚决定书")
        let labeled = FactInference.infer(text: chrome + "\n名 称: 安宁市农业农村局行政处罚决定书安农罚〔2026〕5号\n", fileName: "x")
        #expect(labeled.docType == .penaltyDecision && labeled.agency == "安宁市农业农村局")
        #expect(FactInference.infer(text: chrome + "\n决定书名称 某局行政处罚决定书\n", fileName: "x").docType == .other)
        let glued = FactInference.infer(text: "常德市文化市场综合执法局行政处罚决定书(湘常)文综罚字〔2020〕第F-000069号\n当事人:某网咖\n", fileName: "x")
        #expect(glued.docType == .penaltyDecision && glued.caseNumber?.written == "(湘常)文综罚字〔2020〕第F-000069号")
        let untitled = """
            当事人名称:某某节水有限公司
            我局于2024年5月21日对你单位进行了调查,发现你单位实施了以下环境违法行为:未取得环评审批擅自开工。
            我局决定对你单位作出如下行政处罚:罚款人民币5万元。
            """
        #expect(FactInference.infer(text: untitled, fileName: "x").docType == .penaltyDecision)
        let quoted = """
            一、当事人名称:某某建材厂
            二、处罚决定日期:2021年2月2日
            三、处罚依据:依据《中华人民共和国大气污染防治法》第九十九条,你厂没有从轻从重情节。对其处以罚款人民币10万元。
            """
        #expect(FactInference.infer(text: quoted, fileName: "x").docType == .other)
    }

    /// One agency named in several ways compares as one; a 公示 page's title names its agency; an
    /// agency acting through another is the one that decides; a government acting decides only
    /// when no department does.
    @Test func agencyNamesAndPageTitles() {
        #expect(AgencyName.same("北京市昌平区环境保护局", "昌平区环保局"))
        #expect(AgencyName.same("湖南省浏阳市应急管理局", "浏阳市应急局"))
        #expect(AgencyName.same("廈門市湖里區(qū)市場監(jiān)管局", "湖里區市場監管局"))
        #expect(!AgencyName.same("江门市生态环境局", "市生态环境局"))
        #expect(AgencyName.same("景谷傣族彝族自治县医疗保障局", "景谷县医疗保障局"))
        #expect(AgencyName.same("融水苗族自治县市场监督管理局", "融水县市场监管局"))
        #expect(AgencyName.key("延边朝鲜族自治州生态环境局") == AgencyName.key("延边州生态环境局"))
        #expect(!AgencyName.same("景谷傣族彝族自治县医疗保障局", "景东县医疗保障局"))
        #expect(AgencyName.key("伊犁哈萨克自治州农业农村局") == AgencyName.key("伊犁州农业农村局"))
        #expect(AgencyName.key("龙胜各族自治县林业局") == AgencyName.key("龙胜县林业局"))
        // A banner named after its people alone keeps it.
        #expect(AgencyName.key("呼伦贝尔市鄂温克族自治旗林业局").containsFast("鄂温克"))
        #expect(!AgencyName.same("湖南省应急管理厅", "应急管理厅"))
        #expect(!AgencyName.same("阿克陶县农业农村局", "农业农村局"))
        #expect(AgencyName.key("北京市昌平区环保局") == AgencyName.key("昌平区环境保护局"))
        let page = FactInference.infer(text: "永仁县人民政府\n网站首页\n永仁县林业和草原局行政案件公示\n", fileName: "x")
        #expect(page.agency == "永仁县林业和草原局")
        let delegated = FactInference.infer(text: "此后,哈市环保局责成哈市环境监察支队依法向企业下达《责令改正违法行为决定书》。", fileName: "x")
        #expect(delegated.agency == "哈市环保局")
        let government = FactInference.infer(
            text: "2025年7月21日,柳州市人民政府依法成立了事故调查组。2025年9月,柳州市应急管理局依法对该公司处以罚款。", fileName: "x")
        #expect(government.agency == "柳州市应急管理局")
    }

    /// A total stated right after a fine is the fine, unless it sums a confiscation too.
    @Test func finesSummedUpAndOrdersToPutRight() {
        let rate = FactInference.infer(text: "行政处罚决定书\n3、并处以每平方米 100元罚款共计 42298 元。", fileName: "x")
        #expect(rate.penaltyAmountYuan == 42298)
        let twoFines = "行政处罚决定书\n处擅自改变林地用途每平方米10元3倍的罚款,计167940元。并处恢复费用3倍的罚款,计196813元。两项共计364753元。"
        #expect(FactInference.infer(text: twoFines, fileName: "x").penaltyAmountYuan == 364753)
        let withConfiscation = "行政处罚决定书\n没收违法所得2380.00元;处违法所得1.8倍罚款4284.00元;以上罚没款共计6664.00元已缴纳。"
        #expect(FactInference.infer(text: withConfiscation, fileName: "x").penaltyAmountYuan == 4284)
    }

    /// A case's name opens with its subject, before what it did; a story is no name.
    @Test func subjectsOpeningCaseNames() {
        #expect(FactInference.infer(text: "(一)案件名称:十堰军昇路业有限公司非法占地\n", fileName: "x").subjectName == "十堰军昇路业有限公司")
        #expect(FactInference.infer(text: "案件名称:某某农贸市场经营管理有限公司销售过期食品案\n", fileName: "x").subjectName == "某某农贸市场经营管理有限公司")
        // The person the story opens with is read by the reader of masked names, not as `张某在某某餐饮店`.
        #expect(FactInference.infer(text: "案件名称:张某在某某餐饮店销售假酒案\n", fileName: "x").subjectName == "张某")
    }

    /// A prefix running into a flattened row's other cells has no known start: no number.
    @Test func prefixesRunIntoOtherCells() {
        let row = "行政处罚决定书\n未取得食品经营许可从事食品经营活动案鹤山文波餐饮店黄文波鹤市监处〔2022〕291号经查证"
        #expect(FactInference.infer(text: row, fileName: "x").caseNumber == nil)
        let cell = "行政处罚决定书\n鹤山文波餐饮店 黄文波 鹤市监处〔2022〕291号 经查证"
        #expect(FactInference.infer(text: cell, fileName: "x").caseNumber?.written == "鹤市监处〔2022〕291号")
    }

    /// A sentence dates the decision when its date's clause decides a penalty; not one that
    /// orders a correction, proposes, suggests or serves one, nor a date on a line of its own.
    @Test func decisionDatesStatedInSentences() {
        func date(_ text: String) -> String? { FactInference.infer(text: text, fileName: "x").date?.iso }
        #expect(date("经查……。我局于2024年3月28日对当事人下达了行政处罚决定书(江永市监案处字[2024]10号)。") == "2024-03-28")
        #expect(date("腾冲市林业和草原局于2019年11月28日以腾林草罚决字[2019]第135号给予吴某某如下处罚:") == "2019-11-28")
        #expect(date("2025年4月7日,我局對你單位下達《責令改正違法行為決定書》,責令你單位立即改正。") == nil)
        #expect(date("2025年3月28日西乡县人民检察院发来检察意见书,建议依法对贾某某给予相应的行政处罚。") == nil)
        #expect(date("发布时间:2024-09-21\n近日,某某应急管理局对某公司作出行政处罚。") == nil)
    }

    /// Reports name their subject after 发现, (a comma between), before 存在, after a
    /// `行政相对人` label, and a company's name ends at its 公司 when what stands before the verb
    /// is no name; a fine's amount is not one confiscated in its clause, and no total sums one.
    @Test func reportsOfOtherAgencies() {
        func subject(_ text: String) -> String? { FactInference.infer(text: text, fileName: "x").subjectName }
        #expect(subject("检查中,消防人员发现,丹寨县永吉烟花爆竹有限公司销售点与居住场所设置在同一建筑物内。") == "丹寨县永吉烟花爆竹有限公司")
        #expect(subject("2015年4月23日,杭州市余杭区统计局执法人员对杭州亿润纺织品有限公司统计数据质量进行稽查。") == "杭州亿润纺织品有限公司")
        #expect(subject("在本案中,深圳市榴芒一刻食品有限公司存在不正当竞争行为。") == "深圳市榴芒一刻食品有限公司")
        #expect(subject("行政相对人:曹*超\n") == "曹*超")
        #expect(subject("江海区自然资源局对违法用地当事人李某发出《行政处罚决定书》。") == "李某")
        #expect(subject("房间里摆满药品,洪某称自用。") == "洪某")
        let joined = FactInference.infer(text: "同时没收其违法所得27676元\n没收药品及器械一批\n并给予其罚款60000元的行政处罚", fileName: "x")
        #expect(joined.penaltyAmountYuan == 60000)
        let summed = FactInference.infer(text: "行政处罚决定书\n没收广告费用2100元。并处广告费用4倍的罚款8400元;以上合计10500元,上缴财政。", fileName: "x")
        #expect(summed.penaltyAmountYuan == 8400)
        #expect(FactInference.infer(text: "被丹寨县消防大队共处以34000元的罚款。", fileName: "x").agency == "丹寨县消防大队")
        #expect(FactInference.infer(text: "首页\n自然资源局\n以案释法\n", fileName: "x").agency == nil)
    }

    /// A label is no title (`违法事实及证据:` names no evidence paper); a 文号 before a quoted
    /// decision's title is the decision's, after its `的`; a report's `当事人` inside a sentence
    /// labels no field.
    @Test func labelsTitlesAndReportsRetellingDecisions() {
        let form = FactInference.infer(text: "违法事实及证据: 2025年2月28日,你公司驾驶员宋*瑶驾驶网约车接单。", fileName: "x")
        #expect(form.docType == .other)
        let report = """
            以案释法--李某违法占地案
            2019年9月,江海区自然资源局对违法用地当事人李某发出《行政处罚决定书》,责令李某退还非法占用的土地,并处罚款。
            李某既不申请行政复议又不申请行政诉讼。法院裁定执行江海区自然资源局于2019年9月19日作出的江海自然(执法)决定字〔2019〕17号《行政处罚决定书》。
            """
        let facts = FactInference.infer(text: report, fileName: "x")
        #expect(facts.docType == .other)
        #expect(facts.caseNumber?.written == "江海自然(执法)决定字〔2019〕17号")
    }

    /// A decision's fine fines, also where its decided part was not told apart.
    @Test func aDecisionsFineIsAPenaltyKind() {
        let text = "行政处罚决定书\n现对滴滴出行科技有限公司作出:1.责令你单位改正违法行为,2.给予罚款人民币陆仟元整(¥6000.00)的行政处罚。"
        let facts = FactInference.infer(text: text, fileName: "x")
        #expect(facts.penaltyAmountYuan == 6000 && facts.penaltyKinds == ["罚款"])
    }

    /// Proceeds confiscated to the yuan are decided wherever a report states them, and make the
    /// kind 没收违法所得; not quoted or proposed ones.
    @Test func proceedsConfiscatedInReports() {
        let report = FactInference.infer(text: "近日,长宁区某面馆违法使用超过保质期的食品原料,该局依法没收该店违法所得950元,并处罚款1万元。", fileName: "x")
        #expect(report.confiscationYuan == 950 && report.penaltyKinds.contains("没收违法所得"))
        #expect(FactInference.infer(text: "同時沒收其違法所得27676元\n", fileName: "x").confiscationYuan == 27676)
        #expect(FactInference.infer(text: "本局拟没收违法所得500元。", fileName: "x").confiscationYuan == nil)
        #expect(FactInference.infer(text: "条例规定:“没收违法所得500元以上的,……”", fileName: "x").confiscationYuan == nil)
    }

    /// A serial masked whole is a number as published; a 决定文书号 labels one; a permit's number
    /// is no case's outside a permit decision; 被责令改正单位 labels the subject.
    @Test func maskedSerialsPermitsAndCorrectionOrders() {
        #expect(FactInference.infer(text: "行政處罰決定書\n滬市監閔處〔2022〕********號\n", fileName: "x").caseNumber?.written == "滬市監閔處〔2022〕********號")
        let listed = FactInference.infer(text: "决定文书号:湛农简罚〔2023〕1号、湛农简罚〔2023〕2号\n", fileName: "x")
        #expect(listed.caseNumber?.written == "湛农简罚〔2023〕1号")
        let permit = "行政处罚决定书\n当事人经营的玉米种子(种子经营许可证编号:B(黔)农种许字(2017)第001号)\n"
        #expect(FactInference.infer(text: permit, fileName: "x").caseNumber == nil)
        #expect(FactInference.infer(text: "被责令改正单位:重庆市儒鹄科技有限公司\n", fileName: "x").subjectName == "重庆市儒鹄科技有限公司")
    }

    /// A fine given as a penalty of an amount, the amount before the penalty; one on a summary
    /// decision (当场行政处罚决定书); not an amount confiscated.
    @Test func finesGivenAsPenaltiesOfAnAmount() {
        func fine(_ text: String) -> Double? { FactInference.infer(text: text, fileName: "x").penaltyAmountYuan }
        #expect(fine("9月2日,市应急局依法决定给与抚顺特殊钢股份有限公司4万元行政处罚。") == 40000)
        #expect(fine("龙口市应急局依据规定,给予该企业处人民币贰万元整的行政处罚。") == 20000)
        #expect(fine("执法人员当场向王某下达了罚款50元的当场行政处罚决定书。") == 50)
        #expect(fine("该局决定给予没收违法所得500元的行政处罚。") == nil)
    }

    /// A 公示 table's representative column, its heading qualified (`法定代表人或负责人姓名`).
    @Test func representativesInTableColumns() {
        let table = """
            序号 | 行政处罚决定书文号 | 违法企业名称或违法自然人姓名 | 违法企业组织机构代码 | 法定代表人或负责人姓名 | 主要违法事实 |
            1 | 无市监处罚〔2023〕646号 | 无为市明堂丁宗仕小店 | 92340225MA2P6U0594 | 丁宗仕 | 经营超过使用期限化妆品 |
            """
        #expect(FactInference.infer(text: table, fileName: "x").representative == "丁宗仕")
    }

    /// A report recommending a decision for review (`建议作出以下决定:`) decides nothing yet.
    @Test func recommendedDecisionsAreNoDecisions() {
        let report = """
            某某有限公司:
            你单位上述行为违反了《中华人民共和国大气污染防治法》第七十二条第一款之规定。
            二、行政处罚的依据、种类
            依据《中华人民共和国大气污染防治法》第一百一十七条第二项的规定。
            建议作出以下决定:
            处罚款叁万捌仟元。如不服本决定,可申请行政复议。
            """
        #expect(FactInference.infer(text: report, fileName: "x").docType == .other)
    }

    /// Mends from review: no sentence is a title for the 文号 after it; a case's name ends at its
    /// company's first 公司; 许 opening a 文号 is 许昌's; places of one-character counties and
    /// long autonomous counties, not a department's 城乡; no statistics confiscate; a penalty
    /// given before dates nothing; a summary penalty of an amount fines.
    @Test func mendsFromReview() {
        func infer(_ text: String) -> DocumentFacts { FactInference.infer(text: text, fileName: "x") }
        #expect(infer("当事人于2023年3月1日收到行政处罚决定书鄂某罚〔2023〕1号后,逾期未履行\n").docType == .other)
        #expect(infer("案件名称:武汉某某商贸有限公司销售侵犯某某有限公司注册商标专用权商品案\n").subjectName == "武汉某某商贸有限公司")
        #expect(infer("案件名称:某某便利店销售某某公司生产的假酒案\n").subjectName == "某某便利店")
        #expect(infer("行政处罚决定书\n许市监罚〔2023〕12号\n").caseNumber?.written == "许市监罚〔2023〕12号")
        #expect(AgencyName.opensWithPlace("攸县交通运输局") && AgencyName.opensWithPlace("寻甸回族彝族自治县林业和草原局"))
        #expect(AgencyName.opensWithPlace("晋城市生态环境局") && !AgencyName.opensWithPlace("住房和城乡建设局"))
        #expect(!AgencyName.opensWithPlace("城市管理局") && !AgencyName.opensWithPlace("市场监督管理局"))
        #expect(infer("今年以来,全市共查处案件1200件,没收违法所得35万元,罚没款860万元。").confiscationYuan == nil)
        let earlier = "行政处罚决定书\n某罚〔2023〕5号\n当事人曾于2022年6月1日因同类违法行为被我局给予警告处罚。\n"
        #expect(infer(earlier).date == nil)
        #expect(infer("该局决定给予该店500元的当场行政处罚。").penaltyAmountYuan == 500)
        #expect(infer("当事人\r\n某某有限公司\r\n你单位违反了规定。本局决定对你单位罚款5000元。如不服,可申请行政复议。").docType == .penaltyDecision)
    }

    /// Words after a label that name no one (`旅游经营者合法权益`, `部门负责人批准后`, `申请人民法院`,
    /// `向所在地`); a base times a factor is no fine.
    @Test func wordsAfterLabelsThatNameNoOne() {
        func infer(_ text: String) -> DocumentFacts { FactInference.infer(text: text, fileName: "x") }
        #expect(infer("有力维护了旅游者和旅游经营者合法权益,营造了公平竞争的市场环境。").representative == nil)
        #expect(infer("执法人员对涉案药品经报告部门负责人批准后,分别予以登记保存。").representative == nil)
        #expect(infer("法定代表人:王五\n").representative == "王五")
        #expect(infer("逾期不缴纳罚款的,本局将依法申请人民法院强制执行。").subjectName == nil)
        #expect(infer("建设单位应当向所在地人民政府人民防空主管部门申请易地建设。").agency == nil)
        #expect(infer("行政处罚决定书\n2.处恢复植被和林业生产条件所需费用13383元1.9倍罚款。").penaltyAmountYuan == nil)
    }

    /// A type word alone after a space belongs to the prefix before it; a 公示 page's `(公示)`
    /// label is none of it; a serial masked with x is a serial.
    @Test func prefixesSpacedBeforeTheirTypeWord() {
        let spaced = FactInference.infer(text: "行政处罚决定书\n(公示)塔市市监 处罚〔2022〕 33 号\n", fileName: "x")
        #expect(spaced.caseNumber?.written == "塔市市监 处罚〔2022〕 33 号")
        let masked = FactInference.infer(text: "行政处罚决定书\n石新市监 处罚〔 2025 〕xxx号\n", fileName: "x")
        #expect(masked.caseNumber?.written == "石新市监 处罚〔 2025 〕xxx号")
        let cells = FactInference.infer(text: "行政處罰決定書\n李榮燕 廣市監處罰〔2024〕12號\n", fileName: "x")
        #expect(cells.caseNumber?.written == "廣市監處罰〔2024〕12號")
    }

    /// A publisher's section names its agency (`来源:市城管执法局法规科`); an agency's
    /// 行政执法人员 act for it.
    @Test func publishersSectionsAndOfficersOfAnAgency() {
        #expect(FactInference.infer(text: "发布时间:2023-12-19 来源:市城管执法局法规科 浏览次数:\n", fileName: "x").agency == "市城管执法局")
        let officers = "2025年8月27日伊犁州市场监督管理局行政执法人员依法对当事人销售的电动自行车产品进行执法检查。"
        #expect(FactInference.infer(text: officers, fileName: "x").agency == "伊犁州市场监督管理局")
    }

    /// Officers masked, with badge numbers glued on, before 组成 or 执法证, and named to handle a
    /// case (`指定由…办理本案`).
    @Test func officersInMoreShapes() {
        func officers(_ text: String) -> [String] { FactInference.infer(text: text, fileName: "x").officers.map(\.name) }
        #expect(officers("修山镇综合执法大队执法人员郭X、肖X于2025年5月6日到现场进行了初步调查。") == ["郭X", "肖X"])
        let glued = FactInference.infer(text: "我局执法人员温习锋03000121012张玲03000121002在出示执法证后进行检查。", fileName: "x").officers
        #expect(glued.map(\.name) == ["温习锋", "张玲"] && glued.first?.badgeNumber == "03000121012")
        #expect(officers("本机关执法人员谢武豫、袁伟伟组成调查专班,对当事人进行调查。") == ["谢武豫", "袁伟伟"])
        #expect(officers("负责人批准对当事人予以立案,并指定由刘军飞、唐齐成办理本案。") == ["刘军飞", "唐齐成"])
        #expect(officers("1.案件调查人员艾守东、胥远亮、伍琳执法证;") == ["艾守东", "胥远亮", "伍琳"])
    }

    /// A report's heading naming a case names its subject; a branch's name goes on to its 分公司.
    @Test func subjectsOfCaseHeadings() {
        func subject(_ text: String) -> String? { FactInference.infer(text: text, fileName: "x").subjectName }
        #expect(subject("典型案例\n一、威远轻舟运输有限公司逃避监管排污案\n2024年,某局在调查中发现…\n") == "威远轻舟运输有限公司")
        #expect(subject("案件名称:北京某某装饰工程有限公司石家庄分公司未按规定施工案\n") == "北京某某装饰工程有限公司石家庄分公司")
        #expect(subject("工作动态\n全市开展专项检查工作方案\n") == nil)
    }

    /// Laws and rules of procedure are cited for how a case is handled, never as its legal basis.
    @Test func proceduralLawsAreNoBases() {
        let text = """
            根据《林业行政处罚程序规定》第二十四条的规定,我中队于2019年11月21日将该案立案。
            依据《中华人民共和国行政强制法》第二十五条,延长查封期限。
            依据《中华人民共和国森林法实施条例》第四十三条,决定对吴某某处以罚款。
            """
        #expect(FactInference.infer(text: text, fileName: "x").legalBases.map { $0.article } == [43])
    }

    /// Offices of state bodies (customs, the central bank, tax) are agencies wherever they stand; a
    /// commercial bank's branch is none, and an agency is never its own party.
    @Test func officesOfStateBodies() {
        func facts(_ text: String) -> DocumentFacts { FactInference.infer(text: text, fileName: "x") }
        #expect(facts("中华人民共和国海沧海关\n行政处罚决定书\n海沧关缉违字〔2026〕32号\n当事人:某某有限公司\n").agency == "中华人民共和国海沧海关")
        let report = facts("某行因对外支付残损人民币,被中国人民银行海北藏族自治州中心支行罚款1000元。")
        #expect(report.agency == "中国人民银行海北藏族自治州中心支行")
        #expect(report.subjectName == nil)
        #expect(facts("中国银行股份有限公司晋中市分行对其处以罚款。").agency == nil)
        #expect(facts("五指山市综合行政执法局近日已对该项目下达了行政处罚决定书。").agency == "五指山市综合行政执法局")
        #expect(facts("18日,哈尔滨市环境监察支队监察人员来到某公司。").agency == "哈尔滨市环境监察支队")
        // A report's province without its unit; a city named as a province is no province (吉林市).
        #expect(AgencyName.same("寧夏銀川市市場監督管理局", "銀川市市場監督管理局"))
        #expect(AgencyName.key("吉林市船营区市场监督管理局").hasPrefix("吉林市"))
        // Regions and autonomous units keep their own names.
        #expect(AgencyName.key("西藏自治区生态环境厅") != AgencyName.key("内蒙古自治区生态环境厅"))
        #expect(AgencyName.key("海南藏族自治州生态环境局") == AgencyName.key("海南州生态环境局"))
        #expect(AgencyName.key("河南蒙古族自治县林业局") == AgencyName.key("河南县林业局"))
    }

    /// A report's party after the place it stands at, or before adverbs and what it did; a
    /// statute's range restated decides no penalty.
    @Test func partiesOfReportsAndRestatedRanges() {
        func facts(_ text: String) -> DocumentFacts { FactInference.infer(text: text, fileName: "x") }
        #expect(facts("近日,琼海市综合行政执法局对位于琼海市嘉积镇富海路的琼海嘉积众友餐具商行进行现场检查。").subjectName == "琼海嘉积众友餐具商行")
        #expect(facts("五指山市吉祥花园项目公司近期因违规焚烧建筑垃圾被顶格处罚。").subjectName == "五指山市吉祥花园项目公司")
        #expect(facts("显示,中国银行股份有限公司白城分行违反支付结算管理相关法规。").subjectName == "中国银行股份有限公司白城分行")
        let statute = facts("第四十二条:金融机构违反本条例规定的,由中国人民银行给予警告,并处1000元以上5000以下的罚款。")
        #expect(!statute.penaltyKinds.contains("警告"))
        #expect(facts("决定给予警告,并处罚款1000元。").penaltyKinds.contains("警告"))
        #expect(facts("决定给予警告,并处罚款2万元(法定幅度为1万元以上10万元以下)。").penaltyKinds.contains("警告"))
    }

    /// A report's agency acting through its inspectors, by 查处 or 予以, named with the place the
    /// text gives it elsewhere; a 核查处置 notice's deciding unit by its label.
    @Test func agenciesOfReports() {
        func agency(_ text: String) -> String? { FactInference.infer(text: text, fileName: "x").agency }
        #expect(agency("日前,泉港区消防大队监督人员深入辖区检查。该厂被消防大队依法处罚款人民币5000元。") == "泉港区消防大队")
        #expect(agency("近日,林区公安局柴河分局及时查处一起违规营业案件。") == "林区公安局柴河分局")
        #expect(agency("某大药房有限公司因销售劣药,被乐清市市场监督管理局予以没收涉案药品。") == "乐清市市场监督管理局")
        #expect(agency("作出處罰決定的單位:龍南市市場監督管理局\n處罰如下:") == "龍南市市場監督管理局")
        #expect(AgencyName.same("义乌邮政管理局", "义乌邮管局"))
    }

    /// A decision read from a PDF form: the name with its legal form in full-width brackets, a
    /// value on the line below its label, a name's last character wrapped onto the next line,
    /// officers each in a field of their own, or appointed in a sentence.
    @Test func fieldsOfAFormReadFromAPDF() {
        func facts(_ text: String) -> DocumentFacts { FactInference.infer(text: text, fileName: "x") }
        #expect(facts("行政处罚决定书\n西市监处罚〔2025〕1704号\n当事人：西安曲江新区锦怡汉服馆（个体工商户）\n").subjectName == "西安曲江新区锦怡汉服馆（个体工商户）")
        let form = facts("行政处罚决定书\n当事人：\n\n张掖金源明珠物业管理有限公司\n\n主体资格证照名称：\n执法人员：\n\n李小翠\n\n执法证号： 28010030688\n执法人员：\n\n张丽琴\n\n执法证号： 28010030694\n")
        #expect(form.subjectName == "张掖金源明珠物业管理有限公司")
        #expect(form.officers.map(\.name) == ["李小翠", "张丽琴"])
        // A label with nothing below it but another label takes no value.
        #expect(facts("行政处罚决定书\n当事人：\n统一社会信用代码：91350212MA8T63DK5U\n").subjectName == nil)
        #expect(facts("行政处罚决定书\n当事人：厦门市同安金裕盛液化气有限公司同安荏畲村供应\n站\n主体资格证照名称：营业执照\n").subjectName == "厦门市同安金裕盛液化气有限公司同安荏畲村供应站")
        #expect(facts("本局于2024年1月9日立案调查，并指定陈国栋、钱兆丰为办案人员。").officers.map(\.name) == ["陈国栋", "钱兆丰"])
        // A statute's words name no officers; a person's name is not joined to the label below it.
        #expect(facts("价格法第十四条:(二)以指定种类、数量、范围等限制交易条件").officers.isEmpty)
        #expect(facts("行政处罚决定书\n当事人：王小明\n住所\n").subjectName == "王小明")
        #expect(facts("行政处罚决定书\n当事人：某某科技有限公司（以下简称某某公司）\n").subjectName == "某某科技有限公司")
    }

    /// A provision cited in the reasoning and then found violated is violated, not applied; a
    /// rule of hearings is cited for procedure.
    @Test func provisionsOfTheReasoningAndOfHearings() {
        let text = """
            行政处罚决定书
            按照《商品房销售明码标价规定》第九条之规定，当事人存在以下情形：
            当事人的行为违反了《商品房销售明码标价规定》第九条的规定。
            依据《中华人民共和国行政处罚法》第四十四条，以及《市场监督管理行政处罚听证办法》第五条的规定，在作出行政处罚决定之前，本局告知当事人享有陈述、申辩和要求听证的权利。
            依据《中华人民共和国价格法》第四十二条，本局决定对当事人处以罚款5000元。
            """
        let facts = FactInference.infer(text: text, fileName: "x")
        #expect(facts.legalBases.map(\.written) == ["《中华人民共和国价格法》第四十二条"])
        #expect(facts.violatedProvisions.map(\.written) == ["《商品房销售明码标价规定》第九条"])
        // Violated, applied, violated again: applied once, violated once.
        let both = FactInference.infer(
            text: "当事人违反了《消防法》第六十条第一款第三项。依据《消防法》第六十条第一款第三项，决定罚款5000元。当事人的行为违反《消防法》第六十条第一款第三项。",
            fileName: "x")
        #expect(both.legalBases.map(\.written) == ["《消防法》第六十条第一款第三项"])
        #expect(both.violatedProvisions.map(\.written) == ["《消防法》第六十条第一款第三项"])
    }

    /// A form's seal line names the agency; a second name in brackets after the agency's is
    /// left out; 罚没收入 is money paid in, not a confiscation; a citation for a fine left unpaid
    /// is enforcement, whatever the statute.
    @Test func sealLinesPaymentsInAndUnpaidFines() {
        let sealed = FactInference.infer(
            text: "行政处罚决定书\n当事人：某某物业管理有限公司\n本局决定处以罚款1000元。\n\n（甘州区市场监督管理局印章）\n", fileName: "x")
        #expect(sealed.agency == "甘州区市场监督管理局")
        let headed = FactInference.infer(text: "福州市长乐区市场监督管理局（福州市长乐区知识产权局）\n行政处罚决定书\n", fileName: "x")
        #expect(headed.agency == "福州市长乐区市场监督管理局")
        let text = """
            行政处罚决定书
            依据《中华人民共和国价格法》第三十九条，本局决定对当事人处以罚款2000元。
            当事人应凭《孝昌县罚没收入缴款通知单》缴纳罚款。逾期不缴纳罚款的，根据《价格违法行为行政处罚规定》第二十一条的规定，每日按罚款数额的3%加处罚款。
            """
        let facts = FactInference.infer(text: text, fileName: "x")
        #expect(facts.penaltyKinds == ["罚款"])
        #expect(facts.legalBases.map(\.written) == ["《中华人民共和国价格法》第三十九条"])
        #expect(FactInference.legalBases(citedIn: "依据《《中国人民共和国价格法》第四十条第一款").map(\.written) == ["《中国人民共和国价格法》第四十条第一款"])
        // The penalty the citation bases stands before the words on payment: it is applied.
        let applied = FactInference.infer(
            text: "依据《中华人民共和国大气污染防治法》第一百一十七条第一项，决定罚款10000元，限十五日内缴至指定银行，逾期不缴纳的，每日按罚款数额的3%加处罚款。",
            fileName: "x")
        #expect(applied.legalBases.map(\.written) == ["《中华人民共和国大气污染防治法》第一百一十七条第一项"])
    }

    /// Fines decided one by one and then summed up: the sum is the fine.
    @Test func finesDecidedOneByOneThenSummedUp() {
        let text = """
            行政处罚决定书
            依据《中华人民共和国反不正当竞争法》第二十条第一款之规定，决定责令当事人停止违法行为，处罚款壹万伍仟元整（15000 元）。
            依据《中华人民共和国价格法》第四十二条之规定，决定责令当事人改正违法行为，并处罚款叁佰元整（300 元）。
            上述罚款共计壹万伍仟叁佰元整（15300 元）。
            """
        #expect(FactInference.infer(text: text, fileName: "x").penaltyAmountYuan == 15_300)
    }

    /// A decision dated without its year takes the year of the date before it; a payment
    /// notice's date dates no penalty.
    @Test func aDecisionDatedWithoutItsYear() {
        let report = "2022年8月3日,我局执法人员对某某钢铁有限公司开展执法检查,发现重大事故隐患,9月2日,市应急局依法决定给予该公司4万元行政处罚。"
        #expect(FactInference.infer(text: report, fileName: "x").date == DayDate(year: 2022, month: 9, day: 2))
        let notice = "2015年9月30日,市环保局向该公司送达监测报告;10月27日,市环保局向该公司下达排污核定与排污费缴纳决定书。"
        #expect(FactInference.infer(text: notice, fileName: "x").date == nil)
    }
}
