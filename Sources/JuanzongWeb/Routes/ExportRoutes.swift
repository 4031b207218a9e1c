import Foundation
import HTTPTypes
import Hummingbird
import JuanzongCore
import JuanzongExport
import JuanzongStore

/// Reconsideration bundles (行政复议) built on request and sent as a download.
struct ExportRoutes {
    let services: ArchiveServices

    /// What to export, from the form or the API's JSON.
    struct ExportRequest: Decodable, Sendable {
        var caseNumber: String?
        var subject: String?
        var format: String?
        var redact: Bool?
        var includeMedia: Bool?
    }

    func register(on router: Router<WebContext>) {
        router.get("/export") { request, context in
            let viewer = try exportingViewer(context)
            return Responses.html(
                page(caseNumber: request.query("case"), subject: request.query("subject"), viewer: viewer, csrf: context.session?.csrfToken))
        }
        router.post("/export") { request, context in
            let viewer = try exportingViewer(context)
            var request = request
            let fields = Forms.fields(try await request.collectBody(upTo: context.maxUploadSize))
            let scope = fields["scope"] == "subject"
            return try await export(
                ExportRequest(
                    caseNumber: scope ? nil : fields["case_number"], subject: scope ? fields["subject"] : nil,
                    format: fields["format"], redact: fields["redact"] == "1" ? true : nil,
                    includeMedia: fields["include_media"] == "1"),
                viewer: viewer)
        }
        router.post("/api/v1/exports") { request, context in
            let viewer = try exportingViewer(context)
            return try await export(try await request.decode(as: ExportRequest.self, context: context), viewer: viewer)
        }
    }

    func exportingViewer(_ context: WebContext) throws -> Viewer {
        let viewer = try context.viewer()
        try viewer.require(viewer.role.canExport)
        return viewer
    }

    /// Builds the bag in a temporary file (the export's audit entry is committed by `Exporter`
    /// before it returns), streams it, and removes it.
    func export(_ request: ExportRequest, viewer: Viewer) async throws -> Response {
        let scope: BagPlanner.Scope
        if let number = request.caseNumber?.trimmingCharacters(in: .whitespaces), !number.isEmpty {
            scope = .caseNumber(number)
        } else if let subject = request.subject?.trimmingCharacters(in: .whitespaces), !subject.isEmpty {
            scope = .subject(subject)
        } else {
            throw WebError.badRequest("请给出案号或当事人", code: "export_scope_required")
        }
        guard let format = BagWriter.Format(rawValue: request.format ?? "zip") else {
            throw WebError.badRequest("格式只能是 zip 或 tar.gz", code: "bad_format")
        }
        // A role that sees identity numbers masked exports the redacted copy only, with every identity number masked.
        let masked = !viewer.role.canSeePersonalIdentifiers
        if masked && request.redact == false {
            throw WebError(
                .forbidden, code: "redaction_required",
                "\(viewer.role.chineseName)角色看到的身份证号是隐去的,只能导出脱敏副本;完整原件请由法制审核人员或管理员导出。")
        }
        let options = BagPlanner.Options(
            redact: masked || request.redact == true, includeMedia: request.includeMedia ?? false,
            maskApplicantIdentifier: masked)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("bundle." + format.rawValue)
        let summary: Exporter.Summary
        do {
            summary = try await services.withOwnConnection { database, objects in
                try Exporter(database: database, objects: objects).export(scope, options: options, format: format, to: output, actor: viewer.actor)
            }
        } catch {
            try? FileManager.default.removeItem(at: folder)
            switch error {
            case ExportError.notFound: throw WebError(.notFound, code: "export_failed", "无法导出:\(error)")
            case ExportError.controlCharacter: throw WebError(.unprocessableContent, code: "export_failed", "无法导出:\(error)")
            default: throw error
            }
        }
        var headers = Responses.securityHeaders(contentType: format == .zip ? "application/zip" : "application/gzip")
        headers[.contentDisposition] = Responses.disposition(summary.bagName + "." + format.rawValue)
        headers[HTTPField.Name("X-Bundle-SHA256")!] = summary.sha256
        let size = (try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? nil
        let body = ResponseBody(contentLength: size) { writer in
            defer { try? FileManager.default.removeItem(at: folder) }
            let handle = try FileHandle(forReadingFrom: output)
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    func page(caseNumber: String?, subject: String?, viewer: Viewer, csrf: String?) -> String {
        let bySubject = subject != nil && caseNumber == nil
        return Layout.page(
            "导出行政复议案卷", viewer: viewer, csrf: csrf, active: "export",
            body: """
                <form method="post" action="/export" id="export-form">
                \(Layout.csrfField(csrf))
                <fieldset><legend>范围</legend>
                <label><input type="radio" name="scope" value="case"\(bySubject ? "" : " checked")> 案件 <input name="case_number" value="\(HTML.escape(caseNumber ?? ""))" placeholder="案号,如 京朝市监罚〔2023〕12号" size="30"></label><br>
                <label><input type="radio" name="scope" value="subject"\(bySubject ? " checked" : "")> 当事人全部案卷 <input name="subject" value="\(HTML.escape(subject ?? ""))" placeholder="当事人编号、名称或证件号码" size="30"></label>
                </fieldset>
                <fieldset><legend>选项</legend>
                <label>格式 <select name="format"><option value="zip">zip</option><option value="tar.gz">tar.gz</option></select></label>
                \(viewer.role.canSeePersonalIdentifiers
                ? "<label><input type=\"checkbox\" name=\"redact\" value=\"1\"> 脱敏(隐去其他自然人的姓名、身份证号、手机号,不含保密文书)</label>"
                : "<label><input type=\"checkbox\" name=\"redact\" value=\"1\" checked disabled> 脱敏(\(viewer.role.chineseName)角色只能导出脱敏副本,身份证号全部隐去)</label>")
                <label><input type="checkbox" name="include_media" value="1"> 含音像文件</label>
                </fieldset>
                <button type="submit">生成并下载</button>
                </form>
                <p class="muted">导出包为 BagIt 格式,含卷内目录与每个文件的 SHA-256/SHA-512 清单,可用 <code>juanzong verify 文件</code> 或任何 BagIt 工具校验。每次导出均记入审计日志。</p>
                """)
    }
}
