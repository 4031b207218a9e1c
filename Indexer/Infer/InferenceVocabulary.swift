import JuanzongCore

/// The words inference reads by: labels, cue words, name endings, surnames and the words that
/// rule a reading out, each list in one place, grouped by the fact it serves. The rules that
/// use them are in `FactInference` and its extensions and in `SubjectNaming`. A list read in
/// both scripts holds both (`当事人`, `當事人`); converter pinyin is removed before reading.

extension FactInference {
    // MARK: - Labels

    /// The labels the scanners look for, each list in order of preference.
    enum Labels {
        static let subjectName = TextScanner.Labels([
            "当事人名称", "當事人名稱", "当事人姓名", "當事人姓名", "当事人", "當事人", "被处罚人姓名", "被處罰人姓名", "被处罚行为人", "被處罰行為人", "被处罚人", "被處罰人", "被处罚单位名称", "被處罰單位名稱", "被处罚单位",
            "被处罚对象", "行政相对人名称",
            "行政相對人名稱", "行政相对人", "行政相對人",
            "违法企业名称或违法自然人姓名", "被责令改正单位", "被責令改正單位", "被责令改正人", "被責令改正人",
            "(公司名称)", "(公司名称)", "公司名称", "企业名称", "被检查单位", "被检查人", "申请人", "申請人", "单位名称", "原告",
        ])
        /// Who a 复议 decision or a court's ruling answers for the decision it reviews.
        static let respondent = TextScanner.Labels(["被申请人", "被申請人", "被上诉人", "被上訴人", "被告"])
        /// Who asks a 复议 body or a court to review it.
        static let applicant = TextScanner.Labels(["申请人", "申請人", "原告", "上诉人", "上訴人"])
        /// Labels naming who issued the document: a page's publisher, a 公示 table's column.
        static let agency = TextScanner.Labels([
            "处罚机关", "處罰機關", "執法機關", "执法机关", "作出处罚的机关名称", "作出處罰的機關名稱", "处罚部门", "處罰部門", "处罚单位", "處罰單位",
            "作出处罚决定的单位", "作出處罰決定的單位", "作出处罚决定的机关", "作出處罰決定的機關", "处罚决定机关", "處罰決定機關",
        ])
        /// The words of `agency`, to take them off a name they run into.
        static let agencyWords = agency.words.map { String(String.UnicodeScalarView($0.compactMap(Unicode.Scalar.init))) }
        /// Labels naming the page's publisher, often but not always the acting agency.
        static let publisher = TextScanner.Labels(["发布机构", "發布機構", "来源", "來源"])
        /// Labels that name someone, not necessarily the subject (a representative's 姓名): read last.
        static let weakSubjectName = TextScanner.Labels(["名称", "名稱", "姓名"])
        /// A case's name: its subject, then what it did (`案件名称:某某经营部经营假农药案`).
        static let caseName = TextScanner.Labels(caseNameWords)
        static let caseNameWords = ["案件名称", "案件名稱"]
        /// Words before `名称` that make it a product's, a producer's or a project's name.
        static let notSubjectNameQualifiers = [
            "产品", "產品", "商品", "药品", "藥品", "食品", "样品", "樣品", "生产企业", "生產企業", "生产单位", "生產單位", "生产厂家", "生產廠家", "委托", "受托",
            "项目", "項目", "工程", "案件", "机构", "機構", "设备", "設備", "证照", "證照", "许可证", "許可證",
        ]
        static let address = TextScanner.Labels(["住所", "经营场所", "营业场所", "经营地址", "住址", "地址"])
        static let filingDate = TextScanner.Labels(["立案日期", "立案时间"])
        /// A 公示 page's date of publication (its own, not the decision's).
        static let publicationDate = TextScanner.Labels([
            "公示日期", "公示時間", "公示时间", "发布日期", "發布日期", "发布时间", "發布時間", "公开日期", "公開日期", "信息时间", "信息時間",
        ])
        /// A 公示 table's column of decision numbers.
        static let numberColumn = TextScanner.Labels(["决定书文号", "決定書文號", "决定文号", "決定文號", "处罚文号", "處罰文號"])
        /// A 公示 table's fields, each in its wordings and scripts: a text laying out fields of two
        /// of them is a decision's publication, not the decision (whose sections are 违法事实, 处罚依据).
        static let publicityFieldGroups = [
            ["行政相对人名称", "行政相對人名稱"], ["行政相对人类别", "行政相對人類別"], ["处罚决定日期", "處罰決定日期"],
            ["决定书文号", "決定書文號", "决定文书号", "決定文書號", "处罚文号", "處罰文號", "处罚决定文号", "處罰決定文號", "行政处罚决定案号", "行政處罰決定案號", "处罚决定书编号", "處罰決定書編號"],
            ["处罚类别", "處罰類別"], ["违法行为类型", "違法行為類型"], ["处罚内容", "處罰內容", "处罚结果", "處罰結果"],
            ["处罚机关", "處罰機關", "作出处罚的机关", "作出處罰的機關", "作出行政处罚的机关", "作出行政處罰的機關", "处罚部门", "處罰部門", "处罚单位", "處罰單位"],
            ["违法主体名称", "違法主體名稱", "被处罚对象名称", "被處罰對象名稱"], ["处罚事由", "處罰事由"], ["处罚日期", "處罰日期"],
        ]
        static let publicityFields = TextScanner.Labels(publicityFieldGroups.flatMap { $0 })
        /// The group of each of `publicityFields`' words.
        static let publicityFieldGroup = publicityFieldGroups.indices.flatMap { group in publicityFieldGroups[group].map { _ in group } }
        /// A 公示 table's column or a form's field naming the date of the decision.
        static let decisionDate = TextScanner.Labels([
            "作出行政处罚决定日期", "作出处罚决定日期", "处罚决定日期", "處罰決定日期", "决定日期", "決定日期", "处罚日期", "處罰日期", "下达日期", "下達日期",
            "作出决定日期", "作出決定日期", "处罚时间", "處罰時間",
        ])
        /// A disclosure page's date of the document it carries: the decision's date only when the
        /// page carries an enforcement document (a report's is the report's).
        static let documentPageDate = TextScanner.Labels(["成文日期", "发文日期", "發文日期"])
        static let identifier = TextScanner.Labels([
            "统一社会信用代码", "統一社會信用代碼", "社会信用代码", "信用代码", "信用代碼", "公民身份号码", "公民身份號碼", "身份证号码", "身份證號碼",
            "身份证号", "身份證號", "证件号码", "證件號碼", "注册号", "註冊號", "组织机构代码", "組織機構代碼", "证照名称及编号", "證照名稱及編號",
        ])
        static let officers = TextScanner.Labels(["执法人员", "執法人員", "办案人员", "辦案人員", "承办人", "调查人员", "检查人员", "询问人", "执法人", "指定由", "指定"])
        static let fine = TextScanner.Labels(["罚款", "罰款"])
        static let titleOpen = TextScanner.Labels(["《"])
        static let summaryProcedure = TextScanner.Labels(["简易程序", "当场处罚"])
        static let ordinaryProcedure = TextScanner.Labels(["普通程序"])
        /// Looked for in the whole text.
        static let textSearch = TextScanner.LabelSearch([
            subjectName, address, filingDate, numberColumn, decisionDate, documentPageDate, identifier, officers, representativeLabels,
            summaryProcedure, ordinaryProcedure, agency, publisher, weakSubjectName, decisionTitle, caseName, publicityFields,
            publicationDate, respondent, applicant,
        ])
        /// Where a decision's title may stand, with its agency before it on the line.
        static let decisionTitle = TextScanner.Labels(["决定书", "決定書"])
        /// A penalty of an amount, where 罚款 is not written (`处罚壹万叁仟元`).
        static let penaltyWord = TextScanner.Labels(["处罚", "處罰"])
        /// Looked for in the text with wrapped lines joined.
        static let bodySearch = TextScanner.LabelSearch([fine, titleOpen, decisionOpeners, penaltyWord, confiscation, decisionSectionHeadings])
        static let nameDelimiters: Set<Unicode.Scalar> = ["，", ",", "；", ";", "。", "(", "（", " ", "\u{3000}", "|", "、"]
        static let addressDelimiters: Set<Unicode.Scalar> = ["，", "；", ";", "。", " ", "\u{3000}"]
    }

