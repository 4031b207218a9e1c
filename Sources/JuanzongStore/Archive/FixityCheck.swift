import Foundation
import JuanzongCore

/// Re-hashes every original the archive holds or refers to and reports what changed or disappeared:
/// inline contents, originals kept as document text, object files, and media stored by reference.
public struct FixityCheck {
    public struct Finding: Codable, Sendable {
        public enum Status: String, Codable, Sendable {
            case changed, missing
        }
        public var sha256: String
        public var location: String
        public var path: String?
        public var status: Status
        /// The hash found now, when the original is there but differs.
        public var actualSha256: String?
    }

    public struct Report: Codable, Sendable {
        public var checked: Int
        public var findings: [Finding]
    }

    public let database: Database
    public let store: BlobStore

    public init(database: Database, store: BlobStore) {
        self.database = database
        self.store = store
    }

    public func run() throws -> Report {
        let blobs = try database.prepare("SELECT sha256, location, reference_path FROM blobs ORDER BY sha256")
            .rows { ($0.string(0), $0.string(1), $0.optionalString(2)) }
        let content = try database.prepare("SELECT data FROM blob_contents WHERE sha256 = ?1")
        let text = try database.prepare("SELECT text FROM documents WHERE sha256 = ?1")
        var findings: [Finding] = []
        for (sha256, location, reference) in blobs {
            var actual: String?
            var path: String?
            switch location {
            case "database":
                actual = try content.first([sha256], { MessageDigest.hex(.sha256, of: $0.data(0)) })
            case "document_text":
                actual = try text.first([sha256], { MessageDigest.hex(.sha256, of: Data($0.string(0).utf8)) })
            case "objects":
                path = store.url(for: sha256).path
                actual = try? BlobStore.hashFile(at: store.url(for: sha256)).sha256
            default:
                path = reference
                actual = reference.flatMap { try? BlobStore.hashFile(at: URL(fileURLWithPath: $0)).sha256 }
            }
            if actual == nil {
                findings.append(Finding(sha256: sha256, location: location, path: path, status: .missing))
            } else if actual != sha256 {
                findings.append(Finding(sha256: sha256, location: location, path: path, status: .changed, actualSha256: actual))
            }
        }
        return Report(checked: blobs.count, findings: findings)
    }
}
