import Foundation
import Hummingbird
import JuanzongCore
import JuanzongIndexer
import JuanzongStore

/// Staff review of inferred facts: the queue of documents to check, one document's facts beside
/// its text with the correction form, and the correction itself — the web form of
/// `juanzong review`. 法制审核 and administrators review every agency's documents, 机关用户
/// their own agency's; 执法监督 does not review.
struct ReviewRoutes {
    let services: ArchiveServices

    func register(on router: Router<WebContext>) {
        router.get("/review") { request, context in
            let viewer = try reviewer(context)
            let offset = max(0, request.query("offset").flatMap(Int.init) ?? 0)
            let agency = viewer.role.canSeeAllAgencies ? nil : viewer.account.agency ?? ""
            let (page, disclosure) = try await services.read { connection in
                (
                    try ReviewQueue(database: connection.database).entries(agency: agency, limit: 50, offset: offset),
                    viewer.disclosure(ingestRoots: try ArchiveReader(database: connection.database).ingestRoots())
                )
            }
            services.audit.record(.init(actor: viewer.actor, action: "view_review_queue", target: "review", detail: "offset \(offset)"))
            return Responses.html(
                ReviewPages.queue(
                    page.entries, total: page.total, offset: offset, disclosure: disclosure, viewer: viewer, csrf: context.session?.csrfToken))
        }
        router.get("/review/:id") { request, context in
            let viewer = try reviewer(context)
            let id = try context.parameters.require("id", as: Int64.self)
            let page = try await reviewPage(id, viewer: viewer, notice: request.query("notice"), error: nil, csrf: context.session?.csrfToken)
            services.audit.record(.init(actor: viewer.actor, action: "view_review", target: "document:\(id)"))
            return Responses.html(page)
        }
        router.post("/review/:id") { request, context in
            let viewer = try reviewer(context)
            let id = try context.parameters.require("id", as: Int64.self)
            var request = request
            let fields = Forms.fields(try await request.collectBody(upTo: context.maxUploadSize))
            _ = try await facts(of: id, viewer: viewer)
            do {
                let review = try Self.review(from: fields)
                let stored = try await services.write { database in
                    try FactReviewer(database: database).review(documentId: id, review, actor: viewer.actor)
                }
                let notice = stored.first?.field == .confirmed ? "已确认无误" : "已保存 \(stored.count) 项更正"
                return Responses.seeOther(URLQuery.link("/review/\(id)", [("notice", notice)]))
            } catch let refusal as FactReviewRefusal {
                let page = try await reviewPage(id, viewer: viewer, notice: nil, error: refusal.reason, csrf: context.session?.csrfToken)
                return Responses.html(page, status: .badRequest)
            }
        }
    }

    func reviewer(_ context: WebContext) throws -> Viewer {
        let viewer = try context.viewer()
        try viewer.require(viewer.role.canReview)
        return viewer
    }

    /// The document's facts, when the viewer may review it (an agency user: its agency's case).
    func facts(of id: Int64, viewer: Viewer) async throws -> FactReviewer.CurrentFacts {
        let facts = try await services.read { connection in try FactReviewer(database: connection.database).currentFacts(documentId: id) }
        guard let facts, viewer.mayRead(agency: facts.agency) else { throw WebError.notFound("文书 #\(id)") }
        return facts
    }

    func reviewPage(_ id: Int64, viewer: Viewer, notice: String?, error: String?, csrf: String?) async throws -> String {
        let facts = try await facts(of: id, viewer: viewer)
        let (document, history, disclosure) = try await services.read { connection in
            let disclosure = viewer.disclosure(ingestRoots: try ArchiveReader(database: connection.database).ingestRoots())
            return (
                try ArchiveReader(database: connection.database, disclosure: disclosure).document(id: id),
                try FactReviewer(database: connection.database).history(documentId: id), disclosure
            )
        }
        guard let document else { throw WebError.notFound("文书 #\(id)") }
        return ReviewPages.document(
            document, facts: facts, history: history, disclosure: disclosure, notice: notice, error: error, viewer: viewer, csrf: csrf)
    }

    /// The review the form states; empty fields leave facts as they are.
    static func review(from fields: [String: String]) throws -> FactReview {
        func value(_ name: String) -> String? {
            fields[name].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var review = FactReview()
        review.reason = value("reason")
        guard fields["action"] != "confirm" else { return review }
        review.caseNumber = value("case_number")
        review.subjectName = value("subject_name")
        // A masked identifier shown to the viewer, sent back unchanged, is no correction.
        review.subjectIdentifier = value("subject_identifier").flatMap { $0 == fields["shown_identifier"] ? nil : $0 }
        if let date = value("decided_on") {
            guard let day = DayDate(iso: date) else { throw FactReviewRefusal(reason: "决定日期“\(date)”应写作 YYYY-MM-DD") }
            review.decidedOn = day
        }
        if let fine = value("fine_yuan") {
            guard let amount = Double(fine.replacingOccurrences(of: ",", with: "")) else {
                throw FactReviewRefusal(reason: "罚款金额“\(fine)”不是数字(以元为单位)")
            }
            review.fineYuan = amount
        }
        if let bases = value("legal_bases") {
            var parsed: [LegalBasis] = []
            for line in bases.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let cited = FactInference.legalBases(citedIn: String(line))
                guard !cited.isEmpty else { throw FactReviewRefusal(reason: "法律依据“\(line)”无法识别(应如《某某法》第十条第一款)") }
                parsed += cited
            }
            review.legalBases = parsed
        }
        guard !review.isEmpty else { throw FactReviewRefusal(reason: "没有更正任何一项;事实无误请点“确认无误”") }
        return review
    }
}
