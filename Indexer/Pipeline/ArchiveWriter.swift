import Foundation
import JuanzongCore
import JuanzongStore

/// Writes processed folders into the archive, joining documents into cases and cases into
/// subjects (一户式). Runs on one thread with the archive's only write connection.
///
/// Every write is keyed so that writing the same input again changes nothing: documents by
/// the SHA-256 of their original, cases by normalized case number, subjects by identifier
/// (or, lacking one, normalized name), AV records by the media hash.
final class ArchiveWriter {
    let database: Database
    let runID: Int64
    /// Search-index rows of the batch being written.
    private var pendingSearch: [SearchIndexRow] = []
    /// What this run knows of each case it touched, so that repeated facts cost no statement.
    private var cases: [Int64: CaseState] = [:]
    /// Keys hash by bytes (`ExactString`): these are looked up for every document.
    private var caseIDs: [ExactString: Int64] = [:]
    private var subjectNames: [Int64: String] = [:]
    private var subjectMemo: [ExactString: Int64] = [:]
    /// Rows of the search index; case numbers and subject names go in in search form.
    private var searchRows: SearchIndexRow.Builder
    /// The subjects of the batch being written, in the order its folders name their parties.
    private var linkedSubjects: ArraySlice<LinkedSubject> = []
    /// Ids for the documents and cases the batch being written adds (`lookUpArchivedRows`).
    private var documentIDs = ReservedIDs(table: "documents"), caseRowIDs = ReservedIDs(table: "cases")
    /// The batch's content archived already, by SHA-256, with the documents the batch added.
    private var archivedDocuments: [String: Int64] = [:]
    /// Keys of the batch's cases the archive did not hold when the batch began (its writer holds
    /// their locks, so no other writer adds them meanwhile).
    private var newCaseKeys: Set<String> = []

    /// The case columns the writer fills, and the rows already linked to it. A class: the
    /// documents of a case update it in place, without copying its sets.
    final class CaseState {
        let number: CaseNumber
        var subjectID: Int64?
        /// The case's agency as stored (filled once, never changed), for the search index's facets.
        var agency: String?
        var known: Set<String>
        /// The case's legal bases stored, as `written|role`.
        var bases: Set<ExactString>
        var officers: Set<ExactString>
        /// The stored case type is 其他 (the default), which any type offered later replaces.
        var caseTypeIsOther: Bool
        /// Values set during the current batch, written by one UPDATE when it ends (`flushCases`).
        var update = CaseUpdate()

        init(
            number: CaseNumber, subjectID: Int64?, agency: String?, known: Set<String>,
            bases: Set<ExactString> = [], officers: Set<ExactString> = []
        ) {
            self.number = number
            self.subjectID = subjectID
            self.agency = agency
            self.known = known
            self.bases = bases
            self.officers = officers
            caseTypeIsOther = !known.contains("case_type")
        }

        var written: String { number.written }
        /// The number as the search index holds it (normalized), once computed.
        var searchableNumber: String?
    }
    /// Column values of a case decided in memory during a batch, exactly as the row-by-row UPDATEs
    /// they replace would have left them (nil: unchanged). A case's documents used to cost one
    /// UPDATE each for its dates and facts; now a batch costs one per case.
    struct CaseUpdate {
        var agency: String?, caseType: String?, procedure: String?, subjectID: Int64?
        var penaltyAmount: Double?, penaltyKinds: String?, confiscation: Double?
        /// By column: filed_on, decided_on, served_on, closed_on, published_on.
        var dates: [String: String] = [:]
        var fromManifest = false
        var isEmpty: Bool {
            agency == nil && caseType == nil && procedure == nil && subjectID == nil && penaltyAmount == nil
                && penaltyKinds == nil && confiscation == nil && dates.isEmpty && !fromManifest
        }
    }
    /// Cases with values to write when the batch ends, in the order they were first changed.
    private var changedCases: [Int64] = []
    /// Cases that gained a document in the batch being written (staff corrections are applied
    /// to them again after the batch).
    private var casesWithNewDocuments: Set<Int64> = []

    private(set) var counts = Counts()
    /// The case each folder was linked to, so subfolders without a case number (AV folders) inherit it.
    private var folderCases: [ExactString: Int64] = [:]
    private let statements: Statements

    struct Counts {
        var documents = 0, avRecords = 0, problems = 0, filesRead = 0
        /// Documents whose content was archived already (under another path): recorded, not added.
        var duplicates = 0
        /// Scanned pages read by OCR.
        var recognizedPages = 0
        /// Source files whose content changed since they were archived (a new current version).
        var changed = 0
        /// Batches written again after losing a race with another writer.
        var retriedBatches = 0
        var bytesRead: Int64 = 0
        var caseIDs = Set<Int64>(), subjectIDs = Set<Int64>()
    }

