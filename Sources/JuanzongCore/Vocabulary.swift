import Foundation

/// The kinds of administrative enforcement action (行政执法类别).
public enum CaseType: String, CaseIterable, Sendable, Codable {
    case penalty = "行政处罚"
    case license = "行政许可"
    case coercion = "行政强制"
    case inspection = "行政检查"
    case levy = "行政征收"
    case confirmation = "行政确认"
    case adjudication = "行政裁决"
    case payment = "行政给付"
    case other = "其他"
}

/// 简易程序 or 普通程序.
public enum Procedure: String, CaseIterable, Sendable, Codable {
    case summary = "简易"
    case ordinary = "普通"
}

/// Document types in the order they stand in a case file (案卷), 卷内目录 first.
public enum DocumentType: String, CaseIterable, Sendable, Codable {
    case tableOfContents = "卷内目录"
    case filingApproval = "立案审批表"
    case inquiryRecord = "询问笔录"
    case inspectionRecord = "现场检查笔录"
    case evidence = "证据材料"
    case sealingDecision = "查封扣押决定书"
    case rectificationNotice = "责令改正通知书"
    case investigationReport = "调查终结报告"
    case legalReview = "法制审核意见"
    case collectiveDiscussion = "集体讨论记录"
    case penaltyNotice = "处罚告知书"
    case statementRecord = "陈述申辩笔录"
    case hearingRecord = "听证笔录"
    case penaltyDecision = "处罚决定书"
    case licenseDecision = "许可决定书"
    case serviceReceipt = "送达回证"
    case enforcementRecord = "执行记录"
    case closingReport = "结案报告"
    /// A decision's publication (行政处罚信息公示, 双公示): a table of its facts, not its text.
    case penaltyPublicity = "处罚信息公示"
    /// A 行政复议 body's decision on a decision the subject contested (司法局 decides most).
    case reconsiderationDecision = "行政复议决定书"
    /// A court's judgment or ruling in a suit against a decision (行政判决书, 行政裁定书).
    case courtRuling = "行政裁判文书"
    case other = "其他"

    /// Position in the case file; documents sort by this, then by date.
    public var fileOrder: Int { Self.allCases.firstIndex(of: self)! }

    /// Types found only inside a case file (records of the procedure, not published on their own).
    public static let keptInCaseFile: Set<DocumentType> = [
        .tableOfContents, .filingApproval, .inquiryRecord, .inspectionRecord, .evidence, .investigationReport, .legalReview,
        .collectiveDiscussion, .statementRecord, .hearingRecord, .serviceReceipt, .enforcementRecord, .closingReport,
    ]

    /// Title words that identify the type, most specific first.
    public static let titleKeywords: [(String, DocumentType)] = [
        ("卷内目录", .tableOfContents), ("卷内文件目录", .tableOfContents),
        ("立案审批表", .filingApproval), ("立案登记表", .filingApproval), ("立案审批", .filingApproval),
        ("询问笔录", .inquiryRecord), ("调查笔录", .inquiryRecord), ("调查询问笔录", .inquiryRecord),
        ("现场检查笔录", .inspectionRecord), ("现场检查(勘验)笔录", .inspectionRecord),
        ("勘验笔录", .inspectionRecord), ("检查笔录", .inspectionRecord),
        ("查封扣押决定书", .sealingDecision), ("实施行政强制措施决定书", .sealingDecision),
        ("查封决定书", .sealingDecision), ("扣押决定书", .sealingDecision),
        ("责令改正通知书", .rectificationNotice), ("责令限期改正通知书", .rectificationNotice),
        ("责令改正决定书", .rectificationNotice), ("责令改正违法行为决定书", .rectificationNotice), ("責令改正違法行為決定書", .rectificationNotice),
        ("责令限期改正决定书", .rectificationNotice),
        ("責令改正通知書", .rectificationNotice), ("責令改正決定書", .rectificationNotice), ("責令限期改正決定書", .rectificationNotice),
        ("调查终结报告", .investigationReport), ("案件调查终结报告", .investigationReport),
        ("法制审核意见", .legalReview), ("法制审核", .legalReview),
        ("集体讨论记录", .collectiveDiscussion), ("集体讨论", .collectiveDiscussion),
        ("处罚告知书", .penaltyNotice), ("事先告知书", .penaltyNotice), ("處罰告知書", .penaltyNotice), ("事先告知書", .penaltyNotice),
        ("陈述申辩笔录", .statementRecord), ("陈述申辩", .statementRecord),
        ("听证笔录", .hearingRecord),
        ("行政处罚决定书", .penaltyDecision), ("处罚决定书", .penaltyDecision),
        ("行政處罰決定書", .penaltyDecision), ("處罰決定書", .penaltyDecision),
        ("行政许可决定书", .licenseDecision), ("准予行政许可决定书", .licenseDecision),
        ("送达回证", .serviceReceipt), ("送达回执", .serviceReceipt),
        ("执行记录", .enforcementRecord), ("罚没款缴纳", .enforcementRecord),
        ("结案报告", .closingReport), ("结案审批表", .closingReport),
        ("处罚信息公示", .penaltyPublicity), ("處罰信息公示", .penaltyPublicity), ("处罚结果公示", .penaltyPublicity),
        ("處罰結果公示", .penaltyPublicity), ("处罚结果公开", .penaltyPublicity), ("處罰結果公開", .penaltyPublicity),
        ("处罚公示", .penaltyPublicity), ("處罰公示", .penaltyPublicity), ("处罚案件信息公开", .penaltyPublicity),
        ("处罚信息公开", .penaltyPublicity), ("處罰信息公開", .penaltyPublicity), ("处罚决定公示", .penaltyPublicity), ("處罰決定公示", .penaltyPublicity),
        ("行政复议决定书", .reconsiderationDecision), ("行政復議決定書", .reconsiderationDecision), ("复议决定书", .reconsiderationDecision),
        ("復議決定書", .reconsiderationDecision), ("行政判决书", .courtRuling), ("行政判決書", .courtRuling), ("行政裁定书", .courtRuling),
        ("行政裁定書", .courtRuling),
        ("证据", .evidence), ("照片", .evidence),
    ]

