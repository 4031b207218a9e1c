import Foundation
import Hummingbird
import JuanzongAccess
import JuanzongCore
import JuanzongIndexer
import JuanzongQuery
import JuanzongStore

/// The one-household dossier (一户式): subjects, their cases in case-file order, documents with
/// the search terms marked, downloads of originals and playback of AV media — each confined to
/// what the viewer may read and written to the audit log.
struct DossierRoutes {
    let services: ArchiveServices

    func register(on router: Router<WebContext>) {
        router.get("/subjects") { request, context in
            let viewer = try context.viewer()
            let text = request.query("q")
            let subjects = try await subjectList(text, viewer: viewer)
            return Responses.html(DossierPages.subjectList(subjects, query: text, viewer: viewer, csrf: context.session?.csrfToken))
        }
        router.get("/api/v1/subjects") { request, context in
            try Responses.json(["subjects": try await subjectList(request.query("q"), viewer: try context.viewer())])
        }
        router.get("/subjects/:id") { request, context in
            let viewer = try context.viewer()
            let report = try await subjectReport(try context.parameters.require("id", as: Int64.self), viewer: viewer)
            return Responses.html(DossierPages.dossier(report, viewer: viewer, csrf: context.session?.csrfToken))
        }
        router.get("/api/v1/subjects/:id") { request, context in
            try Responses.json(try await subjectReport(try context.parameters.require("id", as: Int64.self), viewer: try context.viewer()))
        }
        router.get("/cases/:id") { request, context in
            let viewer = try context.viewer()
            let caseFile = try await caseFile(try context.parameters.require("id", as: Int64.self), viewer: viewer)
            return Responses.html(DossierPages.caseFile(caseFile, viewer: viewer, csrf: context.session?.csrfToken))
        }
        router.get("/api/v1/cases/:id") { request, context in
            try Responses.json(try await caseFile(try context.parameters.require("id", as: Int64.self), viewer: try context.viewer()))
        }
        router.get("/api/v1/cases") { request, context in
            let viewer = try context.viewer()
            guard let number = request.query("number") else { throw WebError.badRequest("请给出案号 number", code: "number_required") }
            let key = CaseNumber(number)?.key ?? number.filter { !$0.isWhitespace }
            // An unknown number and another agency's number get the same answer.
            let notFound = WebError.notFound("案件“\(number)”")
            guard let id = try await services.read(as: viewer, { try $0.reader.caseID(numberKey: key) }) else { throw notFound }
            return try Responses.json(try await caseFile(id, viewer: viewer, notFound: notFound))
        }
        router.get("/documents/:id") { request, context in
            let viewer = try context.viewer()
            let document = try await document(try context.parameters.require("id", as: Int64.self), viewer: viewer)
            let terms = try request.query("q").map { try QueryParser.parse($0).required.flatMap { $0.map(\.text) } } ?? []
            let (highlights, pages) = try await services.read(as: viewer) { connection in
                (
                    Highlighter(normalizer: connection.normalizer).matches(of: terms, in: document.text ?? "").map {
                        [$0.lowerBound, $0.upperBound]
                    },
                    try connection.reader.pages(documentID: document.id)
                )
            }
            return Responses.html(
                DossierPages.document(
                    document, highlights: highlights, pages: pages, query: request.query("q"),
                    viewer: viewer, csrf: context.session?.csrfToken))
        }
        router.get("/api/v1/documents/:id") { request, context in
            try Responses.json(try await document(try context.parameters.require("id", as: Int64.self), viewer: try context.viewer()))
        }
        for path in ["/documents/:id/original", "/api/v1/documents/:id/original"] {
            router.get(RouterPath(path)) { request, context in
                try await original(try context.parameters.require("id", as: Int64.self), viewer: try context.viewer())
            }
        }
        router.get("/documents/:id/pages/:page") { request, context in
            try await pageImage(
                try context.parameters.require("id", as: Int64.self), page: try context.parameters.require("page", as: Int.self),
                viewer: try context.viewer())
        }
        router.get("/av/:id/media") { request, context in
            try await media(try context.parameters.require("id", as: Int64.self), request: request, context: context)
        }
    }

    func subjectList(_ text: String?, viewer: Viewer) async throws -> [ArchiveReader.SubjectSummary] {
        let agency = viewer.role.canSeeAllAgencies ? nil : viewer.account.agency
        let subjects = try await services.read(as: viewer) { try $0.reader.subjectSummaries(matching: text, agency: agency) }
        services.audit.record(.init(actor: viewer.actor, action: "list_subjects", target: "subjects", detail: AuditDetail.json(["q": text])))
        return subjects
    }

