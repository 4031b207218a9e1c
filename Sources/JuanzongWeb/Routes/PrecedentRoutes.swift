import Foundation
import Hummingbird
import JuanzongCore
import JuanzongQuery

/// Precedent for legal review (法制审核): earlier decided cases on the same legal basis, their
/// amounts as a distribution with the proposed amount marked; or the cases most like a document.
struct PrecedentRoutes {
    let services: ArchiveServices

    struct Parameters: Sendable {
        var article: String?
        var agency: String?
        var caseType: String?
        var amount: Double?
        var like: Int64?
        var limit: Int

        init(_ request: Request) throws {
            article = request.query("article")
            agency = request.query("agency")
            caseType = request.query("case_type")
            if let text = request.query("amount") {
                guard let value = Double(text.replacingOccurrences(of: ",", with: "")), value >= 0 else {
                    throw WebError.badRequest("拟处罚金额“\(text)”不是有效的数字", code: "bad_amount")
                }
                amount = value
            }
            if let text = request.query("like") {
                guard let id = Int64(text) else { throw WebError.badRequest("like 应为文书编号", code: "bad_document_id") }
                like = id
            }
            limit = min(max(Int(request.query("limit") ?? "20") ?? 20, 1), 200)
        }

        var isEmpty: Bool { article == nil && like == nil }
    }

    func register(on router: Router<WebContext>) {
        router.get("/precedent") { request, context in
            let viewer = try context.viewer()
            let parameters = try Parameters(request)
            var result: PrecedentSearch.Result?
            var failure: String?
            if !parameters.isEmpty {
                do { result = try await precedent(parameters, viewer: viewer) } catch let error as QueryError { failure = error.message }
            }
            return Responses.html(PrecedentPage.render(parameters, result: result, error: failure, viewer: viewer, csrf: context.session?.csrfToken))
        }
        router.get("/api/v1/precedent") { request, context in
            let parameters = try Parameters(request)
            guard !parameters.isEmpty else { throw WebError.badRequest("请给出法律依据 article 或文书编号 like", code: "article_required") }
            return try Responses.json(try await precedent(parameters, viewer: try context.viewer()))
        }
    }

    /// A 机关用户 sees its own agency's precedents only.
    func precedent(_ parameters: Parameters, viewer: Viewer) async throws -> PrecedentSearch.Result {
        let ownAgency = viewer.role.canSeeAllAgencies ? nil : viewer.account.agency
        let result: PrecedentSearch.Result
        if let like = parameters.like {
            // Similar cases come from every agency: a 机关用户 searches by legal basis instead.
            try viewer.require(viewer.role.canSeeAllAgencies)
            _ = try await services.readableDocument(like, viewer: viewer)
            result = try await services.read(as: viewer) { try $0.similarCases(to: like, limit: parameters.limit, proposedAmount: parameters.amount) }
        } else {
            let article = try ArticleReference(parameters.article ?? "")
            let criteria = PrecedentSearch.Criteria(
                article: article, agency: ownAgency == nil ? parameters.agency : nil, ownAgency: ownAgency, caseType: parameters.caseType,
                proposedAmount: parameters.amount, limit: parameters.limit)
            result = try await services.read(as: viewer) { try $0.precedent(criteria) }
        }
        services.audit.record(
            .init(
                actor: viewer.actor, action: "precedent", target: parameters.article.map { "article:" + $0 } ?? "document:\(parameters.like ?? 0)",
                detail: AuditDetail.json([
                    "agency": parameters.agency, "case_type": parameters.caseType,
                    "amount": parameters.amount.map { String($0) },
                ])))
        return result
    }
}

