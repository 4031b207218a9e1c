import ArgumentParser
import Foundation
import JuanzongAccess
import JuanzongStore

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "管理网页界面的账户:add、passwd、disable、enable、list",
        discussion: """
            角色:admin(管理员:账户、审计与全部功能)、legal_review(法制审核:全部机关,检索、抽查、导出,可见身份证号)、
            supervision(执法监督:全部机关,检索、抽查、导出,身份证号隐去)、agency(机关用户:只读本机关案件,身份证号隐去)。
            密码在终端上提示输入;非终端时从标准输入读第一行。
            """,
        subcommands: [Add.self, Passwd.self, Disable.self, Enable.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "添加账户")
        @OptionGroup var options: ArchiveOptions
        @Argument(help: "用户名(字母、数字、点、下划线、连字符)") var username: String
        @Option(help: "角色:admin、legal_review、supervision、agency(或中文名)") var role: String
        @Option(help: "所属执法机关(机关用户必填)") var agency: String?
        @Option(name: .customLong("display-name"), help: "姓名") var displayName: String?
        @Flag(name: .customLong("new-agency"), help: "允许档案库中尚无案件的机关(尚未导入案卷时建账户)") var newAgency = false

        func run() throws {
            guard let role = Role(named: role) else { throw ValidationError("角色“\(role)”无效:admin、legal_review、supervision、agency") }
            let password = try PasswordInput.read(confirm: true)
            let account = try AccountCommands.store(options).add(
                username: username, displayName: displayName, role: role, agency: agency, password: password,
                allowNewAgency: newAgency)
            try AccountCommands.audit(options, action: "add_user", username: username, detail: role.rawValue)
            if options.json {
                try Output.printJSON(account)
                return
            }
            print("已添加账户 \(account.username)(\(account.role.chineseName)\(account.agency.map { ",\($0)" } ?? ""))")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "修改密码(并使该账户已登录的会话失效)")
        @OptionGroup var options: ArchiveOptions
        @Argument(help: "用户名") var username: String

        func run() throws {
            try AccountCommands.store(options).setPassword(username: username, password: try PasswordInput.read(confirm: true))
            try AccountCommands.audit(options, action: "change_password", username: username, detail: "")
            print("已修改 \(username) 的密码")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "停用账户(并使其会话失效)")
        @OptionGroup var options: ArchiveOptions
        @Argument(help: "用户名") var username: String

        func run() throws { try AccountCommands.setDisabled(true, username: username, options) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重新启用账户")
        @OptionGroup var options: ArchiveOptions
        @Argument(help: "用户名") var username: String

        func run() throws { try AccountCommands.setDisabled(false, username: username, options) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出账户")
        @OptionGroup var options: ArchiveOptions

        func run() throws {
            let accounts = try AccountStore(database: try options.location.openForReading()).all()
            if options.json {
                try Output.printJSON(accounts)
                return
            }
            for account in accounts {
                print(
                    "\(account.username)\t\(account.displayName)\t\(account.role.chineseName)\t\(account.agency ?? "—")\t\(account.disabled ? "已停用" : "正常")"
                )
            }
        }
    }
}

/// What the account commands share: the store of an existing archive, and their audit entries.
enum AccountCommands {
    static func store(_ options: ArchiveOptions) throws -> AccountStore {
        let location = options.location
        return AccountStore(database: try location.openExistingForWriting())
    }

    static func setDisabled(_ disabled: Bool, username: String, _ options: ArchiveOptions) throws {
        try store(options).setDisabled(username: username, disabled)
        try audit(options, action: disabled ? "disable_user" : "enable_user", username: username, detail: "")
        print((disabled ? "已停用 " : "已启用 ") + username)
    }

    static func audit(_ options: ArchiveOptions, action: String, username: String, detail: String) throws {
        let database = try options.location.openExistingForWriting()
        try AuditLog(database: database).append(action: action, target: "user:" + username, detail: detail)
    }
}

/// A password typed at a terminal prompt (not echoed), or the first line of standard input.
enum PasswordInput {
    static func read(confirm: Bool) throws -> String {
        guard isatty(STDIN_FILENO) != 0 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw UserFacingError("标准输入中没有密码") }
            return line
        }
        let first = try prompt("密码(至少 \(AccountStore.minimumPasswordLength) 个字符):")
        if confirm, try prompt("再输入一次:") != first { throw UserFacingError("两次输入的密码不一致") }
        return first
    }

    private static func prompt(_ text: String) throws -> String {
        guard let pointer = getpass(text) else { throw UserFacingError("无法读取密码") }
        return String(cString: pointer)
    }
}