    init(database: Database, inputs: [String], options: IngestOptions) throws {
        self.database = database
        let optionsText = "ocr=\(options.ocr) copy_media=\(options.copyMedia)"
        let inputsJSON = String(decoding: try JSONEncoder().encode(inputs), as: UTF8.self)
        try database.prepare("INSERT INTO ingest_runs(started_at, inputs, options) VALUES (?1, ?2, ?3)")
            .run([Self.now(), inputsJSON, optionsText])
        runID = try database.lastInsertRowID
        statements = try Statements(database)
        searchRows = SearchIndexRow.Builder(normalizer: try TextNormalizer())
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// The time for rows written during a batch (problem sightings, versions): one formatter for
    /// the writer, since making one per call costs more than writing a folder (ICU set-up).
    private let timestamps = ISO8601DateFormatter()
    private func timestamp() -> String { timestamps.string(from: Date()) }

    /// Writes a batch in one transaction. The search-index rows go in last, together: FTS5 builds
    /// its segments far faster when its inserts are not interleaved with other tables' writes
    /// (measured: writer CPU 6.2 s → 3.6 s on 10,000 documents). Each batch bumps the archive's
    /// content version, which tells readers' in-memory catalogs that they are stale.
    ///
    /// Several writers may share a PostgreSQL archive. There the batch's parties are linked to
    /// subjects first, in a short transaction of their own: writers naming the same new subjects
    /// take turns for that only, not for each other's whole batch (a batch that then fails leaves
    /// its new subjects, which its next attempt or run finds). A batch that loses a race with
    /// another writer (both inserted the same new document, case or subject; a deadlock) is
    /// rolled back and written again from the start, now seeing the other writer's rows; what
    /// this writer remembered of rows is forgotten, since some of it was never committed.
    func write(_ batch: [ProcessedFolder]) throws {
        let mentions = SubjectMention.all(in: batch), caseNumbers = Self.caseNumbers(in: batch)
        var attempts = 0
        while true {
            let before = (counts, folderCases)
            do {
                let linkedAhead = database.dialect == .postgresql ? try database.transaction { try linkSubjects(mentions) } : nil
                try database.transaction {
                    // Case numbers are locked in the order all writers share (`Database.lockForTransaction`):
                    // a writer that met them one by one, in its own order, would deadlock with another.
                    try database.lockForTransaction(caseNumbers.keys.map { "case:" + $0 })
                    try lookUpArchivedRows(of: batch, caseNumbers: caseNumbers)
                    linkedSubjects = try linkedAhead ?? linkSubjects(mentions)
                    for folder in batch { try write(folder) }
                    precondition(linkedSubjects.isEmpty, "批次的当事人与写入的文书不对应")
                    try flushCases()
                    try statements.searchIndex.write(pendingSearch)
                    pendingSearch.removeAll()
                    try statements.bumpContentVersion.send()
                }
                return
            } catch  where Database.lostRace(error) && attempts < Self.retriesAfterLostRace {
                attempts += 1
                (counts, folderCases) = before
                counts.retriedBatches += attempts
                forgetRememberedRows()
            }
        }
    }

    /// Links each of a batch's parties to a subject, in order, after locking the names of those it
    /// may add or change; each subject's id with the problems linking it found.
    private func linkSubjects(_ mentions: [SubjectMention]) throws -> ArraySlice<LinkedSubject> {
        // SQLite's one writer holds the whole database: nothing to lock.
        if database.dialect == .postgresql { try database.lockForTransaction(subjectKeysToLock(mentions)) }
        return try mentions.map { mention in
            var problems: [IngestProblem] = []
            let id = try linkSubject(mention, problems: &problems)
            return LinkedSubject(id: id, problems: problems)
        }[...]
    }

    /// A subject a batch's party was linked to before its folders are written, with the problems found.
    struct LinkedSubject {
        let id: Int64
        let problems: [IngestProblem]
    }

    /// The names of subjects the batch may add or change (`resolveSubject`), to lock in the order
    /// all writers share: a writer that met them one by one would deadlock with another. Not
    /// locked: a party whose identifier the archive holds (found by it), nor, without an
    /// identifier, one whose name the archive holds for one subject or an unidentified one
    /// (joined as it is).
    private func subjectKeysToLock(_ mentions: [SubjectMention]) throws -> [String] {
        // The archive's subjects with the batch's identifiers, by identifier and by identifier and name.
        var archivedIdentifiers = Set<String>(), archivedNamedIdentifiers = Set<String>()
        let identifiers = Set(mentions.compactMap { $0.identifier?.value })
        if !identifiers.isEmpty {
            try statements.subjectsByIdentifiers.each([SQLDialect.jsonArray(identifiers)]) { row in
                archivedIdentifiers.insert(row.string(0))
                archivedNamedIdentifiers.insert(row.string(0) + "|" + row.string(1))
            }
        }
        var namesJoined = Set<String>()
        let unidentified = Set(mentions.filter { $0.identifier == nil }.map(\.nameKey))
        if !unidentified.isEmpty {
            try statements.subjectCountsByNameKeys.each([SQLDialect.jsonArray(unidentified)]) { row in
                if row.int(1) == 1 || row.int(2) > 0 { namesJoined.insert(row.string(0)) }
            }
        }
        var keys = Set<String>()
        for mention in mentions {
            let nameKey = mention.nameKey
            // A masked identifier finds only a subject of the same name.
            let found = mention.identifier.map {
                $0.isMasked ? archivedNamedIdentifiers.contains($0.value + "|" + nameKey) : archivedIdentifiers.contains($0.value)
            }
            if !(found ?? namesJoined.contains(nameKey)) { keys.insert("subject:" + nameKey) }
        }
        return Array(keys)
    }

    /// The case numbers a batch's manifests and documents name, by key.
    static func caseNumbers(in batch: [ProcessedFolder]) -> [String: CaseNumber] {
        var numbers: [String: CaseNumber] = [:]
        for folder in batch {
            if let number = folder.manifest.flatMap({ CaseNumber($0.caseNumber) }) { numbers[number.key] = number }
            for document in folder.documents {
                if let number = document.facts.caseNumber { numbers[number.key] = number }
            }
        }
        return numbers
    }

    /// Finds, in one statement each, the batch's content and cases that are archived already,
    /// and reserves ids for the documents and cases it will add: on PostgreSQL those inserts are
    /// then sent without a round trip each.
    private func lookUpArchivedRows(of batch: [ProcessedFolder], caseNumbers: [String: CaseNumber]) throws {
        let digests = Set(batch.flatMap { $0.documents.map(\.sha256) })
        archivedDocuments = [:]
        try statements.documentsBySHA.each([SQLDialect.jsonArray(digests)]) { archivedDocuments[$0.string(0)] = $0.int64(1) }
        try documentIDs.reserve(digests.count - archivedDocuments.count, in: database)
        let numbers = caseNumbers.filter { caseIDs[ExactString($0.key)] == nil }
        try loadCases(numbers)
        newCaseKeys = Set(numbers.keys.filter { caseIDs[ExactString($0)] == nil })
        try caseRowIDs.reserve(newCaseKeys.count, in: database)
    }

    /// How often a batch is written again after losing a race before its error is reported.
    static let retriesAfterLostRace = 8

    private func forgetRememberedRows() {
        cases.removeAll()
        caseIDs.removeAll()
        subjectNames.removeAll()
        subjectMemo.removeAll()
        pendingSearch.removeAll()
        changedCases.removeAll()
        casesWithNewDocuments.removeAll()
        archivedDocuments.removeAll()
        newCaseKeys.removeAll()
        linkedSubjects.removeAll()
    }

    func finish(skipped: Int) throws {
        try database.prepare(
            """
            UPDATE ingest_runs SET finished_at = ?1, files_read = ?2, bytes_read = ?3, documents_added = ?4,
            av_records_added = ?5, files_skipped = ?6, problems = ?7, status = 'finished' WHERE id = ?8
            """
        ).run([Self.now(), counts.filesRead, counts.bytesRead, counts.documents, counts.avRecords, skipped, counts.problems, runID])
    }

    // MARK: - One folder

    private func write(_ folder: ProcessedFolder) throws {
        counts.filesRead += folder.filesRead
        counts.bytesRead += folder.bytesRead
        var problems = folder.problems
        var folderCase: Int64? = nil
        var folderSubject: Int64? = nil
        if let manifest = folder.manifest {
            (folderCase, folderSubject) = try linkManifest(manifest, source: folder.manifestFolder ?? folder.path, problems: &problems)
        }
        if folderCase == nil {
            // The case the folder's documents name, when they all name the same one (a folder of
            // downloaded decisions naming several is not one case); else the nearest ancestor's.
            let numbers = folder.documents.compactMap(\.facts.caseNumber)
            if let number = numbers.first, Set(numbers.map(\.key)).count == 1 {
                let facts = folder.documents.first { $0.facts.caseNumber == number }!.facts
                folderCase = try linkCase(number: number, facts: facts, subjectID: nil, source: folder.path, problems: &problems)
            } else if numbers.isEmpty {
                folderCase = inheritedCase(for: folder.path)
            }
        }
        // Documents without a number of their own join the folder's case when a manifest says so;
        // without one, only where the folder is a case file (it holds documents only a case file
        // holds), and never a decision or a notice: those carry their own 文号, and one that was
        // not read belongs to no case yet.
        let isCaseFile = folder.manifest != nil || folder.documents.contains { DocumentType.keptInCaseFile.contains($0.facts.docType) }
        if let folderCase { folderCases[ExactString(folder.path)] = folderCase }
        for original in folder.originals { try record(original) }

        for document in folder.documents {
            let type = document.facts.docType
            // A manifest is evidence enough; without one, the rule above.
            let joinsFolder = folder.manifest != nil || !Self.numberedTypes.contains(type) && (type != .other || isCaseFile)
            try writeDocument(
                document, folderCase: joinsFolder || document.facts.caseNumber != nil ? folderCase : nil,
                folderSubject: joinsFolder ? folderSubject : nil, problems: &problems)
        }
        try writeAVRecords(folder, caseID: folderCase, problems: &problems)
        // An input counts as done only when it was archived: one that failed is tried again by
        // the next run (after --ocr, a fixed permission, a repaired file).
        let failed = problems.filter(\.kind.leavesInputUnarchived)
        for stamp in folder.completedSources where !failed.contains(where: { $0.concerns(stamp.path) }) {
            try statements.markSource.send([stamp.path, stamp.size, stamp.modified, runID])
        }
        for name in folder.fileSystemNames {
            try statements.recordPathBytes.send([name.path, Data(name.bytes)])
        }
        let seenAt = problems.isEmpty ? "" : timestamp()
        for problem in problems {
            try statements.insertProblem.send([runID, problem.sourcePath, problem.kind.rawValue, problem.reason, seenAt, problem.keptSHA256])
        }
        counts.problems += problems.count
    }

    /// The pages a scan's text was recognized from: where each starts in the text (in Unicode
    /// scalars), its confidence, engine and the turn it was read at.
    private func writePages(of document: ProcessedDocument, documentID: Int64) throws {
        var start = 0
        for (index, page) in document.extracted.recognizedPages.enumerated() {
            let length = page.text.unicodeScalars.count
            try statements.insertPage.send([documentID, index + 1, start, length, page.confidence, page.engine.rawValue, page.rotation])
            start += length + 1
        }
        counts.recognizedPages += document.extracted.recognizedPages.count
    }

    /// Types that always carry their own 文号 (a 公示 page, a 复议 decision and a court's ruling
    /// the 文号 of the decision they publish or review).
    static let numberedTypes: Set<DocumentType> = [
        .penaltyDecision, .licenseDecision, .sealingDecision, .penaltyNotice, .rectificationNotice, .penaltyPublicity,
        .reconsiderationDecision, .courtRuling,
    ]

    private func inheritedCase(for path: String) -> Int64? {
        var probe = path
        while let cut = probe.lastIndex(where: { $0 == "/" || $0 == "!" }) {
            probe = String(probe[..<cut])
            if let found = folderCases[ExactString(probe)] { return found }
        }
        return nil
    }

    /// Records an original; inline contents are written in this same transaction.
    private func record(_ original: PendingOriginal) throws {
        var path: String?, modified: Double?
        switch original.location {
        case .database(let data): try statements.insertContent.send([original.sha256, data])
        case .objects, .documentText: break
        case .reference(let referencePath, let referenceModified): (path, modified) = (referencePath, referenceModified)
        }
        try statements.insertBlob.send([original.sha256, original.size, original.location.name, path, modified])
    }

    // MARK: - Subjects

    /// The subject the batch's next party was linked to (`linkSubjects`), with the problems found.
    private func linkedSubject(problems: inout [IngestProblem]) -> Int64 {
        let linked = linkedSubjects.removeFirst()
        problems += linked.problems
        return linked.id
    }

    /// Finds or creates the subject; joins by identifier, else by normalized name when unambiguous.
    func linkSubject(_ mention: SubjectMention, problems: inout [IngestProblem]) throws -> Int64 {
        let (name, identifier, isPerson, address, representative, source) = (
            mention.name, mention.identifier, mention.isPerson, mention.address, mention.representative, mention.source
        )
        if let identifier, identifier.checkPasses == false {
            problems.append(
                IngestProblem(
                    source, .identifierCheck,
                    "当事人“\(name)”的证号 \(identifier.value) 校验位不符(GB 32100/GB 11643),按原样保存"))
        }
        // The documents of one case repeat the same party block: link it once per run.
        let memoKey = "\(identifier?.value ?? "")|\(name)|\(address ?? "")|\(representative ?? "")|\(isPerson.map(String.init) ?? "")"
        if let known = subjectMemo[ExactString(memoKey)] {
            return known
        }
        let problemsBefore = problems.count
        let id = try resolveSubject(
            name: name, identifier: identifier, isPerson: isPerson, address: address, representative: representative,
            source: source, problems: &problems)
        if problems.count == problemsBefore { subjectMemo[ExactString(memoKey)] = id }
        return id
    }

    private func resolveSubject(
        name: String, identifier: SubjectIdentifier?, isPerson: Bool?, address: String?, representative: String? = nil,
        source: String, problems: inout [IngestProblem]
    ) throws -> Int64 {
        let nameKey = SubjectNaming.key(name)
        let kind = isPerson.map { $0 ? "person" : "enterprise" } ?? "unknown"
        // Found by its identifier, the subject is only named and filled in: no lock needed. A
        // masked identifier (`91430681XXXXXXXXXX`) is shared by many subjects: it joins only a
        // subject of the same name.
        if let identifier,
            let existing =
                try identifier.isMasked
                ? statements.subjectByMaskedIdentifier.first([identifier.value, nameKey], { $0.int64(0) })
                : statements.subjectByIdentifier.first([identifier.value], { $0.int64(0) })
        {
            try statements.addName.send([existing, name])
            try statements.fillSubject.send([address, existing, representative])
            return existing
        }
        // Else subjects are found by name before one is added or given an identifier: writers
        // adding the same name take turns (the batch locked the name at its start, `subjectKeysToLock`).
        let lockName = { try self.database.lockForTransaction("subject:" + nameKey) }
        let id: Int64
        if let identifier {
            try lockName()
            // An unidentified subject of the same name gains this identifier, unless names collide.
            let sameName = try statements.subjectsByNameKey.rows([nameKey]) { ($0.int64(0), $0.optionalString(1)) }
            let unidentified = sameName.filter { $0.1 == nil }
            if unidentified.count == 1, sameName.count == 1 {
                try statements.setIdentifier.send([
                    identifier.value, identifier.kind.rawValue, identifier.isMasked,
                    identifier.checkPasses, kind, unidentified[0].0,
                ])
                try statements.addName.send([unidentified[0].0, name])
                try statements.fillSubject.send([address, unidentified[0].0, representative])
                return unidentified[0].0
            }
            if sameName.contains(where: { $0.1 != nil }) {
                problems.append(
                    IngestProblem(
                        source, .conflict,
                        "同名当事人“\(name)”证号不同(\(identifier.value) 与已有记录),作为不同当事人分别保存,未合并"))
            }
            id = try statements.insertSubject.insertedID([
                kind, name, nameKey, identifier.value, identifier.kind.rawValue,
                identifier.isMasked, identifier.checkPasses, address, runID, representative,
            ])
        } else {
            let sameNameRows = { try self.statements.subjectsByNameKey.rows([nameKey]) { ($0.int64(0), $0.optionalString(1)) } }
            var sameName = try sameNameRows()
            // The one subject of the name, or an unidentified one, is joined as it is (no lock);
            // else one is added, once the name is held (another writer may have added it meanwhile).
            if sameName.count != 1 && !sameName.contains(where: { $0.1 == nil }) {
                try lockName()
                sameName = try sameNameRows()
            }
            if sameName.count == 1 {
                try statements.fillSubject.send([address, sameName[0].0, representative])
                return sameName[0].0
            }
            if sameName.count > 1 {
                problems.append(
                    IngestProblem(
                        source, .conflict,
                        "当事人“\(name)”无证号,且档案中有 \(sameName.count) 个同名当事人,无法判断归属,另建记录"))
                if let unidentified = sameName.first(where: { $0.1 == nil }) {
                    return unidentified.0
                }
            }
            id = try statements.insertSubject.insertedID([
                kind, name, nameKey, nil as String?, nil as String?, false, nil as Bool?, address, runID, representative,
            ])
        }
        try statements.addName.send([id, name])
        return id
    }

    // MARK: - Cases

    private func linkManifest(_ manifest: CaseManifest, source: String, problems: inout [IngestProblem]) throws -> (Int64?, Int64?) {
        let subjectID = manifest.subject == nil ? nil : linkedSubject(problems: &problems)
        guard let number = CaseNumber(manifest.caseNumber) else { return (nil, subjectID) }
        var facts = DocumentFacts()
        facts.agency = manifest.agency
        facts.caseType = manifest.caseType
        facts.procedure = manifest.procedure
        facts.penaltyAmountYuan = manifest.penalty?.amountYuan
        facts.penaltyKinds = manifest.penalty?.kinds ?? []
        facts.officers = (manifest.officers ?? []).map { .init(name: $0.name, badgeNumber: $0.badgeNumber) }
        facts.legalBases = (manifest.legalBasis ?? []).flatMap(FactInference.legalBases(citedIn:))
        let caseID = try linkCase(number: number, facts: facts, subjectID: subjectID, source: source, problems: &problems)
        let state = cases[caseID]!
        if let dates = manifest.dates {
            // The manifest's dates win over any date inferred from a document.
            for (column, date) in [
                ("filed_on", dates.filed), ("decided_on", dates.decided), ("served_on", dates.served),
                ("closed_on", dates.closed), ("published_on", dates.published),
            ] {
                guard let date else { continue }
                change(state, caseID) { $0.dates[column] = date.iso }
                state.known.insert(column)
            }
        }
        change(state, caseID) { $0.fromManifest = true }
        return (caseID, subjectID)
    }

    /// Finds or creates the case and fills what it does not know yet; never overwrites a known value.
    func linkCase(
        number: CaseNumber, facts: DocumentFacts, subjectID: Int64?, source: String,
        problems: inout [IngestProblem]
    ) throws -> Int64 {
        let caseID = try caseID(for: number)
        let state = cases[caseID]!
        if let subjectID, let current = state.subjectID, current != subjectID {
            problems.append(
                IngestProblem(
                    source, .conflict,
                    "案件 \(number.written) 已属当事人 #\(current),本文书所列当事人 #\(subjectID) 不同:未合并,请核对"))
        }
        let offered: [(String, Bool)] = [
            ("agency", facts.agency != nil), ("case_type", facts.caseType != nil), ("procedure", facts.procedure != nil),
            ("subject_id", subjectID != nil), ("penalty_amount_yuan", facts.penaltyAmountYuan != nil),
            ("penalty_kinds", !facts.penaltyKinds.isEmpty), ("confiscation_yuan", facts.confiscationYuan != nil),
        ]
        let news = offered.filter { $0.1 && !state.known.contains($0.0) }.map(\.0)
        if !news.isEmpty {
            // Unknown columns are empty in the table: the offered values fill exactly those, and a
            // stored 其他 gives way to any offered type.
            change(state, caseID) { update in
                for column in news {
                    switch column {
                    case "agency": update.agency = facts.agency
                    case "procedure": update.procedure = facts.procedure?.rawValue
                    case "subject_id": update.subjectID = subjectID
                    case "penalty_amount_yuan": update.penaltyAmount = facts.penaltyAmountYuan
                    case "penalty_kinds": update.penaltyKinds = facts.penaltyKinds.joined(separator: "、")
                    case "confiscation_yuan": update.confiscation = facts.confiscationYuan
                    default: break
                    }
                }
                if let type = facts.caseType, state.caseTypeIsOther {
                    update.caseType = type.rawValue
                    state.caseTypeIsOther = type == .other
                }
            }
            state.known.formUnion(news)
            if state.subjectID == nil { state.subjectID = subjectID }
            if state.agency == nil { state.agency = facts.agency }
        }
        let cited = facts.legalBases.map { ($0, "applied") } + facts.violatedProvisions.map { ($0, "violated") }
        for (basis, role) in cited where state.bases.insert(ExactString(basis.written + "|" + role)).inserted {
            try statements.insertBasis.send([caseID, basis.statute, basis.statuteKey, basis.article, basis.clause, basis.item, basis.written, role])
        }
        for officer in facts.officers where state.officers.insert(ExactString(officer.name + "|" + (officer.badgeNumber ?? ""))).inserted {
            try statements.insertOfficer.send([caseID, officer.name, officer.badgeNumber])
        }
        return caseID
    }

    /// The id of the case with this number, creating it when new; loads its state into the cache.
    private func caseID(for number: CaseNumber) throws -> Int64 {
        if let id = try archivedCaseID(number) { return id }
        let id = try caseRowIDs.take(from: database)
        try statements.insertCase.send([id, number.written, number.key, runID])
        cases[id] = CaseState(number: number, subjectID: nil, agency: nil, known: [])
        caseIDs[ExactString(number.key)] = id
        return id
    }

    /// The id of the archived case with this number (loaded into the cache), or nil.
    private func archivedCaseID(_ number: CaseNumber) throws -> Int64? {
        if let id = caseIDs[ExactString(number.key)] { return id }
        guard !newCaseKeys.contains(number.key) else { return nil }
        try loadCases([number.key: number])
        return caseIDs[ExactString(number.key)]
    }

    /// Loads the archived cases with these keys into the cache, with what each knows, its legal
    /// bases and its officers: three statements for any number of cases.
    private func loadCases(_ numbers: [String: CaseNumber]) throws {
        guard !numbers.isEmpty else { return }
        let known = [
            "agency", "case_type", "procedure", "subject_id", "penalty_amount_yuan", "penalty_kinds", "filed_on", "decided_on",
            "served_on", "closed_on", "confiscation_yuan", "published_on",
        ]
        var loaded: [Int64] = []
        try statements.casesByKey.each([SQLDialect.jsonArray(numbers.keys)]) { row in
            let id = row.int64(0), key = row.string(15)
            cases[id] = CaseState(
                number: CaseNumber(row.string(1)) ?? numbers[key]!, subjectID: row.isNull(2) ? nil : row.int64(2),
                agency: row.optionalString(3), known: Set(known.indices.filter { !row.isNull(Int32($0 + 3)) }.map { known[$0] }))
            caseIDs[ExactString(key)] = id
            loaded.append(id)
        }
        guard !loaded.isEmpty else { return }
        let ids = try SQLDialect.jsonArray(loaded)
        try statements.casesBases.each([ids]) { cases[$0.int64(0)]?.bases.insert(ExactString($0.string(1))) }
        try statements.casesOfficers.each([ids]) { cases[$0.int64(0)]?.officers.insert(ExactString($0.string(1))) }
    }

    // MARK: - Documents

    private func writeDocument(
        _ document: ProcessedDocument, folderCase: Int64?, folderSubject: Int64?,
        problems: inout [IngestProblem]
    ) throws {
        let facts = document.facts
        var subjectID = folderSubject
        if subjectID == nil, facts.subjectName != nil { subjectID = linkedSubject(problems: &problems) }
        // The document's own case number wins; else it belongs to its folder's case.
        var caseID = folderCase
        if let number = facts.caseNumber ?? folderCase.flatMap({ cases[$0]?.number }) {
            caseID = try linkCase(number: number, facts: facts, subjectID: subjectID, source: document.sourcePath, problems: &problems)
        }
        if let caseID {
            try setCaseDate(for: facts, caseID: caseID)
            if subjectID == nil { subjectID = cases[caseID]?.subjectID }
        }
        let order = document.manifestOrder.map { $0 - 1000 } ?? facts.docType.fileOrder
        if let archived = archivedDocuments[document.sha256] {
            try recordDuplicate(document, of: archived, facts: facts, caseID: caseID, problems: &problems)
            return
        }
        let documentID = try documentIDs.take(from: database)
        try statements.insertDocument.send([
            documentID, document.sha256, caseID, subjectID, facts.docType.rawValue, facts.title, facts.date?.iso, order,
            document.format.rawValue, document.extracted.encoding, document.extracted.method, document.sourcePath,
            document.size, document.extracted.text, document.confidential, runID,
        ])
        archivedDocuments[document.sha256] = documentID
        try writePages(of: document, documentID: documentID)
        // Only a path an earlier run archived other content at can hold an earlier version.
        if document.archivedBefore {
            try supersedeEarlierVersion(
                at: document.sourcePath, with: documentID, sha256: document.sha256, facts: facts, caseID: caseID, problems: &problems)
        }
        let caseNumberText = caseID.flatMap { cases[$0] }.map(searchableNumber(of:)) ?? ""
        let subjectName = try subjectID.map(searchableSubjectName(_:)) ?? ""
        pendingSearch.append(
            searchRows.row(
                documentID: documentID, title: document.normalizedTitle, caseNumber: caseNumberText, subject: subjectName,
                body: document.normalizedText, agency: caseID.flatMap { cases[$0]?.agency }, docType: facts.docType.rawValue))
        counts.documents += 1
        // The run's summary counts the cases and subjects its documents joined, not those a manifest merely named.
        if let caseID {
            counts.caseIDs.insert(caseID)
            casesWithNewDocuments.insert(caseID)
        }
        if let subjectID { counts.subjectIDs.insert(subjectID) }
    }

    /// The same original is archived already (under another path): records this path too.
    private func recordDuplicate(
        _ document: ProcessedDocument, of existing: Int64, facts: DocumentFacts, caseID: Int64?, problems: inout [IngestProblem]
    ) throws {
        if document.archivedBefore {
            try supersedeEarlierVersion(
                at: document.sourcePath, with: existing, sha256: document.sha256, facts: facts, caseID: caseID, problems: &problems)
        }
        try statements.insertDocumentSource.send([document.sourcePath, existing])
        counts.duplicates += 1
    }

    /// When the file at `path` held other content before, `documentID` is its current version
    /// now: the earlier document is kept but superseded (searches and case files show the new
    /// one), its case's facts restated from the new content, the change reported and audited.
    private func supersedeEarlierVersion(
        at path: String, with documentID: Int64, sha256: String, facts: DocumentFacts, caseID: Int64?, problems: inout [IngestProblem]
    ) throws {
        // The path as a further path of an earlier content: it no longer shows that content.
        try statements.dropSourceAlias.send([path, documentID])
        guard
            let (previous, previousSHA) = try statements.currentDocumentAtPath.first(
                [path, documentID],
                { row in
                    (row.int64(0), row.string(1))
                }), previousSHA != sha256
        else { return }
        let now = timestamp()
        try statements.supersede.send([previous, documentID, path, runID, now])
        if let caseID { restateCase(caseID, with: facts) }
        problems.append(
            IngestProblem(
                path, .changed,
                "文件内容已修改:原版本(文书 #\(previous),SHA-256 \(previousSHA.prefix(12))…)保留为历史版本,现行版本为本次导入的内容(文书 #\(documentID))"))
        let detail = String(
            decoding: try JSONSerialization.data(
                withJSONObject: ["source_path": path, "previous_document_id": previous, "previous_sha256": previousSHA, "sha256": sha256],
                options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        try AuditLog(database: database).append(action: "document_changed", target: "document:\(documentID)", detail: detail)
        counts.changed += 1
    }

    /// A changed document restates its case: the penalty it now states replaces the one its earlier version stated.
    private func restateCase(_ caseID: Int64, with facts: DocumentFacts) {
        guard let state = cases[caseID] else { return }
        change(state, caseID) { update in
            if let amount = facts.penaltyAmountYuan { update.penaltyAmount = amount }
            if !facts.penaltyKinds.isEmpty { update.penaltyKinds = facts.penaltyKinds.joined(separator: "、") }
            if let amount = facts.confiscationYuan { update.confiscation = amount }
        }
    }

    /// The case's number as the search index holds it (normalized), computed once per case.
    private func searchableNumber(of state: CaseState) -> String {
        if let known = state.searchableNumber { return known }
        let number = searchRows.searchForm(state.written)
        state.searchableNumber = number
        return number
    }

    /// The subject's name as the search index holds it (normalized).
    private func searchableSubjectName(_ id: Int64) throws -> String {
        if let name = subjectNames[id] { return name }
        let name = searchRows.searchForm(try statements.subjectName.first([id], { $0.string(0) }) ?? "")
        subjectNames[id] = name
        return name
    }

    /// Sets the case date that this document's type records (立案, 决定, 送达, 结案, 公示), unless known.
    private func setCaseDate(for facts: DocumentFacts, caseID: Int64) throws {
        var updates: [(String, DayDate)] = []
        if let filed = facts.filedOn { updates.append(("filed_on", filed)) }
        if let published = facts.publishedOn { updates.append(("published_on", published)) }
        if let date = facts.date {
            switch facts.docType {
            case .filingApproval: updates.append(("filed_on", date))
            // A 公示 page states its decision's date (处罚决定日期) as the decision does; the first read stays.
            case .penaltyDecision, .licenseDecision, .sealingDecision, .penaltyPublicity: updates.append(("decided_on", date))
            case .serviceReceipt: updates.append(("served_on", date))
            case .closingReport: updates.append(("closed_on", date))
            default: break
            }
        }
        guard let state = cases[caseID] else { return }
        for (column, date) in updates where !state.known.contains(column) {
            change(state, caseID) { $0.dates[column] = date.iso }
            state.known.insert(column)
        }
    }

    /// Applies `body` to the case's pending update and remembers the case for `flushCases`.
    private func change(_ state: CaseState, _ caseID: Int64, _ body: (inout CaseUpdate) -> Void) {
        if state.update.isEmpty { changedCases.append(caseID) }
        body(&state.update)
    }

    /// Writes the batch's case updates, then re-applies staff corrections to the cases the batch
    /// changed or added documents to, so that a fact a reviewer corrected is never overwritten
    /// by what a later document seems to say.
    private func flushCases() throws {
        let touched = changedCases
        defer {
            changedCases.removeAll()
            casesWithNewDocuments.removeAll()
        }
        for caseID in touched {
            guard let state = cases[caseID], !state.update.isEmpty else { continue }
            let update = state.update
            try statements.updateCase.send([
                update.agency, update.caseType, update.procedure, update.subjectID, update.penaltyAmount, update.penaltyKinds,
                update.dates["filed_on"], update.dates["decided_on"], update.dates["served_on"], update.dates["closed_on"],
                update.dates["published_on"], update.fromManifest, caseID, update.confiscation,
            ])
            state.update = CaseUpdate()
        }
        try FactReviewer(database: database).reapply(toCases: casesWithNewDocuments.union(touched))
    }

    // MARK: - AV records

    private func writeAVRecords(_ folder: ProcessedFolder, caseID: Int64?, problems: inout [IngestProblem]) throws {
        let subjectID = caseID.flatMap { cases[$0]?.subjectID }
        var usedSidecars = Set<Int>()
        let manifestEntries = folder.manifest?.avRecords ?? []
        for media in folder.media {
            let relative = folder.manifestFolder.map { FolderProcessor.relativePath(media.sourcePath, to: $0) } ?? media.name
            let entry = manifestEntries.first { $0.file == relative || ($0.file as NSString).lastPathComponent == media.name }
            let base = (media.name as NSString).deletingPathExtension
            let sidecarIndex = folder.sidecars.indices.first { index in
                let sidecar = folder.sidecars[index]
                if let named = sidecar.sidecar.fileName { return (named as NSString).lastPathComponent == media.name }
                return ((sidecar.sourcePath as NSString).lastPathComponent as NSString).deletingPathExtension == base
            }
            if let sidecarIndex { usedSidecars.insert(sidecarIndex) }
            let sidecar = sidecarIndex.map { folder.sidecars[$0] }
            try insertAV(
                key: media.sha256, fileName: media.name, sha256: media.sha256, size: media.size, facts: media.facts,
                entry: entry, sidecar: sidecar, caseID: caseID, subjectID: subjectID, mediaPath: media.sourcePath)
        }
        for (index, sidecar) in folder.sidecars.enumerated() where !usedSidecars.contains(index) {
            // A recording described but not delivered: keep its metadata, mark the media as absent.
            let name = sidecar.sidecar.fileName ?? (sidecar.sourcePath as NSString).lastPathComponent
            let entry = manifestEntries.first { ($0.file as NSString).lastPathComponent == (name as NSString).lastPathComponent }
            var sidecarCase = caseID
            if let number = sidecar.sidecar.caseNumber.flatMap(CaseNumber.init), let found = try archivedCaseID(number) {
                sidecarCase = found
            }
            try insertAV(
                key: "sidecar:\(sidecar.sourcePath)#\(name)", fileName: name, sha256: nil, size: nil, facts: nil,
                entry: entry, sidecar: sidecar, caseID: sidecarCase, subjectID: subjectID, mediaPath: nil)
            problems.append(IngestProblem(sidecar.sourcePath, .mediaMissing, "元数据所列音视频文件 \(name) 未随附,仅登记元数据"))
        }
    }

    private func insertAV(
        key: String, fileName: String, sha256: String?, size: Int64?, facts: MediaFacts?,
        entry: CaseManifest.AVRecord?, sidecar: ProcessedSidecar?, caseID: Int64?, subjectID: Int64?,
        mediaPath: String?
    ) throws {
        let meta = sidecar?.sidecar
        let start = entry?.start ?? meta?.start ?? facts?.createdAt
        var end = entry?.end ?? meta?.end
        if end == nil, let start, let duration = facts?.durationSeconds, let date = ISO8601Parsing.date(start) {
            end = ISO8601Parsing.string(date.addingTimeInterval(duration), like: start)
        }
        let category =
            entry?.category?.rawValue ?? meta?.category.flatMap { raw in
                AVCategory.allCases.first { raw.contains($0.rawValue) }?.rawValue
            } ?? AVCategory.other.rawValue
        try statements.insertAV.run([
            key, fileName, sha256, size, entry?.deviceId ?? meta?.deviceId, entry?.officerId ?? meta?.officerId,
            start, end, facts?.durationSeconds, facts?.codec, facts?.container, category,
            entry?.important ?? meta?.important ?? false, caseID, subjectID, mediaPath, sidecar?.sourcePath, runID,
        ])
        if database.changes > 0 {
            counts.avRecords += 1
            if let caseID { counts.caseIDs.insert(caseID) }
            if let subjectID { counts.subjectIDs.insert(subjectID) }
        }
    }
}

/// ISO 8601 times as recorders write them, with or without a zone (then taken as China time).
enum ISO8601Parsing {
    static func date(_ text: String) -> Date? {
        let withZone = ISO8601DateFormatter()
        if let date = withZone.date(from: text) { return date }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        local.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return local.date(from: String(text.prefix(19)))
    }

    static func string(_ date: Date, like template: String) -> String {
        if template.hasSuffix("Z") { return ISO8601DateFormatter().string(from: date) }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        local.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return local.string(from: date)
    }
}
