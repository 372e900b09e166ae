/// The close summary as one self-contained HTML page: no script, no external file; the
/// timeline is inline SVG, one row per task: the agent preparing (grey), the proposal
/// waiting for a human (amber), the decision (a tick: green done, red rejected).
extension CloseSummary {
    /// `subtitle` goes in brackets after the title; `sections` (HTML, escaped by the caller
    /// with `escape`) after the tasks; `figures` (figure, label) after the summary's own
    /// headline figures. Styles come only from the shared stylesheet.
    public func html(subtitle: String? = nil, sections: String = "", figures extra: [(String, String)] = []) -> String {
        let title = "Close summary \(period)" + (subtitle.map { " (\($0))" } ?? "")
        var body = "<h1>\(Self.escape(title))</h1>\n"
        body += HTMLPage.figures(headlineFigures() + extra)
        body += "<p>State: <b>\(state)</b>. \(tasks.count) tasks, \(decisions) decisions, \(entriesPosted) entries posted, "
            + "\(findings) findings raised, \(findingsClosed) closed, \(auditEvents) audit events.</p>\n"
        body += "<p>Simulated duration: <b>\(Self.escape(durationText))</b>, against APQC's median monthly close of 6.4 business days.</p>\n"
        if !blockers.isEmpty {
            body += "<p class=\"bad\">The period is not closed: " + blockers.map(Self.escape).joined(separator: "; ") + "</p>\n"
        }
        body += timeline()
        body += tasksTable() + sections
        return HTMLPage.document(title: title, body: body)
    }

    /// The tasks grouped by kind (the task id up to its first "/"), in the order the close
    /// first reaches each kind: a subtotal row per kind (tasks done, entries, findings), its
    /// tasks under it, folded past the page's limit.
    func tasksTable() -> String {
        let header = "<tr><th>task</th><th>state</th><th>prepared by</th><th>decisions</th><th class=\"n\">entries</th><th class=\"n\">findings</th></tr>\n"
        var kinds: [String] = []
        var byKind: [String: [Task]] = [:]
        for task in tasks {
            let kind = String(task.task.split(separator: "/", maxSplits: 1).first ?? "")
            if byKind[kind] == nil { kinds.append(kind) }
            byKind[kind, default: []].append(task)
        }
        var html = "<h2>Tasks</h2>\n<table id=\"tasks\">\(header)"
        for kind in kinds {
            let group = byKind[kind] ?? []
            html += "<tr class=\"group\"><th colspan=\"6\">\(Self.escape(kind))</th></tr>\n"
            let rows = group.map { task in
                let decided = task.decisions.map { "\(Self.escape($0.text)): \(Self.escape($0.reason))" }.joined(separator: "<br>")
                return "<tr><td>\(Self.escape(task.task))</td><td><span class=\"state state-\(Self.escape(task.state))\">\(Self.escape(task.state))</span></td><td>\(Self.escape(task.preparedBy ?? "-"))</td>"
                    + "<td>\(decided.isEmpty ? "-" : decided)</td><td class=\"n\">\(task.entries)</td><td class=\"n\">\(task.findings)</td></tr>\n"
            }
            html += HTMLPage.foldedRows(rows, header: header, columns: 6, what: "\(kind) tasks")
            if group.count > 1 {
                html += "<tr class=\"subtotal\"><td>\(Self.escape(kind)): \(group.count) tasks</td><td>\(group.filter { $0.state == "done" }.count) done</td><td></td><td></td>"
                    + "<td class=\"n\">\(group.reduce(0) { $0 + $1.entries })</td><td class=\"n\">\(group.reduce(0) { $0 + $1.findings })</td></tr>\n"
            }
        }
        return html + "<tr class=\"total\"><td>all tasks</td><td>\(tasks.filter { $0.state == "done" }.count) of \(tasks.count) done</td><td></td><td></td>"
            + "<td class=\"n\">\(entriesPosted)</td><td class=\"n\">\(findings)</td></tr>\n</table>\n"
    }