/// The precedent page and its chart.
enum PrecedentPage {
    static func render(
        _ parameters: PrecedentRoutes.Parameters, result: PrecedentSearch.Result?, error: String?, viewer: Viewer, csrf: String?
    ) -> String {
        var body = """
            <form method="get" action="/precedent">
            <label>法律依据 <input name="article" value="\(HTML.escape(parameters.article ?? ""))" placeholder="大气污染防治法 第一百一十九条" size="32"></label>
            \(viewer.role.canSeeAllAgencies ? "<label>执法机关 <input name=\"agency\" value=\"\(HTML.escape(parameters.agency ?? ""))\"></label>" : "")
            <label>案件类型 <input name="case_type" value="\(HTML.escape(parameters.caseType ?? ""))" placeholder="行政处罚" size="10"></label>
            <label>拟处罚金额(元) <input name="amount" value="\(parameters.amount.map { String(format: "%g", $0) } ?? "")" size="10" inputmode="decimal"></label>
            <button type="submit">查找先例</button>
            </form>
            """
        if let error { body += "<p class=\"error\" role=\"alert\">\(HTML.escape(error))</p>" }
        if let result {
            let amounts = result.amounts
            body += """
                <h2>\(HTML.escape(result.basis ?? "相似案件"))</h2>
                <p>已决案件 <strong>\(result.total)</strong> 件;罚款金额 \(amounts.count) 件:最低 \(Layout.yuan(amounts.minimum)),下四分位 \(Layout.yuan(amounts.firstQuartile)),
                中位数 \(Layout.yuan(amounts.median)),上四分位 \(Layout.yuan(amounts.thirdQuartile)),最高 \(Layout.yuan(amounts.maximum))。</p>
                \(result.proposed.map { "<p class=\"notice\" id=\"assessment\">拟处罚 \(Layout.yuan($0.amountYuan)):\(HTML.escape($0.assessment))</p>" } ?? "")
                \(chart(amounts, proposed: result.proposed?.amountYuan))
                \(Layout.table(["案号", "执法机关", "决定日期", "当事人", "金额", "处罚种类", "事实摘要"], result.cases.map { item in
                    ["<a href=\"/cases/\(item.caseId)\">\(HTML.escape(item.caseNumber))</a>", HTML.escape(item.agency ?? "—"), HTML.escape(item.decisionDate ?? "—"),
                     HTML.escape(item.subjectName ?? "—"), Layout.yuan(item.amountYuan), HTML.escape(item.penaltyKinds ?? "—"), HTML.escape(item.facts ?? "")]
                }, id: "precedents"))
                """
        }
        return Layout.page("先例与裁量基准", viewer: viewer, csrf: csrf, active: "precedent", body: body)
    }

    /// Each earlier amount as a dot on a linear axis, the quartile box and median, and the
    /// proposed amount as a red line: a reviewer sees at once where it falls.
    static func chart(_ amounts: AmountDistribution, proposed: Double?) -> String {
        guard let minimum = amounts.minimum, let maximum = amounts.maximum else { return "<p class=\"muted\">没有可比的罚款金额。</p>" }
        let width = 760.0, left = 40.0, right = 40.0, plot = width - left - right
        let low = min(minimum, proposed ?? minimum), high = max(maximum, proposed ?? maximum)
        let span = high > low ? high - low : max(high, 1)
        func x(_ value: Double) -> Double { left + plot * (value - (high > low ? low : 0)) / span }
        var parts = [
            "<svg id=\"amount-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"150\" role=\"img\" aria-label=\"罚款金额分布\">",
            "<line x1=\"\(left)\" y1=\"110\" x2=\"\(width - right)\" y2=\"110\" stroke=\"#555\"/>",
        ]
        for step in 0...4 {
            let value = (high > low ? low : 0) + span * Double(step) / 4
            parts.append(
                "<line x1=\"\(x(value))\" y1=\"110\" x2=\"\(x(value))\" y2=\"115\" stroke=\"#555\"/><text x=\"\(x(value))\" y=\"130\" font-size=\"11\" text-anchor=\"middle\">\(HTML.escape(Layout.yuan(value)))</text>"
            )
        }
        if let q1 = amounts.firstQuartile, let q3 = amounts.thirdQuartile, let median = amounts.median {
            parts.append("<rect x=\"\(x(q1))\" y=\"30\" width=\"\(max(x(q3) - x(q1), 1))\" height=\"40\" fill=\"#dbe8f8\" stroke=\"#2f6db5\"/>")
            parts.append("<line x1=\"\(x(median))\" y1=\"30\" x2=\"\(x(median))\" y2=\"70\" stroke=\"#2f6db5\" stroke-width=\"2\"/>")
            parts.append(
                "<line x1=\"\(x(minimum))\" y1=\"50\" x2=\"\(x(q1))\" y2=\"50\" stroke=\"#2f6db5\"/><line x1=\"\(x(q3))\" y1=\"50\" x2=\"\(x(maximum))\" y2=\"50\" stroke=\"#2f6db5\"/>"
            )
        }
        for (index, value) in amounts.values.enumerated() {
            parts.append("<circle cx=\"\(x(value))\" cy=\"\(88 + Double(index % 5) * 3)\" r=\"3\" fill=\"#2f6db5\" fill-opacity=\"0.5\"/>")
        }
        if let proposed {
            parts.append(
                "<line id=\"proposed-marker\" x1=\"\(x(proposed))\" y1=\"15\" x2=\"\(x(proposed))\" y2=\"110\" stroke=\"#c00\" stroke-width=\"2\"/>")
            parts.append(
                "<text x=\"\(x(proposed))\" y=\"12\" font-size=\"12\" fill=\"#c00\" text-anchor=\"middle\">拟处罚 \(HTML.escape(Layout.yuan(proposed)))</text>"
            )
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