    // MARK: - Subject

    /// Words of a header line that make it a table's column or a listed decision, not the
    /// document's title (`行政处罚决定书文号`, `决定书名称 …`, `第Z4003028号行政处罚决定书`).
    static let notTitleWords = ["文号", "文號", "编号", "編號", "名称", "名稱", "号行政", "號行政", "号处罚", "號處罰"]

    /// Labels a government page puts before its own title (`名 称: 某局行政处罚决定书…`).
    static let pageTitleLabels: Set<String> = ["名称", "名稱", "标题", "標題"]

    /// What a form writes in a field left empty (`——`, `/`, `无`).
    static let emptyFieldMarks: Set<Unicode.Scalar> = ["—", "-", "－", "/", "／", "无", "無"]

    /// Labels of the lines under an addressee that give its details.
    static let detailLabels = ["统一社会信用代码", "統一社會信用代碼", "社会信用代码", "身份证号", "身份證號", "公民身份号码", "法定代表人", "经营者", "經營者", "负责人", "住所", "地址", "地 址"]

    /// `bareNameFollowers` and `bareNameStarts` as scalars, compared without making Strings.
    static let bareNameFollowerScalars = bareNameFollowers.map { Array($0.unicodeScalars) }

    static let bareNameStartScalars = bareNameStarts.map { Array($0.unicodeScalars) }

    /// Words a sentence goes on with after naming its subject.
    static let bareNameFollowers = [
        "在", "于", "於", "未", "因", "擅自", "违反", "違反", "将", "將", "从事", "從事", "驾驶", "駕駛", "经营", "經營", "的", "系", "係", "涉嫌", "存在", "已",
        "使用", "销售", "銷售", "生产", "生產", "非法", "拒不", "逾期", "作为", "作為", "无", "無", "发出", "發出", "下达", "下達",
    ]

