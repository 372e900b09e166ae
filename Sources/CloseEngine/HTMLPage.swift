import LedgerCore

/// The one layout, stylesheet and escaping function of every HTML page `close` makes: the
/// reports (`--format html`) and the web front (`close serve`). The reports are single
/// self-contained files: the stylesheet is inlined, never linked, and they carry no script.
public enum HTMLPage {
    /// Text for HTML (element content or a quoted attribute): control characters shown as
    /// `\u{1B}` (never sent raw), then `& < > " '` as entities. The only way text reaches a page.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in SafeText.visible(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The first line of the one stylesheet: a page made by `document` carries it once, and
    /// tests look for it to prove no page has a stylesheet of its own.
    public static let stylesheetMarker = "/* close: shared stylesheet */"

    /// The shared stylesheet: tables of figures, states, the web's forms and grid, the scored
    /// summary's fault rows, folded detail.
    public static let stylesheet = stylesheetMarker + "\n" + """
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.date{white-space:nowrap}
        td.status{min-width:16em}td.key{font-size:85%;color:#555;overflow-wrap:anywhere;min-width:12em;max-width:20em}
        tr.total td{font-weight:bold;border-top:2px solid #333}tr.head th{background:#eee}tr.cta td{color:#555}
        tr.ok td:first-child,tr.ok td.status{color:#060}tr.open td:first-child,tr.open td.status{color:#a00}
        tr.item td{color:#555;font-size:90%;padding-left:2em}
        .bad{color:#b00}.good{color:#060}.muted{color:#666}
        svg text{font-size:11px;font-family:system-ui,sans-serif}
        nav{margin-bottom:1em;padding-bottom:.5em;border-bottom:1px solid #ccc}nav a,nav form{margin-right:1em;display:inline}
        .state{padding:1px 6px;border-radius:3px;font-size:90%}
        .state-done{background:#cfc}.state-proposed{background:#fe9}.state-pending{background:#eee}.state-rejected{background:#fbb}
        .message{padding:.5em 1em;border:1px solid #c90;background:#ffe}.error{padding:.5em 1em;border:1px solid #b00;background:#fee}
        button{padding:3px 10px}button[disabled]{opacity:.5}textarea,input[type=text],input[type=password]{font:inherit}
        .figures{display:flex;flex-wrap:wrap;gap:.5em;margin:1em 0;padding:0}.figures li{list-style:none;border:1px solid #ccc;border-radius:4px;padding:.4em .8em;min-width:8em}
        .figures b{display:block;font-size:150%;font-variant-numeric:tabular-nums}.figures span{color:#555;font-size:90%}
        .legend span{margin-right:1em}
        .missed td{background:#fdd}.raised td{background:#ffe9c0}.posted-without-human td{background:#e6e0ff}.resolved td{background:#dfd}
        tr.group th{background:#f4f4f4;text-align:left}tr.subtotal td{font-weight:bold;border-top:1px solid #888}
        details{margin:.3em 0 1em}details summary{cursor:pointer;color:#036}
        """

    /// A whole page: `title` (escaped here), `body` (HTML, its text escaped by the caller with
    /// `escape`). The stylesheet is the shared one and nothing else: no page adds rules.
    public static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        \(stylesheet)
        </style></head><body>
        \(body)</body></html>

        """
    }

    /// An amount as a page shows it: thousands separators, the currency's decimals (no code).
    public static func amount(_ minorUnits: Int64, _ currency: Currency) -> String {
        Decimal10.format(minorUnits, scale: currency.exponent, grouped: true)
    }

    /// A count with thousands separators: 104,213.
    public static func count(_ value: Int) -> String { Decimal10.format(Int64(value), scale: 0, grouped: true) }

    /// A right-aligned cell of an amount.
    public static func amountCell(_ minorUnits: Int64, _ currency: Currency) -> String {
        "<td class=\"n\">\(amount(minorUnits, currency))</td>"
    }

    /// Headline figures as boxes: (figure, label), both escaped here.
    public static func figures(_ items: [(String, String)], id: String = "figures") -> String {
        "<ul class=\"figures\" id=\"\(escape(id))\">"
            + items.map { "<li><b>\(escape($0.0))</b><span>\(escape($0.1))</span></li>" }.joined() + "</ul>\n"
    }

    /// How many detail rows a page shows open before it folds the rest into `<details>`: the
    /// large scenario's pages stay a readable size, and every row is still in the file.
    public static let openRowsMax = 25

    /// How many detail rows a table holds at most, folded or not: past it the page says how
    /// many it leaves out and where they all are (the CSV or JSON of the same command), so a
    /// page of the large scenario stays a few megabytes, not tens.
    public static let rowsMax = 500

    /// Rows of a table (already HTML) with the rows past `limit` folded: the open rows, then one
    /// row holding a `<details>` with the rest in a table of their own under `header` (HTML),
    /// at most `rowsMax` rows in all; `elsewhere` says where the rows left out are.
    /// `columns` is the width of the enclosing table.
    public static func foldedRows(_ rows: [String], header: String, columns: Int, what: String,
                                  limit: Int = openRowsMax, rowsMax: Int = rowsMax,
                                  elsewhere: String = "the command's --format csv or json") -> String {
        guard rows.count > limit else { return rows.joined() }
        let kept = min(rows.count, max(rowsMax, limit))
        let hidden = kept - limit
        var html = rows.prefix(limit).joined()
        if hidden > 0 {
            html += "<tr class=\"folded\"><td colspan=\"\(columns)\"><details><summary>\(hidden) more \(escape(what))</summary>"
                + "<table>\(header)\(rows[limit..<kept].joined())</table></details></td></tr>\n"
        }
        if rows.count > kept {
            html += "<tr class=\"folded\"><td colspan=\"\(columns)\" class=\"muted\">\(rows.count - kept) further \(escape(what)) not shown here: see \(escape(elsewhere))</td></tr>\n"
        }
        return html
    }
}
