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

    /// The shared stylesheet: tables of figures, states, the web's forms and grid.
    public static let stylesheet = """
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        tr.total td{font-weight:bold;border-top:2px solid #333}tr.head th{background:#eee}tr.cta td{color:#555}
        tr.ok td:first-child,tr.ok td:last-child{color:#060}tr.open td:first-child,tr.open td:last-child{color:#a00}
        tr.item td{color:#555;font-size:90%;padding-left:2em}
        .bad{color:#b00}.good{color:#060}.muted{color:#666}
        svg text{font-size:11px;font-family:system-ui,sans-serif}
        nav{margin-bottom:1em;padding-bottom:.5em;border-bottom:1px solid #ccc}nav a,nav form{margin-right:1em;display:inline}
        .state{padding:1px 6px;border-radius:3px;font-size:90%}
        .state-done{background:#cfc}.state-proposed{background:#fe9}.state-pending{background:#eee}.state-rejected{background:#fbb}
        .message{padding:.5em 1em;border:1px solid #c90;background:#ffe}.error{padding:.5em 1em;border:1px solid #b00;background:#fee}
        button{padding:3px 10px}button[disabled]{opacity:.5}textarea,input[type=text],input[type=password]{font:inherit}
        .figures td.n{font-size:120%}.legend span{margin-right:1em}
        """

    /// A whole page: `title` (escaped here), `body` (HTML, its text escaped by the caller with
    /// `escape`), extra CSS rules after the shared ones.
    public static func document(title: String, body: String, style: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        \(stylesheet)
        \(style)</style></head><body>
        \(body)</body></html>

        """
    }
}
