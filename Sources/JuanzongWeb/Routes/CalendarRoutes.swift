import Foundation
import Hummingbird
import JuanzongCore
import JuanzongEvaluation
import JuanzongStore

/// For administrators: the working-day calendar the deadline checks count with, and the import
/// of the State Council's annual notice (paste, check day by day, confirm) — the web form of
/// `juanzong calendar import` and `calendar show`.
struct CalendarRoutes {
    let services: ArchiveServices

    func register(on router: Router<WebContext>) {
        router.get("/calendar") { request, context in
            let viewer = try administrator(context)
            let shown = request.query("year").flatMap(Int.init) ?? Calendar(identifier: .gregorian).component(.year, from: Date()) + 1
            let page = try await overview(
                year: shown, notice: request.query("notice"), error: nil, form: .init(), viewer: viewer,
                csrf: context.session?.csrfToken)
            return Responses.html(page)
        }
        router.post("/calendar/preview") { request, context in
            let viewer = try administrator(context)
            var request = request
            let form = ImportForm(Forms.fields(try await request.collectBody(upTo: context.maxUploadSize)))
            do {
                let arrangement = try parse(form)
                let existing = try await services.read { try HolidayArrangementStore(database: $0.database).current(year: arrangement.year) }
                return Responses.html(preview(arrangement, form: form, replacing: existing, viewer: viewer, csrf: context.session?.csrfToken))
            } catch let rejected as HolidayNotice.Rejected {
                return Responses.html(
                    try await overview(
                        year: form.year ?? 0, notice: nil, error: rejected.description, form: form,
                        viewer: viewer, csrf: context.session?.csrfToken), status: .badRequest)
            }
        }
        router.post("/calendar/import") { request, context in
            let viewer = try administrator(context)
            var request = request
            let form = ImportForm(Forms.fields(try await request.collectBody(upTo: context.maxUploadSize)))
            do {
                let arrangement = try parse(form)
                let record = try await services.write { database in
                    try HolidayArrangementStore(database: database).store(
                        arrangement, noticeText: form.text, reason: form.reason, actor: viewer.actor)
                }
                return Responses.seeOther(
                    URLQuery.link(
                        "/calendar",
                        [
                            ("year", String(record.year)),
                            ("notice", "已导入 \(record.year) 年放假安排(#\(record.id))"),
                        ]))
            } catch let error as HolidayNotice.Rejected {
                throw WebError.badRequest(error.description, code: "notice_rejected")
            } catch let refusal as HolidayArrangementStore.Refusal {
                throw WebError.badRequest(refusal.description, code: "reason_required")
            }
        }
    }

    /// The fields of the import form.
    struct ImportForm {
        var text = ""
        var year: Int?
        var reason: String?

        init() {}

        init(_ fields: [String: String]) {
            text = fields["notice"] ?? ""
            year = fields["year"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            reason = fields["reason"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        }
    }

    func administrator(_ context: WebContext) throws -> Viewer {
        let viewer = try context.viewer()
        try viewer.require(viewer.role.canManageAccounts)
        return viewer
    }

    func parse(_ form: ImportForm) throws -> HolidayArrangement {
        guard !form.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw HolidayNotice.Rejected(reason: "请粘贴通知全文")
        }
        return try HolidayNotice.parse(form.text, year: form.year, normalizer: try TextNormalizer())
    }

