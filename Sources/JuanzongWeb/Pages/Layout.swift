import JuanzongCore
import JuanzongQuery

/// The frame of every page: header with navigation by role, and the common style sheet.
/// Pages are plain server-rendered HTML and work without JavaScript.
enum Layout {
    static func page(_ title: String, viewer: Viewer?, csrf: String?, active: String = "", body: String) -> String {
        var navigation = ""
        if let viewer {
            var links: [(String, String, String)] = [("search", "/search", "检索"), ("subjects", "/subjects", "当事人")]
            links.append(("precedent", "/precedent", "先例"))
            if viewer.role.canReview { links.append(("review", "/review", "核对")) }
            if viewer.role.canSample { links.append(("evaluation", "/evaluation", "案卷评查")) }
            if viewer.role.canExport { links.append(("export", "/export", "导出")) }
            if viewer.role.canReadAudit { links.append(("audit", "/audit", "审计日志")) }
            if viewer.role.canManageAccounts { links.append(("accounts", "/accounts", "账户")) }
            if viewer.role.canManageAccounts { links.append(("calendar", "/calendar", "工作日日历")) }
            navigation = links.map { key, href, label in
                "<a href=\"\(href)\"\(key == active ? " class=\"active\"" : "")>\(label)</a>"
            }.joined()
            let agency = viewer.account.agency.map { " · " + HTML.escape($0) } ?? ""
            navigation += """
                <span class="who">\(HTML.escape(viewer.account.displayName))(\(viewer.role.chineseName)\(agency))
                <form method="post" action="/logout" class="inline">\(csrfField(csrf))<button type="submit">退出</button></form></span>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · 卷宗</title>
            <style>\(style)</style>
            </head>
            <body>
            <header><a class="brand" href="/search">卷宗 · 行政执法案卷</a><nav>\(navigation)</nav></header>
            <main>
            <h1>\(HTML.escape(title))</h1>
            \(body)
            </main>
            </body>
            </html>
            """
    }

    static func csrfField(_ token: String?) -> String {
        token.map { "<input type=\"hidden\" name=\"csrf_token\" value=\"\(HTML.escape($0))\">" } ?? ""
    }

    /// The error page keeps the navigation and the sign-out button of a signed-in user.
    static func errorPage(_ error: WebError, viewer: Viewer?, csrf: String?) -> String {
        page(
            "出错了", viewer: viewer, csrf: csrf,
            body: """
                <p class="error" role="alert">\(HTML.escape(error.message))</p>
                <p class="muted">错误代码:<code>\(HTML.escape(error.code))</code>(HTTP \(error.status.code))</p>
                <p><a href="/search">返回检索</a></p>
                """)
    }

    static func yuan(_ amount: Double?) -> String {
        guard let amount else { return "—" }
        return amount == amount.rounded() ? "¥" + String(Int64(amount)) : "¥" + String(format: "%.2f", amount)
    }

    static func table(_ header: [String], _ rows: [[String]], id: String? = nil) -> String {
        let head = header.map { "<th>\(HTML.escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table\(id.map { " id=\"\($0)\"" } ?? "")><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
    }

    static let style = """
        body { margin: 0; font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif; font-size: 15px; color: #1d2129; background: #f6f7f9; }
        header { background: #8b1a1a; color: #fff; display: flex; align-items: center; gap: 24px; padding: 10px 24px; flex-wrap: wrap; }
        header a { color: #fff; text-decoration: none; }
        header .brand { font-weight: bold; font-size: 18px; }
        nav { display: flex; gap: 16px; align-items: center; flex: 1; flex-wrap: wrap; }
        nav a.active { border-bottom: 2px solid #fff; }
        nav .who { margin-left: auto; font-size: 13px; }
        form.inline { display: inline; }
        main { max-width: 1180px; margin: 0 auto; padding: 12px 24px 48px; }
        h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; } h3 { font-size: 16px; }
        table { border-collapse: collapse; width: 100%; background: #fff; margin: 8px 0 16px; }
        th, td { border: 1px solid #d9dce1; padding: 6px 8px; text-align: left; vertical-align: top; }
        th { background: #eef0f3; font-weight: 600; }
        mark { background: #ffe27a; padding: 0 1px; }
        .muted { color: #6b7280; font-size: 13px; }
        .error { color: #a8071a; background: #fff1f0; border: 1px solid #ffa39e; padding: 8px 12px; }
        .notice { background: #f0f9eb; border: 1px solid #b7eb8f; padding: 8px 12px; }
        .layout { display: grid; grid-template-columns: 220px 1fr; gap: 24px; }
        .facets h3 { margin: 16px 0 4px; font-size: 14px; }
        .facets ul { list-style: none; padding: 0; margin: 0; }
        .facets li { margin: 2px 0; font-size: 13px; }
        .facets a.on { font-weight: bold; }
        .hit { background: #fff; border: 1px solid #e5e7eb; padding: 10px 14px; margin: 0 0 10px; }
        .hit h3 { margin: 0 0 4px; }
        .hit .meta { color: #4b5563; font-size: 13px; margin-bottom: 6px; }
        .searchbox input[type=search] { width: 60%; font-size: 16px; padding: 6px 8px; }
        input, select, button { font-size: 14px; padding: 4px 8px; }
        button { cursor: pointer; }
        .doc-text { white-space: pre-wrap; background: #fff; border: 1px solid #e5e7eb; padding: 16px; line-height: 1.7; }
        .timeline { border-left: 3px solid #8b1a1a; margin-left: 4px; padding-left: 2.6em; }
        .timeline li { margin: 4px 0; }
        dl.identity { display: grid; grid-template-columns: 140px 1fr; gap: 4px 12px; background: #fff; padding: 12px; border: 1px solid #e5e7eb; }
        dl.identity dt { color: #6b7280; }
        .pager a, .pager span { margin-right: 12px; }
        fieldset { background: #fff; border: 1px solid #d9dce1; margin: 12px 0; }
        label { margin-right: 12px; }
        """
}
