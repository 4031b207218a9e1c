import CCrypto
import Foundation

/// Slow password hashing with scrypt (OpenSSL libcrypto), stored as
/// `scrypt$N$r$p$salt$hash` (salt and hash in base64), so the cost can be raised later
/// without invalidating stored passwords.
public struct PasswordHasher: Sendable {
    /// CPU/memory cost: 2^15 with r = 8 uses 32 MiB and about 0.1 s per hash on one core.
    public var costExponent: Int
    public var blockSize: UInt64 = 8
    public var parallelism: UInt64 = 1

    public init(costExponent: Int = 15) { self.costExponent = costExponent }

    /// Hashes `password` with a fresh random salt.
    public func hash(_ password: String) throws -> String {
        let salt = try SecureRandom.bytes(16)
        let n = UInt64(1) << UInt64(costExponent)
        let derived = try Self.scrypt(password, salt: salt, n: n, r: blockSize, p: parallelism)
        return [
            "scrypt", String(n), String(blockSize), String(parallelism),
            Data(salt).base64EncodedString(), Data(derived).base64EncodedString(),
        ].joined(separator: "$")
    }

    /// Whether `password` matches `stored` (compared in constant time).
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = UInt64(parts[1]), let r = UInt64(parts[2]), let p = UInt64(parts[3]),
            let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
            let derived = try? Self.scrypt(password, salt: [UInt8](salt), n: n, r: r, p: p, length: expected.count)
        else { return false }
        return derived.withUnsafeBytes { a in
            expected.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, expected.count) == 0 }
        }
    }

    static func scrypt(_ password: String, salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, length: Int = 32) throws -> [UInt8] {
        var key = [UInt8](repeating: 0, count: length)
        let secret = Array(password.utf8)
        // scrypt needs 128·N·r·p bytes; allow twice that.
        let memory = 256 * n * r * p
        let status = secret.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { pass in
                EVP_PBE_scrypt(pass.baseAddress, pass.count, salt, salt.count, n, r, p, memory, &key, length)
            }
        }
        guard status == 1 else { throw AccessError.cryptoFailure("scrypt") }
        return key
    }
}

/// Random bytes and tokens from the operating system's generator (OpenSSL RAND_bytes).
public enum SecureRandom {
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw AccessError.cryptoFailure("RAND_bytes") }
        return bytes
    }

    /// 32 random bytes as URL-safe base64 without padding (cookie- and header-safe).
    public static func token() throws -> String {
        Data(try bytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
