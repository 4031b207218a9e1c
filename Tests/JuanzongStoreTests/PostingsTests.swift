import JuanzongStore
import Testing

/// The stored form of the PostgreSQL store's posting lists.
@Suite struct PostingsTests {
    /// Documents far apart and positions in late columns take varints of several bytes.
    static func sample() -> Postings {
        var postings = Postings()
        var random = SystemRandomNumberGenerator()
        var document: Int64 = 7
        for _ in 0..<500 {
            document += Int64.random(in: 1...200_000, using: &random)
            // Positions ascend: by column, then by offset in it.
            for column in (0..<3).filter({ _ in Bool.random(using: &random) }) + [3] {
                var offset = 0
                for _ in 0..<Int.random(in: 1...10, using: &random) {
                    offset += Int.random(in: 1...3_000, using: &random)
                    postings.append(document: document, position: Postings.position(column: column, offset: offset))
                }
            }
        }
        return postings
    }

    @Test func storedListsDecodeToWhatWasWritten() {
        let postings = Self.sample()
        let (first, bytes) = postings.encoded()
        var decoded = Postings()
        decoded.append(encoded: bytes, firstDocument: first)
        #expect(decoded == postings)
    }

    @Test func documentsAreCountedWithoutDecodingPositions() {
        let postings = Self.sample()
        #expect(Postings.documentCount(encoded: postings.encoded().bytes) == postings.documents.count)
        #expect(Postings.documentCount(encoded: []) == 0)
    }
}