    /// The subject's dossier and timeline, holding only the cases the viewer may read.
    func subjectReport(_ id: Int64, viewer: Viewer) async throws -> SubjectReport {
        guard var dossier = try await services.read(as: viewer, { try $0.reader.dossier(subjectID: id) }) else {
            throw WebError.notFound("当事人 #\(id)")
        }
        dossier.cases = dossier.cases.filter { viewer.mayRead(agency: $0.case.agency) }
        if !viewer.role.canSeeAllAgencies {
            guard !dossier.cases.isEmpty else { throw services.denied(viewer, target: "subject:\(id)", WebError.notFound("当事人 #\(id)")) }
            dossier.unassignedDocuments = []
        }
        dossier.penaltyTotalYuan = dossier.cases.compactMap(\.case.penaltyAmountYuan).reduce(0, +)
        services.audit.record(.init(actor: viewer.actor, action: "view_subject", target: "subject:\(id)"))
        return SubjectReport(dossier)
    }

    /// The case file if the viewer may read it; `notFound` (logged as a denial when the case
    /// exists) otherwise.
    func caseFile(_ id: Int64, viewer: Viewer, notFound: WebError? = nil) async throws -> ArchiveReader.CaseFile {
        let notFound = notFound ?? WebError.notFound("案件 #\(id)")
        guard let caseFile = try await services.read(as: viewer, { try $0.reader.caseFile(id: id, includeText: false) }) else { throw notFound }
        guard viewer.mayRead(agency: caseFile.case.agency) else {
            throw services.denied(viewer, target: "case:\(caseFile.case.caseNumber)", notFound)
        }
        services.audit.record(.init(actor: viewer.actor, action: "view_case", target: "case:\(caseFile.case.caseNumber)"))
        return caseFile
    }

    func document(_ id: Int64, viewer: Viewer) async throws -> DocumentRecord {
        let document = try await services.readableDocument(id, viewer: viewer)
        services.audit.record(
            .init(
                actor: viewer.actor, action: "view_document", target: "document:\(id)",
                detail: AuditDetail.json(["case_number": document.caseNumber, "title": document.title])))
        return document
    }

    /// The original file as ingested; its download is committed to the audit log before a byte is sent.
    /// Roles that see identity numbers masked get a 403: an original (a PDF, a scan) cannot be masked.
    func original(_ id: Int64, viewer: Viewer) async throws -> Response {
        let document = try await services.readableDocument(id, viewer: viewer)
        let data: Data?
        do {
            data = try await services.read(as: viewer) { [objects = services.objects] in
                try $0.reader.original(sha256: document.sha256, objects: objects)
            }
        } catch is Disclosure.OriginalWithheld {
            throw WebError.originalWithheld(viewer.role)
        }
        guard let data else { throw WebError.notFound("文书 #\(id) 的原件") }
        try await services.audit.recordAndWait(
            .init(
                actor: viewer.actor, action: "download_original", target: "document:\(id)",
                detail: AuditDetail.json(["sha256": document.sha256, "case_number": document.caseNumber])))
        let name =
            (document.sourcePath.split(separator: "/").last.map(String.init) ?? "文书-\(id)")
            .split(separator: "!").last.map(String.init) ?? "文书-\(id)"
        return Responses.download(data, fileName: name, contentType: FileTypes.contentType(format: document.format, fileName: name))
    }

    /// The image of one page of a scan, shown beside the text read from it: a page of a PDF
    /// rendered, or the image itself. Like the original it shows, it is withheld from roles that
    /// see identity numbers masked.
    func pageImage(_ id: Int64, page: Int, viewer: Viewer) async throws -> Response {
        let document = try await services.readableDocument(id, viewer: viewer)
        let original: Data?
        do {
            original = try await services.read(as: viewer) { [objects = services.objects] connection in
                guard try connection.reader.pages(documentID: id).contains(where: { $0.page == page }) else { return nil }
                return try connection.reader.original(sha256: document.sha256, objects: objects)
            }
        } catch is Disclosure.OriginalWithheld {
            throw WebError.originalWithheld(viewer.role)
        }
        guard let original else { throw WebError.notFound("文书 #\(id) 第 \(page) 页") }
        let image: Data
        let contentType: String
        if document.format == "pdf" {
            image = try PageImage.png(page: page, ofPDF: original)
            contentType = "image/png"
        } else {
            // A JPEG or PNG page is shown as it is; browsers show no TIFF (its original is downloadable).
            contentType = FileTypes.contentType(format: document.format, fileName: document.sourcePath)
            guard page == 1, ["image/jpeg", "image/png"].contains(contentType) else {
                throw WebError.notFound("文书 #\(id) 第 \(page) 页的图像(此格式浏览器无法显示,请下载原件)")
            }
            image = original
        }
        services.audit.record(.init(actor: viewer.actor, action: "view_page_image", target: "document:\(id)", detail: "第 \(page) 页"))
        var headers = Responses.securityHeaders(contentType: contentType)
        headers[.cacheControl] = "private, max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: image)))
    }