    /// The figures a controller reads first: (figure, label).
    public func headlineFigures() -> [(String, String)] {
        let closed = periods.values.filter { $0 == "closed" }.count
        let done = tasks.filter { $0.state == "done" }.count
        return [("\(closed) of \(periods.count)", "entities closed"),
                ("\(done) of \(tasks.count)", "tasks done"),
                ("\(entriesPosted)", "entries posted"),
                ("\(findings - findingsClosed)", "findings open"),
                ("\(findingsClosed) of \(findings)", "findings dealt with"),
                ("\(decisions)", "decisions by people and policy"),
                ("\(businessDaysTenths / 10).\(businessDaysTenths % 10)", "days to close (APQC median 6.4)")]
    }

    /// Rows of bars on a scale of simulated hours; a dashed line at every business day (8 h);
    /// a legend under it (the report and the web dashboard show the same).
    public func timeline() -> String {
        let label = 230, scale = 14, row = 18
        let end = max(hours, tasks.compactMap { $0.readyAtHour }.max() ?? 0, 1)
        let width = label + end * scale + 40, height = (tasks.count + 1) * row + 10
        var svg = "<h2>Timeline (simulated hours)</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"timeline of the close\">\n"
        for day in stride(from: 0, through: end, by: 8) {
            let x = label + day * scale
            svg += "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(height - row)\" stroke=\"#ddd\" stroke-dasharray=\"3,3\"/>"
                + "<text x=\"\(x + 2)\" y=\"\(height - 4)\">day \(day / 8 + 1)</text>\n"
        }
        for (index, task) in tasks.enumerated() {
            let y = index * row + 4
            svg += "<text x=\"0\" y=\"\(y + 11)\">\(Self.escape(task.task))</text>"
            if let start = task.startedAtHour, let ready = task.readyAtHour {
                svg += bar(from: start, to: ready, y: y, color: "#bbb", label: label, scale: scale, title: "\(task.task): prepared by \(task.preparedBy ?? "an agent")")
                let decided = task.doneAtHour ?? task.decisions.last?.atHour ?? end
                svg += bar(from: ready, to: decided, y: y, color: "#f0c060", label: label, scale: scale, title: "\(task.task): waiting for a human")
                if let decision = task.decisions.last {
                    let color = task.state == "rejected" ? "#c33" : task.state == "done" ? "#3a3" : "#888"
                    svg += "<rect x=\"\(label + decision.atHour * scale - 2)\" y=\"\(y)\" width=\"4\" height=\"14\" fill=\"\(color)\"><title>\(Self.escape(decision.text + ": " + decision.reason))</title></rect>"
                }
            }
            svg += "\n"
        }
        return svg + "</svg>\n" + Self.timelineLegend
    }

    static let timelineLegend = """
        <p class="legend"><span><svg width="12" height="12"><rect width="12" height="12" fill="#bbb"/></svg> agent preparing</span>\
        <span><svg width="12" height="12"><rect width="12" height="12" fill="#f0c060"/></svg> waiting for a human</span>\
        <span><svg width="12" height="12"><rect width="4" height="12" fill="#3a3"/></svg> approved</span>\
        <span><svg width="12" height="12"><rect width="4" height="12" fill="#c33"/></svg> rejected</span>\
        <span><svg width="12" height="12"><rect width="4" height="12" fill="#888"/></svg> other decision</span></p>

        """

    private func bar(from start: Int, to end: Int, y: Int, color: String, label: Int, scale: Int, title: String) -> String {
        guard end > start else { return "" }
        return "<rect x=\"\(label + start * scale)\" y=\"\(y)\" width=\"\((end - start) * scale)\" height=\"14\" fill=\"\(color)\"><title>\(Self.escape(title))</title></rect>"
    }

    /// The pages' one escaping function (`HTMLPage.escape`), for callers that add sections.
    public static func escape(_ text: String) -> String { HTMLPage.escape(text) }
}
