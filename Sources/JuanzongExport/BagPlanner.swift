import Foundation
import JuanzongCore
import JuanzongStore

/// What goes into a reconsideration bundle, decided from the archive before anything is written.
public struct BagPlan {
    /// An item of the 卷内目录 (table of contents).
    public struct Entry: Sendable {
        public var number: Int
        public var caseNumber: String?
        public var title: String
        public var type: String
        public var date: String?
        /// Pages or duration, as shown.
        public var extent: String
        /// Path inside `data/`, or nil when withheld.
        public var fileName: String?
        public var sha256: String?
        /// Why the item is not in the bundle.
        public var withheldReason: String?
    }

    public var bagName: String
    public var payload: [PayloadFile]
    public var bagInfo: [(String, String)]
    public var entries: [Entry]
    /// The archive's last change of the exported records: Bagging-Date and every entry's mtime.
    public var lastChange: Date
}

/// Plans the bag of a case or of a subject (every case of the subject, then unassigned documents).
public struct BagPlanner {
    public enum Scope: Sendable {
        case caseNumber(String)
        case subject(String)
    }

    public struct Options: Sendable {
        /// The applicant's copy: texts instead of originals, other persons masked.
        public var redact = false
        public var includeMedia = false
        /// With `redact`: the applicant's own identity number masked too, for staff whose role
        /// sees identity numbers masked (the bundle must not show more than their pages do).
        public var maskApplicantIdentifier = false
        public init(redact: Bool = false, includeMedia: Bool = false, maskApplicantIdentifier: Bool = false) {
            self.redact = redact
            self.includeMedia = includeMedia
            self.maskApplicantIdentifier = maskApplicantIdentifier
        }
    }

    static let confidentialReason = "涉及国家秘密、商业秘密或他人隐私,依《行政复议法》第四十七条不予提供"
    static let mediaRedactedReason = "音像资料可能含他人影像与信息,脱敏副本只附元数据"

    let database: Database
    let objects: BlobStore

    public init(database: Database, objects: BlobStore) {
        self.database = database
        self.objects = objects
    }

    public func plan(_ scope: Scope, options: Options) throws -> BagPlan {
        let reader = ArchiveReader(database: database)
        var files: [ArchiveReader.CaseFile] = []
        var unassigned: [DocumentRecord] = []
        let subject: SubjectRecord?
        let label: String
        switch scope {
        case .caseNumber(let number):
            guard let key = CaseNumber(number)?.key, let file = try reader.caseFile(numberKey: key, includeText: true) else {
                throw ExportError.notFound("案件 \(number)")
            }
            files = [file]
            subject = try file.case.subjectId.flatMap(reader.subject)
            label = file.case.caseNumber
        case .subject(let query):
            guard let found = try reader.findSubjects(query).first, let dossier = try reader.dossier(subjectID: found.id) else {
                throw ExportError.notFound("当事人 \(query)")
            }
            files = try dossier.cases.compactMap { try reader.caseFile(id: $0.case.id, includeText: true) }
            unassigned = try dossier.unassignedDocuments.compactMap { try reader.document(id: $0.id) }
            subject = found
            label = found.name
        }
        let redactor = options.redact ? try makeRedactor(applicant: subject, maskingIdentifier: options.maskApplicantIdentifier) : nil
        var builder = PayloadBuilder(redactor: redactor, options: options, reader: reader, objects: objects, database: database)
        let perCaseFolders = files.count > 1 || !unassigned.isEmpty
        for file in files {
            let folder = perCaseFolders ? FileNames.safe(file.case.caseNumber, limit: 60) + "/" : ""
            try builder.add(file, folder: folder)
        }
        if !unassigned.isEmpty { try builder.add(unassigned, caseNumber: nil, folder: "未归案文书/") }
        try builder.addTableOfContents()

        let agencies = Array(Set(files.compactMap(\.case.agency))).sorted()
        var info: [(String, String)] = []
        if !agencies.isEmpty { info.append(("Source-Organization", agencies.joined(separator: "、"))) }
        info.append(("External-Identifier", files.map(\.case.caseNumber).joined(separator: "、")))
        if let subject {
            let identifier = subject.identifier.map { redactor == nil || subject.kind != "person" ? $0 : Redactor.maskIdentifier($0) }
            info.append(("Juanzong-Subject", subject.name + (identifier.map { "(\($0))" } ?? "")))
        }
        let lastChange = try lastChange(caseIDs: files.map(\.case.id), documentIDs: unassigned.map(\.id))
        info.append(("External-Description", "行政复议案卷材料:\(label)" + (options.redact ? "(申请人查阅副本,已脱敏)" : "")))
        info.append(("Bagging-Date", Self.day(lastChange)))
        info.append(("Bag-Software-Agent", "juanzong"))
        if let archiveID = try database.prepare("SELECT value FROM archive_info WHERE key = 'archive_id'").first([], { $0.string(0) }) {
            info.append(("Juanzong-Archive-Id", archiveID))
        }
        info.append(("Juanzong-Redacted", options.redact ? "yes" : "no"))
        info.append(("Juanzong-Withheld", String(builder.entries.filter { $0.withheldReason != nil }.count)))
        let bagName = FileNames.safe(label, limit: 60) + (options.redact ? "-脱敏" : "")
        return BagPlan(bagName: bagName, payload: builder.payload, bagInfo: info, entries: builder.entries, lastChange: lastChange)
    }