    /// Words after a bare 当事人 that start no name.
    static let bareNameStarts = [
        "对", "對", "于", "於", "在", "未", "的", "已", "称", "稱", "系", "係", "为", "為", "陈述", "陳述", "提出", "没有", "沒有", "无", "無", "均", "应", "應",
        "如", "逾期", "签字", "簽字", "拒绝", "拒絕", "名称", "名稱", "姓名", "主体", "主體", "身份", "经营", "經營", "违反", "違反", "行为", "行為", "及", "和",
        "与", "與", "之", "所", "自", "将", "將", "因", "要求", "申请", "申請", "享有", "依法", "可", "不", "若", "提供", "收到", "进行", "進行", "认为", "認為",
        "表示", "承认", "承認", "现场", "現場", "委托", "委託", "法定", "有", "是", "即", "在场", "该", "該", "本人", "其", "涉嫌", "民法院", "民政府",
    ]

    // MARK: - Case number

    /// Verbs after a number a penalty was given under (`以某罚字〔2019〕第135号给予…`).
    static let givenUnderWords = ["给予", "給予", "作出", "对", "對", "处以", "處以"]

    /// Words that end what stands before a 文号 on its line: titles, labels, verbs of issuing.
    static let prefixEnders = [
        "决定书", "決定書", "通知书", "通知書", "告知书", "告知書", "案号", "文号", "文號", "编号", "編號",
        "开出", "開出", "作出", "做出", "出具", "日以", "下达", "下達", "印发", "印發", "依据", "依據", "根据", "根據", "的", "公示)", "公示）",
    ]

    static let prefixEnderScalars = prefixEnders.map { Array($0.unicodeScalars) }

    /// Characters of a 文号's type word alone (`处罚`, `罚字`, `處罰決`).
    static let numberTypeScalars: Set<Unicode.Scalar> = ["处", "處", "罚", "罰", "决", "決", "字"]

    // MARK: - Agency

    /// How agencies' names end.
    static let agencySuffixes = [
        "局", "委员会", "委員會", "大队", "大隊", "支队", "支隊", "中队", "中隊", "管理处", "管理處", "办公室", "辦公室", "执法队", "執法隊",
        "管理委员会", "海关", "海關", "厅", "廳", "所", "办事处", "辦事處",
        // The central bank's offices only (`AgencyName.isCentralBankOffice`).
        "中心支行", "支行", "分行",
    ]

    /// Words of a sentence about documents or of a portal's text (`以下三則海關行政處罰決定書來源…`,
    /// `您当前所在位置`), never in an agency's name.
    static let notAgencyWords = ["以下", "以上", "的", "我局", "该", "該", "您", "当前", "當前", "应当", "應當"]

    /// Endings of names that look like offices but are businesses or places (`会所`, `诊所`, `场所`).
    static let notAgencyEndings = ["会所", "會所", "诊所", "診所", "事务所", "事務所", "厕所", "廁所", "场所", "場所", "住所"]

    /// The characters agencies' names end with (after converter debris is folded away).
    static let agencyFinals: Set<Unicode.Scalar> = Set((agencySuffixes + governmentSuffixes).compactMap(\.unicodeScalars.last))

    /// A people's government names itself in every page's banner: taken only when nothing else is found.
    static let governmentSuffixes = ["人民政府", "镇政府", "鎮政府"]

    /// Titles whose line names the agency before them (`某某局行政处罚决定书`).
    static let agencyTitles = [
        "行政处罚决定书", "行政處罰決定書", "不予行政处罚决定书", "责令改正违法行为决定书", "責令改正違法行為決定書", "责令改正决定书", "責令改正決定書", "责令限期改正决定书",
        "行政处罚事先告知书", "处罚决定书", "處罰決定書",
    ]

    // MARK: - Fine

    /// Bounds of a statutory range, right before 罚款 (`处五千元以上五万元以下的罚款`).
    static let rangeBounds = ["以下", "以下的", "以上", "以上的"]

    /// 人民币 before an amount.
    static let currencyWords = [Array("人民币".unicodeScalars), Array("人民幣".unicodeScalars)]

    /// Words between a penalty's amount and 处罚 (`500元的当场行政处罚`).
    static let penaltyQualifierScalars = ["行政", "當場", "当场"].map { Array($0.unicodeScalars) }

    /// A sum of fines and confiscations together (`罚没款`): no fine.
    static let fineAndConfiscationSums = ["罚没", "罰沒"]

    /// Words before a sum of several fines (`两项合计6565元`).
    static let totalWords = ["合计", "合計", "共计", "共計", "总计", "總計"]
    static let totalScalars = totalWords.map { Array($0.unicodeScalars) }

    /// What ends a clause when reading back from a 罚款.
    /// `、` separates the penalties of a list (`没收违法所得28元、处罚款5028元`).
    static let clauseEnds: Set<Unicode.Scalar> = ["，", ",", "；", ";", "。", ":", "：", "|", "\n", "\r", "、"]