    /// The years around `year` with their sources, `year`'s days, and the import form.
    func overview(year: Int, notice: String?, error: String?, form: ImportForm, viewer: Viewer, csrf: String?) async throws -> String {
        let current = Calendar(identifier: .gregorian).component(.year, from: Date())
        let shown = (StatutoryHolidays.firstYear...current + 5).contains(year) ? year : current + 1
        let holidaysFile = services.holidaysFile
        let (calendar, history) = try await services.read { connection in
            (
                try WorkingCalendar(contentsOf: holidaysFile, archive: connection.database),
                try HolidayArrangementStore(database: connection.database).history(year: shown)
            )
        }
        let years = try (current - 2...current + 2).map { year -> String in
            let source = try calendar.year(year).source
            return "<a href=\"/calendar?year=\(year)\"\(year == shown ? " class=\"on\"" : "")>\(year) 年:\(source.chineseName)</a>"
        }.joined(separator: " · ")
        let days = try calendar.year(shown)
        let rows = days.days.map { day in
            [day.date.iso, day.date.chineseWeekday, day.working ? "调休上班" : "放假", HTML.escape(day.festival.isEmpty ? "—" : day.festival)]
        }
        let imports = history.map { record in
            "<li>#\(record.id) \(HTML.escape(record.importedAt)) \(HTML.escape(record.actor))"
                + (record.replaceReason.map { ",替换 #\(record.replacesId ?? 0),理由:\(HTML.escape($0))" } ?? "") + "</li>"
        }.joined()
        return Layout.page(
            "工作日日历", viewer: viewer, csrf: csrf, active: "calendar",
            body: """
                \(notice.map { "<p class=\"notice\" role=\"status\">\(HTML.escape($0))</p>" } ?? "")
                <p>\(years)</p>
                <h2>\(shown) 年 <span id="calendar-source">\(days.source.chineseName)</span></h2>
                \(days.source == .estimated ? "<p class=\"muted\">按《全国年节及纪念日放假办法》的法定节假日估算,不含调休;依据本年计算的评查期限均注明“待导入 \(shown) 年放假安排后复核”。</p>" : "")
                \(Layout.table(["日期", "星期", "安排", "节日"], rows, id: "calendar-days"))
                \(imports.isEmpty ? "" : "<h3>导入记录</h3><ul>\(imports)</ul>")
                <h2>导入放假安排通知</h2>
                \(error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? "")
                <form method="post" action="/calendar/preview" id="calendar-form">
                \(Layout.csrfField(csrf))
                <p><label for="notice">《国务院办公厅关于YYYY年部分节假日安排的通知》全文(简体、繁体、全角均可):</label><br>
                <textarea id="notice" name="notice" rows="12" cols="90" required>\(HTML.escape(form.text))</textarea></p>
                <p><label>年份(通知无标题时填写) <input name="year" size="6" value="\(form.year.map(String.init) ?? "")"></label>
                <label>替换理由(该年已导入时必填) <input name="reason" size="30" value="\(HTML.escape(form.reason ?? ""))"></label>
                <button type="submit">核对</button></p>
                </form>
                """)
    }

    /// The days understood, for the administrator to check before the import is stored.
    func preview(
        _ arrangement: HolidayArrangement, form: ImportForm, replacing: HolidayArrangementStore.Record?, viewer: Viewer, csrf: String?
    ) -> String {
        var days: [(date: DayDate, working: Bool, festival: String)] = []
        for festival in arrangement.festivals {
            days += festival.holidays.map { (date: $0, working: false, festival: festival.name) }
            days += festival.workdays.map { (date: $0, working: true, festival: festival.name) }
        }
        let rows: [[String]] = days.sorted { $0.date < $1.date }.map { day in
            [day.date.iso, day.date.chineseWeekday, day.working ? "调休上班" : "放假", HTML.escape(day.festival)]
        }
        let replacingNote =
            replacing.map {
                "<p class=\"error\">\(arrangement.year) 年已导入(#\($0.id),\(HTML.escape($0.importedAt)));确认即替换\(form.reason == nil ? ",请先返回填写替换理由" : ",理由:" + HTML.escape(form.reason ?? ""))。</p>"
            } ?? ""
        return Layout.page(
            "核对 \(arrangement.year) 年放假安排", viewer: viewer, csrf: csrf, active: "calendar",
            body: """
                <p id="calendar-summary">读到 \(arrangement.year) 年放假 \(arrangement.holidays.count) 天,调休上班 \(arrangement.workdays.count) 天。请逐日核对:</p>
                \(replacingNote)
                \(Layout.table(["日期", "星期", "安排", "节日"], rows, id: "calendar-preview"))
                <form method="post" action="/calendar/import" id="calendar-confirm">
                \(Layout.csrfField(csrf))
                <textarea name="notice" hidden>\(HTML.escape(form.text))</textarea>
                <input type="hidden" name="year" value="\(form.year.map(String.init) ?? "")">
                <input type="hidden" name="reason" value="\(HTML.escape(form.reason ?? ""))">
                <button type="submit">确认导入</button> · <a href="/calendar">返回</a>
                </form>
                """)
    }
}