    /// Other persons known to the archive are masked by name; identifiers and phones by pattern.
    private func makeRedactor(applicant: SubjectRecord?, maskingIdentifier: Bool) throws -> Redactor {
        let names = try database.prepare(
            """
            SELECT name FROM subjects WHERE kind = 'person' AND id IS DISTINCT FROM ?1
            UNION SELECT n.name FROM subject_names n JOIN subjects s ON s.id = n.subject_id WHERE s.kind = 'person' AND s.id IS DISTINCT FROM ?1
            """
        ).rows([applicant?.id]) { $0.string(0) }
        return Redactor(applicantIdentifier: maskingIdentifier ? nil : applicant?.identifier, applicantName: applicant?.name, otherPersonNames: names)
    }

    /// When the archive last changed these records: the start of the newest ingest run that wrote them.
    private func lastChange(caseIDs: [Int64], documentIDs: [Int64]) throws -> Date {
        // An empty list is NULL: `IN ()` is SQLite's alone.
        let list = { (ids: [Int64]) in ids.isEmpty ? "NULL" : ids.map(String.init).joined(separator: ",") }
        let cases = list(caseIDs), documents = list(documentIDs)
        let started =
            try database.prepare(
                """
                SELECT max(r.started_at) FROM ingest_runs r WHERE r.id IN (
                    SELECT updated_run_id FROM cases WHERE id IN (\(cases))
                    UNION SELECT ingest_run_id FROM documents WHERE case_id IN (\(cases)) OR id IN (\(documents))
                    UNION SELECT ingest_run_id FROM av_records WHERE case_id IN (\(cases)))
                """
            ).first { $0.optionalString(0) } ?? nil
        return started.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date(timeIntervalSince1970: 0)
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: date)
    }
}

/// Collects payload files and 卷内目录 entries in bag order.
private struct PayloadBuilder {
    let redactor: Redactor?
    let options: BagPlanner.Options
    let reader: ArchiveReader
    let objects: BlobStore
    let database: Database
    var payload: [PayloadFile] = []
    var entries: [BagPlan.Entry] = []

    init(redactor: Redactor?, options: BagPlanner.Options, reader: ArchiveReader, objects: BlobStore, database: Database) {
        self.redactor = redactor
        self.options = options
        self.reader = reader
        self.objects = objects
        self.database = database
    }

    mutating func add(_ file: ArchiveReader.CaseFile, folder: String) throws {
        try add(file.documents, caseNumber: file.case.caseNumber, folder: folder)
        for record in file.avRecords { try add(record, caseNumber: file.case.caseNumber, folder: folder) }
    }

    mutating func add(_ documents: [DocumentRecord], caseNumber: String?, folder: String) throws {
        for document in documents {
            let number = entries.count + 1
            let title = redactor?.redact(document.title) ?? document.title
            var entry = BagPlan.Entry(
                number: number, caseNumber: caseNumber, title: title, type: document.docType,
                date: document.docDate, extent: "—")
            if let redactor {
                guard !document.confidential else {
                    entry.withheldReason = BagPlanner.confidentialReason
                    entries.append(entry)
                    continue
                }
                // The applicant's copy carries the extracted text, redacted: originals cannot be masked.
                let data = Data(redactor.redact(document.text ?? "").utf8)
                let name = folder + FileNames.numbered(number, document.docType, title, extension: "txt")
                payload.append(PayloadFile(path: name, source: .bytes(data), size: Int64(data.count)))
                entry.fileName = name
                entry.sha256 = MessageDigest.hex(.sha256, of: data)
                entry.extent = "\(document.text?.count ?? 0) 字(提取文本,已脱敏)"
            } else {
                let name = folder + FileNames.numbered(number, document.docType, title, extension: FileNames.fileExtension(of: document))
                if objects.contains(document.sha256) {
                    payload.append(
                        PayloadFile(
                            path: name, source: .file(objects.url(for: document.sha256)), size: document.size,
                            storeUncompressed: FileNames.isCompressed(document.format)))
                } else if let data = try reader.original(sha256: document.sha256, objects: objects) {
                    payload.append(
                        PayloadFile(
                            path: name, source: .bytes(data), size: Int64(data.count),
                            storeUncompressed: FileNames.isCompressed(document.format)))
                } else {
                    entry.withheldReason = "原件不在档案库中"
                    entries.append(entry)
                    continue
                }
                entry.fileName = name
                entry.sha256 = document.sha256
                entry.extent = document.format == "pdf" ? "PDF \(document.size) 字节" : "\(document.size) 字节"
            }
            entries.append(entry)
        }
    }