    /// Words that make a clause with a fine a decided one, not a statute restated.
    static let decisiveWords = ["处以", "處以", "处", "處", "决定", "決定", "给予", "給予", "拟", "擬", "被", "合计", "合計"]

    // MARK: - Officers

    /// Words that follow the last officer's name in a sentence.
    static let officerListEnderScalars =
        [
            "于", "於", "在", "对", "對", "制作", "依法", "前往", "到", "进行", "進行", "一同", "共同", "现场", "現場", "组成", "組成", "执法证", "執法證", "办理",
            "辦理",
        ]
        .map { Array($0.unicodeScalars) } + officerAppointingEnders

    /// What follows the officers a case is given to (`指定陈国栋、钱兆丰为办案人员`).
    static let officerAppointingEnders = ["为办案", "為辦案", "为承办", "為承辦"].map { Array($0.unicodeScalars) }
    /// Labels that name officers only where they appoint them.
    static let officerAppointingLabels: Set<String> = ["指定"]

    /// Words after 执法人员 that start no name.
    static let officerNotNames = ["当即", "當即", "在", "对", "對", "依法", "现场", "現場", "发现", "發現", "出示", "进行", "進行", "检查", "檢查", "调查", "調查"]

    // MARK: - Narrative

    /// How a decision speaks to its addressee.
    static let addressWords = ["你单位", "你(单位)", "你公司", "你厂", "你店", "你社", "你單位", "你廠"].map { TextScanner.Labels([$0]) }

    /// Words a report puts before the subject's name, dropped from it (`该公司`, `当事人某某`).
    static let narrativeLabels = ["当事人", "當事人", "被处罚人", "被處罰人", "该", "該"]

    /// Words that show a report's candidate is a place or a sentence, not a subject's name.
    static let narrativeNotNames = ["场所", "場所", "位于", "位於", "的", "当事人", "當事人", "该", "該", "责令", "責令", "涉案"]

    /// `对` (before the name) and `因违反`, `因涉嫌` (after it).
    static let narrativeWords = TextScanner.Labels(
        namePrecedingWords + ["因", "未办理", "未辦理", "未依法", "未取得", "擅自", "以上事实", "以上事實", "于", "於", "等", "存在", "违反", "違反"])

    /// Words before the name in `narrativeWords`; the rest follow it.
    static let namePrecedingWords = ["对", "對", "给予", "給予", "发现", "發現", "认定", "認定"]

    /// What follows an organisation's name in a report: what it did, what was done to it, or
    /// another party (`某某中心和某某酒店`).
    static let organisationFollowerScalars =
        (bareNameFollowers + ["进行", "進行", "作出", "给予", "給予", "处以", "處以", "实施", "實施", "允许", "允許", "开展", "開展", "和", "及", "与", "與", "、"])
        .map { Array($0.unicodeScalars) }

    /// How a company's name ends, where no verb follows it.
    static let companyEnding = TextScanner.Labels(["公司"])

    /// Verbs after `对 <name>` that end the name (`对某某公司作出…`).
    static let dealingVerbs = TextScanner.Labels([
        "作出", "進行", "进行", "开展", "開展", "给予", "給予", "处以", "處以", "实施", "實施", "立案", "罚款", "罰款", "警告", "未", "存在", "在", "和",
        "发出", "發出", "下达", "下達", "送达", "送達",
    ])

    /// Characters that may stand right before a masked name in a report (`村民閆某某`, `驾驶员张某`,
    /// `业主李某`).
    static let roleEndings: Set<Unicode.Scalar> = ["民", "员", "員", "人", "者", "主", "系", "对", "對", "予", "给", "給", "现", "現", "，"]

    /// Roles beside the subject, whose masked names are not the subject's.
    static let maskedPersonRoles = [
        "负责人", "負責人", "代表人", "经营者", "經營者", "证人", "證人", "工作人员", "工作人員", "员工", "員工", "股东", "股東", "监护人", "監護人", "店长", "店長",
    ]

    /// The mark of a masked person's name in a report (`吴某雄`, `张某某`).
    static let maskMark = TextScanner.Labels(["某"])

    /// Province names, dropped before a report's agency where the text adds them.
    static let provinces = AgencyName.provinces

    /// How a 公示 page's title goes on after its agency (`某局行政案件公示`).
    static let publicityTitleOpeners = ["行政处罚", "行政處罰", "行政案件", "行政执法", "行政執法"]

    /// Words of what a case's subject did (`…便利店销售…`), none of them a part of a name
    /// (`经营`, `生产` are: `某某市场经营管理有限公司`).
    static let caseConductScalars = ["销售", "銷售", "未", "擅自", "非法", "违反", "違反", "涉嫌", "从事", "從事", "无证", "無證", "超过", "超過"]
        .map { Array($0.unicodeScalars) }

