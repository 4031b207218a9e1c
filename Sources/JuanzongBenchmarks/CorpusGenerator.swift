import Foundation
import JuanzongCore

/// Writes a synthetic but realistic corpus of case folders for benchmarks and crash tests:
/// per case a 立案审批表, 询问笔录, 告知书, 决定书 and 送达回证 of about 500 characters each,
/// half of the cases with a `case.json`, one in ten with a recorder sidecar.
/// The same seed gives the same corpus.
public struct CorpusGenerator {
    public let cases: Int
    public let seed: UInt64

    public init(cases: Int, seed: UInt64 = 20_231_113) {
        self.cases = cases
        self.seed = seed
    }

    static let agencies = [
        ("上海市奉贤区市场监督管理局", "沪市监奉处"), ("上海市奉贤区生态环境局", "奉环罚"), ("上海市奉贤区城市管理行政执法局", "奉城管罚"),
        ("上海市奉贤区应急管理局", "奉应急罚"), ("上海市奉贤区交通委员会", "奉交罚"), ("上海市奉贤区卫生健康委员会", "奉卫罚"),
    ]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
    static let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅")
    static let trades = ["餐饮管理", "食品销售", "建材贸易", "精细化工", "印务", "物流", "汽车维修", "美容美发", "建筑工程", "五金加工"]
    static let places = ["南桥镇江海路", "金汇镇工业路", "庄行镇南亭路", "青村镇钱桥路", "奉城镇城中路", "西渡街道浦江路", "柘林镇胡桥路"]
    static let facts = [
        "在经营场所冷藏柜内存放超过保质期的食品用于销售", "未按规定公示食品经营许可证", "喷涂车间废气收集设施未运行,挥发性有机物无组织排放",
        "超过大气污染物排放标准排放大气污染物", "擅自占用道路设摊经营", "随意倾倒建筑垃圾", "未取得建设工程规划许可证进行建设",
        "未按规定对从业人员进行安全生产教育和培训", "危险化学品储存场所未设置明显的安全警示标志", "使用未经检验的特种设备",
    ]
    static let bases = [
        ("中华人民共和国食品安全法", 124), ("中华人民共和国大气污染防治法", 108), ("中华人民共和国大气污染防治法", 119),
        ("上海市市容环境卫生管理条例", 46), ("中华人民共和国城乡规划法", 64), ("中华人民共和国安全生产法", 97),
        ("危险化学品安全管理条例", 78), ("中华人民共和国特种设备安全法", 84), ("中华人民共和国行政处罚法", 32),
    ]
    static let sentences = [
        "执法人员出示执法证件,表明身份,告知当事人依法享有陈述、申辩和要求听证的权利。",
        "当事人对检查结果无异议,并在笔录上逐页签字确认。",
        "现场拍摄照片若干张,制作现场检查笔录一份,并提取相关票据、台账复印件作为证据。",
        "经进一步调查核实,当事人的上述行为事实清楚,证据确凿,情节较轻,且系初次违法。",
        "当事人在调查过程中积极配合,主动提供了进货凭证和销售记录,并已立即停止违法行为。",
        "执法人员对涉案物品予以登记保存,清点数量后由当事人签字确认,并出具登记保存清单。",
        "本案经机关负责人集体讨论,认为应当依法给予行政处罚,并综合考虑违法行为的性质、情节和社会危害程度。",
        "当事人提出其对相关法律规定不了解,请求从轻处理,执法人员当场进行了普法宣传教育。",
        "经法制审核,本案事实清楚,证据确实充分,适用法律正确,程序合法,处罚裁量适当。",
        "当事人已于限期内完成整改,经复查,现场已清理完毕,相关设施运行正常。",
        "调查期间,执法人员依法调取了当事人的营业执照、许可证件及从业人员健康证明等材料。",
        "根据行政处罚裁量基准,结合当事人的违法事实和整改情况,拟在法定幅度内从轻处罚。",
        "当事人对拟作出的行政处罚无陈述申辩意见,未要求举行听证,并签署了放弃陈述申辩声明。",
        "执法全过程使用执法记录仪进行音像记录,音像资料已按规定归档保存。",
        "周边群众反映该问题已持续一段时间,对附近居民的正常生活造成了一定影响。",
        "执法人员责令当事人立即改正违法行为,并制作责令改正通知书当场送达。",
    ]