    mutating func add(_ record: AVRecordRow, caseNumber: String, folder: String) throws {
        let number = entries.count + 1
        let duration = record.durationSeconds.map { String(format: "%d 分 %02d 秒", Int($0) / 60, Int($0) % 60) } ?? "时长不详"
        let metadata = AVMetadata(record)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(metadata)
        let metadataName = folder + "音像记录/" + FileNames.numbered(number, record.category, record.fileName, extension: "json")
        payload.append(PayloadFile(path: metadataName, source: .bytes(json), size: Int64(json.count)))
        var entry = BagPlan.Entry(
            number: number, caseNumber: caseNumber, title: "音像记录 \(record.fileName)", type: "音像记录·\(record.category)",
            date: record.startedAt.map { String($0.prefix(10)) }, extent: duration,
            fileName: metadataName, sha256: MessageDigest.hex(.sha256, of: json))
        if options.includeMedia {
            if options.redact {
                entry.withheldReason = BagPlanner.mediaRedactedReason
            } else if let media = try ArchiveReader(database: database).mediaFile(record, objects: objects) {
                let name = folder + "音像记录/" + FileNames.numbered(number, record.category, record.fileName, extension: nil)
                payload.append(PayloadFile(path: name, source: .file(media.url), size: media.size, storeUncompressed: true))
                entry.fileName = name
                entry.sha256 = record.sha256
            } else {
                entry.withheldReason = "音像文件缺失或已改变(请运行 juanzong fixity)"
            }
        }
        entries.append(entry)
    }

    /// 卷内目录 as CSV and as a printable HTML page, first in the payload's listing.
    mutating func addTableOfContents() throws {
        let csv = Data(TableOfContents.csv(entries).utf8)
        let html = Data(TableOfContents.html(entries, redacted: options.redact).utf8)
        payload.insert(PayloadFile(path: "卷内目录.html", source: .bytes(html), size: Int64(html.count)), at: 0)
        payload.insert(PayloadFile(path: "卷内目录.csv", source: .bytes(csv), size: Int64(csv.count)), at: 0)
    }
}

/// The metadata of an AV record as written into the bundle.
struct AVMetadata: Encodable {
    var fileName: String
    var category: String
    var important: Bool
    var deviceId: String?
    var officerId: String?
    var startedAt: String?
    var endedAt: String?
    var durationSeconds: Double?
    var codec: String?
    var size: Int64?
    var sha256: String?

    init(_ record: AVRecordRow) {
        fileName = record.fileName
        category = record.category
        important = record.important
        deviceId = record.deviceId
        officerId = record.officerId
        startedAt = record.startedAt
        endedAt = record.endedAt
        durationSeconds = record.durationSeconds
        codec = record.codec
        size = record.size
        sha256 = record.sha256
    }
}

/// File names inside the bag: numbered, readable, safe on every file system.
enum FileNames {
    static func numbered(_ number: Int, _ type: String, _ title: String, extension ext: String?) -> String {
        let base = type == title || title.hasPrefix(type) ? title : "\(type)-\(title)"
        var name = String(format: "%02d-", number) + safe(base, limit: 60)
        if let ext, !ext.isEmpty, !name.lowercased().hasSuffix("." + ext.lowercased()) { name += "." + ext }
        return name
    }

    static func safe(_ text: String, limit: Int) -> String {
        let cleaned = String(text.map { "/\\:*?\"<>|".contains($0) || $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true ? "_" : $0 })
            .trimmingCharacters(in: .whitespaces)
        return String(cleaned.prefix(limit))
    }

    /// The original's extension, from its source path (the last member of a bundle path), else its format.
    static func fileExtension(of document: DocumentRecord) -> String {
        let last = document.sourcePath.components(separatedBy: "!/").last ?? document.sourcePath
        let ext = URL(fileURLWithPath: last).pathExtension
        return ext.isEmpty ? document.format : ext.lowercased()
    }

    static func isCompressed(_ format: String) -> Bool {
        ["docx", "ofd", "image", "video", "audio", "pdf"].contains(format)
    }
}
