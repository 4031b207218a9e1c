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

    @Test func weightedFrequenciesAreTheColumnWeightsOfEachDocumentsPositions() {
        let postings = Self.sample()
        let weights = [10.0, 5.0, 2.0, 1.0]
        var documents: [Int64] = [], frequencies: [Double] = []
        let (first, bytes) = postings.encoded()
        Postings.weightedFrequencies(encoded: bytes, firstDocument: first, weights: weights, documents: &documents, frequencies: &frequencies)
        #expect(documents == postings.documents)
        let expected = postings.documents.indices.map { index in
            postings.positions(ofDocumentAt: index).reduce(0.0) { $0 + weights[Postings.column(of: $1)] }
        }
        #expect(frequencies == expected)
    }
}
