import Foundation
import JuanzongCore
import JuanzongStore

/// The parameters of a draw, stored with it.
public struct DrawParameters: Codable, Sendable, Equatable {
    public var year: Int
    public var perAgency: Int?
    public var rate: Double?
    public var minimum: Int
    /// Stratification fields: `agency`, `case_type`.
    public var by: [String]
    public var closedOnly: Bool
    public var excludeSampledSince: Int?

    public init(
        year: Int, perAgency: Int? = nil, rate: Double? = nil, minimum: Int = 1, by: [String] = ["agency"],
        closedOnly: Bool = false, excludeSampledSince: Int? = nil
    ) {
        self.year = year
        self.perAgency = perAgency
        self.rate = rate
        self.minimum = minimum
        self.by = by
        self.closedOnly = closedOnly
        self.excludeSampledSince = excludeSampledSince
    }
}

/// A case of the population, as the draw sees it.
public struct PopulationCase: Sendable, Equatable {
    public var id: Int64
    public var numberKey: String
    public var caseNumber: String
    public var agency: String
    public var caseType: String
    public var subjectName: String?
}

/// Stratified simple random sampling without replacement, reproducible from the seed by anyone.
///
/// The algorithm (also in the README, so that a third party can re-draw with another tool):
/// 1. The population is sorted by normalized case number (UTF-8 byte order) and split into
///    strata by the `by` fields; strata are taken in the byte order of their key, the fields'
///    values joined by U+001F.
/// 2. Per stratum of size N: n = per-agency count, or ceil(rate × N); at least `minimum`; at most N.
/// 3. Per stratum a SplitMix64 generator is seeded with the first 8 bytes, big-endian, of
///    SHA-256(seed ‖ 0x0A ‖ stratum key), all UTF-8.
/// 4. Partial Fisher–Yates over positions 0…N−1: for i in 0..<n, j = i + next() mod (N − i),
///    swap positions i and j. The first n positions, in that order, are the stratum's draw.
public enum SampleDraw {
    public struct Stratum: Sendable {
        public var key: [String]
        public var population: Int
        public var drawn: [PopulationCase]
    }

    public static func draw(_ population: [PopulationCase], parameters: DrawParameters, seed: String) -> [Stratum] {
        let sorted = population.sorted { $0.numberKey.utf8.lexicographicallyPrecedes($1.numberKey.utf8) }
        var groups: [String: [PopulationCase]] = [:]
        var keys: [String: [String]] = [:]
        for item in sorted {
            let fields = parameters.by.map { $0 == "case_type" ? item.caseType : item.agency }
            let key = fields.joined(separator: "\u{1F}")
            groups[key, default: []].append(item)
            keys[key] = fields
        }
        return groups.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { key in
            let members = groups[key]!
            let size = members.count
            var count = parameters.perAgency ?? Int((Double(size) * (parameters.rate ?? 1) - 1e-9).rounded(.up))
            count = min(size, max(count, parameters.minimum))
            var generator = SplitMix64(seed: streamSeed(seed, stratum: key))
            var positions = Array(0..<size)
            for index in 0..<count {
                let other = index + Int(generator.next() % UInt64(size - index))
                positions.swapAt(index, other)
            }
            return Stratum(key: keys[key]!, population: size, drawn: positions.prefix(count).map { members[$0] })
        }
    }

    /// The first 8 bytes of SHA-256(seed + "\n" + stratum key), big-endian.
    static func streamSeed(_ seed: String, stratum: String) -> UInt64 {
        let hex = MessageDigest.hex(.sha256, of: Data((seed + "\n" + stratum).utf8))
        return UInt64(hex.prefix(16), radix: 16)!
    }

    /// A fresh random seed: 16 hexadecimal characters.
    public static func newSeed() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next(), radix: 16).leftPadded(to: 16)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
