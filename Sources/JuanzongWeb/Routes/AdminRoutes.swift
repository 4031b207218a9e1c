import Foundation
import Hummingbird
import JuanzongAccess
import JuanzongCore
import JuanzongStore

/// For administrators: the searchable audit log with its chain check, and accounts.
struct AdminRoutes {
    let services: ArchiveServices
    static let pageSize = 100

    struct AuditPage: Encodable, Sendable {
        var total: Int
        var entries: [AuditLog.Row]
    }

    struct NewAccount: Decodable, Sendable {
        var username: String
        var displayName: String?
        var role: String
        var agency: String?
        var password: String
    }

    func register(on router: Router<WebContext>) {
        for path in ["/audit", "/api/v1/audit"] {
            router.get(RouterPath(path)) { request, context in
                let viewer = try administrator(context, audit: true)
                let page = min(max(1, Int(request.query("page") ?? "1") ?? 1), 1_000_000)
                let filters = (
                    text: request.query("q"), actor: request.query("actor"), from: request.query("from"), through: request.query("through")
                )
                let found = try await services.read { connection in
                    try AuditLog(database: connection.database).search(
                        text: filters.text, actor: filters.actor, from: filters.from, through: filters.through,
                        limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
                }
                services.audit.record(
                    .init(
                        actor: viewer.actor, action: "view_audit", target: "audit",
                        detail: AuditDetail.json(["q": filters.text, "actor": filters.actor, "from": filters.from, "through": filters.through])))
                if path.hasPrefix("/api/") { return try Responses.json(AuditPage(total: found.total, entries: found.rows)) }
                return Responses.html(auditPage(found, request: request, page: page, viewer: viewer, csrf: context.session?.csrfToken))
            }
        }
        for path in ["/audit/verify", "/api/v1/audit/verify"] {
            router.get(RouterPath(path)) { request, context in
                let viewer = try administrator(context, audit: true)
                let verification = try await services.read { try AuditLog(database: $0.database).verify() }
                if path.hasPrefix("/api/") { return try Responses.json(verification) }
                let problems = verification.problems.map { "<li>\(HTML.escape($0.message))</li>" }.joined()
                let summary =
                    verification.intact
                    ? "审计日志完整:\(verification.entries) 条记录的哈希链全部吻合。"
                    : "审计日志被改动:发现 \(verification.problems.count) 处问题。"
                return Responses.html(
                    Layout.page(
                        "审计日志校验", viewer: viewer, csrf: context.session?.csrfToken, active: "audit",
                        body: """
                            <p class="\(verification.intact ? "notice" : "error")" id="verification">\(summary)</p>
                            <ul>\(problems)</ul>
                            <p class="muted">末条哈希:<code>\(HTML.escape(verification.lastHash ?? "—"))</code></p>
                            """))
            }
        }
        for path in ["/accounts", "/api/v1/users"] {
            router.get(RouterPath(path)) { request, context in
                let viewer = try administrator(context, audit: false)
                let accounts = try await services.read { try AccountStore(database: $0.database).all() }
                if path.hasPrefix("/api/") { return try Responses.json(["users": accounts]) }
                return Responses.html(accountsPage(accounts, notice: request.query("notice"), viewer: viewer, csrf: context.session?.csrfToken))
            }
        }
        router.post("/accounts") { request, context in
            let viewer = try administrator(context, audit: false)
            var request = request
            let fields = Forms.fields(try await request.collectBody(upTo: context.maxUploadSize))
            let account = try await addAccount(
                NewAccount(
                    username: fields["username"] ?? "", displayName: fields["display_name"], role: fields["role"] ?? "",
                    agency: fields["agency"], password: fields["password"] ?? ""), viewer: viewer)
            return Responses.seeOther(URLQuery.link("/accounts", [("notice", "已添加账户 \(account.username)")]))
        }
        router.post("/api/v1/users") { request, context in
            let viewer = try administrator(context, audit: false)
            return try Responses.json(
                try await addAccount(try await request.decode(as: NewAccount.self, context: context), viewer: viewer), status: .created)
        }
        router.post("/accounts/:username/disable") { request, context in
            let viewer = try administrator(context, audit: false)
            let username = try context.parameters.require("username")
            var request = request
            let disable = Forms.fields(try await request.collectBody(upTo: context.maxUploadSize))["enable"] != "1"
            guard username != viewer.account.username || !disable else { throw WebError.badRequest("不能停用自己的账户", code: "cannot_disable_self") }
            try await services.write { try AccountStore(database: $0).setDisabled(username: username, disable) }
            services.audit.record(.init(actor: viewer.actor, action: disable ? "disable_user" : "enable_user", target: "user:" + username))
            return Responses.seeOther(URLQuery.link("/accounts", [("notice", (disable ? "已停用 " : "已启用 ") + username)]))
        }
    }

    func administrator(_ context: WebContext, audit: Bool) throws -> Viewer {
        let viewer = try context.viewer()
        try viewer.require(audit ? viewer.role.canReadAudit : viewer.role.canManageAccounts)
        return viewer
    }

    func addAccount(_ new: NewAccount, viewer: Viewer) async throws -> Account {
        guard let role = Role(named: new.role) else {
            throw WebError.badRequest("角色“\(new.role)”无效:admin、legal_review、supervision、agency", code: "bad_role")
        }
        let added = try await services.write { database in
            try AccountStore(database: database).add(
                username: new.username, displayName: new.displayName, role: role, agency: new.agency, password: new.password)
        }
        services.audit.record(
            .init(
                actor: viewer.actor, action: "add_user", target: "user:" + added.username,
                detail: AuditDetail.json(["role": role.rawValue, "agency": added.agency])))
        return added
    }

    func auditPage(_ found: (total: Int, rows: [AuditLog.Row]), request: Request, page: Int, viewer: Viewer, csrf: String?) -> String {
        let rows = found.rows.map { row in
            [
                String(row.id), HTML.escape(row.at), HTML.escape(row.actor), HTML.escape(row.action), HTML.escape(row.target),
                "<code>\(HTML.escape(row.detail))</code>",
                "<code title=\"\(HTML.escape(row.entryHash))\">\(HTML.escape(String(row.entryHash.prefix(12))))…</code>",
            ]
        }
        let parameters: [(String, String?)] = [
            ("q", request.query("q")), ("actor", request.query("actor")), ("from", request.query("from")), ("through", request.query("through")),
        ]
        let pages = max(1, (found.total + Self.pageSize - 1) / Self.pageSize)
        let pager =
            (page > 1 ? "<a href=\"\(HTML.escape(URLQuery.link("/audit", parameters + [("page", String(page - 1))])))\">上一页</a> " : "")
            + (page < pages ? "<a href=\"\(HTML.escape(URLQuery.link("/audit", parameters + [("page", String(page + 1))])))\">下一页</a>" : "")
        return Layout.page(
            "审计日志", viewer: viewer, csrf: csrf, active: "audit",
            body: """
                <form method="get" action="/audit">
                <label>内容包含 <input name="q" value="\(HTML.escape(request.query("q") ?? ""))"></label>
                <label>操作人 <input name="actor" value="\(HTML.escape(request.query("actor") ?? ""))" placeholder="web:用户名" size="14"></label>
                <label>日期 <input name="from" value="\(HTML.escape(request.query("from") ?? ""))" placeholder="2026-01-01" size="10"></label>
                <label>至 <input name="through" value="\(HTML.escape(request.query("through") ?? ""))" placeholder="2026-12-31" size="10"></label>
                <button type="submit">查询</button> · <a href="/audit/verify">校验哈希链</a>
                </form>
                <p>共 \(found.total) 条(时间为 UTC)</p>
                \(Layout.table(["编号", "时间", "操作人", "操作", "对象", "详情", "哈希"], rows, id: "audit"))
                <nav class="pager">\(pager)</nav>
                """)
    }

    func accountsPage(_ accounts: [Account], notice: String?, viewer: Viewer, csrf: String?) -> String {
        let rows = accounts.map { account in
            [
                HTML.escape(account.username), HTML.escape(account.displayName), account.role.chineseName, HTML.escape(account.agency ?? "—"),
                account.disabled ? "已停用" : "正常",
                """
                <form method="post" action="/accounts/\(URLQuery.encode(account.username))/disable" class="inline">\(Layout.csrfField(csrf))\(account.disabled ? "<input type=\"hidden\" name=\"enable\" value=\"1\"><button type=\"submit\">启用</button>" : "<button type=\"submit\">停用</button>")</form>
                """,
            ]
        }
        let roles = Role.allCases.map { "<option value=\"\($0.rawValue)\">\($0.chineseName)</option>" }.joined()
        return Layout.page(
            "账户", viewer: viewer, csrf: csrf, active: "accounts",
            body: """
                \(notice.map { "<p class=\"notice\" role=\"status\">\(HTML.escape($0))</p>" } ?? "")
                \(Layout.table(["用户名", "姓名", "角色", "所属机关", "状态", ""], rows, id: "accounts"))
                <form method="post" action="/accounts">
                \(Layout.csrfField(csrf))
                <fieldset><legend>添加账户</legend>
                <label>用户名 <input name="username" required size="12"></label>
                <label>姓名 <input name="display_name" size="8"></label>
                <label>角色 <select name="role">\(roles)</select></label>
                <label>所属机关(机关用户必填) <input name="agency" size="20"></label>
                <label>初始密码 <input name="password" type="password" required minlength="\(AccountStore.minimumPasswordLength)" autocomplete="new-password"></label>
                <button type="submit">添加</button>
                </fieldset>
                </form>
                <p class="muted">修改密码用 <code>juanzong user passwd</code>。</p>
                """)
    }
}
