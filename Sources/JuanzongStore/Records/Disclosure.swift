import Foundation
import JuanzongCore

/// What a reader of the archive may see: whether citizens' identity numbers (身份证号) are
/// masked, and whether source paths are shown as on the server or from the ingested folder on.
///
/// An `ArchiveReader` made with a disclosure passes every record it returns through it, and a
/// search or precedent query given one does the same with its hits, so a page or API route
/// that reads through them cannot show more than its viewer may see.
public struct Disclosure: Sendable {
    /// Identity numbers masked in identifiers, document text, snippets and facts; originals withheld.
    public var masksIdentityNumbers: Bool
    /// Source paths as on the server; otherwise from the ingested folder on (`SampleCases/市场监管/…`).
    public var showsServerPaths: Bool
    /// The folders and files given to `ingest`, longest first (`ArchiveReader.ingestRoots`).
    public var ingestRoots: [String]

    public init(masksIdentityNumbers: Bool, showsServerPaths: Bool, ingestRoots: [String] = []) {
        self.masksIdentityNumbers = masksIdentityNumbers
        self.showsServerPaths = showsServerPaths
        self.ingestRoots = ingestRoots
    }

    /// Everything as stored (the command line, exports, the indexer).
    public static let everything = Disclosure(masksIdentityNumbers: false, showsServerPaths: true)

    /// An original cannot be masked: a reader that masks identity numbers does not hand it out.
    public struct OriginalWithheld: Error, Sendable {}

    /// A subject's identifier: a person's, or any identity number, masked when required
    /// (`4412261992*******2`); an enterprise's credit code stays.
    public func identifier(_ identifier: String?, kind: String?, subjectKind: String?) -> String? {
        guard let identifier, masksIdentityNumbers, kind == "id_card" || subjectKind == "person" else { return identifier }
        return IdentifierMask.mask(identifier)
    }

    /// Text with every identity number in it masked when required (the length is kept, so
    /// highlight offsets stay right).
    public func text(_ text: String) -> String {
        masksIdentityNumbers ? IdentifierMask.maskIdentityNumbers(in: text) : text
    }

    /// A source path as this reader may see it.
    public func sourcePath(_ path: String) -> String {
        guard !showsServerPaths else { return path }
        for root in ingestRoots where path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            let folder = root.hasSuffix("/") ? String(root.dropLast()) : root
            let parent = (folder as NSString).deletingLastPathComponent
            return parent.isEmpty || parent == "/" ? String(path.drop { $0 == "/" }) : String(path.dropFirst(parent.count + 1))
        }
        return (path as NSString).lastPathComponent
    }

    public func subject(_ subject: SubjectRecord) -> SubjectRecord {
        var subject = subject
        subject.identifier = identifier(subject.identifier, kind: subject.identifierKind, subjectKind: subject.kind)
        return subject
    }

    public func document(_ document: DocumentRecord) -> DocumentRecord {
        var document = document
        document.text = document.text.map(text)
        document.sourcePath = sourcePath(document.sourcePath)
        document.otherSourcePaths = document.otherSourcePaths.map(sourcePath)
        return document
    }

    public func caseFile(_ caseFile: ArchiveReader.CaseFile) -> ArchiveReader.CaseFile {
        var caseFile = caseFile
        caseFile.documents = caseFile.documents.map(document)
        return caseFile
    }

    public func dossier(_ dossier: ArchiveReader.Dossier) -> ArchiveReader.Dossier {
        var dossier = dossier
        dossier.subject = subject(dossier.subject)
        dossier.cases = dossier.cases.map(caseFile)
        dossier.unassignedDocuments = dossier.unassignedDocuments.map(document)
        return dossier
    }
}
