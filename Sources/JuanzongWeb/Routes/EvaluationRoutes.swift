import Foundation
import Hummingbird
import JuanzongCore
import JuanzongEvaluation
import JuanzongStore

/// 案卷评查 in the browser: draw, findings, worksheets, score upload, the year's report.
struct EvaluationRoutes {
    let services: ArchiveServices

    /// A draw request, from the form or the API's JSON.
    struct DrawRequest: Decodable, Sendable {
        var year: Int
        var perAgency: Int?
        var rate: Double?
        var minimum: Int?
        var by: [String]?
        var closedOnly: Bool?
        var seed: String?
        var supersedes: Int64?
        var reason: String?

        func parameters() throws -> DrawParameters {
            if perAgency != nil && rate != nil { throw WebError.badRequest("每层件数与比例只能给出其一", code: "bad_draw_parameters") }
            if let perAgency, perAgency < 1 { throw WebError.badRequest("每层件数至少为 1", code: "bad_draw_parameters") }
            if let rate, !(rate > 0 && rate <= 1) { throw WebError.badRequest("抽取比例应在 0 与 1 之间", code: "bad_draw_parameters") }
            let by = by ?? ["agency"]
            guard !by.isEmpty, by.allSatisfy(["agency", "case_type"].contains) else {
                throw WebError.badRequest("分层字段只能是 agency、case_type", code: "bad_draw_parameters")
            }
            if (supersedes == nil) != (reason?.isEmpty ?? true) { throw WebError.badRequest("取代旧抽查时须同时给出编号与理由", code: "bad_draw_parameters") }
            guard (1990...2200).contains(year) else { throw WebError.badRequest("评查年度“\(year)”无效", code: "bad_draw_parameters") }
            return DrawParameters(
                year: year, perAgency: perAgency, rate: perAgency == nil ? rate ?? 0.05 : nil, minimum: max(minimum ?? 1, 1),
                by: by, closedOnly: closedOnly ?? false)
        }
    }

