/// Why a benchmark could not run or its result is not valid, in Chinese.
public struct BenchmarkError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