    /// Characters that open a clause inside a case's name, never a name's (`在`, `于`, `未`).
    static let clauseWords: Set<Character> = ["在", "于", "於", "对", "對", "向", "从", "從", "未", "擅", "被"]

    /// Verbs that decide a penalty on a date (`于…作出`, `下达了`, `给予`), then what they decide.
    /// Also how a penalty of an amount is given (`给予…1.5万元行政处罚`, `处人民币…`).
    static let penaltyDecidingVerbs = ["作出", "做出", "作齣", "下达", "下達", "给予", "給予", "给与", "給與", "处以", "處以", "处人民币", "處人民幣"]
    static let decidedPenaltyNouns = ["处罚决定", "處罰決定", "决定书", "決定書", "处罚", "處罰", "罚款", "罰款"]
    /// Han characters that end a phrase before a place's name (`供应商为哈尔滨市…`, `依法對泰興市…`).
    static let placeOpeners: Set<Unicode.Scalar> = [
        "对", "對", "为", "為", "向", "与", "與", "将", "將", "是", "由", "在", "经", "經", "据", "據", "和", "及", "或", "被", "给", "給", "从", "從",
        "于", "於", "的", "系", "係", "即",
    ]

    /// Words before a penalty's kind that waive it (`免于罚款`).
    static let waivingWords: [(Unicode.Scalar, Unicode.Scalar)] = [("免", "于"), ("免", "於"), ("免", "予"), ("不", "予"), ("免", "除")]

    /// Words before a date that put what follows before this case (`曾于…被给予警告`).
    static let earlierWords = ["曾", "此前", "先前", "以前"]

    /// A date's clause with these words dates no penalty decision: one proposed, suggested,
    /// announced or served, an order to put right (`下达《责令改正违法行为决定书》`), or a review's
    /// own steps (`于…收到申请人…提出的行政复议申请,要求撤销…作出的…`).
    static let statedDateExclusions = [
        "拟", "擬", "建议", "建議", "告知", "送达", "送達", "听证", "聽證", "立案", "改正", "责改", "責改", "收到", "受理", "申请", "申請",
        "缴纳", "繳納", "核定",
    ]

    /// Verbs with which an agency has another act for it (`某局责成某支队…`).
    static let agencyDelegations = ["责成", "責成", "委托", "委託", "指派"]

    /// Words after an acting agency's name.
    static let agencyActs = TextScanner.Labels(actingWords + officerWords)

    /// Words with which an agency acts in a report (`某某局对…`, `依法`, `决定`).
    static let actingWords = [
        "对", "對", "于", "於", "依法", "依据", "依據", "决定", "決定", "联合", "聯合", "在", "就", "处以", "處以", "共处", "共處", "罚款", "罰款",
        "予以", "给予", "給予", "查处", "查處", "通报", "通報",
    ]

    /// How a text speaking as the agency names it.
    static let selfReferences = TextScanner.Labels(["我局", "本局", "我队", "本队", "我隊", "本隊", "本机关", "本機關", "我厅", "我廳", "我委", "本委"])

    /// The agency's officers acting (`某某大队执法人员在…`).
    static let officerWords = [
        "执法人员", "執法人員", "监督执法人员", "監督執法人員", "行政执法人员", "行政執法人員", "消防监督人员", "消防監督人員", "监察人员", "監察人員",
        "稽查人员", "稽查人員", "监督人员", "監督人員", "监督员", "監督員", "环境执法人员", "環境執法人員", "综合执法人员", "綜合執法人員",
        "环境监察人员", "環境監察人員",
    ]

    /// Adverbs between a name and what it did or had done (`某局近日已对…`, `某公司近期因…`).
    static let actAdverbs = [
        "于近日", "於近日", "近日", "日前", "近期", "随即", "隨即", "当即", "當即", "已经", "已經", "已", "现", "現", "曾", "多次", "长期", "長期", "及时", "及時",
    ]
    .map { Array($0.unicodeScalars) }

    /// How a section of an agency's office ends its name (`法规科`, `办公室`).
    static let agencySections: Set<Character> = ["科", "室", "股"]

    /// Words that lead a report's sentence before the agency (`近日`, `经查`), not part of its name.
    static let agencyLeadWords = ["近日", "日前", "近期", "随后", "隨後", "同时", "同時", "当日", "當日", "当天", "經查", "经查", "由"]

    /// How a 复议 body speaks of what it reviews, and how a court speaks of itself (a review's
    /// text without its title).
    static let reconsiderationWords = TextScanner.Labels(["行政复议申请", "行政復議申請", "复议申请", "復議申請"])
    static let courtWords = TextScanner.Labels(["本院"])
    /// Words after a party's name in a review's account (`申请人某某不服…`, `被申请人某局作出的…`).
    static let reviewPartyStops = ["不服", "作出", "做出", "提出", "称", "稱", "诉称", "訴稱", "辩称", "辯稱", "于", "於", "因", "对", "對", "的", "向", "要求", "认为", "認為"]
        .map { Array($0.unicodeScalars) }
    /// Words that make a party's label's value no party's name.
    static let reviewPartyWords = ["申请", "申請", "复议", "復議", "请求", "請求", "委托", "委託", "代理", "诉讼", "訴訟"]

