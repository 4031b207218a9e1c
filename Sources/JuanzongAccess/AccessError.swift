/// Account and session failures, each with a Chinese message and a stable code for the API.
public enum AccessError: Error, Equatable, CustomStringConvertible, Sendable {
    case cryptoFailure(String)
    case invalidUsername(String)
    case duplicateUsername(String)
    case unknownUser(String)
    case weakPassword
    case agencyRequired
    case badCredentials
    case controlCharacter(String)
    case unknownAgency(String, known: [String])

    public var code: String {
        switch self {
        case .cryptoFailure: return "crypto_failure"
        case .invalidUsername: return "invalid_username"
        case .duplicateUsername: return "duplicate_username"
        case .unknownUser: return "unknown_user"
        case .weakPassword: return "weak_password"
        case .agencyRequired: return "agency_required"
        case .badCredentials: return "bad_credentials"
        case .controlCharacter: return "control_character"
        case .unknownAgency: return "unknown_agency"
        }
    }

    public var description: String {
        switch self {
        case .cryptoFailure(let function): return "加密函数 \(function) 失败"
        case .invalidUsername(let name): return "用户名“\(name)”无效:只能用字母、数字、点、下划线与连字符,3 到 32 个字符"
        case .duplicateUsername(let name): return "用户名“\(name)”已存在"
        case .unknownUser(let name): return "没有用户“\(name)”"
        case .weakPassword: return "密码至少 10 个字符"
        case .agencyRequired: return "机关用户须指定所属执法机关"
        case .badCredentials: return "用户名或密码错误,或账户已停用"
        case .controlCharacter(let value): return "\(value) 含有控制字符(如换行、NUL),请删除后重试"
        case .unknownAgency(let agency, let known):
            let list = known.isEmpty ? "档案库中尚无案件" : "已有机关:" + known.joined(separator: "、")
            return "档案库中没有执法机关“\(agency)”的案件(\(list))。请按案卷中的机关全称填写;尚未导入案卷时可用 --new-agency"
        }
    }
}
