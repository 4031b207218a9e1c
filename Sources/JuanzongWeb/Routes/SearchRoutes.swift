import Foundation
import Hummingbird
import JuanzongCore
import JuanzongQuery
import JuanzongStore

/// Full-text search: the page (facets as combinable links, snippets, paging, sort), the CSV of a
/// result list and `GET /api/v1/search`.
struct SearchRoutes {
    let services: ArchiveServices
    static let pageSize = 20
    static let csvLimit = 5000

    /// A search as it arrives in a URL: the staff query language plus the facet parameters.
    struct Parameters: Sendable {
        var text: String
        var sort: Searcher.Sort
        var agency, caseType, docType, year: String?

        init(_ request: Request) throws {
            text = request.query("q")?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let sort = Searcher.Sort(rawValue: request.query("sort") ?? "rank") else {
                throw WebError.badRequest("排序方式只能是 rank(相关度)或 date(日期)", code: "bad_sort")
            }
            self.sort = sort
            agency = request.query("agency")
            caseType = request.query("case_type")
            docType = request.query("doc_type")
            year = request.query("year")
            if let year, Int(year) == nil || year.count != 4 { throw WebError.badRequest("年份应为四位数字,如 2023", code: "bad_year") }
        }

        var isEmpty: Bool { text.isEmpty && agency == nil && caseType == nil && docType == nil && year == nil }

        func query(for viewer: Viewer) throws -> SearchQuery {
            var query = text.isEmpty ? SearchQuery() : try QueryParser.parse(text)
            if let agency { query.filters.append(FieldFilter(.agency, agency, exact: true)) }
            if let caseType { query.filters.append(FieldFilter(.caseType, caseType, exact: true)) }
            if let docType { query.filters.append(FieldFilter(.docType, docType, exact: true)) }
            if let year { query.decisionDate = DateRange(from: "\(year)-01-01", through: "\(year)-12-31") }
            return viewer.scoped(query)
        }

        /// The URL parameters, with `changes` applied (nil removes one).
        func link(_ path: String = "/search", _ changes: [String: String?] = [:], page: Int? = nil) -> String {
            var values: [(String, String?)] = [
                ("q", text), ("agency", agency), ("case_type", caseType), ("doc_type", docType),
                ("year", year), ("sort", sort == .rank ? nil : sort.rawValue),
            ]
            for index in values.indices { if let change = changes[values[index].0] { values[index].1 = change } }
            if let page, page > 1 { values.append(("page", String(page))) }
            return URLQuery.link(path, values)
        }

        var auditDetail: String {
            AuditDetail.json(["q": text, "agency": agency, "case_type": caseType, "doc_type": docType, "year": year, "sort": sort.rawValue])
        }
    }

    func register(on router: Router<WebContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/search") }
        router.get("/search") { request, context in
            let viewer = try context.viewer()
            let parameters = try Parameters(request)
            let page = min(max(1, Int(request.query("page") ?? "1") ?? 1), 100_000)
            var result: SearchResult?
            var queryError: QueryError?
            if !parameters.isEmpty {
                do {
                    result = try await search(
                        parameters, viewer: viewer,
                        options: .init(limit: Self.pageSize, offset: (page - 1) * Self.pageSize, sort: parameters.sort))
                } catch let error as QueryError {
                    queryError = error
                }
            }
            return Responses.html(
                SearchPage.render(
                    parameters, result: result, error: queryError, page: page,
                    viewer: viewer, csrf: context.session?.csrfToken))
        }
        router.get("/search.csv") { request, context in
            let viewer = try context.viewer()
            let parameters = try Parameters(request)
            let result = try await search(parameters, viewer: viewer, options: .init(limit: Self.csvLimit, sort: parameters.sort, facets: false))
            let rows = result.hits.enumerated().map { index, hit in
                [
                    String(index + 1), hit.caseNumber ?? "", hit.subjectName ?? "", hit.agency ?? "", hit.caseType ?? "", hit.docType, hit.title,
                    hit.decisionDate ?? "", hit.sourcePath, hit.snippetText ?? "", "/documents/\(hit.documentId)",
                ]
            }
            let csv = CSV.document([["序号", "案号", "当事人", "执法机关", "案件类型", "文书类型", "题名", "决定日期", "来源", "摘要", "链接"]] + rows)
            return Responses.download(Data(csv.utf8), fileName: "检索结果.csv", contentType: "text/csv; charset=utf-8")
        }
        router.get("/api/v1/search") { request, context in
            let viewer = try context.viewer()
            let parameters = try Parameters(request)
            guard !parameters.isEmpty else { throw WebError.badRequest("请输入检索词或筛选条件", code: "query_empty") }
            let limit = min(max(Int(request.query("limit") ?? "20") ?? 20, 0), 1000)
            let offset = min(max(Int(request.query("offset") ?? "0") ?? 0, 0), 100_000_000)
            return try Responses.json(
                try await search(parameters, viewer: viewer, options: .init(limit: limit, offset: offset, sort: parameters.sort)))
        }
    }

    /// Runs the search on a reader, as the viewer may see it, and audits it.
    func search(_ parameters: Parameters, viewer: Viewer, options: Searcher.Options) async throws -> SearchResult {
        let query = try parameters.query(for: viewer)
        let result = try await services.read(as: viewer) { try $0.search(query, options: options) }
        services.audit.record(.init(actor: viewer.actor, action: "search", target: "search", detail: parameters.auditDetail))
        return result
    }
}

/// Compact JSON for the audit log's detail column (keys sorted, empty values left out).
enum AuditDetail {
    static func json(_ fields: [String: String?]) -> String {
        let present = fields.compactMapValues { $0.flatMap { $0.isEmpty ? nil : $0 } }
        let data = (try? JSONSerialization.data(withJSONObject: present, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