    /// A clause naming a place or a building, or speaking of itself (`我局`, `证明我局…`), not an agency.
    static let agencyNotNames = ["位于", "位於", "的", "以下", "以上", "目前", "我", "本局", "本机关", "本機關", "该", "該", "陪同", "证明", "證明", "人员", "人員"]

    // MARK: - Penalty

    /// Words that open what is decided. A quoted statute (`“…处五百元以上罚款”`) opens nothing.
    static let decisionOpeners = TextScanner.Labels([
        "如下行政处罚", "如下行政處罰", "以下行政处罚", "以下行政處罰", "处罚如下", "處罰如下", "决定如下", "決定如下", "如下处罚", "如下處罰",
        "处罚内容", "處罰內容", "处罚类别", "處罰類別", "处罚种类", "處罰種類", "处罚结果", "處罰結果", "处罚决定", "處罰決定",
        "处以", "處以", "给予", "給予", "并处", "並處", "决定", "決定", "予以", "作出", "作出了", "处警告", "處警告",
    ])

    /// Words that end what is decided: the basis, the instructions to pay and to appeal.
    static let decisionPartEnders = ["根据", "根據", "依据", "依據", "本决定", "本決定", "如不服", "当事人", "當事人", "逾期", "限你", "你单位", "你公司"]

    /// The words of `penaltyKindWords`, then `objectWords`.
    static let penaltyKindLabels = TextScanner.Labels(penaltyKindWords.flatMap(\.0) + objectWords)

    /// Words whose kind depends on their object: 没收 (违法所得 or property), 吊销 (a licence).
    static let objectWords = ["没收", "沒收", "吊销", "吊銷"]

    /// The kind each word of `penaltyKindLabels` names (but 没收).
    static let penaltyKindLabelKinds = penaltyKindWords.flatMap { words, kind in words.map { _ in kind } }

    /// Words of each kind (Simplified and Traditional), besides 没收 of property.
    static let penaltyKindWords: [([String], String)] = [
        (["警告"], "警告"), (["通报批评", "通報批評"], "通报批评"), (["罚款", "罰款"], "罚款"),
        (["没收违法所得", "沒收違法所得"], "没收违法所得"),
        (["暂扣许可证", "暫扣許可證", "暂扣营业执照", "暫扣營業執照", "暂扣执照", "暫扣執照"], "暂扣许可证件"),
        (["降低资质等级", "降低資質等級"], "降低资质等级"),
        (["吊销许可证", "吊銷許可證", "吊销营业执照", "吊銷營業執照", "吊销执照", "吊銷執照", "吊销食品经营许可证", "吊銷食品經營許可證"], "吊销许可证件"),
        (["限制开展生产经营活动", "限制開展生產經營活動"], "限制开展生产经营活动"),
        (["责令停产停业", "責令停產停業", "责令停业", "責令停業"], "责令停产停业"),
        (["责令关闭", "責令關閉"], "责令关闭"), (["限制从业", "限制從業"], "限制从业"), (["行政拘留", "拘留"], "行政拘留"),
    ]

    /// The word of confiscation, before what it takes.
    static let confiscation = TextScanner.Labels(["没收", "沒收"])

    /// Property confiscated after the proceeds (`没收违法所得和非法财物`).
    static let propertyAfterProceeds = ["和非法", "及非法", "、非法", "和违法", "及违法", "、违法", "和違法", "及違法", "、違法"]

    /// What stands between 没收违法所得 and an amount that is not its own.
    static let amountBarriers: Set<Unicode.Scalar> = ["，", ",", "、", "；", ";", "。", "和", "及", "并", "並", "罚", "罰"]

    /// How a decision names proceeds confiscated (after 没收 and perhaps a possessor).
    static let proceedsWordScalars = ["违法所得", "違法所得", "违法经营所得", "違法經營所得", "非法所得"].map { Array($0.unicodeScalars) }

    /// How a decision speaks to its subject (the first `secondPersonCount` of `decisionMarks`).
    static let secondPerson = ["你单位", "你(单位)", "你（单位）", "你公司", "你厂", "你店", "你社", "你單位", "你廠", "你(你单位)"]

    static let secondPersonCount = secondPerson.count

    /// Words of a report's statistics: counts of cases, totals over a period.
    static let statisticsWords = TextScanner.Labels(["共查处", "共查處", "累计", "累計", "合计", "合計", "今年以来", "今年以來", "全年", "共办理", "共辦理"])

    /// How a report recommends a decision for review (an investigation's report, an approval form).
    static let recommendedDecisionWords = TextScanner.Labels(["建议作出", "建議作出", "建议给予", "建議給予", "建议处以", "建議處以", "建议对", "建議對"])

    /// Headings only a decision's sections carry: the penalty's basis and kind (a notice's reads
    /// `拟作出行政处罚的依据`), and how the subject's statement and defence were taken up, which a
    /// notice before the decision cannot report yet.
    static let decisionSectionHeadings = TextScanner.Labels(["行政处罚的依据、种类", "行政處罰的依據、種類", "及采纳情况", "及採納情況"])

