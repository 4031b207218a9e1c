import JuanzongCore
import JuanzongQuery

/// The search page: box, sort, facets as links that add or remove a filter, hits, pager.
enum SearchPage {
    static func render(
        _ parameters: SearchRoutes.Parameters, result: SearchResult?, error: QueryError?, page: Int,
        viewer: Viewer, csrf: String?
    ) -> String {
        let sortLinks = [(Searcher.Sort.rank, "相关度"), (.date, "日期")].map { sort, label in
            sort == parameters.sort
                ? "<strong>\(label)</strong>"
                : "<a href=\"\(HTML.escape(parameters.link("/search", ["sort": sort == .rank ? nil : sort.rawValue])))\">\(label)</a>"
        }.joined(separator: " · ")
        var body = """
            <form method="get" action="/search" class="searchbox" role="search">
            <input type="search" name="q" value="\(HTML.escape(parameters.text))" placeholder="如:罚款 \u{201C}未取得排污许可证\u{201D} 机关:生态环境 2023-01-01..2023-12-31" aria-label="检索词">
            \(hidden("agency", parameters.agency))\(hidden("case_type", parameters.caseType))\(hidden("doc_type", parameters.docType))\(hidden("year", parameters.year))
            \(parameters.sort == .date ? hidden("sort", "date") : "")
            <button type="submit">检索</button>
            </form>
            <details class="muted"><summary>检索语法</summary>
            <p>空格表示“且”;<code>OR</code> 表示“或”;<code>-词</code> 排除;<code>"词组"</code> 精确短语;
            字段:<code>机关:</code> <code>类型:</code> <code>文书:</code> <code>当事人:</code> <code>案号:</code> <code>依据:</code>;
            决定日期范围 <code>2023-01-01..2023-12-31</code>;金额 <code>金额:10000..50000</code>。繁体与简体互通。</p></details>
            """
        if let error {
            body += "<p class=\"error\" role=\"alert\">\(HTML.escape(error.message))</p>"
        }
        guard let result else {
            return Layout.page("检索", viewer: viewer, csrf: csrf, active: "search", body: body)
        }
        let pages = max(1, (result.total + SearchRoutes.pageSize - 1) / SearchRoutes.pageSize)
        body += """
            <p id="result-count">共 <strong>\(result.total)</strong> 件文书 · 排序:\(sortLinks) ·
            <a href="\(HTML.escape(parameters.link("/search.csv")))">导出结果列表(CSV)</a></p>
            <div class="layout">
            <aside class="facets">\(facets(result.facets, parameters))</aside>
            <section>
            \(result.hits.map { hit($0, parameters) }.joined(separator: "\n"))
            \(result.hits.isEmpty ? "<p>没有符合条件的文书。</p>" : "")
            \(pager(page: page, pages: pages, parameters))
            </section>
            </div>
            """
        return Layout.page(parameters.text.isEmpty ? "检索" : "检索:\(parameters.text)", viewer: viewer, csrf: csrf, active: "search", body: body)
    }

    static func hidden(_ name: String, _ value: String?) -> String {
        value.map { "<input type=\"hidden\" name=\"\(name)\" value=\"\(HTML.escape($0))\">" } ?? ""
    }

    static func facets(_ facets: Facets, _ parameters: SearchRoutes.Parameters) -> String {
        func group(_ title: String, _ key: String, _ counts: [Facets.Count], current: String?) -> String {
            guard !counts.isEmpty else { return "" }
            let items = counts.prefix(12).map { count -> String in
                let on = current == count.value
                let href = parameters.link("/search", [key: on ? nil : count.value])
                return
                    "<li><a href=\"\(HTML.escape(href))\"\(on ? " class=\"on\" aria-current=\"true\"" : "")>\(on ? "✓ " : "")\(HTML.escape(count.value))</a> (\(count.count))</li>"
            }.joined()
            return "<h3>\(title)</h3><ul data-facet=\"\(key)\">\(items)</ul>"
        }
        return group("执法机关", "agency", facets.agency, current: parameters.agency)
            + group("案件类型", "case_type", facets.caseType, current: parameters.caseType)
            + group("文书类型", "doc_type", facets.docType, current: parameters.docType)
            + group("决定年份", "year", facets.year, current: parameters.year)
    }

    static func hit(_ hit: SearchHit, _ parameters: SearchRoutes.Parameters) -> String {
        let snippet =
            hit.snippetText.map {
                Snippet(text: $0, highlights: hit.highlights ?? [], offset: 0).marked(open: "<mark>", close: "</mark>", escape: HTML.escape)
            } ?? ""
        let documentLink = URLQuery.link("/documents/\(hit.documentId)", [("q", parameters.text)]) + (hit.page.map { "#page-\($0)" } ?? "")
        var meta: [String] = []
        if let caseNumber = hit.caseNumber { meta.append("案号 " + HTML.escape(caseNumber)) }
        if let subjectId = hit.subjectId, let name = hit.subjectName {
            meta.append("当事人 <a href=\"/subjects/\(subjectId)\">\(HTML.escape(name))</a>")
        }
        if let agency = hit.agency { meta.append(HTML.escape(agency)) }
        meta.append(HTML.escape(hit.docType))
        if let date = hit.decisionDate ?? hit.documentDate { meta.append(HTML.escape(date)) }
        return """
            <article class="hit" data-document-id="\(hit.documentId)">
            <h3><a href="\(HTML.escape(documentLink))">\(HTML.escape(hit.title))</a></h3>
            <div class="meta">\(meta.joined(separator: " · "))</div>
            <div class="snippet">\(snippet)\(hit.page.map { " <a class=\"page-link\" href=\"\(HTML.escape(documentLink))\">第 \($0) 页</a>" } ?? "")</div>
            <div class="muted">来源:\(HTML.escape(hit.sourcePath))</div>
            </article>
            """
    }

    static func pager(page: Int, pages: Int, _ parameters: SearchRoutes.Parameters) -> String {
        guard pages > 1 else { return "" }
        var parts: [String] = []
        if page > 1 { parts.append("<a href=\"\(HTML.escape(parameters.link(page: page - 1)))\" rel=\"prev\">上一页</a>") }
        for number in max(1, page - 4)...min(pages, page + 4) {
            parts.append(
                number == page ? "<span><strong>\(number)</strong></span>" : "<a href=\"\(HTML.escape(parameters.link(page: number)))\">\(number)</a>"
            )
        }
        if page < pages { parts.append("<a href=\"\(HTML.escape(parameters.link(page: page + 1)))\" rel=\"next\">下一页</a>") }
        return "<nav class=\"pager\" aria-label=\"分页\">\(parts.joined()) <span class=\"muted\">共 \(pages) 页</span></nav>"
    }
}