    func register(on router: Router<WebContext>) {
        router.get("/evaluation") { request, context in
            let viewer = try samplingViewer(context)
            let draws = try await services.read { connection in
                try DrawRecorder(database: connection.database, checker: services.checker(connection.database)).recordedDraws()
            }
            return Responses.html(
                EvaluationPages.overview(draws: draws, notice: request.query("notice"), viewer: viewer, csrf: context.session?.csrfToken))
        }
        router.post("/evaluation/draws") { request, context in
            let viewer = try samplingViewer(context)
            var request = request
            let fields = Forms.fields(try await request.collectBody(upTo: context.maxUploadSize))
            guard let year = fields["year"].flatMap({ Int($0) }) else { throw WebError.badRequest("请填写评查年度", code: "bad_draw_parameters") }
            let perAgency = fields["per_agency"].flatMap { $0.isEmpty ? nil : Int($0) }
            let rate = fields["rate"].flatMap { $0.isEmpty ? nil : Double($0) }
            let drawRequest = DrawRequest(
                year: year, perAgency: perAgency, rate: perAgency == nil ? rate : nil, minimum: nil,
                by: fields["by"] == "agency,case_type" ? ["agency", "case_type"] : ["agency"],
                closedOnly: fields["closed_only"] == "1", seed: fields["seed"].flatMap { $0.isEmpty ? nil : $0 },
                supersedes: fields["supersedes"].flatMap { Int64($0) }, reason: fields["reason"].flatMap { $0.isEmpty ? nil : $0 })
            let result = try await draw(drawRequest, viewer: viewer)
            return Responses.seeOther("/evaluation/draws/\(result.drawId ?? 0)")
        }
        router.post("/api/v1/evaluation/draws") { request, context in
            let viewer = try samplingViewer(context)
            let drawRequest = try await request.decode(as: DrawRequest.self, context: context)
            return try Responses.json(try await draw(drawRequest, viewer: viewer), status: .created)
        }
        router.get("/api/v1/evaluation/draws") { request, context in
            _ = try samplingViewer(context)
            let draws = try await services.read { try DrawRecorder(database: $0.database, checker: services.checker($0.database)).recordedDraws() }
            return try Responses.json(["draws": draws])
        }
        for path in ["/evaluation/draws/:id", "/api/v1/evaluation/draws/:id"] {
            router.get(RouterPath(path)) { request, context in
                let viewer = try samplingViewer(context)
                let draw = try await recordedDraw(try context.parameters.require("id", as: Int64.self))
                if path.hasPrefix("/api/") { return try Responses.json(draw) }
                return Responses.html(EvaluationPages.draw(draw, viewer: viewer, csrf: context.session?.csrfToken))
            }
        }
        for path in ["/evaluation/draws/:id/worksheet.csv", "/api/v1/evaluation/draws/:id/worksheet"] {
            router.get(RouterPath(path)) { request, context in
                let viewer = try samplingViewer(context)
                let draw = try await recordedDraw(try context.parameters.require("id", as: Int64.self))
                let agency = request.query("agency") ?? ""
                let rows = Worksheet.byAgency(draw).first { $0.agency == agency }?.rows ?? (agency.isEmpty ? draw.cases : [])
                guard !rows.isEmpty else { throw WebError.notFound("抽查 #\(draw.drawId ?? 0) 中“\(agency)”的案件") }
                services.audit.record(
                    .init(
                        actor: viewer.actor, action: "download_worksheet", target: "draw:\(draw.drawId ?? 0)",
                        detail: AuditDetail.json(["agency": agency])))
                return Responses.download(
                    Data(Worksheet.csv(drawID: draw.drawId ?? 0, rows: rows).utf8),
                    fileName: "评查表-\(draw.parameters.year)-#\(draw.drawId ?? 0)-\(agency.isEmpty ? "全部" : agency).csv",
                    contentType: "text/csv; charset=utf-8")
            }
        }
        router.get("/evaluation/draws/:id/worksheet.html") { request, context in
            _ = try samplingViewer(context)
            let draw = try await recordedDraw(try context.parameters.require("id", as: Int64.self))
            let agency = request.query("agency") ?? ""
            guard let rows = Worksheet.byAgency(draw).first(where: { $0.agency == agency })?.rows else { throw WebError.notFound("评查表") }
            return Responses.html(
                Worksheet.html(
                    drawID: draw.drawId ?? 0, year: draw.parameters.year, agency: agency, rows: rows,
                    scoring: services.rules.scoring))
        }
        router.post("/evaluation/scores") { request, context in
            let viewer = try samplingViewer(context)
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            guard let parts = Forms.parts(body, contentType: request.headers[.contentType]) else {
                throw WebError.badRequest("请以文件上传评查表(multipart/form-data)", code: "upload_required")
            }
            let sheets = parts.filter { $0.name == "worksheet" && !$0.data.isEmpty }.map { (name: $0.fileName ?? "评查表.csv", data: Optional($0.data)) }
            guard !sheets.isEmpty else { throw WebError.badRequest("没有选择评查表文件", code: "upload_required") }
            do {
                let imported = try await importScores(sheets, viewer: viewer)
                return Responses.seeOther(URLQuery.link("/evaluation", [("notice", "已导入 \(imported.files) 个评查表中 \(imported.rows) 件案卷的分数")]))
            } catch let error as ScoreImporter.Rejected {
                return Responses.html(EvaluationPages.rejected(error, viewer: viewer, csrf: context.session?.csrfToken), status: .badRequest)
            }
        }
        router.post("/api/v1/evaluation/scores") { request, context in
            let viewer = try samplingViewer(context)
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let imported = try await importScores([(name: request.query("name") ?? "评查表.csv", data: Data(body.readableBytesView))], viewer: viewer)
            return try Responses.json(imported)
        }
        for path in ["/evaluation/report", "/api/v1/evaluation/report"] {
            router.get(RouterPath(path)) { request, context in
                let viewer = try samplingViewer(context)
                guard let year = request.query("year").flatMap({ Int($0) }) else { throw WebError.badRequest("请给出年度 year", code: "year_required") }
                let report = try await services.read { try EvaluationReport(year: year, database: $0.database) }
                services.audit.record(.init(actor: viewer.actor, action: "view_report", target: "evaluation:\(year)"))
                if path.hasPrefix("/api/") { return try Responses.json(report) }
                return Responses.html(EvaluationPages.report(report, viewer: viewer, csrf: context.session?.csrfToken))
            }
        }
    }

    func samplingViewer(_ context: WebContext) throws -> Viewer {
        let viewer = try context.viewer()
        try viewer.require(viewer.role.canSample)
        return viewer
    }

    /// Draws on a connection of its own (checking every drawn file takes a while) and audits it.
    func draw(_ request: DrawRequest, viewer: Viewer) async throws -> DrawResult {
        let parameters = try request.parameters()
        let seed = request.seed ?? SampleDraw.newSeed()
        let services = self.services
        let result = try await services.withOwnConnection { database, _ in
            try DrawRecorder(database: database, checker: services.checker(database))
                .draw(parameters, seed: seed, supersedes: request.supersedes.map { ($0, request.reason ?? "") }, actor: viewer.actor)
        }
        services.audit.record(
            .init(
                actor: viewer.actor, action: "sample_draw", target: "draw:\(result.drawId ?? 0)",
                detail: AuditDetail.json(["year": String(parameters.year), "seed": seed, "cases": String(result.cases.count)])))
        return result
    }

    func recordedDraw(_ id: Int64) async throws -> DrawResult {
        guard
            let draw = try await services.read({
                try DrawRecorder(database: $0.database, checker: services.checker($0.database)).recordedDraw(id: id)
            })
        else { throw WebError.notFound("抽查记录 #\(id)") }
        return draw
    }

    func importScores(_ sheets: [(name: String, data: Data?)], viewer: Viewer) async throws -> ScoreImporter.Imported {
        let scoring = services.rules.scoring
        let imported = try await services.write { try ScoreImporter(database: $0, scoring: scoring).importWorksheets(sheets) }
        services.audit.record(
            .init(
                actor: viewer.actor, action: "import_scores", target: "scores",
                detail: AuditDetail.json(["files": sheets.map(\.name).joined(separator: ","), "rows": String(imported.rows)])))
        return imported
    }
}