    /// The media of an AV record, with HTTP Range support so browsers can seek.
    func media(_ id: Int64, request: Request, context: WebContext) async throws -> Response {
        let viewer = try context.viewer()
        let objects = services.objects
        let found = try await services.read(as: viewer) { connection -> (AVRecordRow, String?, URL, Int64)? in
            guard let caseID = try connection.reader.caseID(ofAVRecord: id),
                let caseFile = try connection.reader.caseFile(id: caseID, includeText: false),
                let record = caseFile.avRecords.first(where: { $0.id == id }),
                let file = try connection.reader.mediaFile(record, objects: objects)
            else { return nil }
            return (record, caseFile.case.agency, file.url, file.size)
        }
        guard let (record, agency, url, size) = found else { throw WebError.notFound("音像记录 #\(id) 的媒体文件") }
        guard viewer.mayRead(agency: agency) else { throw services.denied(viewer, target: "av:\(id)", WebError.notFound("音像记录 #\(id) 的媒体文件")) }
        if request.headers[.range] == nil || request.headers[.range]?.hasPrefix("bytes=0-") == true {
            services.audit.record(
                .init(actor: viewer.actor, action: "play_media", target: "av:\(id)", detail: AuditDetail.json(["file": record.fileName])))
        }
        var headers = Responses.securityHeaders(contentType: FileTypes.contentType(format: nil, fileName: record.fileName))
        headers[.acceptRanges] = "bytes"
        headers[.contentDisposition] = Responses.disposition(record.fileName, inline: true)
        guard size > 0 else { return Response(status: .ok, headers: headers, body: .init()) }
        if let range = request.headers[.range].flatMap({ ByteRange.parse($0, size: Int(size)) }) {
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = String(range.count)
            let body = try await FileIO().loadFile(path: url.path, range: range, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        }
        headers[.contentLength] = String(size)
        return Response(status: .ok, headers: headers, body: try await FileIO().loadFile(path: url.path, context: context))
    }
}

/// A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range, clamped to the file.
enum ByteRange {
    static func parse(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(","), size > 0 else { return nil }
        let parts = header.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty, let suffix = Int(parts[1]), suffix > 0 { return max(0, size - suffix)...(size - 1) }
        guard let start = Int(parts[0]), start < size else { return nil }
        let end = parts[1].isEmpty ? size - 1 : min(Int(parts[1]) ?? size - 1, size - 1)
        return start <= end ? start...end : nil
    }
}

/// Content types of originals and media, by format or file extension.
enum FileTypes {
    static func contentType(format: String?, fileName: String) -> String {
        let key = (format ?? "").lowercased()
        let ext = (fileName as NSString).pathExtension.lowercased()
        switch key.isEmpty || key == "unknown" ? ext : key {
        case "pdf": return "application/pdf"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "ofd": return "application/ofd"
        case "html", "htm": return "text/plain; charset=utf-8"  // shown as text, never rendered in our origin
        case "txt", "text": return "text/plain"
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "tif", "tiff": return "image/tiff"
        case "mp4": return "video/mp4"
        case "mov": return "video/quicktime"
        case "avi": return "video/x-msvideo"
        case "wav": return "audio/wav"
        case "mp3": return "audio/mpeg"
        default:
            switch ext {
            case "mp4", "mov", "avi", "wav", "mp3", "pdf", "docx", "jpg", "jpeg", "png": return contentType(format: ext, fileName: fileName)
            default: return "application/octet-stream"
            }
        }
    }
}

extension ArchiveServices {
    /// The document with its text, if the viewer may read its case (documents of no case: all-agency roles only).
    func readableDocument(_ id: Int64, viewer: Viewer) async throws -> DocumentRecord {
        let found = try await read(as: viewer) { connection -> (DocumentRecord, String?)? in
            guard let document = try connection.reader.document(id: id) else { return nil }
            return (document, try document.caseId.flatMap(connection.reader.agency(caseID:)))
        }
        guard let (document, agency) = found else { throw WebError.notFound("文书 #\(id)") }
        guard document.caseId != nil ? viewer.mayRead(agency: agency) : viewer.role.canSeeAllAgencies
        else { throw denied(viewer, target: "document:\(id)", WebError.notFound("文书 #\(id)")) }
        return document
    }

    /// Records a refused read of a record that exists (another agency's), so supervision staff
    /// see probing in the audit log; returns `error` to throw, which looks like "not found".
    func denied(_ viewer: Viewer, target: String, _ error: WebError) -> WebError {
        audit.record(.init(actor: viewer.actor, action: "access_denied", target: target, detail: AuditDetail.json(["code": error.code])))
        return error
    }
}