    /// `titleKeywords` in UTF-8, with their length in characters.
    private static let encodedKeywords = titleKeywords.map { (bytes: Array($0.0.utf8), length: $0.0.count, type: $0.1) }

    /// The type named in `text` (a title or a file name), or nil.
    public static func named(in text: String) -> DocumentType? {
        var folded = text.containsFast("（") ? String(text.map { $0 == "（" ? "(" : $0 == "）" ? ")" : $0 }) : text
        var best: (length: Int, type: DocumentType)?
        folded.withUTF8 { hay in
            for keyword in encodedKeywords where keyword.bytes.withUnsafeBufferPointer({ UTF8Search.contains(hay, $0) }) {
                if best == nil || keyword.length > best!.length { best = (keyword.length, keyword.type) }
            }
        }
        return best?.type
    }
}

/// Substring search on UTF-8 bytes. memchr looks for the needle's last byte: in Chinese text a
/// lead byte (E4–E9) recurs every few bytes, a last byte (one of 64 continuation values) much
/// less often.
enum UTF8Search {
    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ pin: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = pin.last else { return true }
        guard hay.count >= pin.count, let base = hay.baseAddress, let pinBase = pin.baseAddress else { return false }
        var offset = pin.count - 1
        while offset < hay.count {
            guard let found = memchr(base + offset, Int32(last), hay.count - offset) else { return false }
            let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + end - (pin.count - 1), pinBase, pin.count) == 0 { return true }
            offset = end + 1
        }
        return false
    }
}

extension StringProtocol {
    /// Substring test on UTF-8 bytes (`UTF8Search`); Foundation's `contains` folds Unicode and
    /// the generic collection search is far slower on long documents.
    public func containsFast(_ other: some StringProtocol) -> Bool {
        var haystack = String(self), needle = String(other)
        return haystack.withUTF8 { hay in needle.withUTF8 { pin in UTF8Search.contains(hay, pin) } }
    }
}

/// Categories of audio-video records (音像记录类别).
public enum AVCategory: String, CaseIterable, Sendable, Codable {
    case fieldEnforcement = "现场执法"
    case investigation = "调查取证"
    case hearing = "听证"
    case service = "送达"
    case sealingSeizure = "查封扣押"
    case forcedExecution = "强制执行"
    case forcedDemolition = "强制拆除"
    case other = "其他"
}

/// Kinds of administrative penalty (行政处罚法 第九条).
public enum PenaltyKind {
    public static let all = [
        "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
        "吊销许可证件", "吊销营业执照", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留",
        // 行政处罚法 第九条 (六): other penalties a law or regulation sets (土地管理法: 责令退还, 限期拆除).
        "其他",
    ]
}
