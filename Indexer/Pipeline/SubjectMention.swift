import JuanzongCore

/// A party a batch names: by a folder's manifest, or by a document's own text where no manifest
/// names one. The writer links each to a subject (一户式) in the order the batch names them.
struct SubjectMention {
    var name: String
    var identifier: SubjectIdentifier?
    var isPerson: Bool?
    var address: String?
    var representative: String?
    /// The file that names the party (problems found linking it are reported on it).
    var source: String

    var nameKey: String { SubjectNaming.key(name) }

    /// The party of a manifest read at `folder` (its `case.json`).
    init(manifest subject: CaseManifest.Subject, folder: String) {
        name = subject.name
        identifier = subject.identifier.flatMap(SubjectIdentifier.init)
        isPerson = subject.kind.map { $0 == "person" } ?? identifier?.identifiesPerson ?? SubjectNaming.looksLikePerson(subject.name)
        address = subject.address
        source = folder + "/case.json"
    }

    /// The party a document names, if it names one.
    init?(document: ProcessedDocument) {
        let facts = document.facts
        guard let name = facts.subjectName else { return nil }
        self.name = name
        identifier = facts.subjectIdentifier
        isPerson = facts.subjectIsPerson
        address = facts.subjectAddress
        representative = facts.representative
        source = document.sourcePath
    }

    /// The parties a batch names, in the order its folders are written: a folder's manifest party
    /// where it names one (its documents then belong to it), else each document's own.
    static func all(in batch: [ProcessedFolder]) -> [SubjectMention] {
        batch.flatMap { folder -> [SubjectMention] in
            if let subject = folder.manifest?.subject { return [SubjectMention(manifest: subject, folder: folder.manifestFolder ?? folder.path)] }
            return folder.documents.compactMap(SubjectMention.init(document:))
        }
    }
}