    /// About 250 characters of case narrative, varied per document.
    static func narrative(_ random: inout SplitMix64, count: Int = 7) -> String {
        (0..<count).map { _ in sentences[Int(random.next() % UInt64(sentences.count))] }.joined()
    }

    /// Writes the corpus under `directory`; returns the number of documents written.
    @discardableResult
    public func write(to directory: URL) throws -> Int {
        var random = SplitMix64(seed: seed)
        var documents = 0
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        for index in 0..<cases {
            let (agency, prefix) = Self.agencies[Int(random.next() % UInt64(Self.agencies.count))]
            let year = 2019 + Int(random.next() % 6)
            let number = "\(prefix)〔\(year)〕\(String(format: "%05d", index))号"
            let subjectIndex = Int(random.next() % UInt64(max(cases / 3, 1)))
            let isPerson = subjectIndex % 4 == 0
            let name =
                isPerson
                ? String(Self.surnames[subjectIndex % Self.surnames.count]) + String(Self.givenNames[(subjectIndex / 7) % Self.givenNames.count])
                    + String(Self.givenNames[(subjectIndex / 3) % Self.givenNames.count])
                : "上海\(Self.places[subjectIndex % Self.places.count].prefix(2))\(Self.trades[subjectIndex % Self.trades.count])\(subjectIndex)有限公司"
            let identifier = isPerson ? Self.identityNumber(subjectIndex) : Self.creditCode(subjectIndex)
            let place = Self.places[Int(random.next() % UInt64(Self.places.count))]
            let fact = Self.facts[Int(random.next() % UInt64(Self.facts.count))]
            let basis = Self.bases[Int(random.next() % UInt64(Self.bases.count))]
            let amount = Int(random.next() % 200 + 1) * 500
            let month = Int(random.next() % 9) + 1
            let day = Int(random.next() % 28) + 1
            let filed = DayDate(year: year, month: month, day: day)!
            let decided = DayDate(year: year, month: month + 2, day: day)!
            let officers =
                "\(Self.surnames[index % Self.surnames.count])\(Self.givenNames[index % Self.givenNames.count])、\(Self.surnames[(index + 5) % Self.surnames.count])\(Self.givenNames[(index + 3) % Self.givenNames.count])"
            let party = "当事人:\(name)\n\(isPerson ? "身份证号码" : "统一社会信用代码"):\(identifier)\n住所:上海市奉贤区\(place)\(index % 900 + 1)号\n"
            let citation = "《\(basis.0)》第\(ChineseNumeral.spelled(basis.1))条"
            func header(_ title: String) -> String { "\(agency)\n\(title)\n案号:\(number)\n" }
            let filler = Self.narrative(&random), filler2 = Self.narrative(&random), filler3 = Self.narrative(&random),
                filler4 = Self.narrative(&random)
            let texts: [(String, String)] = [
                (
                    "01_立案审批表.txt",
                    header("立案审批表") + party
                        + "案由:涉嫌\(fact)。\n案件来源:日常监督检查中发现。\(filler4)\n承办人意见:经初步核查,当事人涉嫌\(fact),建议立案调查。\(filler)\n\(agency)\n\(Self.chineseDate(filed))\n"
                ),
                (
                    "02_询问笔录.txt",
                    header("询问笔录")
                        + "被询问人:\(name)\n执法人员:\(officers)\n问:我们是\(agency)的执法人员,现依法向你询问,你是否听清楚?\n答:听清楚了。\n问:\(place)的情况你是否清楚?\n答:清楚,是我们\(fact)。\(filler2)\n"
                ),
                (
                    "03_行政处罚告知书.txt",
                    header("行政处罚告知书") + party
                        + "本机关拟依据\(citation)的规定,对你(单位)处以罚款人民币\(amount)元。你(单位)有权进行陈述和申辩。\(filler3)\n\(agency)\n\(Self.chineseDate(decided))\n"
                ),
                (
                    "04_行政处罚决定书.txt",
                    header("行政处罚决定书") + party
                        + "执法人员:\(officers)\n经查,当事人在\(place)\(fact)。\(filler4)当事人的上述行为违反了\(citation)的规定,本机关决定对当事人处以罚款人民币\(Self.capitalAmount(amount))(¥\(amount)元)。如不服本决定,可以依法申请行政复议或者提起行政诉讼。\n\(agency)\n\(Self.chineseDate(decided))\n"
                ),
                (
                    "05_送达回证.txt",
                    header("送达回证")
                        + "受送达人:\(name)\n送达文书:行政处罚决定书\n送达方式:直接送达\n送达地点:上海市奉贤区\(place)\(index % 900 + 1)号\n备注:\(filler3)\(filler)\n\(decided.iso)\n"
                ),
            ]
            let folder = directory.appendingPathComponent(String(agency.suffix(6))).appendingPathComponent(String(year))
                .appendingPathComponent(String(format: "case-%07d", index))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (file, text) in texts {
                try Data(text.utf8).write(to: folder.appendingPathComponent(file))
            }
            documents += texts.count
            if index % 2 == 0 {
                let manifest: [String: Any] = [
                    "schema": "juanzong-case/1", "case_number": number, "agency": agency, "case_type": "行政处罚", "procedure": "普通",
                    "dates": ["filed": filed.iso, "decided": decided.iso],
                    "subject": ["kind": isPerson ? "person" : "enterprise", "name": name, "identifier": identifier],
                    "documents": texts.map { ["file": $0.0] },
                ]
                try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]).write(to: folder.appendingPathComponent("case.json"))
            }
            if index % 10 == 0 {
                let sidecar = [
                    "file_name": "DSJ_\(index).mp4", "device_id": "DSJ-\(index % 50)", "officer_id": "3112\(index % 1000)",
                    "start_time": "\(filed.iso) 09:30:00", "end_time": "\(filed.iso) 09:45:00", "category": "现场执法",
                ]
                try JSONSerialization.data(withJSONObject: sidecar, options: [.sortedKeys]).write(
                    to: folder.appendingPathComponent("DSJ_\(index).json"))
            }
        }
        return documents
    }

    static func chineseDate(_ date: DayDate) -> String {
        let digits = Array("〇一二三四五六七八九")
        let year = String(date.year).map { digits[$0.wholeNumberValue!] }
        return "\(String(year))年\(ChineseNumeral.spelled(date.month))月\(ChineseNumeral.spelled(date.day))日"
    }

    static func capitalAmount(_ amount: Int) -> String {
        let capitals: [Character: Character] = [
            "一": "壹", "二": "贰", "三": "叁", "四": "肆", "五": "伍", "六": "陆", "七": "柒", "八": "捌", "九": "玖",
            "十": "拾", "百": "佰", "千": "仟",
        ]
        let tenThousands = amount / 10_000, rest = amount % 10_000
        var text = tenThousands > 0 ? ChineseNumeral.spelled(tenThousands) + "万" : ""
        if rest > 0 { text += (tenThousands > 0 && rest < 1000 ? "零" : "") + ChineseNumeral.spelled(rest) }
        return String(text.map { capitals[$0] ?? $0 }) + "元"
    }

    static func creditCode(_ index: Int) -> String {
        let body = Array("9131012" + String(format: "%010d", index * 7919 % 9_999_999_999))
        let alphabet = SubjectIdentifierAlphabet.creditCode
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(body, weights).reduce(0) { $0 + alphabet.firstIndex(of: $1.0)! * $1.1 }
        return String(body) + String(alphabet[(31 - sum % 31) % 31])
    }

    static func identityNumber(_ index: Int) -> String {
        let body = Array(
            "310120" + String(format: "19%02d%02d%02d", 60 + index % 40, index % 12 + 1, index % 28 + 1) + String(format: "%03d", index % 1000))
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + $1.0.wholeNumberValue! * $1.1 }
        return String(body) + String(Array("10X98765432")[sum % 11])
    }
}