    /// How a decision speaks to its subject, then the remedies it states.
    static let decisionMarks = TextScanner.Labels(secondPerson + ["行政复议", "行政復議", "如不服"])

    // MARK: - Representative

    /// What a table's heading may add to a representative's label (`法定代表人或负责人姓名`).
    static let representativeHeadingQualifiers = [
        "或负责人姓名", "或負責人姓名", "或负责人", "或負責人", "(负责人)", "（负责人）", "(負責人)", "（負責人）", "姓名", "名称",
    ]

    /// The labels, in order of preference (a 法定代表人 over a 负责人 named elsewhere).
    static let representativeLabels = TextScanner.Labels([
        "法定代表人", "法定代表", "法人代表", "经营者", "經營者", "负责人", "負責人", "投资人", "投資人", "执行事务合伙人", "執行事務合夥人", "法人",
    ])

    /// What stands in a representative's cell when there is none.
    static let representativeFillers = [
        "或主要负责人", "或主要負責人", "或负责人", "或負責人", "/负责人", "/負責人", "／负责人", "／負責人", "姓名", "名称", "名稱", "及联系方式", "及聯系方式",
    ]

    /// Labels that may follow the name with nothing between (`刘均职务`).
    static let followingLabelScalars = ["职务", "職務", "性别", "性別", "电话", "電話", "联系电话", "聯系電話", "身份证", "身份證"].map {
        Array($0.unicodeScalars)
    }

    /// Words that follow a label in running text and are no name (`经营者应当…`, `负责人员`).
    static let notRepresentatives = [
        "应当", "應當", "员", "員", "未", "对", "對", "的", "在", "及", "和", "是", "为", "為", "签", "簽", "身份", "证件", "證件", "性别", "性別", "住所", "地址", "无", "無", "代表",
        "人", "销售", "銷售", "表示", "案件", "名称", "名稱",
    ]

    // MARK: - Legal bases

    /// `违反…`, and a 公示 table's column of the violated provision (`违法行为类型: | 《…》`).
    static let violationCues = ["违反", "違反", "违背", "違背", "违法行为类型", "違法行為類型", "违则", "違則", "违规条款", "違規條款"]

    static let violationCueCount = violationCues.count

    /// `违反…` cues first, then `依据…` cues.
    static let citationCues = TextScanner.Labels(violationCues + ["依据", "依據", "根据", "根據", "依照", "按照", "适用", "適用", "参照", "參照", "罚则", "罰則"])

    /// Statutes that may be cited only for procedure (paying, appealing, hearing).
    static let procedureLaws = [
        "行政处罚法", "行政處罰法", "行政复议法", "行政復議法", "行政诉讼法", "行政訴訟法", "行政强制法", "行政強制法", "程序规定", "程序規定",
    ]

    /// Laws and rules of procedure, cited only for how a case is handled, never for what is
    /// decided (`林业行政处罚程序规定`, `市场监督管理行政处罚听证办法`; coercive measures, appeals and suits).
    static let procedureRules = [
        "程序规定", "程序規定", "听证办法", "聽證辦法", "行政强制法", "行政強制法", "行政复议法", "行政復議法", "行政诉讼法", "行政訴訟法",
    ]

    /// Words of a sentence about procedure.
    static let procedureWords = TextScanner.Labels([
        "缴", "繳", "复议", "復議", "诉讼", "訴訟", "强制执行", "強制執行", "加处", "加處", "听证", "聽證", "陈述", "陳述", "申辩", "申辯", "送达", "送達",
    ])

    /// Words of a sentence about a fine or a decision left unpaid: whatever it cites, it cites for
    /// enforcement, never for the penalty.
    static let paymentEnforcementWords = TextScanner.Labels([
        "逾期不缴", "逾期不繳", "逾期不履行", "到期不缴", "到期不繳", "加处罚款", "加處罰款",
    ])

    /// Conditions a statute's sentence goes on by (`没有违法所得的,予以警告`), never a decision's.
    static let statuteConditions = TextScanner.Labels(["情节严重的", "情節嚴重的", "没有违法所得的", "沒有違法所得的"])

    /// What a sentence opens a case with (`根据《…》第八十一条第一款规定,…立案调查`): a citation
    /// for it gives jurisdiction, not the penalty, unless the sentence also decides one.
    static let caseOpeningWords = TextScanner.Labels(["立案"])
    static let penaltyWords = TextScanner.Labels(["处罚", "處罰", "罚款", "罰款", "警告", "没收", "沒收", "吊销", "吊銷", "责令停", "責令停"])

    /// Words that cite the statute named last before them: `按照该法第八十四条`.
    static let sameStatuteWords = TextScanner.Labels(["该法", "該法", "该条例", "該條例", "该办法", "該辦法", "该规定", "該規定"])
}

extension SubjectNaming {
    // MARK: - Subject names

