import COpenCC
import Foundation

/// Folds text for search: NFKC, full-width to half-width, Traditional to Simplified (OpenCC t2s),
/// lower-cased Latin letters. The original text is kept elsewhere for display.
///
/// One normalizer holds one OpenCC converter; it is not shared between threads.
public final class TextNormalizer {
    private let converter: opencc_t

    public enum Failure: Error, CustomStringConvertible {
        case openCCUnavailable(String)
        public var description: String {
            switch self {
            case .openCCUnavailable(let config): return "无法加载 OpenCC 配置 \(config)(请安装 opencc / libopencc-dev)"
            }
        }
    }

    public init(config: String = "t2s.json") throws {
        guard let handle = opencc_open(config), Int(bitPattern: handle) != -1 else {
            throw Failure.openCCUnavailable(config)
        }
        converter = handle
    }

    deinit { opencc_close(converter) }

    /// The search form of `text`.
    public func normalize(_ text: String) -> String {
        let folded = Self.foldWidthAndCompatibility(text)
        return toSimplified(folded)
    }

    /// Traditional to Simplified with OpenCC t2s, phrase-aware.
    public func toSimplified(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x2E80 }) else { return text }
        var text = text
        return text.withUTF8 { buffer -> String in
            guard let base = buffer.baseAddress,
                  let output = base.withMemoryRebound(to: CChar.self, capacity: buffer.count, {
                      opencc_convert_utf8(converter, $0, buffer.count)
                  })
            else { return String(decoding: buffer, as: UTF8.self) }
            defer { opencc_convert_utf8_free(output) }
            return String(cString: output)
        }
    }

    /// NFKC with a fast path: full-width ASCII and the ideographic space are folded directly,
    /// Latin letters lower-cased; Foundation's NFKC runs only when a character needs it.
    public static func foldWidthAndCompatibility(_ text: String) -> String {
        var needsFullNFKC = false
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x41...0x5A:
                scalars.append(Unicode.Scalar(value + 32)!)
            case 0...0x7F, 0x4E00...0x9FFF, 0x3001...0x3002, 0x3008...0x3011, 0x3014...0x301B, 0x2018...0x201D:
                scalars.append(scalar)
            case 0xFF01...0xFF5E:
                let folded = value - 0xFEE0
                scalars.append(Unicode.Scalar((0x41...0x5A).contains(folded) ? folded + 32 : folded)!)
            case 0x3000:
                scalars.append(" ")
            default:
                needsFullNFKC = true
                scalars.append(scalar)
            }
        }
        let folded = String(scalars)
        guard needsFullNFKC else { return folded }
        return folded.precomposedStringWithCompatibilityMapping.lowercased()
    }
}