    /// Words of a bracket after a name that is no operator's name (`(以下简称…)`, `(法人)`).
    static let notOperatorWords = ["简称", "簡稱", "下称", "下稱", "以下", "法人", "个人", "個人", "单位", "單位"]

    /// Words that mark a name as an enterprise's, never a person's.
    static let enterpriseMarks = [
        "公司", "有限", "厂", "店", "中心", "合作社", "超市", "酒店", "餐厅", "饭店", "企业", "集团", "商行", "经营部", "门市", "工作室", "医院", "诊所", "学校", "协会", "站", "场",
    ]

    /// The common surnames, the first few hundred by frequency, in both scripts.
    static let surnames = Set(
        """
        王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何林罗羅高郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖蕭田董潘袁蔡蒋蔣余于杜叶葉程魏苏蘇吕呂丁任卢盧姚
        沈钟鍾姜崔谭譚陆陸范汪廖石金韦韋贾賈夏付傅方邹鄒熊白孟秦邱侯江尹薛闫閆段雷黎史龙龍陶贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安
        齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑
        华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党黨宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞
        姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺官封谈談匡鞠惠荆荊乐樂冀郁胥南班储儲原栗燕楚鄢劳勞谌諶奚皮粟冼蔺藺楼樓盘盤满滿闻聞
        位厉厲伊仝区區郜海阚闞花权權强強帅帥屠豆朴盖蓋练練廉禹井祖漆巴丰支卿国國狄平计計索宣晋晉相初门門云雲容敬来來扈晁芮都普阙闕浦戈伏鹿薄邸雍辜羊阿乌烏母裘亓
        修邰赫杭况況那宿鲜鮮印逯隆茹诸諸战戰慕危玉银銀亢嵇公哈湛宾賓戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴陰昝智幸奉植衡富尧堯闭閉由逄逢栾蓬郇
        洪赖賴丘畅暢竺习習
        """.filter { !$0.isWhitespace })

    /// The first scalars of `surnames` and `compoundSurnames`.
    static let surnameScalars = Set(surnames.compactMap(\.unicodeScalars.first) + compoundSurnames.compactMap(\.unicodeScalars.first))

    /// The last scalars of `organisationEndings`, and a bracket closing a qualifier.
    static let organisationFinals = Set(organisationEndings.compactMap(\.unicodeScalars.last) + [")", "）"])

    /// Two-character surnames.
    static let compoundSurnames = ["欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟", "尉遲", "令狐", "慕容", "司徒", "夏侯", "端木", "公孙", "公孫"]

    /// Characters that stand for masked ones in published names (`王*锋`, `勞XX`, `李××`).
    static let maskCharacters: Set<Unicode.Scalar> = ["*", "＊", "×", "X", "x"]

    /// Legal forms published in brackets after a name.
    static let legalForms: Set<String> = [
        "普通合伙", "普通合夥", "有限合伙", "有限合夥", "特殊普通合伙", "特殊普通合夥", "个体工商户", "個體工商戶", "个人独资", "個人獨資", "个人独资企业",
        "個人獨資企業", "个体", "個體",
    ]

    /// How names of enterprises, shops and other organisations end (Simplified and Traditional).
    static let organisationEndings = [
        "公司", "厂", "廠", "店", "部", "中心", "社", "所", "馆", "館", "站", "场", "場", "院", "超市", "门市", "門市", "网吧", "網吧", "网咖", "網咖",
        "寺", "园", "園", "行", "坊", "室", "队", "隊", "会", "會", "村", "矿", "礦", "庄", "莊", "铺", "舖", "副食",
    ]

    /// How the controls and notes of a portal page begin (`字体大小:`, `发布时间:`), never a name.
    static let portalChrome = [
        "字体", "字體", "字号", "字號", "打印", "分享", "关闭", "關閉", "浏览次数", "瀏覽次數", "阅读次数", "閱讀次數", "发布时间", "發布時間", "来源", "來源",
    ]

    /// Words that show a line is not a name: greetings, labels, sentences, titles.
    static let notNames = [
        "决定书", "決定書", "通知书", "告知书", "你单位", "你公司", "本局", "我局", "经查", "现查明", "現查明", "现将", "一案", "如下", "公示", "信息", "统一社会信用代码", "法定代表人", "地址", "行政处罚",
        "附件", "事实", "事實", "文件", "下载", "下載", "案由",
        // A 复议 decision's or a ruling's parties speaking (`申请人称:`, `原告诉称`).
        "申请人", "申請人", "人称", "人稱", "诉称", "訴稱", "辩称", "辯稱",
    ]

    /// How a text opens the short name it goes on to use, in brackets after the full one.
    static let shortNameAsides = ["（以下简称", "(以下简称", "（以下簡稱", "(以下簡稱", "（下称", "(下称", "（下稱", "(下稱"]

    /// How a report's sentence goes on to what was found or reported (`發現不少商店`,
    /// `反映某路口餐饮店`): no name starts so.
    static let reportVerbs = ["发现", "發現", "反映"]
}
